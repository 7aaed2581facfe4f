"""Trigger, weapon and casualty vocabulary for incident mentions.

Hand-written: no library maps news wording to GTD's attack types. Types follow GTD's
attack-type taxonomy plus air_strike and shelling for state military action.
"""

from __future__ import annotations

import re

from newsblotter.lang import alternation, groups, table
from newsblotter.nlp.numbers import WORDS_PATTERN

TRIGGERS = table("incidents.triggers")

# "attack" is generic: it takes the type of any more specific trigger it is merged with.
GENERIC = "attack"
TYPE_PRIORITY = {
    "air_strike": 9,
    "shelling": 8,
    "hijacking": 7,
    "assassination": 6,
    "hostage_taking": 5,
    "bombing": 4,
    "facility_attack": 3,
    "unarmed_assault": 2,
    "armed_assault": 1,
    GENERIC: 0,
}

SUICIDE = re.compile(
    rf"\bsuicide[- ]{alternation('incident_text.suicide_heads')}|\b(?:blew|blown|blowing) "
    r"(?:himself|herself|themselves) up|\bexplosive (?:belts?|vests?)\b",
    re.I,
)

WEAPONS: dict[str, re.Pattern[str]] = {
    kind: re.compile("|".join(parts), re.I)
    for kind, parts in groups("incident_text.weapon_patterns").items()
}

KILLED_AFTER = re.compile(
    rf"^\W*{alternation('incident_text.killed_people_patterns')}?\s*(?:"
    rf"{alternation('incident_text.toll_auxiliaries')} )?"
    rf"{alternation('incident_text.killed_word_patterns')}\b",
    re.I,
)
KILLED_BEFORE = re.compile(
    rf"(?:kill(?:ed|ing|s)?|death toll (?:\w+ ){{0,3}}"
    rf"{alternation('incident_text.toll_verbs')}|claimed the lives of"
    rf"|toll (?:\w+ ){{0,2}}(?:to|at|of))\s*$",
    re.I,
)
# "left five people wounded", "leaving two dead": the state after the number says which, so
# "a shooting that left four people injured" is no death toll.
LEFT_BEFORE = re.compile(rf"\b{alternation('incident_text.left_verbs')}\s*$", re.I)
LEFT_STATE = re.compile(
    rf"^\W*(?:[\w'’-]+\s+){{0,4}}?(?:(?P<dead>dead|killed|slain)|wounded"
    rf"|injured|hurt|hospitali[sz]ed|in\s+{alternation('incident_text.left_conditions')}\s+"
    rf"condition|with\s+(?:[\w-]+\s+){{0,2}}(?:wounds|injuries))\b",
    re.I,
)
# "the death toll rose to", "toll had risen to", "revised the death toll down to".
TOLL_BEFORE = re.compile(
    rf"(?:\btoll\b[^.;]{{0,40}}|\b{alternation('incident_text.toll_rises')} to\s*)$", re.I
)
# "revised the toll down to 84 from 101", "rose to 12 from 9": the figure after "from" is
# the toll before, not the toll.
TOLL_FROM = re.compile(rf"(?:\d|\b{WORDS_PATTERN})\s+from\s*$", re.I)
# A toll is of deaths when the words before it say so ("the number of dead had risen to").
DEATH_WORDS = re.compile(rf"\b{alternation('incident_text.death_word_patterns')}\b", re.I)
WOUNDED_AFTER = re.compile(
    rf"^\W*{alternation('incident_text.wounded_people_patterns')}?\s*(?:"
    rf"{alternation('incident_text.toll_auxiliaries')} )?"
    rf"{alternation('incident_text.wounded_words')}\b",
    re.I,
)
WOUNDED_BEFORE = re.compile(r"(?:wound(?:ed|ing)|injur(?:ed|ing)|hurt(?:ing)?)\s*$", re.I)

TARGET_PATTERNS = re.compile(
    rf"\b{alternation('incident_text.target_preps')}\s+(?P<np>(?:a"
    rf"|an|the)\s+[^,.;]{{3,80}}?)(?=[,.;]|\s+{alternation('incident_text.target_ends')}\b"
    r"|$)",
    re.I,
)
TARGET_HEADS = re.compile(
    rf"\b{alternation('incident_text.target_heads')}\w*\b",
    re.I,
)

# One-word weapons (the head of "a powerful bomb", "dynamite sticks"): the weapon as written.
WEAPON_WORD = re.compile(
    rf"{alternation('incident_text.weapon_word_patterns')}",
    re.I,
)
# Heads that need a word before them to be a weapon: "explosive device", "dynamite charge".
WEAPON_NEEDS_MODIFIER = re.compile(r"devices?|charges?|cocktails?|sticks?|launchers?", re.I)

# Heads of physical targets: buildings, vehicles, installations (GTD's and MUC-4's sense).
PHYSICAL_TARGET = re.compile(
    rf"{alternation('incident_text.physical_targets')}(?:s|es)?",
    re.I,
)

# Cues that make a trigger a reference to an earlier incident, not the article's news.
BACKGROUND_CUES = re.compile(
    rf"\b{alternation('incident_text.background_cue_patterns')}",
    re.I,
)

# "strikes on nine sites in Pakistan", "shelling across the region": an event of many places,
# which the city a reporter filed from does not narrow.
MULTI_SITE = re.compile(
    rf"\b(?:\d+|{alternation('incident_text.site_counts')})\s+(?:\w+\s+)?"
    rf"{alternation('incident_text.site_nouns')}\b|\bacross\b",
    re.I,
)

# "WASHINGTON (Reuters) -", "KABUL, Afghanistan, Jan 5 (AP) —": the filing place, not the scene.
# A line a page puts above the story (a section or topic, "Syria"; a teaser of a related
# story; no sentence of its own, so without a full stop) may come first.
DATELINE = re.compile(
    r"^\s*(?P<label>[^\n.!?]{1,120}\n\s*)?"
    r"(?:[A-Z][A-Za-z .'’-]{1,40}(?:,\s*[A-Z][\w .]{1,30}){0,2}\s*(?:\([^)]{1,40}\))?\s*[-–—]{1,2}\s"
    # "BEIRUT:" (the South Asian and Gulf press): capitals only, so "Update: ..." is no dateline
    r"|[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][\w .]{1,30}){0,2}\s*:\s)"
)


def weapon_words(text: str, weapons: list[str]) -> list[str]:
    """The words a text uses for the given weapon kinds ("dynamite", "car bomb"), first seen
    first; a longer kind's words are not repeated inside a shorter one ("car bomb", not
    also "bomb"). A kind the text has no word for stays as it is, and so does a value that
    is no kind (already words)."""
    found: list[tuple[int, int]] = []
    named: set[str] = set()
    for weapon in weapons:
        rx = WEAPONS.get(weapon)
        if rx is None:
            continue
        for m in rx.finditer(text):
            named.add(weapon)
            if not any(WEAPON_WORD.fullmatch(w) for w in re.split(r"[\s-]+", m.group())):
                continue  # "gunmen", "opened fire": a weapon implied, not named
            if not any(s <= m.start() and m.end() <= e for s, e in found):
                found = [(s, e) for s, e in found if not (m.start() <= s and e <= m.end())]
                found.append((m.start(), m.end()))
    out = [text[start:end] for start, end in sorted(found)]
    out += [w for w in weapons if w not in named]
    keyed: dict[str, str] = {}
    for word in out:  # "bomb" and "bombs" are one weapon
        keyed.setdefault(" ".join(w.removesuffix("s") for w in word.lower().split()), word)
    return list(keyed.values())


# What precedes a place named as a reference point, not as the scene: "just outside Moscow",
# "on the western edge of Moscow", "20 km north of Kabul".
REFERENCE_POINT = re.compile(
    rf"\b{alternation('incident_text.reference_point_patterns')}\s+(?:the\s+)?$",
    re.I,
)

# The attacker's own death told after the victims were counted: "killed his wife and son and
# then himself", "before turning the gun on himself", "then took his own life".
SELF_DEATH = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|fatally\s+sho(?:t|oting))\s+(?:him|her"
    r"|them)sel(?:f|ves)\b|\bturn(?:ed|ing|s)?\s+(?:the\s+)?"
    rf"{alternation('incident_text.self_weapons')}\s+on\s+(?:him|her)self\b"
    r"|\b(?:took|tak(?:e|es|ing))\s+(?:his|her)\s+own\s+life\b",
    re.I,
)
# ... unless it was only tried, or the attacker lived, or the count already holds him.
SELF_SURVIVED = re.compile(
    rf"\b{alternation('incident_text.self_survived_patterns')}\b|\bincluding\s+(?:the\s+)?"
    rf"{alternation('incident_text.counted_attackers')}\b",
    re.I,
)
