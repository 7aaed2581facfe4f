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

LEAD_WORDS = 400  # the story's lead carries the event; long pages add mostly noise
_WORD = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]", re.UNICODE)
_STOP = frozenset(STOP_WORDS) | {"said", "says", "told", "according", "police", "shooting"}

Vector = dict[str, float]


def tokens(text: str, limit: int = LEAD_WORDS) -> list[str]:
    out: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group().casefold().replace("’", "'").strip(".")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 1 and word not in _STOP:
            out.append(word)
            if len(out) >= limit:
                break
    return out


class Vocabulary:
    """Document frequencies, updated online; ``vector`` weighs a text against them."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0

    def add(self, words: list[str]) -> None:
        self.df.update(set(words))
        self.n += 1

    def idf(self, word: str) -> float:
        return math.log((self.n + 1) / (self.df.get(word, 0) + 1)) + 1.0

    def vector(self, words: list[str]) -> Vector:
        """Sublinear TF-IDF, L2-normalised."""
        counts = Counter(words)
        vec = {w: (1.0 + math.log(c)) * self.idf(w) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def rare(self, words: list[str], k: int, max_df: int) -> list[str]:
        """The ``k`` rarest words seen at most ``max_df`` times before: blocking keys."""
        seen = {w for w in words if self.df.get(w, 0) <= max_df and not w.isdigit()}
        return sorted(seen, key=lambda w: (self.df.get(w, 0), w))[:k]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[w] for w, v in a.items() if w in b)
