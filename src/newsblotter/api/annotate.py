"""Every value extracted from one article, as (kind, label, span): what the article page
highlights and ``GET /articles/{id}`` lists, so a reader can check each value in place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsblotter.records import Attribution, IncidentMention, Provenance, Statement


@dataclass(frozen=True, slots=True)
class Annotation:
    kind: str  # incident, killed, wounded, perpetrator, statement, speaker, cue, source, reported
    label: str
    start: int
    end: int
    source: str  # the mention or statement id it belongs to


def _add(out: list[Annotation], kind: str, label: str, prov: Provenance | None, src: str) -> None:
    if prov is not None and prov.end > prov.start:
        out.append(Annotation(kind, label, prov.start, prov.end, src))


def find_annotations(
    text_length: int,
    mentions: list[IncidentMention],
    statements: list[Statement],
    attributions: Sequence[Attribution] = (),
) -> list[Annotation]:
    """Spans outside the text (a stale extraction) are dropped rather than mis-highlighted."""
    out: list[Annotation] = []
    for m in mentions:
        label = m.type + (" (background)" if not m.is_main else "")
        _add(out, "incident", label, m.provenance, m.id)
        if m.killed:
            _add(out, "killed", f"killed: {m.killed.value}", m.killed.provenance, m.id)
        if m.wounded:
            _add(out, "wounded", f"wounded: {m.wounded.value}", m.wounded.provenance, m.id)
        for ref in m.perpetrators:
            _add(out, "perpetrator", ref.name, ref.provenance, m.id)
    for s in statements:
        who = s.responsible.name if s.responsible else "no actor"
        _add(out, "statement", f"{s.kind}: {who}", s.provenance, s.id)
        _add(out, "speaker", f"speaker ({s.speaker.kind})", s.speaker.provenance, s.id)
        if s.attribution is not None:
            _add(out, "cue", f"cue: {s.attribution.cue_text}", s.attribution.cue, s.id)
    for a in attributions:  # every reported statement: who said what, responsibility or not
        said = f"{a.source_text or 'unnamed source'} ({a.source_kind}) {a.cue_text}"
        _add(out, "source", f"source: {said}", a.source, f"quote:{a.cue.start}")
        _add(out, "reported", f"reported: {said}", a.content, f"quote:{a.cue.start}")
    kept = [a for a in out if 0 <= a.start < a.end <= text_length]
    return sorted(kept, key=lambda a: (a.start, -a.end, a.kind))
