"""brat standoff (``.ann``) reading and writing: the subset attribution corpora use.

Hand-written because the format is a few tab-separated line kinds and the brat tool itself
is a server, not a library. Read: ``T`` text-bound spans (possibly discontinuous,
``start end;start end``), ``E`` events (``Type:Trigger Role:T1 Role2:T2``), ``A``/``M``
attributes, ``R`` relations, ``#`` notes (kept as text), ``N`` normalisations (skipped).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

Fragment = tuple[int, int]  # [start, end) character offsets


class BratError(ValueError):
    """A line that is not brat standoff; the message names file and line."""


@dataclass(frozen=True, slots=True)
class TextBound:
    id: str
    label: str
    fragments: tuple[Fragment, ...]
    text: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    trigger: str | None
    args: tuple[tuple[str, str], ...]  # (role as written, e.g. "Content2", annotation id)


@dataclass(frozen=True, slots=True)
class Attribute:
    id: str
    name: str
    target: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    type: str
    args: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class Annotation:
    textbounds: dict[str, TextBound] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    attributes: list[Attribute] = field(default_factory=list)
    relations: dict[str, Relation] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def flags(self, target: str) -> set[str]:
        """Attribute names set on an annotation id."""
        return {a.name for a in self.attributes if a.target == target}


def _fragments(spec: str, where: str) -> tuple[Fragment, ...]:
    out = []
    for part in spec.split(";"):
        bits = part.split()
        if len(bits) != 2 or not all(b.isdigit() for b in bits):
            raise BratError(f"{where}: bad offsets {spec!r}")
        start, end = int(bits[0]), int(bits[1])
        if end < start:
            raise BratError(f"{where}: span ends before it starts ({spec!r})")
        out.append((start, end))
    return tuple(out)


def _args(items: Iterable[str], where: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in items:
        role, sep, ref = item.partition(":")
        if not sep or not role or not ref:
            raise BratError(f"{where}: bad argument {item!r}")
        out.append((role, ref))
    return tuple(out)


def parse_ann(content: str, source: str = "<ann>") -> Annotation:
    """Parse the text of an ``.ann`` file; raises BratError on malformed lines."""
    ann = Annotation()
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind == "T":
            head, tab, text = rest.partition("\t")
            label, _, spec = head.partition(" ")
            if not tab or not label or not spec:
                raise BratError(f"{where}: bad text-bound line {line!r}")
            ann.textbounds[ident] = TextBound(ident, label, _fragments(spec, where), text)
        elif kind == "E":
            items = rest.split()
            if not items:
                raise BratError(f"{where}: empty event {line!r}")
            etype, _sep, trigger = items[0].partition(":")
            ann.events[ident] = Event(ident, etype, trigger or None, _args(items[1:], where))
        elif kind in {"A", "M"}:
            items = rest.split()
            if len(items) < 2:
                raise BratError(f"{where}: bad attribute {line!r}")
            value = items[2] if len(items) > 2 else None
            ann.attributes.append(Attribute(ident, items[0], items[1], value))
        elif kind == "R":
            items = rest.split()
            if not items:
                raise BratError(f"{where}: empty relation {line!r}")
            ann.relations[ident] = Relation(ident, items[0], _args(items[1:], where))
        elif kind == "#":
            ann.notes.append(rest)
        elif kind == "N":
            continue  # normalisation to an external resource: nothing to score
        else:
            raise BratError(f"{where}: not a brat standoff line {line!r}")
    return ann


def read_ann(path: Path) -> Annotation:
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BratError(f"{path}: cannot read ({exc})") from exc
    return parse_ann(content, str(path))


def format_textbound(ident: str, label: str, fragments: Iterable[Fragment], text: str) -> str:
    """One ``T`` line; the text column joins the fragments with a space, as brat does."""
    frags = list(fragments)
    spec = ";".join(f"{s} {e}" for s, e in frags)
    covered = " ".join(text[s:e] for s, e in frags).replace("\n", " ")
    return f"{ident}\t{label} {spec}\t{covered}"
