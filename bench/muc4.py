"""MUC-4 bench: newsblotter against the MUC-4 terrorism answer keys (train/dev only).

Two parts, both defined in ``shared/bench/muc4/README.md``:

* CEAF-REE over the GRIT role-filler sets (``ree/*.jsonl``), micro and per role;
* from the original 25-slot answer keys (``raw/``): incident type, killed and wounded
  counts, and the perpetrator-organisation confidence against newsblotter's assessment.

Usage (from the repo root): ``python bench/muc4.py [--data PATH] [--limit N] [--json]``.
``--oracle gold`` feeds the gold answers in as predictions, a check on the scorer (F1 1.0);
``--oracle adapter`` wraps them in newsblotter records and reads them back through the
adapters below, the ceiling those adapters allow a perfect extractor (its confidence is
then always REPORTED AS FACT, the majority baseline, as no statements are made up).

Decisions, so the figures can be read:

* newsblotter type -> MUC type: bombing->BOMBING; hostage_taking->KIDNAPPING (MUC's
  KIDNAPPING "covers abduction/detention in general, e.g. hostage-taking");
  hijacking->HIJACKING; facility_attack->ARSON (GTD's facility/infrastructure attack is
  mostly arson and non-explosive sabotage, MUC's nearest type); every other type (armed or
  unarmed assault, assassination, air strike, shelling) -> ATTACK (MUC folded MURDER into
  ATTACK and files aerial bombing under ATTACK). ROBBERY and FORCED WORK STOPPAGE have no
  counterpart and can only be missed.
* assessment -> slot 11, from the decision tree in ``raw/taskdoc/template-doc-part2.v7``:
  claimed / claimed_corroborated -> CLAIMED OR ADMITTED ("did the perp report it?");
  attributed (a firm attribution, no uncertainty) -> REPORTED AS FACT when every source is
  a news outlet, SUSPECTED OR ACCUSED BY AUTHORITIES when a source is an authority
  (government, military, police, intelligence, officials), else SUSPECTED OR ACCUSED (an
  accusation by a person, a group, a document); suspected and contested (uncertainty
  expressed) -> SUSPECTED OR ACCUSED, or ... BY AUTHORITIES when an accuser is an
  authority; denied / unknown (named but not connected) -> POSSIBLE. A perpetrator
  organisation the story states as the doer without any statement is REPORTED AS FACT,
  or SUSPECTED OR ACCUSED when the incident record holds a hedge of the story's own on it
  in every mention (``spans["hedge:N"]``: "alleged members of", "presumably carried out
  by"). The assessment is the product's own: ``newsblotter.ledger.build_ledger`` over the
  statements of each incident mention.
* killed / wounded of a key template: the human targets whose effect (slot 23) is DEATH
  (INJURY), with their numbers from slot 21 summed, as an interval: ``6`` is [6, 6],
  ``6-`` at least 6, ``6-8``, ``PLURAL`` at least 2, ``~100`` within 10 % (at least 1), a target
  without a number at least 1; an optional (``?``) or alternative effect lowers the
  bound to 0. A prediction is right when its value (none = 0) lies in the interval.
* templates are aligned to newsblotter's incident mentions per document by the
  Hungarian assignment over (role fillers matched + 1 if the type agrees); OPTIONAL key
  templates are not missed when left unaligned.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ceaf import (
    Score,
    actor_key,
    best_matching,
    ceaf_ree,
    fail,
    format_role_report,
    load_analyze_text,
    normalize,
    score_roles,
    shared_dir,
    surface,
    unique,
)
from newsblotter.train.muc4 import ROLES, RawText, gold_roles, parse_texts, read_text

__all__ = ["ROLES", "RawText", "gold_roles", "parse_texts"]  # read from here by the tests

if TYPE_CHECKING:
    from newsblotter.ledger import ActorRelations
    from newsblotter.records import ActorRef, Extraction, IncidentMention, LedgerEntry, Statement

MUC_TYPE = {
    "bombing": "BOMBING",
    "armed_assault": "ATTACK",
    "assassination": "ATTACK",
    "hostage_taking": "KIDNAPPING",
    "hijacking": "HIJACKING",
    "facility_attack": "ARSON",
    "unarmed_assault": "ATTACK",
    "air_strike": "ATTACK",
    "shelling": "ATTACK",
}

CLAIMED = "CLAIMED OR ADMITTED"
FACT = "REPORTED AS FACT"
SUSPECTED = "SUSPECTED OR ACCUSED"
SUSPECTED_AUTH = "SUSPECTED OR ACCUSED BY AUTHORITIES"
POSSIBLE = "POSSIBLE"
AUTHORITY_KINDS = frozenset(
    {"government", "military", "police", "intelligence", "named_official", "unnamed_official"}
)

# --- answer keys ---------------------------------------------------------------------------

SLOT_LABELS = {
    0: "MESSAGE: ID",
    1: "MESSAGE: TEMPLATE",
    2: "INCIDENT: DATE",
    3: "INCIDENT: LOCATION",
    4: "INCIDENT: TYPE",
    5: "INCIDENT: STAGE OF EXECUTION",
    6: "INCIDENT: INSTRUMENT ID",
    7: "INCIDENT: INSTRUMENT TYPE",
    8: "PERP: INCIDENT CATEGORY",
    9: "PERP: INDIVIDUAL ID",
    10: "PERP: ORGANIZATION ID",
    11: "PERP: ORGANIZATION CONFIDENCE",
    12: "PHYS TGT: ID",
    13: "PHYS TGT: TYPE",
    14: "PHYS TGT: NUMBER",
    15: "PHYS TGT: FOREIGN NATION",
    16: "PHYS TGT: EFFECT OF INCIDENT",
    17: "PHYS TGT: TOTAL NUMBER",
    18: "HUM TGT: NAME",
    19: "HUM TGT: DESCRIPTION",
    20: "HUM TGT: TYPE",
    21: "HUM TGT: NUMBER",
    22: "HUM TGT: FOREIGN NATION",
    23: "HUM TGT: EFFECT OF INCIDENT",
    24: "HUM TGT: TOTAL NUMBER",
}
_SLOT_LINE = re.compile(r"^(\d{1,2})\.\s+(.*)$")
# A fill is quoted strings (with \" escapes), slashes between alternatives, one colon before
# the cross-reference, and bare set-fill words.
_FILL_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[/:]|[^"/:]+')

Interval = tuple[float, float]


class KeyFormatError(ValueError):
    """An answer-key file that does not follow the MUC template format."""


@dataclass(frozen=True, slots=True)
class Fill:
    """One line of a slot: the filler's alternatives, the cross-reference's alternatives."""

    values: tuple[str, ...]
    refs: tuple[str, ...] = ()
    optional: bool = False


@dataclass(slots=True)
class KeyTemplate:
    docid: str
    number: str = ""
    optional: bool = False
    irrelevant: bool = False
    slots: dict[int, list[Fill]] = field(default_factory=dict)

    def fills(self, slot: int) -> list[Fill]:
        return self.slots.get(slot, [])

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(v for f in self.fills(4) for v in f.values)

    def entities(self, *slots: int) -> list[list[str]]:
        """Text-string slots: one entity (its alternative strings) per line."""
        return [list(f.values) for s in slots for f in self.fills(s) if f.values]

    def unnamed_victims(self) -> list[list[str]]:
        """Slot-19 descriptions that stand for an unnamed human target (no cross-reference)."""
        return [list(f.values) for f in self.fills(19) if f.values and not f.refs]

    def casualties(self, effect: str) -> Interval:
        """How many human targets suffered ``effect`` (DEATH or INJURY), as an interval."""
        numbers: dict[frozenset[str], list[Interval]] = {}
        for f in self.fills(21):
            hull = _hull(_number(v) for v in f.values)
            if hull is not None:
                if f.optional:
                    hull = (0.0, hull[1])
                numbers.setdefault(frozenset(f.refs), []).append(hull)
        effects: dict[frozenset[str], list[Fill]] = {}
        for f in self.fills(23):
            effects.setdefault(frozenset(f.refs), []).append(f)
        lo = hi = 0.0
        for key, fills in effects.items():
            nums = numbers.get(key, []) if key - {"-"} else []
            # Two targets may share a description ("PEASANTS": 26 dead, 15 hurt); then the
            # lines of slots 21 and 23 pair up in order.
            positional = len(nums) == len(fills) > 1
            for k, f in enumerate(fills):
                if effect not in f.values:
                    continue
                if positional:
                    count = nums[k]
                elif nums:
                    count = (sum(n[0] for n in nums), sum(n[1] for n in nums))
                else:
                    count = (1.0, math.inf)
                certain = not f.optional and set(f.values) == {effect}
                lo += count[0] if certain else 0.0
                hi += count[1]
                if not positional:
                    break
        return lo, hi

    def confidences(self) -> list[Fill]:
        return [f for f in self.fills(11) if f.values and f.refs]


def _hull(intervals: Iterable[Interval | None]) -> Interval | None:
    known = [i for i in intervals if i is not None]
    if not known:
        return None
    return min(i[0] for i in known), max(i[1] for i in known)


def _number(value: str) -> Interval | None:
    """A slot-21 number: ``6``, ``6-``, ``6-8``, ``-6`` (up to 6), ``~6``, ``PLURAL``."""
    v = value.replace(" ", "")
    if v == "PLURAL":
        return 2.0, math.inf
    if m := re.fullmatch(r"~(\d+)", v):
        n = int(m.group(1))
        tolerance = max(1, round(n / 10))
        return float(n - tolerance), float(n + tolerance)
    if m := re.fullmatch(r"(\d+)-(\d+)", v):
        return float(m.group(1)), float(m.group(2))
    if m := re.fullmatch(r"(\d+)-", v):
        return float(m.group(1)), math.inf
    if m := re.fullmatch(r"-(\d+)", v):
        return 1.0, float(m.group(1))
    if m := re.fullmatch(r"(\d+)", v):
        return float(v), float(v)
    return None


def _alternatives(tokens: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    group: list[str] = []
    for token in [*tokens, "/"]:
        if token != "/":
            group.append(token)
            continue
        quoted = [t[1:-1].replace('\\"', '"') for t in group if t.startswith('"')]
        bare = "".join(t for t in group if not t.startswith('"')).strip(" ()?\t")
        out.extend(quoted if quoted else [bare] if bare else [])
        group = []
    return tuple(out)


def parse_fill(raw: str) -> Fill | None:
    """One slot line; None for the null (``-``) and inapplicable (``*``) fills."""
    text = raw.strip()
    if text in {"", "-", "*"}:
        return None
    optional = text.startswith("?")
    if optional:
        text = text[1:].strip()
    tokens = _FILL_TOKEN.findall(text)
    if ":" in tokens:
        i = tokens.index(":")
        return Fill(_alternatives(tokens[:i]), _alternatives(tokens[i + 1 :]), optional)
    return Fill(_alternatives(tokens), (), optional)


def parse_keys(text: str, source: str = "<keys>") -> list[KeyTemplate]:
    """All templates of an answer-key file, in file order (irrelevant messages included)."""
    templates: list[KeyTemplate] = []
    current: KeyTemplate | None = None
    slot: int | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith(";"):
            continue
        m = _SLOT_LINE.match(line)
        if m:
            slot = int(m.group(1))
            label = SLOT_LABELS.get(slot)
            if label is None or not m.group(2).startswith(label):
                raise KeyFormatError(f"{source}:{lineno}: unknown slot line {line.strip()!r}")
            value = m.group(2)[len(label) :].strip()
            if slot == 0:
                current = KeyTemplate(docid=value.split()[0] if value else "")
                templates.append(current)
                continue
            if current is None:
                raise KeyFormatError(f"{source}:{lineno}: slot {slot} before any MESSAGE: ID")
            if slot == 1:
                current.number = value.split()[0] if value else ""
                current.optional = "OPTIONAL" in value
                current.irrelevant = value == "*"
                continue
        elif line[0].isspace() and current is not None and slot is not None:
            value = line  # continuation: another filler of the same slot
        else:
            raise KeyFormatError(f"{source}:{lineno}: not a template line: {line.strip()!r}")
        assert current is not None and slot is not None
        fill = parse_fill(value)
        if fill is not None:
            current.slots.setdefault(slot, []).append(fill)
    if not templates:
        raise KeyFormatError(f"{source}: no templates (is it a MUC answer-key file?)")
    return templates


def templates_by_doc(templates: Iterable[KeyTemplate]) -> dict[str, list[KeyTemplate]]:
    """Relevant templates per message; an irrelevant message maps to an empty list."""
    out: dict[str, list[KeyTemplate]] = {}
    for t in templates:
        out.setdefault(t.docid, [])
        if not t.irrelevant and t.types:
            out[t.docid].append(t)
    return out


# --- data location -------------------------------------------------------------------------


@dataclass(slots=True)
class Dataset:
    ree: dict[str, dict[str, Any]]  # docid -> GRIT record, file order
    keys: dict[str, list[KeyTemplate]] | None  # None: no answer keys given
    texts: dict[str, RawText]

    def docids(self) -> list[str]:
        if self.ree:
            return list(self.ree)
        return [d for d in (self.keys or {}) if d in self.texts]


def _is_key_file(path: Path) -> bool:
    return path.name.startswith("key-")


def _read(path: Path) -> str:
    try:
        return read_text(path)
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror})")


def load_dataset(path: Path, split: str = "dev") -> Dataset:
    """A ree ``.jsonl`` file, an answer-key file, or a folder holding either or both."""
    ree_files: list[Path] = []
    key_files: list[Path] = []
    text_dirs: list[Path] = []
    if path.is_dir():
        if (path / "ree").is_dir() or (path / "raw").is_dir():
            ree_files = [p for p in [path / "ree" / f"{split}.jsonl"] if p.is_file()]
            key_files = sorted((path / "raw" / split).glob("key-*"))
            text_dirs = [path / "raw" / split]
        else:
            ree_files = sorted(path.glob("*.jsonl"))
            key_files = sorted(p for p in path.iterdir() if _is_key_file(p))
            text_dirs = [path]
    elif path.is_file():
        if path.suffix in {".jsonl", ".json"}:
            ree_files = [path]
        else:
            key_files = [path]
            text_dirs = [path.parent]
    else:
        fail(f"{path}: no such file or folder")
    if not ree_files and not key_files:
        fail(f"{path}: holds no ree .jsonl file and no key-* answer-key file")

    ree: dict[str, dict[str, Any]] = {}
    for f in ree_files:
        for lineno, line in enumerate(_read(f).splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not (
                isinstance(record, dict)
                and isinstance(record.get("doctext"), str)
                and isinstance(record.get("extracts"), dict)
                and "docid" in record
            ):
                fail(f"{f}:{lineno}: not a GRIT record (docid, doctext, extracts)")
            ree[str(record["docid"])] = record

    keys: dict[str, list[KeyTemplate]] | None = None
    if key_files:
        keys = {}
        for f in key_files:
            try:
                keys.update(templates_by_doc(parse_keys(_read(f), str(f))))
            except KeyFormatError as exc:
                fail(str(exc))
    texts: dict[str, RawText] = {}
    for d in text_dirs:
        for f in sorted(d.iterdir()):
            if f.is_file() and not _is_key_file(f) and not f.suffix:
                texts.update(parse_texts(_read(f)))
    return Dataset(ree, keys, texts)


# --- prediction adapters -------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Heads that make an unresolved perpetrator an organisation rather than a person or a band
# of people. Chosen by counting the heads of PerpOrg and PerpInd fillers in the MUC-4 train
# split: MUC files "guerrillas", "armed group", "urban commandos", "group of subversives"
# under PerpInd, and "army", "armed forces", "government", "mafias" under PerpOrg.
_ORG_HEADS = _words(
    "front army movement party command union forces force police guard brigade cartel "
    "alliance organization organisation committee council battalion government ministry "
    "militia network coalition faction league junta directorate agency state regime "
    "military corps detachment mafia mafias"
)
_PEOPLE_HEADS = _words(
    "members member men man guerrillas guerrilla individuals people persons "
    "terrorists rebels soldiers troops officers agents gunmen subversives youths"
)
_COUNT_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve dozen dozens "
    "hundreds several many some scores numerous at least about nearly more"
)


def is_organisation(ref: ActorRef, extraction: Extraction) -> bool:
    """Resolved actors and text-introduced groups are organisations; otherwise the head decides."""
    introduced = {a.id: a for a in extraction.new_actors}
    if ref.id is not None:
        actor = introduced.get(ref.id)
        return actor is None or actor.kind != "person"
    name = normalize(ref.name)
    for actor in extraction.new_actors:
        if actor.kind != "person" and name in {normalize(n) for n in [actor.name, *actor.aliases]}:
            return True
    words = name.split(" of ")[0].split()
    if not words or words[0] in _PEOPLE_HEADS:
        return False
    if words[-1] in _ORG_HEADS:
        return True
    # "FMLN", "the Extraditables": one word that names no kind of person is a group's name
    return len(words) == 1 and not _is_people_word(words[0])


def _is_people_word(word: str) -> bool:
    from newsblotter.incidents.roles import PERP_HEADS, PERSON_HEADS

    kinds = _PEOPLE_HEADS | PERP_HEADS | PERSON_HEADS
    return word in kinds or word.removesuffix("s") in kinds or word.removesuffix("es") in kinds


def is_named(victim: str) -> bool:
    """MUC's Victim role holds named people only; counts and descriptions are left out."""
    words = normalize(victim).split()
    return bool(words) and not words[0].isdigit() and words[0] not in _COUNT_WORDS


def _perpetrator_orgs(extraction: Extraction) -> dict[str, ActorRef]:
    """Organisation references by actor key, first seen first."""
    out: dict[str, ActorRef] = {}
    for mention in extraction.mentions:
        for ref in mention.perpetrators:
            if is_organisation(ref, extraction):
                out.setdefault(actor_key(ref), ref)
    for s in extraction.statements:
        blamed = s.responsible
        if blamed is None or s.kind not in {"claim", "attribution"}:
            continue
        # a claimant is a group; a side blamed passes the perpetrators' test ("guerrillas"
        # blamed are PerpInd in MUC-4)
        if s.kind == "claim" or is_organisation(blamed, extraction):
            out.setdefault(actor_key(blamed), blamed)
    return {key: ref for key, ref in out.items() if not _acronym_of_another(key, out)}


_LINK_WORDS = frozenset({"of", "and", "for", "the", "de", "del", "la", "el", "y"})


def _acronym_of_another(key: str, orgs: Mapping[str, ActorRef]) -> bool:
    """ "fmln" beside "farabundo marti national liberation front": one group, named twice
    (Spanish acronyms keep the letters, not always their order)."""
    if " " in key or not 2 <= len(key) <= 6:
        return False
    for other in orgs:
        words = [w for w in normalize(other).split() if w not in _LINK_WORDS]
        if len(words) >= 2 and set(key) == {w[0] for w in words}:
            return True
    return False


def predict_roles(extraction: Extraction) -> dict[str, list[str]]:
    """newsblotter's findings in one story -> MUC-4 role -> filler strings (one per entity).

    Weapons are kinds in newsblotter ("explosives"); MUC wants the words ("dynamite"): the
    words the role model chose (``spans["weapon:N"]``), else the story's words for each kind.
    """
    from newsblotter.incidents.rolefill import weapon_words

    text = extraction.article.text
    roles: dict[str, list[str]] = {role: [] for role in ROLES}
    for mention in extraction.mentions:
        for ref in mention.perpetrators:
            if not is_organisation(ref, extraction):
                roles["PerpInd"].append(surface(ref, text))
        roles["Target"].extend(mention.targets)
        roles["Victim"].extend(v for v in mention.victims if is_named(v))
        roles["Weapon"].extend(weapon_words(text, mention))
    roles["PerpOrg"] = [surface(ref, text) for ref in _perpetrator_orgs(extraction).values()]
    return {role: unique(strings) for role, strings in roles.items()}


@dataclass(slots=True)
class PredTemplate:
    """One predicted incident, in MUC terms."""

    type: str | None
    killed: int | None = None
    wounded: int | None = None
    fillers: dict[str, list[str]] = field(default_factory=dict)  # ALIGN_ROLES


ALIGN_ROLES = ("Perp", "Target", "Victim", "Weapon")


def predict_templates(extraction: Extraction) -> list[PredTemplate]:
    """One template per incident mention; perpetrators pooled (the split is scored by REE)."""
    text = extraction.article.text
    return [_template(m, text) for m in extraction.mentions]


def _template(mention: IncidentMention, text: str) -> PredTemplate:
    return PredTemplate(
        type=MUC_TYPE.get(mention.type),
        killed=mention.killed.value if mention.killed else None,
        wounded=mention.wounded.value if mention.wounded else None,
        fillers={
            "Perp": unique(surface(r, text) for r in mention.perpetrators),
            "Target": unique(mention.targets),
            "Victim": unique(mention.victims),
            "Weapon": unique(mention.weapons),
        },
    )


def muc_confidence(entry: LedgerEntry) -> str:
    """Ledger assessment -> PERP: ORGANIZATION CONFIDENCE (decision tree in the module doc).

    An attribution by an authority is an accusation: the slot guide files an authority's
    account of who did it under SUSPECTED OR ACCUSED BY AUTHORITIES unless the group itself
    admits it (``raw/taskdoc/template-doc-part2.v7``, slot 11). So is one by anyone else
    but a news outlet (a person, a group, a document, a speaker not resolved): the MUC-4
    train keys file 6 of the 16 such organisations the product names under SUSPECTED OR
    ACCUSED, 5 under ... BY AUTHORITIES and 1 as fact."""
    authority = any(source.kind in AUTHORITY_KINDS for source in entry.sources)
    if entry.assessment in {"claimed", "claimed_corroborated"}:
        return CLAIMED
    if entry.assessment == "attributed":
        if authority:
            return SUSPECTED_AUTH
        # a news outlet's own account is the story's; anyone else's is an accusation
        return FACT if all(s.kind == "media" for s in entry.sources) else SUSPECTED
    if entry.assessment in {"suspected", "contested"}:
        return SUSPECTED_AUTH if authority else SUSPECTED
    return POSSIBLE


def predict_confidence(
    extraction: Extraction, actors: ActorRelations | None = None
) -> list[tuple[str, str]]:
    """(a name of the organisation, MUC confidence) for every perpetrator organisation, from
    the product's ledger: ``build_ledger`` over the statements of each incident mention
    (and over the document's statements tied to none, as one more incident). An
    organisation the story states as the doer without a statement about it is REPORTED AS
    FACT; one only named otherwise is POSSIBLE. Each organisation is given under every
    name it has (as written, without a parenthesis, the gazetteer's name and aliases), so
    the key's name for it is found whichever the story used first."""
    from newsblotter.ledger import build_ledger

    relations = actors if actors is not None else _gazetteer(extraction)
    text = extraction.article.text
    narrated: dict[str, bool] = {}  # stated as the doer -> every time with a hedge
    for m in extraction.mentions:
        for n, r in enumerate(m.perpetrators):
            if is_organisation(r, extraction):
                key = actor_key(r)
                narrated[key] = narrated.get(key, True) and f"hedge:{n}" in m.spans
    groups: dict[str | None, list[Statement]] = {}
    ids = {m.id for m in extraction.mentions}
    for s in extraction.statements:
        groups.setdefault(s.incident if s.incident in ids else None, []).append(s)
    entries: dict[str, LedgerEntry] = {}
    for statements in groups.values():
        for found in build_ledger(statements, relations):
            entries.setdefault(actor_key(found.actor), found)
    out: list[tuple[str, str]] = []
    for key, ref in _perpetrator_orgs(extraction).items():
        entry = entries.get(key)
        if entry is None or entry.assessment == "unknown":
            label = POSSIBLE if key not in narrated else SUSPECTED if narrated[key] else FACT
        else:
            label = muc_confidence(entry)
        out.extend((name, label) for name in _names(ref, text, relations))
    return out


def _names(ref: ActorRef, text: str, actors: ActorRelations) -> list[str]:
    written = surface(ref, text)
    names = [written, re.sub(r"\s*\([^)]*\)", "", written), ref.name]
    names += re.findall(r"\(([^)]+)\)", written)
    actor = actors.get(ref.id) if ref.id else None
    if actor is not None:
        names += [actor.name, *actor.aliases]
    return unique(names)


def _gazetteer(extraction: Extraction) -> ActorRelations:
    """The product's gazetteer with the groups this story introduced."""
    from newsblotter.actors import Gazetteer

    gazetteer = Gazetteer.default().copy()
    for actor in extraction.new_actors:
        if gazetteer.get(actor.id) is None:
            gazetteer.add(actor)
    return gazetteer


# --- template metrics ----------------------------------------------------------------------


def _gold_align_fillers(t: KeyTemplate) -> dict[str, list[list[str]]]:
    return {
        "Perp": t.entities(9, 10),
        "Target": t.entities(12),
        "Victim": t.entities(18) + t.unnamed_victims(),
        "Weapon": t.entities(6),
    }


def similarity(pred: PredTemplate, gold: KeyTemplate) -> float:
    """Role fillers the pair shares (CEAF-REE per role) plus one if the type agrees."""
    fillers = _gold_align_fillers(gold)
    shared = sum(
        ceaf_ree([[s] for s in pred.fillers.get(role, [])], fillers[role])[0]
        for role in ALIGN_ROLES
    )
    return shared + (1.0 if pred.type in gold.types else 0.0)


@dataclass(slots=True)
class Tally:
    n: int = 0
    correct: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.correct += ok

    def as_dict(self) -> dict[str, float]:
        return {"n": self.n, "correct": self.correct, "accuracy": self.accuracy}

    @property
    def accuracy(self) -> float:
        return round(self.correct / self.n, 4) if self.n else 0.0


@dataclass(slots=True)
class TemplateReport:
    documents: int = 0
    relevance: Score = field(default_factory=Score)
    incidents: Score = field(default_factory=Score)
    type_aligned: Score = field(default_factory=Score)
    type_doc: Score = field(default_factory=Score)
    killed: Tally = field(default_factory=Tally)
    killed_nonzero: Tally = field(default_factory=Tally)
    wounded: Tally = field(default_factory=Tally)
    wounded_nonzero: Tally = field(default_factory=Tally)
    confidence_exact: Tally = field(default_factory=Tally)
    confidence_coarse: Tally = field(default_factory=Tally)
    confidence_gold: int = 0
    type_errors: Counter[str] = field(default_factory=Counter)  # "gold -> ours"
    count_errors: Counter[str] = field(default_factory=Counter)
    confidence_errors: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "relevance": self.relevance.as_dict(),
            "incidents": self.incidents.as_dict(),
            "type": self.type_aligned.as_dict(),
            "type_doc": self.type_doc.as_dict(),
            "killed": self.killed.as_dict(),
            "killed_nonzero": self.killed_nonzero.as_dict(),
            "wounded": self.wounded.as_dict(),
            "wounded_nonzero": self.wounded_nonzero.as_dict(),
            "confidence": {
                "gold": self.confidence_gold,
                "found": self.confidence_exact.n,
                "exact": self.confidence_exact.as_dict(),
                "coarse": self.confidence_coarse.as_dict(),
            },
        }


def _in(value: int | None, interval: Interval) -> bool:
    v = value or 0
    return interval[0] <= v <= interval[1]


def _fmt(interval: Interval) -> str:
    lo, hi = interval
    return f"{lo:g}" if lo == hi else f"{lo:g}+" if hi == math.inf else f"{lo:g}-{hi:g}"


def _coarse(label: str) -> str:
    return SUSPECTED if label == SUSPECTED_AUTH else label


def score_document(
    report: TemplateReport,
    preds: Sequence[PredTemplate],
    golds: Sequence[KeyTemplate],
    confidences: Sequence[tuple[str, str]],
) -> None:
    """Add one message's template-level counts to ``report``."""
    report.documents += 1
    required = [g for g in golds if not g.optional]
    if required or not golds:  # a message with only OPTIONAL templates is not counted
        report.relevance.add(Score.of(float(bool(required and preds)), bool(preds), bool(required)))

    pairs = best_matching([[similarity(p, g) for g in golds] for p in preds])
    aligned_optional = sum(1 for _, j in pairs if golds[j].optional)
    n_gold = len(required) + aligned_optional
    typed = 0
    for i, j in pairs:
        p, g = preds[i], golds[j]
        ok = p.type in g.types
        typed += ok
        if not ok:
            report.type_errors[f"{'/'.join(g.types)} -> {p.type or 'none'}"] += 1
        for effect, value, tally, nonzero in (
            ("DEATH", p.killed, report.killed, report.killed_nonzero),
            ("INJURY", p.wounded, report.wounded, report.wounded_nonzero),
        ):
            interval = g.casualties(effect)
            hit = _in(value, interval)
            tally.add(hit)
            if interval[0] > 0:
                nonzero.add(hit)
            if not hit:
                report.count_errors[f"{effect} {_fmt(interval)} -> {value or 0}"] += 1
    report.incidents.add(Score.of(len(pairs), len(preds), n_gold))
    report.type_aligned.add(Score.of(typed, len(preds), n_gold))

    acceptable = {t for g in golds for t in g.types}
    needed = {frozenset(g.types) for g in required}
    predicted = {p.type for p in preds if p.type}
    report.type_doc.add(
        Score(
            len(predicted & acceptable),
            len(predicted),
            sum(1 for need in needed if need & predicted),
            len(needed),
        )
    )
    _score_confidence(report, golds, confidences)


def _score_confidence(
    report: TemplateReport, golds: Sequence[KeyTemplate], confidences: Sequence[tuple[str, str]]
) -> None:
    """Each gold organisation (merged over templates) against the first prediction naming it."""
    orgs: list[tuple[set[str], set[str]]] = []
    for g in golds:
        for f in g.confidences():
            names = {normalize(r) for r in f.refs} - {""}
            for known_names, labels in orgs:
                if known_names & names:
                    known_names |= names
                    labels.update(f.values)
                    break
            else:
                orgs.append((names, set(f.values)))
    report.confidence_gold += len(orgs)
    for names, labels in orgs:
        label = next((lab for name, lab in confidences if normalize(name) in names), None)
        if label is None:
            continue
        report.confidence_exact.add(label in labels)
        report.confidence_coarse.add(_coarse(label) in {_coarse(x) for x in labels})
        if label not in labels:
            report.confidence_errors[f"{' / '.join(sorted(labels))} -> {label}"] += 1


def format_template_report(report: TemplateReport, top: int = 8) -> str:
    def prf(name: str, s: Score) -> str:
        return (
            f"{name:<24}P {100 * s.precision:6.2f}  R {100 * s.recall:6.2f}  "
            f"F1 {100 * s.f1:6.2f}  ({s.p_num:g}/{s.p_den:g}, {s.r_num:g}/{s.r_den:g})"
        )

    def acc(name: str, t: Tally) -> str:
        return f"{name:<24}{100 * t.accuracy:6.2f} % of {t.n}"

    c = report
    lines = [
        f"Answer-key metrics ({c.documents} documents)",
        prf("relevant message", c.relevance),
        prf("incidents aligned", c.incidents),
        prf("type (aligned)", c.type_aligned),
        prf("type (document sets)", c.type_doc),
        acc("killed (aligned)", c.killed),
        acc("  where key has deaths", c.killed_nonzero),
        acc("wounded (aligned)", c.wounded),
        acc("  where key has injured", c.wounded_nonzero),
        f"{'org confidence':<24}{c.confidence_exact.n} of {c.confidence_gold} gold orgs named;"
        f" exact {100 * c.confidence_exact.accuracy:.2f} %,"
        f" coarse {100 * c.confidence_coarse.accuracy:.2f} %",
    ]
    for label, counter in (
        ("type errors (gold -> ours)", c.type_errors),
        ("count errors (key -> ours)", c.count_errors),
        ("confidence errors (gold -> ours)", c.confidence_errors),
    ):
        items = ", ".join(f"{k} x{n}" for k, n in counter.most_common(top))
        lines.append(f"{label}: {items or '-'}")
    return "\n".join(lines)


# --- oracle --------------------------------------------------------------------------------


def oracle_templates(golds: Sequence[KeyTemplate]) -> list[PredTemplate]:
    """The answer keys as predictions: type, lowest count in range, first string per entity."""
    out = []
    for g in golds:
        fillers = {r: [e[0] for e in ents] for r, ents in _gold_align_fillers(g).items()}
        killed, wounded = g.casualties("DEATH")[0], g.casualties("INJURY")[0]
        out.append(PredTemplate(g.types[0], int(killed), int(wounded), fillers))
    return out


def oracle_confidence(golds: Sequence[KeyTemplate]) -> list[tuple[str, str]]:
    return [(f.refs[0], f.values[0]) for g in golds for f in g.confidences()]


_NEWSBLOTTER_TYPE = {
    "BOMBING": "bombing",
    "ATTACK": "armed_assault",
    "KIDNAPPING": "hostage_taking",
    "ARSON": "facility_attack",
    "HIJACKING": "hijacking",
}


def gold_extraction(docid: str, mentions: Sequence[Mapping[str, Any]]) -> Extraction:
    """Gold role fillers as newsblotter records (one incident mention per mapping).

    Each mapping holds ``type``, ``killed``, ``wounded`` and first-mention strings under the
    REE role names; organisations get an actor id, as the gazetteer would give them.
    """
    from newsblotter.records import (
        ActorRef,
        Article,
        Count,
        Extraction,
        IncidentMention,
        Provenance,
    )

    def count(n: int) -> Count | None:
        return Count(n, "exact", None, None) if n else None

    out = []
    for k, m in enumerate(mentions):
        orgs = [ActorRef(name, id=f"gold:{normalize(name)}") for name in m["PerpOrg"]]
        out.append(
            IncidentMention(
                id=f"{docid}:{k}",
                provenance=Provenance(docid, 0, 0, "gold"),
                type=m["type"],
                killed=count(m["killed"]),
                wounded=count(m["wounded"]),
                weapons=list(m["Weapon"]),
                targets=list(m["Target"]),
                victims=list(m["Victim"]),
                perpetrators=[ActorRef(name) for name in m["PerpInd"]] + orgs,
            )
        )
    return Extraction(Article(docid, ""), out, [])


def _firsts(entities: Iterable[Sequence[str]]) -> list[str]:
    return [e[0].lower() for e in entities if e]


def adapter_oracle(data: Dataset, docids: Sequence[str]) -> Predictions:
    preds = Predictions()
    for docid in docids:
        if docid in data.ree:
            gold = gold_roles(data.ree[docid])
            single = {r: _firsts(gold[r]) for r in ROLES} | {"type": "", "killed": 0, "wounded": 0}
            extraction = gold_extraction(docid, [single])
            preds.roles[docid] = {r: [[x] for x in v] for r, v in predict_roles(extraction).items()}
        templates = (data.keys or {}).get(docid, [])
        extraction = gold_extraction(docid, [_key_mention(t) for t in templates])
        preds.templates[docid] = predict_templates(extraction)
        preds.confidence[docid] = predict_confidence(extraction)
    return preds


def _key_mention(t: KeyTemplate) -> dict[str, Any]:
    return {
        "type": _NEWSBLOTTER_TYPE.get(t.types[0], t.types[0].lower()),
        "killed": int(t.casualties("DEATH")[0]),
        "wounded": int(t.casualties("INJURY")[0]),
        "PerpInd": _firsts(t.entities(9)),
        "PerpOrg": _firsts(t.entities(10)),
        "Target": _firsts(t.entities(12)),
        "Victim": _firsts(t.entities(18) + t.unnamed_victims()),
        "Weapon": _firsts(t.entities(6)),
    }


# --- command line --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/muc4.py",
        description="Score newsblotter on MUC-4: CEAF-REE role fillers and answer-key slots.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="a ree .jsonl file, a raw key-* file, or a folder holding them "
        "(default: the dev split in $NEWSBLOTTER_SHARED/bench/muc4)",
    )
    parser.add_argument("--split", default="dev", help="split of a muc4 folder (default: dev)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON, last line")
    parser.add_argument(
        "--cost",
        action="store_true",
        help="also time role filling alone: the incident stage with and without the role "
        "model on each parsed document past triage (one process)",
    )
    parser.add_argument(
        "--oracle",
        choices=("gold", "adapter"),
        default=None,
        help="feed the gold answers as predictions: as they are (scorer check), or through "
        "newsblotter records and the adapters (adapter ceiling)",
    )
    return parser


@dataclass(slots=True)
class Predictions:
    roles: dict[str, dict[str, list[list[str]]]] = field(default_factory=dict)
    templates: dict[str, list[PredTemplate]] = field(default_factory=dict)
    confidence: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def run_pipeline(
    data: Dataset, docids: Sequence[str], analyze: Callable[..., Extraction]
) -> Predictions:
    preds = Predictions()
    for docid in docids:
        raw = data.texts.get(docid)
        text = data.ree[docid]["doctext"] if docid in data.ree else raw.text if raw else ""
        try:
            extraction = analyze(text, published=raw.published if raw else None)
        except Exception as exc:  # one bad document must not sink the run; it is reported
            print(f"warning: {docid}: newsblotter failed: {exc!r}"[:300], file=sys.stderr)
            preds.failed.append(docid)
            continue
        preds.roles[docid] = {r: [[s] for s in v] for r, v in predict_roles(extraction).items()}
        preds.templates[docid] = predict_templates(extraction)
        preds.confidence[docid] = predict_confidence(extraction)
    return preds


def role_cost(data: Dataset, docids: Sequence[str], repeats: int = 3) -> dict[str, float]:
    """Milliseconds the role model adds to the incident stage per parsed article past
    triage: each article is parsed once, then the stage runs with a role filler that does
    nothing and with the model, the fastest of ``repeats`` runs of each."""
    import time

    from newsblotter.config import load_settings
    from newsblotter.incidents import find_mentions
    from newsblotter.pipeline import Pipeline
    from newsblotter.records import Article
    from newsblotter.triage import is_relevant

    pipe = Pipeline(load_settings(env={}, db=""))
    added: list[float] = []
    without: list[float] = []
    for docid in docids:
        raw = data.texts.get(docid)
        text = data.ree[docid]["doctext"] if docid in data.ree else raw.text if raw else ""
        if not is_relevant(text):
            continue
        ann = pipe.annotator.annotate(
            Article(docid, text, published=raw.published if raw else None)
        )
        times = {}
        for name, roles in (("rules", lambda *_: None), ("model", None)):
            best = math.inf
            for _ in range(repeats):
                start = time.perf_counter()
                find_mentions(ann) if roles is None else find_mentions(ann, roles=roles)
                best = min(best, time.perf_counter() - start)
            times[name] = best
        added.append(1000 * (times["model"] - times["rules"]))
        without.append(1000 * times["rules"])
    n = len(added)
    return {
        "articles": n,
        "ms_per_article": round(sum(added) / n, 3) if n else 0.0,
        "stage_ms_without": round(sum(without) / n, 3) if n else 0.0,
    }


def oracle(data: Dataset, docids: Sequence[str]) -> Predictions:
    preds = Predictions()
    for docid in docids:
        if docid in data.ree:
            preds.roles[docid] = gold_roles(data.ree[docid])
        golds = (data.keys or {}).get(docid, [])
        preds.templates[docid] = oracle_templates(golds)
        preds.confidence[docid] = oracle_confidence(golds)
    return preds


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    path = args.data or shared_dir() / "bench" / "muc4"
    data = load_dataset(path, args.split)
    docids = data.docids()[: args.limit]
    if not docids:
        fail(f"{path}: no documents to score")
    if args.oracle == "gold":
        preds = oracle(data, docids)
    elif args.oracle == "adapter":
        preds = adapter_oracle(data, docids)
    else:
        preds = run_pipeline(data, docids, load_analyze_text())

    metrics: dict[str, Any] = {"data": str(path), "documents": len(docids), "failed": preds.failed}
    if data.ree:
        golds = {d: gold_roles(data.ree[d]) for d in docids if d in data.ree}
        ree = score_roles(preds.roles, golds, ROLES)
        print(format_role_report(ree, "CEAF-REE"))
        metrics["ree"] = ree.as_dict()
    if data.keys is not None:
        report = TemplateReport()
        for d in docids:
            if d in data.keys:
                score_document(
                    report,
                    preds.templates.get(d, []),
                    data.keys[d],
                    preds.confidence.get(d, []),
                )
        print(format_template_report(report))
        metrics["keys"] = report.as_dict()
    if args.cost:
        metrics["cost"] = role_cost(data, docids)
        c = metrics["cost"]
        print(
            f"role filling: {c['ms_per_article']:.2f} ms per article past triage beyond the "
            f"rest of the incident stage ({c['articles']} articles; stage without it "
            f"{c['stage_ms_without']:.2f} ms)"
        )
    if preds.failed:
        print(f"newsblotter failed on {len(preds.failed)} documents: {', '.join(preds.failed)}")
    if args.json:
        print(json.dumps(metrics, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
