"""Counts in news text with their hedges ("at least 11", "nearly 100", "dozens").

``value`` is the figure as written; ``min``/``max`` are the integer range the words imply:

========================================  ===========  =========  =========
words                                     qualifier    min        max
========================================  ===========  =========  =========
"11", "eleven"                            exact        N          N
"1.2 million", "3 million"                about        None       None
"about/around/some/roughly/an estimated   about        None       None
N", "N or so", "a dozen", "a hundred"
"nearly/almost/close to N"                about        None       N - 1
"at least/no fewer than N", "N or more"   at_least     N          None
"more than/over/upwards of N"             more_than    N + 1      None
"up to/at most/as many as N"              at_most      None       N
"fewer/less than/under N"                 fewer_than   None       N - 1
"10 to 20", "between 10 and 20"           about        10         20     (value = 10)
"dozens" (24), "scores of" (40),          vague        value      None
"hundreds" (200), "thousands" (2000),
"several" (3), "a few" (2) ...
========================================  ===========  =========  =========

A hedge word before a vague or dozen figure applies the same way ("more than a dozen" is
more_than, min 13). Not counts, and never returned: ages ("a 20-year-old", "aged 20"),
ages beside a name ("Jane Roe, 24, died", "a 25 y/o man"), years ("2020"), dates
("Jan. 3"), times ("10 a.m."), durations ("24 hours"), percentages, money, measures
("5 km"), ordinals ("2nd"), decades ("the 1990s"), identifiers ("Flight 17", "F-16",
"911 calls"), street addresses ("8600 North Lamar Boulevard", "the 300 block of")
and compound modifiers ("a 12-member team").

Hand-written patterns rather than spaCy CARDINAL entities: those miss hedges as often as they
include them ("nearly 100" yes, "over 50" no) and their span edges vary by sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsblotter.lang import SPACES, alternation, counts
from newsblotter.nlp import dates
from newsblotter.nlp.numbers import WORDS_PATTERN, digits_to_int, words_to_int
from newsblotter.records import Qualifier, Quantity

_VAGUE = counts("nlp.vague_quantities")
_VAGUE_RE = "|".join(
    k.replace(" ", r"\s+") + (r"(?=\s+of\b)" if k == "scores" else "")
    for k in sorted(_VAGUE, key=len, reverse=True)
)
_NUM = (
    r"(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:\s+(?:million|billion|thousand)\b)?"
    rf"|{WORDS_PATTERN}\b)"
)
_CORE = re.compile(
    rf"\b(?:(?P<vague>{_VAGUE_RE})\b"
    rf"|(?P<dozen>(?:half\s+a|a|{_NUM})\s+dozen)\b(?!s)"
    r"|(?P<ascale>an?\s+(?:hundred|thousand|million))\b(?!s)"
    rf"|between\s+(?P<blo>{_NUM})\s+and\s+(?P<bhi>{_NUM})"
    rf"|(?P<lo>{_NUM})(?:\s*[-–]\s*(?=\d)|\s+to\s+|\s+or\s+)(?P<hi>{_NUM})"
    rf"|(?P<num>{_NUM}))",
    re.IGNORECASE,
)

# Hedges before the figure, longest first within each rule; group name = rule.
_HEDGE_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\"“]))(?:"
    rf"(?P<at_least>{alternation('quantities.at_least', space=SPACES)})"
    rf"|(?P<at_most>{alternation('quantities.at_most', space=SPACES)})"
    rf"|(?P<more_than>{alternation('quantities.more_than_patterns')})"
    rf"|(?P<fewer_than>{alternation('quantities.fewer_than_patterns')})"
    rf"|(?P<nearly>{alternation('quantities.nearly', space=SPACES)})"
    rf"|(?P<about>{alternation('quantities.about', space=SPACES)})"
    r")\s+$",
    re.IGNORECASE,
)
_HEDGE_AFTER = re.compile(
    r"^(?:\s+or\s+(?P<at_least>more)\b|\s*(?P<plus>-plus|\+)|\s+or\s+(?P<about>so)\b"
    r"|(?P<odd>-odd)\b)",
    re.IGNORECASE,
)

_TIME_UNITS = alternation("quantities.time_unit_patterns")
_MEASURES = alternation("quantities.measure_patterns")
_MONEY = alternation("quantities.money_patterns")
_NOT_COUNT_AFTER = re.compile(
    rf"^(?:\s*(?:%|percent\b|per\s*cent\b|pc\b|percentage)"
    rf"|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|h\b|{alternation('quantities.clock_words', space=SPACES)}\b)"
    rf"|[- ]?{alternation('nlp.time_units')}s?[- ]old\b"
    rf"|\s+(?:of\s+)?(?:(?:millions|billions)\s+of\s+)?(?:{_TIME_UNITS}|{_MEASURES}|{_MONEY})\b"
    r"|\s+block\b|\s+calls?\b"  # "the 300 block of Main Street", "911 calls"
    r"|-(?!plus\b|odd\b)[^\W\d_]|[^\W_]|[:/]\d|[.,]\d)",
    re.IGNORECASE,
)
# A street address: "8600 North Lamar Boulevard", "12 Elm St." (case matters: names).
_ADDRESS_AFTER = re.compile(
    rf"^(?:\s+(?:[NSEW]\.?|{alternation('quantities.street_directions')}))?"
    rf"(?:\s+[A-Z0-9][\w'’.-]*){{1,3}}\s+{alternation('quantities.street_type_patterns')}(?![\w])"
)
# An age set beside a person: "Jane Roe, 24, died", "a 25 y/o man", "(31)".
_AGE_BEFORE = re.compile(rf"(?:\b[A-Z][\w'’.-]*|\b{alternation('quantities.aged_people')}),\s*$")
_AGE_AFTER = re.compile(r"^\s*[,;)]")


def _is_age(num: str, before: str, after: str) -> bool:
    if not num.isdigit() or int(num) > 120:
        return False
    if re.match(r"^\s*y/?o\b", after, re.IGNORECASE):
        return True
    return _AGE_BEFORE.search(before) is not None and _AGE_AFTER.match(after) is not None


# Words after which a number names something rather than counting it.
_LABELS = alternation("quantities.label_patterns")
_NOT_COUNT_BEFORE = re.compile(
    rf"(?:(?:^|\W)(?:{_LABELS})\s+|[$€£¥₹#]\s*|[^\W_][-./:]?|['’]|\d[-./:])$",
    re.IGNORECASE,
)
# "one" as a pronoun or in "one of the deadliest attacks" rather than a count of one.
_ONE_BEFORE = re.compile(
    rf"(?:^|\W){alternation('quantities.pronoun_one_determiners')}\s+$", re.IGNORECASE
)
_ONE_AFTER = re.compile(
    rf"^\s+(?:another|by\s+one|of\s+the\s+{alternation('quantities.one_of_the_patterns')})\b",
    re.IGNORECASE,
)
_QUALIFIER_OF: dict[str, Qualifier] = {
    "at_least": "at_least",
    "at_most": "at_most",
    "more_than": "more_than",
    "fewer_than": "fewer_than",
    "nearly": "about",
    "about": "about",
}


def find(text: str, date_spans: Sequence[tuple[int, int]] | None = None) -> list[Quantity]:
    """Counts in ``text`` with hedge and implied bounds, in text order.

    ``date_spans`` (from :func:`dates.candidates`) may be passed when already at hand.
    """
    if date_spans is None:
        date_spans = [(c.start, c.end) for c in dates.candidates(text)]
    out: list[Quantity] = []
    for match in _CORE.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in date_spans):
            continue
        if _not_a_count(text, match):
            continue
        quantity = _quantity(text, match)
        if quantity is not None:
            out.append(quantity)
    return out


def _not_a_count(text: str, match: re.Match[str]) -> bool:
    start, end = match.span()
    before, after = text[max(0, start - 30) : start], text[end : end + 40]
    if _NOT_COUNT_BEFORE.search(before) or _NOT_COUNT_AFTER.match(after):
        return True
    if match.group("num") and _ADDRESS_AFTER.match(text[end : end + 60]):
        return True
    if match.group("num") and _is_age(match.group("num"), before, after):
        return True
    core = match.group()
    if core.lower() == "one" and (_ONE_BEFORE.search(before) or _ONE_AFTER.match(after)):
        return True
    for group in ("num", "lo", "hi", "blo", "bhi"):
        num = match.group(group)
        if num is None or not re.fullmatch(r"\d+(?:\.\d+)?", num):
            continue
        if "." in num:
            return True  # "2.5" alone measures something; "2.5 million" keeps its scale word
        if len(num) == 4 and 1800 <= int(num) <= 2100:
            return True  # a year
    return False


def _value(text: str) -> int | None:
    text = " ".join(text.split())
    scale_match = re.fullmatch(r"([\d.,]+) (million|billion|thousand)", text, re.IGNORECASE)
    if scale_match:
        scale = {"million": 10**6, "billion": 10**9, "thousand": 10**3}[
            scale_match.group(2).lower()
        ]
        return round(float(scale_match.group(1).replace(",", "")) * scale)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return digits_to_int(text)
    return words_to_int(text)


def _quantity(text: str, match: re.Match[str]) -> Quantity | None:
    start, end = match.span()
    low = high = None
    kind: str = "exact"
    if match.group("vague"):
        value: int | None = _VAGUE[" ".join(match.group("vague").lower().split())]
        kind = "vague"
    elif match.group("dozen"):
        head = " ".join(match.group("dozen").lower().split()[:-1])
        value = 6 if head == "half a" else 12 if head == "a" else _times_twelve(head)
        kind = "about"
    elif match.group("ascale"):
        value = _value(match.group("ascale").split(maxsplit=1)[1])
        kind = "about"
    elif match.group("blo") or match.group("lo"):
        low = _value(match.group("blo") or match.group("lo"))
        high = _value(match.group("bhi") or match.group("hi"))
        if low is None or high is None or high <= low:
            return None
        value, kind = low, "range"
    else:
        value = _value(match.group("num"))
        if re.search(r"(?:million|billion)$", match.group("num"), re.IGNORECASE):
            kind = "about"  # "1.2 million" is a rounded figure
    if value is None:
        return None

    hedge_before = _HEDGE_BEFORE.search(text[max(0, start - 40) : start])
    hedge_after = _HEDGE_AFTER.match(text[end : end + 12])
    rule = kind
    if kind != "range" and hedge_before is not None and hedge_before.lastgroup:
        rule = hedge_before.lastgroup
        start -= len(hedge_before.group())
    if kind != "range" and hedge_after is not None and hedge_after.lastgroup:
        after_rule = hedge_after.lastgroup
        rule = "at_least" if after_rule in ("at_least", "plus") else "about"
        end += len(hedge_after.group())
    qualifier, minimum, maximum = _bounds(rule, value, low, high)
    return Quantity(start, end, text[start:end], value, qualifier, minimum, maximum)


def _times_twelve(head: str) -> int | None:
    number = _value(head)
    return None if number is None else number * 12


def _bounds(
    rule: str, value: int, low: int | None, high: int | None
) -> tuple[Qualifier, int | None, int | None]:
    if rule == "exact":
        return "exact", value, value
    if rule == "vague":
        return "vague", value, None
    if rule == "range":
        return "about", low, high
    if rule == "nearly":
        return "about", None, value - 1
    if rule == "at_least":
        return "at_least", value, None
    if rule == "more_than":
        return "more_than", value + 1, None
    if rule == "at_most":
        return "at_most", None, value
    if rule == "fewer_than":
        return "fewer_than", None, value - 1
    return _QUALIFIER_OF.get(rule, "about"), None, None
