"""Numbers written in words ("eleven", "twenty-three", "one hundred and five").

Hand-written rather than a dependency because we need to *find* number words inside running
text with exact character offsets; converters such as word2number only turn a whole string
into an int and raise on anything else. English number words are a closed, tiny vocabulary.
"""

from __future__ import annotations

import re

from newsblotter.lang import alternation, counts

UNITS = counts("nlp.number_units")
TENS = counts("nlp.number_tens")
SCALES = counts("nlp.number_scales")

_WORD = alternation("nlp.number_units", "nlp.number_tens", "nlp.number_scales")
# A run of number words joined by spaces or hyphens; "and" only after a scale word
# ("one hundred and five"), so "two and three" stays two numbers.
WORDS_PATTERN = rf"(?:{_WORD})(?:(?:[ -]|\s+and\s+(?=(?:{_WORD})\b))(?:{_WORD}))*"
WORDS_RE = re.compile(rf"\b{WORDS_PATTERN}\b", re.IGNORECASE)
DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+")


def words_to_int(text: str) -> int | None:
    """Value of a run of number words, or None when the run is not one well-formed number."""
    total = current = 0
    previous = ""  # kind of the previous word: unit, teen, ten, hundred, big
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and":
            continue
        if word in UNITS:
            value = UNITS[word]
            kind = "unit" if value < 10 else "teen"
            if previous in ("unit", "teen") or (previous == "ten" and kind == "teen"):
                return None
            current += value
        elif word in TENS:
            if previous in ("unit", "teen", "ten"):
                return None
            current += TENS[word]
            kind = "ten"
        elif word == "hundred":
            if previous == "hundred" or current >= 100:
                return None
            current = max(current, 1) * 100
            kind = "hundred"
        elif word in SCALES:
            scale = SCALES[word]
            if previous == "big" and current == 0:
                return None
            total += max(current, 1) * scale
            current = 0
            kind = "big"
        else:
            return None
        previous = kind
    return total + current


def digits_to_int(text: str) -> int:
    return int(text.replace(",", ""))
