"""Near-duplicate articles: syndicated wire copies and republished stories.

Each article's word 5-shingles go into a MinHash (datasketch); an LSH index finds earlier
articles whose estimated Jaccard similarity reaches the threshold. A copy joins the story of
the article it copies, and a story is named by its earliest copy (the origin), so a later
copy never renames it. The wire agency is the one any copy credits, the origin's first.
Articles are taken in publication order, so this works online: ``CopyFinder.add`` one at a
time as they arrive.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from newsblotter.records import Article

SHINGLE = 5
PERMUTATIONS = 128
THRESHOLD = 0.6  # a copy trimmed to two thirds of the original still matches
MIN_SHINGLES = 20  # shorter texts are too short to call copies
MAX_DAYS = 7  # a copy runs within days of its origin; the same page chrome months apart is not one
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Copy:
    """Where one article stands: its story (origin document id) and the copy it matched."""

    document: str
    story: str
    copy_of: str | None  # the earlier article it matched, None for an origin
    similarity: float  # estimated Jaccard with copy_of (1.0 for an origin)
    wire_agency: str | None


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 0))}


def arrival_order(articles: Iterable[Article]) -> list[Article]:
    """Oldest first (undated last), ties by document id: the order the stream is replayed."""
    return sorted(articles, key=lambda a: (a.published or dt.date.max, a.document))


class CopyFinder:
    """Online near-duplicate detection over articles added in arrival order."""

    def __init__(
        self,
        threshold: float = THRESHOLD,
        permutations: int = PERMUTATIONS,
        max_days: int = MAX_DAYS,
    ) -> None:
        self.threshold = threshold
        self.max_days = max_days
        self._published: dict[str, dt.date | None] = {}
        self.permutations = permutations
        self._lsh = MinHashLSH(threshold=threshold, num_perm=permutations)
        self._hashes: dict[str, MinHash] = {}
        self.copies: dict[str, Copy] = {}

    def add(self, article: Article) -> Copy:
        doc = article.document
        if doc in self.copies:
            return self.copies[doc]
        grams = shingles(article.text)
        found: Copy | None = None
        if len(grams) >= MIN_SHINGLES:
            mh = MinHash(num_perm=self.permutations)
            mh.update_batch([g.encode("utf-8") for g in grams])
            best: tuple[float, str] | None = None
            for other in self._lsh.query(mh):
                if not self._near(article.published, self._published[other]):
                    continue
                sim = mh.jaccard(self._hashes[other])
                if sim >= self.threshold and (best is None or (sim, other) > best):
                    best = (sim, other)
            if best is not None:
                origin = self.copies[best[1]]
                agency = origin.wire_agency or article.wire_agency
                found = Copy(doc, origin.story, best[1], best[0], agency)
            self._hashes[doc] = mh
            self._lsh.insert(doc, mh)
        if found is None:
            found = Copy(doc, doc, None, 1.0, article.wire_agency)
        self.copies[doc] = found
        self._published[doc] = article.published
        return found

    def _near(self, a: dt.date | None, b: dt.date | None) -> bool:
        return a is None or b is None or abs((a - b).days) <= self.max_days


def find_copies(articles: Iterable[Article], threshold: float = THRESHOLD) -> dict[str, Copy]:
    """Every article's story, replaying the articles in arrival order."""
    finder = CopyFinder(threshold)
    for article in arrival_order(articles):
        finder.add(article)
    return finder.copies
