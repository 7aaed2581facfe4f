"""A CSV with the Global Terrorism Database's variable names and codes.

Columns are a subset of the GTD's, in the GTD's own order, so an analysis written for the GTD
CSV reads ours unchanged; ``docs/gtd.md`` documents each column and how it is derived. Values
the pipeline cannot know are left out as columns rather than filled with guesses.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from newsblotter.export.flat import write_csv
from newsblotter.export.gtd_codes import (
    ATTACK_TYPES,
    CLAIM_MODES,
    COUNTRIES,
    REGIONS,
    TARGET_TYPES,
    WEAPON_TYPES,
)
from newsblotter.lang import groups
from newsblotter.records import Article, Incident, Statement

GTD_COLUMNS: tuple[str, ...] = (
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "extended",
    "country",
    "country_txt",
    "region",
    "region_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "vicinity",
    "summary",
    "multiple",
    "suicide",
    "attacktype1",
    "attacktype1_txt",
    "targtype1",
    "targtype1_txt",
    "target1",
    "gname",
    "gname2",
    "gname3",
    "guncertain1",
    "guncertain2",
    "guncertain3",
    "claimed",
    "claimmode",
    "claimmode_txt",
    "compclaim",
    "weaptype1",
    "weaptype1_txt",
    "weapdetail",
    "nkill",
    "nwound",
    "ishostkid",
    "addnotes",
    "scite1",
    "scite2",
    "scite3",
    "dbsource",
)

# Our incident types onto GTD attack types. GTD has one "hostage taking" per kind (barricade,
# kidnapping); ours does not tell them apart, and kidnapping is by far the more frequent.
# Shelling and air strikes are bombings by projectile in the GTD's terms.
ATTACK_OF_TYPE: dict[str, int] = {
    "assassination": 1,
    "armed_assault": 2,
    "bombing": 3,
    "hijacking": 4,
    "hostage_taking": 6,
    "facility_attack": 7,
    "unarmed_assault": 8,
    "air_strike": 3,
    "shelling": 3,
}

WEAPON_OF: dict[str, int] = {
    "suicide belt": 6,
    "car bomb": 6,
    "explosives": 6,
    "grenade": 6,
    "rocket": 6,
    "drone": 6,
    "artillery": 6,
    "firearms": 5,
    "knife": 9,
    "incendiary": 8,
    "vehicle": 10,
}
PREFERRED_WEAPON: dict[int, int] = {3: 6, 1: 5, 2: 5, 8: 9}  # attack type -> weapon type

# First matching head word wins; checked in this order (a "police station" is Police).
TARGET_WORDS: tuple[tuple[int, str], ...] = tuple(
    (int(code), "|".join(forms)) for code, forms in groups("gtd.target_patterns").items()
)

CLAIM_WORDS: tuple[tuple[int, str], ...] = tuple(
    (int(code), "|".join(forms)) for code, forms in groups("gtd.claim_patterns").items()
)

SPECIFICITY = {"city": 1, "admin1": 4, "country": 5, "region": 5}
UNCERTAIN = {"suspected", "contested"}
NOT_PERPETRATOR = {"denied", "unknown"}


@dataclass(slots=True)
class GtdSource:
    """An incident with what the GTD columns need beyond it."""

    incident: Incident
    statements: list[Statement]
    articles: list[Article]


def _match(table: tuple[tuple[int, str], ...], texts: Iterable[str], default: int) -> int:
    joined = " ".join(texts).lower()
    for code, pattern in table:
        if re.search(pattern, joined):
            return code
    return default


def weapon_type(inc: Incident, attack: int) -> int:
    codes = [WEAPON_OF[w] for w in inc.weapons if w in WEAPON_OF]
    preferred = PREFERRED_WEAPON.get(attack)
    if preferred is not None and preferred in codes:
        return preferred
    return codes[0] if codes else 13


def event_id(inc: Incident, taken: set[str]) -> str:
    """GTD's 12-digit form: yyyymmdd (00 for unknown parts) and a 4-digit number derived
    from our id, so the same incident keeps its eventid across exports."""
    d = inc.date
    prefix = "00000000"
    if d is not None:
        month = d.month if inc.date_precision in ("day", "month") else 0
        day = d.day if inc.date_precision == "day" else 0
        prefix = f"{d.year:04d}{month:02d}{day:02d}"
    n = int(hashlib.sha256(inc.id.encode("utf-8")).hexdigest(), 16) % 10_000
    while f"{prefix}{n:04d}" in taken:  # a collision within one export: take the next number
        n = (n + 1) % 10_000
    found = f"{prefix}{n:04d}"
    taken.add(found)
    return found


def _cite(a: Article) -> str:
    parts = [
        a.outlet or "",
        f'"{a.title}"' if a.title else "",
        a.published.isoformat() if a.published else "",
    ]
    url = a.canonical_url or a.url
    return ", ".join(p for p in [*parts, url or ""] if p)


def _claims(
    statements: list[Statement], related: Callable[[str, str], bool]
) -> tuple[int, int | None, int | None]:
    """(claimed, claimmode, compclaim) from the claim statements about the incident."""
    claims = [s for s in statements if s.kind == "claim" and s.responsible is not None]
    if not claims:
        return 0, None, None
    mode = _match(
        CLAIM_WORDS, [*(e for s in claims for e in s.evidence), *(s.text for s in claims)], 10
    )
    claimants: list[str] = []
    for s in claims:
        assert s.responsible is not None
        key = s.responsible.id or s.responsible.name.casefold()
        if not any(key == k or related(key, k) for k in claimants):
            claimants.append(key)
    return 1, mode, int(len(claimants) > 1)


def gtd_row(src: GtdSource, taken: set[str], related: Callable[[str, str], bool]) -> dict[str, Any]:
    inc = src.incident
    p = inc.place
    country = COUNTRIES.get((p.country or "").upper()) if p else None
    attack = ATTACK_OF_TYPE.get(inc.type, 9)
    weapon = weapon_type(inc, attack)
    target = _match(TARGET_WORDS, inc.targets, 20) if inc.targets else 20
    perpetrators = [e for e in inc.ledger if e.assessment not in NOT_PERPETRATOR][:3]
    claimed, claimmode, compclaim = _claims(src.statements, related)
    d = inc.date
    precise = inc.date_precision == "day"
    row: dict[str, Any] = {
        "eventid": event_id(inc, taken),
        "iyear": d.year if d else None,
        "imonth": d.month if d and inc.date_precision in ("day", "month") else 0,
        "iday": d.day if d and precise else 0,
        "approxdate": d.strftime("%B %Y" if inc.date_precision == "month" else "%Y")
        if d and not precise
        else None,
        "extended": 0,
        "country": country[0] if country else None,
        "country_txt": country[1] if country else (p.country if p else None),
        "region": country[2] if country else None,
        "region_txt": REGIONS[country[2]] if country else None,
        "provstate": admin1_name(p.admin1) if p else None,
        "city": p.name if p and p.precision == "city" else None,
        "latitude": p.lat if p else None,
        "longitude": p.lon if p else None,
        "specificity": SPECIFICITY.get(p.precision, 5) if p and p.lat is not None else 5,
        "vicinity": 0,
        "summary": _summary(inc),
        "multiple": 0,
        "suicide": int(inc.suicide),
        "attacktype1": attack,
        "attacktype1_txt": ATTACK_TYPES[attack],
        "targtype1": target,
        "targtype1_txt": TARGET_TYPES[target],
        "target1": inc.targets[0] if inc.targets else None,
        "claimed": claimed,
        "claimmode": claimmode,
        "claimmode_txt": CLAIM_MODES[claimmode] if claimmode else None,
        "compclaim": compclaim,
        "weaptype1": weapon,
        "weaptype1_txt": WEAPON_TYPES[weapon],
        "weapdetail": ", ".join(inc.weapons) or None,
        "nkill": inc.killed.value if inc.killed else None,
        "nwound": inc.wounded.value if inc.wounded else None,
        "ishostkid": int(inc.type in ("hostage_taking", "hijacking")),
        "addnotes": f"newsblotter incident {inc.id}",
        "dbsource": "newsblotter",
    }
    for n in range(3):
        entry = perpetrators[n] if n < len(perpetrators) else None
        name = "gname" if n == 0 else f"gname{n + 1}"
        row[name] = entry.actor.name if entry else ("Unknown" if n == 0 else None)
        row[f"guncertain{n + 1}"] = (
            int(entry.assessment in UNCERTAIN) if entry else (0 if n == 0 else None)
        )
    for n in range(3):
        row[f"scite{n + 1}"] = _cite(src.articles[n]) if n < len(src.articles) else None
    return row


def admin1_name(value: str | None) -> str | None:
    """The first-order division when it is a name: the geocoder may give a GeoNames admin1
    code ("68", "ENG") instead, which means nothing in a GTD column."""
    if value is None or len(value) <= 3 or not any(ch.isalpha() for ch in value):
        return None
    return value


def _date_text(inc: Incident) -> str:
    if inc.date is None:
        return "Undated"
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(inc.date_precision or "day", "%Y-%m-%d")
    return inc.date.strftime(fmt)


def _summary(inc: Incident) -> str:
    when = _date_text(inc)
    where = f" in {inc.place.name}" if inc.place else ""
    what = inc.type.replace("_", " ")
    tally = []
    if inc.killed:
        tally.append(f"{inc.killed.value} killed")
    if inc.wounded:
        tally.append(f"{inc.wounded.value} wounded")
    return f"{when}: {what}{where}" + (f" ({', '.join(tally)})" if tally else "") + "."


def export_gtd(
    sources: Iterable[GtdSource], related: Callable[[str, str], bool] = lambda a, b: a == b
) -> str:
    taken: set[str] = set()
    return write_csv((gtd_row(s, taken, related) for s in sources), GTD_COLUMNS)
