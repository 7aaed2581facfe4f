"""MUC-4 answer keys and data: the 25-slot key format (``raw/key-*``), parsed into templates
with their fills and intervals, and the dev/train data a bench reads (GRIT records under
``ree/``, answer keys and message texts under ``raw/``). Read by ``bench/muc4.py`` (which
re-exports these names for the other benches and the tests) and by nothing in the package."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ceaf import fail
from newsblotter.train.muc4 import RawText, parse_texts, read_text

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
