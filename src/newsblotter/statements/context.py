"""What the statement reader may know of a document, gathered once and passed explicitly.

The reader is a set of pure functions over one attribution (or one arrest) and this
context: the parse, the entities, the incident mentions and the actor gazetteer, plus the
few facts that look back in the text (the armed group named last, the armed group that was
the subject of the sentence before), computed here for the whole document up front so that
nothing is carried from one statement to the next.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Protocol

from newsblotter.records import (
    Actor,
    ActorRef,
    Annotated,
    Article,
    Entity,
    IncidentMention,
    Provenance,
)

VERSION = "statements/18"


class ActorIndex(Protocol):
    """What this stage needs of the actor gazetteer (newsblotter.actors.Gazetteer)."""

    def get(self, id: str) -> Actor | None: ...
    def resolve(self, name: str, context: str | None = None) -> Actor | None: ...
    def branches(self, id: str) -> list[str]: ...
    def introduced_actor(self, name: str) -> Actor: ...
    def actors(self, kind: str | None = None) -> list[Actor]: ...
    def ancestors(self, id: str) -> list[str]: ...
    def state_for_demonym(self, word: str) -> Actor | None: ...


@dataclass(frozen=True)
class Context:
    """One document as the statement reader sees it (read-only once built)."""

    ann: Annotated
    actors: ActorIndex
    mentions: tuple[IncidentMention, ...]
    introduced: tuple[Actor, ...] = ()
    _starts: list[int] = field(default_factory=list)
    _entities: list[Entity] = field(default_factory=list)
    _groups: list[tuple[int, ActorRef]] = field(default_factory=list)
    _group_starts: list[int] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)
    _voices: dict[int, ActorRef] = field(default_factory=dict)

    @property
    def doc(self) -> Any:
        return self.ann.doc

    @property
    def article(self) -> Article:
        return self.ann.article

    def prov(self, start: int, end: int) -> Provenance:
        return Provenance(self.article.document, start, end, VERSION)

    def actor(self, id: str | None) -> Actor | None:
        """A gazetteer actor, or one this article introduces."""
        if not id:
            return None
        return self.actors.get(id) or next((a for a in self.introduced if a.id == id), None)

    def entity_at(self, char: int) -> Entity | None:
        """The entity covering this character offset, if any."""
        k = bisect.bisect_right(self._starts, char)
        for ent in self._entities[max(0, k - 3) : k]:
            if ent.start <= char < ent.end:
                return ent
        return None

    def group_before(self, char: int) -> ActorRef | None:
        """The armed group named last in the sentences up to (and including) this one."""
        k = bisect.bisect_left(self._group_starts, self.sentence_end(char)) - 1
        if k < 0:
            return None
        # the first group of the latest sentence that names one ("X, Y's branch, ...": X)
        start = self.sentence_start(self._groups[k][0])
        while k > 0 and self._groups[k - 1][0] >= start:
            k -= 1
        return self._groups[k][1]

    def voice_before(self, sent_start_char: int) -> ActorRef | None:
        """The armed group that was the subject of the sentence before this one."""
        return self._voices.get(sent_start_char)

    def sentence_start(self, char: int) -> int:
        k = bisect.bisect_right(self._sent_starts, char) - 1
        return self.ann.sentences[k][0] if k >= 0 else 0

    def sentence_end(self, char: int) -> int:
        k = bisect.bisect_right(self._sent_starts, char) - 1
        return self.ann.sentences[k][1] if k >= 0 else len(self.article.text)


def build(
    ann: Annotated,
    mentions: list[IncidentMention],
    actors: ActorIndex,
    introduced: list[Actor] | None = None,
) -> Context:
    entities = sorted(ann.entities, key=lambda e: (e.start, e.end))
    ctx = Context(
        ann,
        actors,
        tuple(mentions),
        tuple(introduced or ()),
        [e.start for e in entities],
        entities,
    )
    for ent in entities:
        actor = actors.get(ent.actor_id) if ent.actor_id else None
        if actor is not None and actor.kind == "armed_group":
            ref = ActorRef(actor.name, actor.id, ctx.prov(ent.start, ent.end))
            ctx._groups.append((ent.start, ref))
            ctx._group_starts.append(ent.start)
    ctx._sent_starts.extend(s for s, _ in ann.sentences)
    previous: ActorRef | None = None
    for sent in ann.doc.sents if ann.doc is not None else ():
        if previous is not None:
            ctx._voices[sent.start_char] = previous
        previous = _subject_group(ctx, sent)
    return ctx


def _subject_group(ctx: Context, sent: Any) -> ActorRef | None:
    subject = next((t for t in sent.root.children if t.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return None
    left = subject.left_edge.idx
    right = subject.right_edge.idx + len(subject.right_edge)
    for start, ref in ctx._groups:
        if left <= start < right:
            return ref
    return None
