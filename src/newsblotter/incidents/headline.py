"""Casualties from a headline: "2 dead, 3 wounded in shooting", "Teen shot, killed in park".

Many pages keep their headline but lose their story to menus and boilerplate, and many
stories tell their toll only in the headline. Headlines are too clipped for the parser
(no articles, commas for "and"), but their casualty phrasing is formulaic, so a few
patterns read it; they are hand-written because no library reads headlines' tolls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsblotter.nlp.numbers import words_to_int

_NUM = (
    r"(?<!\bno\s)(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|a\s+dozen|dozen)"
)
_PEOPLE = (
    r"(?:(?:more\s+)?(?:people|persons|men|women|teens|teenagers|children|kids|boys|girls"
    r"|officers|victims|others|adults|students|relatives|family\s+members|brothers"
    r"|sisters|friends|man|woman|boy|girl|teen|teenager|child|person|officer)\s+)"
)
_DEATH = (
    r"(?:dead|killed|slain|die|dies|died|murdered|shot\s+dead|shot\s+to\s+death|fatally\s+shot)"
)
_HURT = r"(?:wounded|injured|hurt|hospitalized|shot)"
# "2 dead", "three people killed", "1 man dies"
_N_DEAD = re.compile(
    rf"(?<!\bof\s)\b(?P<n>{_NUM})\s+(?:young\s+|more\s+)?{_PEOPLE}?(?:found\s+)?"
    rf"(?:{_DEATH}|fatally)\b",
    re.I,
)
_N_HURT = re.compile(rf"\b(?P<n>{_NUM})\s+(?:young\s+|more\s+)?{_PEOPLE}?{_HURT}\b", re.I)
# One person named by a noun or an age: "Teen shot, killed", "Man dies after shooting",
# "4-year-old fatally shot", "Woman found dead".
_ONE = (
    r"(?:man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|father|mother|son"
    r"|daughter|student|officer|deputy|trooper|suspect|gunman|victim|clerk|driver|person"
    r"|resident|\d{1,3}-year-old|homeowner|husband|wife|grandmother|grandfather|juvenile"
    r"|hunter|youth|mom|dad|brother|sister|rapper|pastor)"
)
# "kills 2", "leaves 3 dead", "killing a man"
_KILLS_N = re.compile(
    rf"\b(?:kills?|killing|killed)\s+(?:(?:his|her|their)\s+)?(?:(?P<n>{_NUM})\b(?!\s*-?\s*year)|(?P<a>an?)\s+{_ONE}\b)"
    rf"|\b(?:leaves?|leaving|left)\s+(?P<m>{_NUM})\s+{_PEOPLE}?dead\b",
    re.I,
)
_HURTS_N = re.compile(
    rf"\b(?:injures?|injuring|wounds?|wounding|hurts?|hurting)\s+"
    rf"(?:(?P<n>{_NUM})\b(?!\s*-?\s*year)|(?P<a>an?)\s+{_ONE}\b)"
    rf"|\b(?:leaves?|leaving|left)\s+(?P<m>{_NUM})\s+{_PEOPLE}?(?:wounded|injured|hurt)\b",
    re.I,
)
_ONE_DEAD = re.compile(
    rf"\b{_ONE}\b(?:,?\s+[\w'’-]+,?){{0,7}}?\s+(?:is\s+|was\s+|found\s+|shot,?\s+(?:and\s+)?)?"
    rf"(?:killed|dies|died|dead|slain|murdered|shot\s+dead|shot\s+to\s+death"
    rf"|fatally\s+(?:shot|stabbed|wounded)|stabbed\s+to\s+death|gunned\s+down)\b",
    re.I,
)
_ONE_HURT = re.compile(
    rf"\b{_ONE}\b(?:\s+[\w'’-]+){{0,3}}?\s+(?:is\s+|was\s+)?"
    rf"(?:shot|wounded|injured|hurt|stabbed|hospitalized|in\s+critical\s+condition)\b",
    re.I,
)
_MULTI = re.compile(
    r"\b(?P<m>double|triple|quadruple)\s+(?:fatal\s+shooting|homicide|murder|killing|slaying)s?\b",
    re.I,
)
# "homicide victim identified", "fatal shooting": a death, one unless the headline counts.
_A_DEATH = re.compile(
    r"\b(?:homicide|murder|slaying)\s+victim\b|\b(?:fatal|deadly)\s+(?:shooting|stabbing)\b"
    r"|\b(?:fatal|deadly)\s+(?:hunting|gun|firearm)\s+accident\b|\bshooting\s+death\b"
    r"|['’]s\s+(?:death|killing|murder|slaying)\b|\b(?:dies|died)\b"
    r"|(?<!non-)(?<!non\s)\bfatal(?:ly)?\b|\bclaims?\s+(?:\w+\s+)?li(?:fe|ves)\b"
    r"|\bdeath\s+of\b|\b(?:shooting|hunting|gunshot)\s+death\b|\bbody\s+(?:is\s+)?found\b",
    re.I,
)
# The weakest: a killing named without its victims ("arrest made in homicide").
_A_KILLING = re.compile(r"\b(?:homicide|murder|manslaughter|killing|slaying)\b", re.I)
# Two people named together: "Man, baby found dead", "Mother and son killed".
_TWO_DEAD = re.compile(
    rf"\b{_ONE}(?:,\s+|\s+and\s+)(?:(?:his|her|their)\s+)?{_ONE}\s+(?:are\s+|were\s+)?"
    r"(?:found\s+)?(?:dead|killed|slain|shot\s+dead|shot\s+to\s+death|fatally\s+shot)\b",
    re.I,
)
# The shooter's own death, which tallies of gun deaths count: "kills 2, then himself",
# "before turning the gun on himself".
_SELF = re.compile(
    r"\b(?:kill\w*|shoot\w*|shot)\s+(?:[\w,]+\s+){0,6}?(?:him|her|them)?self\b"
    r"|\b(?:turns?|turning|turned)\s+(?:the\s+)?gun\s+on\s+(?:him|her)self\b"
    r"|,\s+(?:him|her)?self\b",
    re.I,
)
_MURDER_SUICIDE = re.compile(r"\bmurder[\s-]+suicide\b", re.I)
_MULTIPLIER = {"double": 2, "triple": 3, "quadruple": 4}
# Words that make a headline's harm unreal or another matter: "could kill", "fears".
_UNREAL = re.compile(
    r"\b(?:attempted|attempt|threat\w*|could|would|may|might|plot\w*|tries|tried|try)\b", re.I
)


@dataclass(frozen=True, slots=True)
class HeadlineToll:
    """What the headline says of the dead and the wounded (None: it does not say)."""

    killed: int | None = None
    wounded: int | None = None
    counted: bool = False  # the killed figure is a number given, not one death implied


def read(headline: str | None) -> HeadlineToll:
    """The toll a headline gives, from its clipped phrasing; nothing for unreal harm."""
    if not headline:
        return HeadlineToll()
    text = re.split(r"\s+[|–—]\s+|\s+-\s+|\s+::\s+", headline.strip())[0]
    if _UNREAL.search(text):
        return HeadlineToll()
    killed, counted = _killed(text)
    return HeadlineToll(killed, _wounded(text, killed), counted)


def _killed(text: str) -> tuple[int | None, bool]:
    """(the dead, whether the headline counts them rather than implies one death)."""
    multi = _MULTI.search(text)
    if multi:
        return _MULTIPLIER[multi.group("m").lower()], True
    if _MURDER_SUICIDE.search(text):
        return 2, True
    n = _first_number(_N_DEAD, text) or _first_number(_KILLS_N, text)
    if n is None and _TWO_DEAD.search(text):
        n = 2
    if n is not None:
        return (n + 1 if _SELF.search(text) and not _N_DEAD.search(text) else n), True
    if _SELF.search(text) and re.search(r"\bkill|\bdead\b|\bturn", text, re.I):
        return 1, False
    if _ONE_DEAD.search(text) or _A_DEATH.search(text) or _A_KILLING.search(text):
        return 1, False
    return None, False


def _wounded(text: str, killed: int | None) -> int | None:
    """ "7 shot, 3 dead": those shot include the dead."""
    m = _N_HURT.search(text)
    n = _first_number(_N_HURT, text) or _first_number(_HURTS_N, text)
    if n is not None:
        shot = m is not None and m.group(0).lower().endswith("shot")
        return n - (killed or 0) if shot and n > (killed or 0) else (None if shot else n)
    return 1 if _ONE_HURT.search(text) and not _ONE_DEAD.search(text) else None


def _first_number(rx: re.Pattern[str], text: str) -> int | None:
    m = rx.search(text)
    if m is None:
        return None
    groups = {k: v for k, v in m.groupdict().items() if v}
    if "a" in groups:
        return 1
    word = (groups.get("n") or groups.get("m") or "").lower()
    if "dozen" in word:
        return 12
    value = int(word) if word.isdigit() else words_to_int(word)
    return value if value and value < 100 else None
