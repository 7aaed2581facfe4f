"""Casualties from a headline: "2 dead, 3 wounded in shooting", "Teen shot, killed in park".

Many pages keep their headline but lose their story to menus and boilerplate, and many
stories tell their toll only in the headline. Headlines are too clipped for the parser
(no articles, commas for "and"), but their casualty phrasing is formulaic, so a few
patterns read it; they are hand-written because no library reads headlines' tolls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsblotter.lang import SPACES, alternation, counts
from newsblotter.nlp.numbers import words_to_int

_NUM = rf"(?<!\bno\s)(?:\d{{1,2}}|{alternation('headline.counted_numbers', space=SPACES)})"
_PEOPLE = (
    rf"(?:(?:more\s+)?(?:{alternation('headline.counted_people', space=SPACES)}"
    rf"|members\s+of\s+(?:{alternation('headline.family_determiners')}\s+)?family)\s+)"
)
_DEATH = alternation("headline.death_words", space=SPACES)
_HURT = alternation("headline.hurt_words")
# "2 dead", "three people killed", "1 man dies"
_N_DEAD = re.compile(
    rf"(?<!\bof\s)\b(?P<n>{_NUM})\s+(?:young\s+|more\s+)?{_PEOPLE}?(?:found\s+)?"
    rf"(?:{_DEATH}|fatally)\b",
    re.I,
)
_N_HURT = re.compile(rf"\b(?P<n>{_NUM})\s+(?:young\s+|more\s+)?{_PEOPLE}?{_HURT}\b", re.I)
# One person named by a noun or an age: "Teen shot, killed", "Man dies after shooting",
# "4-year-old fatally shot", "Woman found dead".
_ONE = alternation("headline.one_person_patterns")
# Relatives and others a headline lists as victims: "kills wife, stepson", "mother, son dead".
_KIN = (
    rf"(?:(?:ex-|step-?)?{alternation('headline.near_kin')}"
    rf"|{alternation('headline.other_kin_patterns')})"
)
_KIND = rf"(?:{alternation('headline.victim_kinds')}\s+)?"
# One member of a list of victims: "2 adults", "his three children", "parents", "a woman".
_MEMBER = (
    rf"(?:(?:{alternation('headline.member_determiners')}|1)\s+)?(?:(?P<n>{_NUM})\s+{_KIND}(?:[\w-]+s|m[ae]n|wom[ae]n"
    rf"|people|children)\b|{_KIND}{_ONE}\b"
    rf"|{_KIND}{_KIN}\b|(?P<pair>parents|couple)\b)"
)
_SEP = r"(?:,\s*|\s+and\s+|\s*&\s*|,\s+and\s+)"
_UNNAMED = re.sub(r"\(\?P<\w+>", "(?:", _MEMBER)
# "2 adults, six children dead", "Man, two children found dead", "Parents, 2 kids killed".
_LIST_DEAD = re.compile(
    rf"\b(?P<list>{_UNNAMED}(?:{_SEP}{_UNNAMED})+)\s+(?:are\s+|were\s+)?(?:found\s+)?"
    rf"{_DEATH}\b",
    re.I,
)
# "3 men, 1 woman wounded"
_LIST_HURT = re.compile(
    rf"\b(?P<list>{_UNNAMED}(?:{_SEP}{_UNNAMED})+)\s+(?:are\s+|were\s+)?"
    rf"{alternation('headline.listed_hurt_patterns')}\b",
    re.I,
)
# "kills wife, 2 children", "killed man, woman and her baby granddaughter"
_KILLS_LIST = re.compile(
    rf"\b{alternation('headline.kill_forms_patterns')}\s+"
    rf"(?P<list>{_UNNAMED}(?:{_SEP}{_UNNAMED})+)",
    re.I,
)
_MEMBER_RX = re.compile(_MEMBER, re.I)
# "Family of five found dead", "murder-suicide claims family of four", "3 bodies found".
_FAMILY = re.compile(
    rf"\bfamily\s+of\s+(?P<n>{_NUM})\b(?![\s-]*year)"
    rf"(?=.*\b{alternation('headline.family_dead_words')}\b)"
    rf"|\b(?:kill\w*|murder\w*|slay\w*|claims?)\s+(?:a\s+)?family\s+of\s+(?P<m>{_NUM})\b"
    r"(?![\s-]*year)"
    rf"|\b(?P<b>{_NUM})\s+bodies\b",
    re.I,
)
# "2nd victim dies", "Fifth victim in ... shooting identified": at least that many dead.
_ORDINAL = re.compile(
    rf"\b(?P<o>{alternation('incidents.ordinal_numerals', 'incidents.ordinal_words')})\s+"
    rf"{alternation('headline.ordinal_victims')}\b(?:\s+[\w'’,.-]+){{0,7}}?\s+"
    rf"{alternation('headline.ordinal_news_patterns')}\b",
    re.I,
)
_ORDINALS = counts("incidents.ordinal_numerals")
_ORDINAL_WORDS = counts("incidents.ordinal_words")
# The attacker's own death told in a clause of its own: "...; suspect dead", "suspect killed".
_ATTACKER_DEAD = re.compile(
    rf"\b{alternation('headline.attackers')}\s+(?:is\s+|was\s+)?(?:found\s+)?"
    rf"{alternation('headline.attacker_death_words', space=SPACES)}\b"
    r"|\bbefore\s+(?:he|she)(?:['’]s|\s+is|\s+was)\s+(?:fatally\s+shot|killed|shot\s+dead)\b",
    re.I,
)
# "kills 2", "leaves 3 dead", "killing a man"
_KILLS_N = re.compile(
    rf"\b(?:kills?|killing|killed)\s+(?:(?:his|her|their)\s+)?(?:(?P<n>{_NUM})\b(?!\s*-?\s*year)"
    rf"|(?:an?\s+)?(?P<o>(?:{alternation('headline.victim_ages')}\s+)?{_ONE})\b)"
    rf"|\b(?:leaves?|leaving|left)\s+(?P<m>{_NUM})\s+{_PEOPLE}?dead\b"
    rf"|\b(?:killings?|deaths|murders?|slayings?)\s+of\s+(?P<b>{_NUM})\b"
    rf"(?![\s-]*{alternation('nlp.time_units')})",
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
    rf"{alternation('headline.one_dead_words', space=SPACES)}\b",
    re.I,
)
_ONE_HURT = re.compile(
    rf"\b{_ONE}\b(?:\s+[\w'’-]+){{0,3}}?\s+(?:is\s+|was\s+)?"
    rf"{alternation('headline.one_hurt_words', space=SPACES)}\b",
    re.I,
)
_MULTI = re.compile(
    r"\b(?P<m>double|triple|quadruple)\s+"
    rf"{alternation('headline.multiplied_killings', space=SPACES)}s?\b",
    re.I,
)
# "homicide victim identified", "fatal shooting": a death, one unless the headline counts.
_A_DEATH = re.compile(
    r"\b(?:homicide|murder|slaying)\s+victim\b"
    r"|(?<!non-)(?<!non\s)\b(?:fatal|deadly)\s+(?:(?!weapon|force)[\w-]+\s+){0,2}?"
    r"(?:shooting|stabbing)\b"
    r"|\b(?:fatal|deadly)\s+(?:hunting|gun|firearm)\s+accident\b|\bshooting\s+death\b"
    rf"|['’]s\s+{alternation('roles.possessed_harm_nouns')}\b|\b(?:dies|died)\b"
    r"|(?<!non-)(?<!non\s)\bfatal(?:ly)?\b"
    r"|\b(?:claim\w*|tak(?:es|en|ing|e)|took)\s+(?:\w+\s+)?(?:own\s+)?li(?:fe|ves)\b"
    r"|\btaken\s+off\s+life\s+support\b"
    r"|\bdeath\s+of\b|\b(?:shooting|hunting|gunshot)\s+deaths?\b|\bbody\s+(?:is\s+)?found\b",
    re.I,
)
# The weakest: a killing named without its victims ("arrest made in homicide").
_A_KILLING = re.compile(rf"\b{alternation('headline.killing_nouns')}\b", re.I)
# Two people named together: "Man, baby found dead", "Mother and son killed".
_TWO_DEAD = re.compile(
    rf"\b{_ONE}(?:,\s+|\s+and\s+)(?:(?:his|her|their)\s+)?{_ONE}\s+(?:are\s+|were\s+)?"
    rf"(?:found\s+)?{alternation('headline.pair_dead_words', space=SPACES)}\b",
    re.I,
)
# The shooter's own death, which tallies of gun deaths count: "kills 2, then himself",
# "before turning the gun on himself".
_SELF = re.compile(
    r"\b(?:kill\w*|shoot\w*|shot)\s+"
    rf"(?:(?!{alternation('headline.not_self_stems')}\w*)[\w,]+\s+){{0,6}}?"
    r"(?:him|her|them)?self\b"
    r"|\b(?:turns?|turning|turned)\s+(?:the\s+)?gun\s+on\s+(?:him|her)self\b"
    r"|,\s+(?:him|her)?self\b",
    re.I,
)
_MURDER_SUICIDE = re.compile(r"\bmurder[\s-]+suicide\b", re.I)
# A round-up of a city's shootings ("3 dead, 22 wounded in weekend shootings"): its toll is a
# tally of several incidents, not the toll of the one the story is filed under.
_ROUNDUP = re.compile(
    rf"\b{alternation('headline.roundup_spans')}\s+(?:of\s+)?(?:shootings|violence|gunfire)\b"
    rf"|\bshootings\s+{alternation('headline.roundup_after')}\b"
    rf"|\b(?:violent|deadly|bloody)\s+(?:{alternation('headline.roundup_periods')}|\d+\s+hours)\b"
    rf"|\b(?:{alternation('headline.roundup_counts')}|\d+)\s+(?:separate\s+)?"
    rf"{alternation('headline.roundup_incidents', space=SPACES)}\b"
    r"|\b(?:in|within)\s+(?:less\s+than\s+|about\s+)?(?:\d+|\w+)[\s-]+hours?\b"
    r"|\bcitywide\b|\bacross\s+(?:the\s+)?(?:city|[A-Z]\w+)\b",
    re.I,
)
# the multipliers up to "quadruple" ("a triple shooting"), as headlines have been read
_MULTIPLIER = {w: n for w, n in counts("casualties.multipliers").items() if n <= 4}
# Words that make a headline's harm unreal or another matter: "could kill", "fears".
_UNREAL = re.compile(
    rf"\b{alternation('headline.unreal_patterns')}\b"
    r"|(?<!\bin\s)(?<!\bon\s)(?<!\bof\s)(?<!\bsince\s)(?<!\blast\s)\bmay\b(?!\s+\d)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class HeadlineToll:
    """What the headline says of the dead and the wounded (None: it does not say)."""

    killed: int | None = None
    wounded: int | None = None
    counted: bool = False  # the killed figure is a number given, not one death implied


def read(headline: str | None) -> HeadlineToll:
    """The toll a headline gives, from its clipped phrasing; nothing for unreal harm or a
    round-up's tally."""
    if not headline:
        return HeadlineToll()
    text = re.split(r"\s+[|–—]\s+|\s+-\s+|\s+::\s+", headline.strip())[0]
    if _UNREAL.search(text) or _ROUNDUP.search(text):
        return HeadlineToll()
    killed, counted = _killed(text)
    return HeadlineToll(killed, _wounded(text, killed), counted)


def _killed(text: str) -> tuple[int | None, bool]:
    """(the dead, whether the headline counts them rather than implies a least number)."""
    attacker = _ATTACKER_DEAD.search(text)
    if attacker is not None:
        # "5 murdered; suspect dead": the attacker's death is one more than the count
        rest = text[: attacker.start()] + " " + text[attacker.end() :]
        n = _counted(rest)
        if n is not None:
            return n + 1, True
    n = _counted(text)
    if n is not None:
        self_too = _SELF.search(text) is not None and not _N_DEAD.search(text)
        if _MURDER_SUICIDE.search(text) and _by_killer(text):
            self_too = True  # "kills daughter in murder-suicide": and himself
        return (n + 1 if self_too else n), True
    least = _least(text)
    if least is not None:
        return least, False
    if _SELF.search(text) and re.search(r"\bkill|\bdead\b|\bturn\w*\s+(?:the\s+)?gun", text, re.I):
        return 1, False
    if _ONE_DEAD.search(text) or _A_DEATH.search(text) or _A_KILLING.search(text):
        return 1, False
    return None, False


def _counted(text: str) -> int | None:
    """The dead the headline counts: "3 dead", "kills 2", "mother, 2 children found dead",
    "double homicide", "family of four"."""
    multi = _MULTI.search(text)
    if multi:
        value = _MULTIPLIER[multi.group("m").lower()]
        return value + 1 if re.match(r"[\s-]+suicide", text[multi.end() :], re.I) else value
    listed = _LIST_DEAD.search(text) or _KILLS_LIST.search(text)
    n_dead = _N_DEAD.search(text)
    if listed is not None and (n_dead is None or listed.start() <= n_dead.start() < listed.end()):
        return _list_sum(listed)  # "2 adults, six children dead": all of them, not the six
    n = _first_number(_N_DEAD, text) or _first_number(_KILLS_N, text)
    if n is None and _TWO_DEAD.search(text):
        n = 2
    return n if n is not None else _first_number(_FAMILY, text)


def _by_killer(text: str) -> bool:
    """Whether the count is of those someone killed ("kills wife, son") rather than of all
    the dead ("3 dead", "parents, 2 children found dead")."""
    dead = _N_DEAD, _LIST_DEAD, _MULTI, _FAMILY
    if any(rx.search(text) for rx in dead):
        return False
    return bool(_KILLS_N.search(text) or _KILLS_LIST.search(text))


def _least(text: str) -> int | None:
    """The dead a headline implies without counting them: a murder-suicide is at least two,
    a "fifth victim" who died at least five."""
    ordinal = _ORDINAL.search(text)
    if ordinal is not None:
        word = ordinal.group("o").lower()
        return _ORDINALS.get(word) or _ORDINAL_WORDS.get(word)
    if _MURDER_SUICIDE.search(text):
        return 2
    return None


def _list_sum(m: re.Match[str] | None) -> int | None:
    """The people of a listed group added up: "2 adults, six children" is eight; the killer's
    "self" is left to ``_SELF``."""
    if m is None:
        return None
    total = 0
    for member in _MEMBER_RX.finditer(m.group("list")):
        if member.group(0).lower().endswith("self"):
            continue
        if member.group("n"):
            total += _number(member.group("n")) or 0
        else:
            total += 2 if member.group("pair") else 1
    return total or None


def _wounded(text: str, killed: int | None) -> int | None:
    """ "7 shot, 3 dead": those shot include the dead."""
    listed = _list_sum(_LIST_HURT.search(text))
    if listed is not None:
        return listed
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
    if "a" in groups or "o" in groups:
        return 1
    return _number(groups.get("n") or groups.get("m") or groups.get("b") or "")


def _number(word: str) -> int | None:
    word = word.lower()
    if "dozen" in word:
        return 12
    value = int(word) if word.isdigit() else words_to_int(word)
    return value if value and value < 100 else None
