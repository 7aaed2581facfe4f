"""Triage: a cheap test, before the NLP, of whether an article may report a violent incident.

Most news is not about violence, and the NLP is the expensive stage, so an article without a
cue of an attack is stored (it stays searchable and can be reprocessed) but not parsed. The
cues are broad on purpose: a miss loses an incident for good, a false alarm only costs one
parse. Measured on MUC-4 dev and the article-extraction pages by ``bench/triage.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Hand-written: no library offers a violence lexicon tuned for recall. Word stems, matched
# case-insensitively at word starts, so "bombings", "kidnappers" and "shot" all count.
_CUES = re.compile(
    r"\b(?:"
    r"attack|assault|ambush|raid(?:s|ed)?\b|massacre|bomb|blast|explo(?:de|sion|sive)|detonat|"
    r"grenade|dynamite|mortar|rocket|missile|shell(?:ed|ing|s)\b|artillery|air ?strike|"
    r"drone strike|guns?\b|gunm[ae]n|gunfire|gunshot|gunpoint|shot\b|shoot|"
    r"fired (?:on|at|upon)\b|opened fire|sniper|rifle|machine-?gun|"
    r"kill|murder|slain|slay|assassin|execut(?:ed|ion)|behead|lynch|"
    r"wound|injur|casualt|dead\b|death toll|bodies\b|corpse|"
    r"kidnap|abduct|hostage|hijack|captive|ransom|"
    r"arson|torch(?:ed|ing)\b|set (?:on )?fire|burn(?:ed|t) down|molotov|incendiar|"
    r"stab(?:s|bed|bing)?\b|knife|machete|terror|guerril|insurgen|militant|rebels?\b|"
    r"extremist|jihad|"
    r"sabotag|dynamit|robbed|robbery|hold-?up|clash|violen|"
    r"war crime|genocide|car bomb|suicide (?:bomb|attack|vest)"
    r")",
    re.IGNORECASE,
)
# Cues that on their own make an article worth parsing: they seldom appear in news that is not
# about an attack. The other cues ("shot", "dead", "violence", "assault", "rocket") are common
# in sport, politics and business copy, so they count only two different ones together.
_STRONG = re.compile(
    r"^(?:kill|murder|assassin|kidnap|abduct|hostage|massacre|gunm[ae]n|bomb|car bomb|suicide|"
    r"hijack|guerril|insurgen|militant|explosion|explosive|slain|behead|ambush|gunfire|gunshot|"
    r"sniper|death toll|opened fire|arson|dynamit|terror|machine-?gun|grenade|mortar|shell|"
    r"air ?strike|drone strike|missile|set (?:on )?fire|torch|burn)"
)
_MIN_WEAK = 2


@dataclass(frozen=True, slots=True)
class Triage:
    relevant: bool
    cues: tuple[str, ...]  # the distinct cues found, lower-cased, for audit


def triage(text: str, title: str | None = None) -> Triage:
    """Whether ``text`` (with its ``title``) may report a violent incident."""
    found = {m.group(0).lower() for m in _CUES.finditer(f"{title or ''}\n{text}")}
    strong = any(_STRONG.match(cue) for cue in found)
    return Triage(strong or len(found) >= _MIN_WEAK, tuple(sorted(found)))


def is_relevant(text: str, title: str | None = None) -> bool:
    return triage(text, title).relevant
