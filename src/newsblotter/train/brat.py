"""brat standoff (``.ann``) reading and writing: the subset attribution corpora use, and the
attribution relations (source, cue, content) of a PolNeAR-style corpus read from it.

Hand-written because the format is a few tab-separated line kinds and the brat tool itself
is a server, not a library. Read: ``T`` text-bound spans (possibly discontinuous,
``start end;start end``), ``E`` events (``Type:Trigger Role:T1 Role2:T2``), ``A``/``M``
attributes, ``R`` relations, ``#`` notes (kept as text), ``N`` normalisations (skipped).

Relations: events whose type starts with ``Attribution`` (``Attribution-no-source`` has no
source); ``Discuss`` / ``Discard`` flags drop one; ``Content2`` and other numbered roles join
their role's spans. Used by the attribution bench and by the attribution model's training.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

Fragment = tuple[int, int]  # [start, end) character offsets
_LINE_ID = re.compile(r"[TEAMRN]\d+\t|#")


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
    missing = 0  # characters of the last T line's text still to come on the next lines
    for lineno, line in enumerate(content.splitlines(), 1):
        if missing > 0 and not _LINE_ID.match(line):
            # a span's text holding a line break goes on over the next line
            missing -= len(line) + 1
            continue
        missing = 0
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
            fragments = _fragments(spec, where)
            ann.textbounds[ident] = TextBound(ident, label, fragments, text)
            missing = sum(e - s for s, e in fragments) + len(fragments) - 1 - len(text)
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


# --- attribution relations -------------------------------------------------------------------

ROLES = ("source", "cue", "content")
DROP_FLAGS = frozenset({"Discuss", "Discard"})
Spans = tuple[Fragment, ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One attribution relation as character spans (each role a sorted tuple of fragments)."""

    cue: Spans
    source: Spans = ()
    content: Spans = ()

    def role(self, name: str) -> Spans:
        spans: Spans = getattr(self, name)
        return spans


def clean_spans(fragments: Iterable[Fragment], text: str) -> Spans:
    """Trim whitespace inside each fragment, sort, and join fragments only whitespace parts."""
    trimmed = []
    for start, end in fragments:
        start, end = max(0, start), min(len(text), end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    merged: list[Fragment] = []
    for start, end in sorted(trimmed):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _role_name(role: str) -> str:
    return role.rstrip("0123456789").lower()


def attributions_from_ann(ann: Annotation, text: str) -> list[GoldAttribution]:
    """The attribution relations of one annotation file, in file order."""
    out = []
    for event in ann.events.values():
        if not event.type.startswith("Attribution"):
            continue
        flagged = ann.flags(event.id) | (ann.flags(event.trigger) if event.trigger else set())
        if flagged & DROP_FLAGS:
            continue
        parts: dict[str, list[Fragment]] = {role: [] for role in ROLES}
        for role, ref in event.args:
            bound = ann.textbounds.get(ref)
            name = _role_name(role)
            if bound is not None and name in parts:
                parts[name].extend(bound.fragments)
        if not parts["cue"] and event.trigger in ann.textbounds:
            parts["cue"].extend(ann.textbounds[event.trigger].fragments)
        spans = {role: clean_spans(frags, text) for role, frags in parts.items()}
        out.append(GoldAttribution(spans["cue"], spans["source"], spans["content"]))
    return out


def ann_for(stem: str, folder: Path) -> Path | None:
    """``stem.ann``, else the first ``stem_<annotator>.ann`` in sorted order."""
    exact = folder / f"{stem}.ann"
    if exact.is_file():
        return exact
    candidates = sorted(folder.glob(f"{_glob_escape(stem)}_*.ann"))
    return candidates[0] if candidates else None


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def document_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) files of a brat folder, or of PolNeAR's text/ + attributions/."""
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        texts, anns = folder / "text", folder / "attributions"
    else:
        texts = anns = folder
    pairs = []
    for txt in sorted(texts.glob("*.txt")):
        ann = ann_for(txt.stem, anns)
        if ann is not None:
            pairs.append((txt, ann))
    return pairs


def read_text(path: Path) -> str:
    """A corpus text file; raises BratError naming it when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BratError(f"{path}: cannot read ({exc})") from exc


def read_attributions(ann_path: Path, text: str) -> list[GoldAttribution]:
    """The relations of one ``.ann`` file over ``text``; raises BratError on a bad file."""
    return attributions_from_ann(read_ann(ann_path), text)
