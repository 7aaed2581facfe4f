"""Lexical similarity between reports: TF-IDF over content words, with online document
frequencies, and the rare words that index reports for blocking.

Rare words are what tells two shootings in one city apart: the victims' and suspects'
names, the street, the business. Document frequencies grow as articles arrive, so each
article is weighed against what had been seen when it came in; a rebuild replays the same
order and so gives the same vectors.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping

from spacy.lang.en.stop_words import STOP_WORDS

from newsblotter.lang import words

LEAD_WORDS = 400  # the story's lead carries the event; long pages add mostly noise
# A capitalised word inside a sentence (a name) says more than a common word; names are also
# what tells two similar events apart (3 was chosen on the dev sets, over 2).
NAME_BOOST = 3.0
LOST_MIN_WORDS = 3  # a shorter headline is too short to judge a page by
_WORD = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]", re.UNICODE)
_STOP = frozenset(STOP_WORDS) | words("merge.story_stops")

Vector = dict[str, float]


def tokens(text: str, limit: int = LEAD_WORDS) -> list[str]:
    """Content words, casefolded; a word written capitalised inside a sentence (a name:
    "Mason", "Wasilla") is kept with a leading "^" so that it weighs more."""
    out: list[str] = []
    sentence_start = True
    for m in _WORD.finditer(text):
        raw = m.group()
        word = raw.casefold().replace("’", "'").strip(".")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 1 and word not in _STOP:
            name = raw[0].isupper() and not sentence_start and not raw.isupper()
            out.append("^" + word if name else word)
            if len(out) >= limit:
                break
        sentence_start = text[m.end() : m.end() + 1] in {".", "!", "?", "\n", ":", '"', ""}
    return out


def lost_story(title: str | None, text: str) -> bool:
    """Whether a page's text has lost the story its headline announces: a scraper that kept
    a newsletter, sign-in or weather box instead: none of the headline's content words (at
    least three) appears in it. Such pages share their chrome with unrelated stories, so
    only the headline may speak for them. A looser share (a quarter) also caught real
    stories whose text words the headline differently, and cost recall on the dev sets."""
    head = {_base(w) for w in tokens(title or "")}
    if len(head) < LOST_MIN_WORDS:
        return False
    body = {_base(w) for w in tokens(text, limit=len(text))}
    return not head & body


def _base(word: str) -> str:
    return word[1:] if word.startswith("^") else word


class Vocabulary:
    """Document frequencies, updated online; ``vector`` weighs a text against them."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0

    def add(self, words: list[str]) -> None:
        self.df.update({_base(w) for w in words})
        self.n += 1

    def idf(self, word: str) -> float:
        return math.log((self.n + 1) / (self.df.get(word, 0) + 1)) + 1.0

    def vector(self, words: list[str]) -> Vector:
        """Sublinear TF-IDF, L2-normalised."""
        counts = Counter(_base(w) for w in words)
        names = {_base(w) for w in words if w.startswith("^")}
        vec = {
            w: (1.0 + math.log(c)) * self.idf(w) * (NAME_BOOST if w in names else 1.0)
            for w, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def rare(self, words: list[str], k: int, max_df: int, seen: bool) -> list[str]:
        """The ``k`` rarest words found in at most ``max_df`` articles so far: blocking keys.

        To look a report up (``seen``), only words some earlier article had can match; to
        index it, its rarest words whatever they are (a later article may share them)."""
        low = 1 if seen else 0
        found = {
            b
            for b in map(_base, words)
            if low <= self.df.get(b, 0) <= max_df and not b.isdigit() and len(b) > 2
        }
        return sorted(found, key=lambda w: (self.df.get(w, 0), w))[:k]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[w] for w, v in a.items() if w in b)
