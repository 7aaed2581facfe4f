"""The actors a query knows: the shipped gazetteer plus the groups met in text.

Queries, the web pages and the API need to enumerate actors and walk the hierarchy both ways
(parent and branches); the index is built from the library's own sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from newsblotter.records import Actor

if TYPE_CHECKING:
    from newsblotter.pipeline import Pipeline
    from newsblotter.store import Database


class ActorLookup(Protocol):
    """What a query needs of an actor index (``ActorIndex`` is one)."""

    def get(self, id: str) -> Actor | None: ...

    def resolve(self, name: str) -> Actor | None: ...

    def family(self, id: str) -> set[str]: ...


def actor_family(actors: ActorLookup, name: str) -> set[str] | None:
    """The actor ``name`` (an id, name or alias) and its branches, by id; None if unknown."""
    found = actors.get(name) or actors.resolve(name)
    return None if found is None else actors.family(found.id)


class ActorIndex:
    """Actors by id with parent/branch navigation; satisfies ``ledger.ActorRelations``."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self._by_id: dict[str, Actor] = {}
        for actor in actors:
            self._by_id.setdefault(actor.id, actor)
        self._children: dict[str, list[str]] = {}
        for actor in self._by_id.values():
            if actor.parent:
                self._children.setdefault(actor.parent, []).append(actor.id)
        self._names: dict[str, str] = {}
        for actor in self._by_id.values():
            for name in (actor.id, actor.name, *actor.aliases):
                self._names.setdefault(name.casefold(), actor.id)

    def __len__(self) -> int:
        return len(self._by_id)

    def all(self) -> list[Actor]:
        return sorted(self._by_id.values(), key=lambda a: a.name.casefold())

    def get(self, id: str) -> Actor | None:
        return self._by_id.get(id)

    def find(self, q: str | None = None, kind: str | None = None) -> list[Actor]:
        """Actors of ``kind`` whose id, name or an alias contains ``q`` (any case), by name."""
        needle = q.casefold() if q else None
        return [
            a
            for a in self.all()
            if (kind is None or a.kind == kind)
            and (needle is None or any(needle in n.casefold() for n in (a.id, a.name, *a.aliases)))
        ]

    def resolve(self, name: str) -> Actor | None:
        """An actor by id, name or alias, ignoring case."""
        found = self._names.get(name.strip().casefold())
        return None if found is None else self._by_id[found]

    def ancestors(self, id: str) -> list[str]:
        out: list[str] = []
        actor = self._by_id.get(id)
        while actor is not None and actor.parent and actor.parent not in out:
            out.append(actor.parent)
            actor = self._by_id.get(actor.parent)
        return out

    def children(self, id: str) -> list[str]:
        return sorted(self._children.get(id, []))

    def descendants(self, id: str) -> list[str]:
        out: list[str] = []
        stack = list(self._children.get(id, []))
        while stack:
            child = stack.pop()
            if child not in out:
                out.append(child)
                stack.extend(self._children.get(child, []))
        return out

    def family(self, id: str) -> set[str]:
        """The actor and all its branches: what "actor X, branches included" matches."""
        return {id, *self.descendants(id)}

    def related(self, a: str, b: str) -> bool:
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)


def load_index(pipeline: Pipeline) -> ActorIndex:
    """Stored actors first (they include groups introduced by text), then the gazetteer.

    The gazetteer is the actors stage's; when that stage is not installed the stored actors
    alone are served, so the server still runs on a database built elsewhere.
    """
    actors = list(pipeline.db.actors())
    try:
        gazetteer = pipeline.actors
    except ImportError:
        return ActorIndex(actors)
    return ActorIndex([*actors, *gazetteer.actors()])


def index_for_db(db: Database) -> ActorIndex:
    """The index for a bare database (alerts run without a Pipeline): stored actors plus the
    shipped gazetteer when the actors stage is installed."""
    actors = list(db.actors())
    try:
        from newsblotter.actors import Gazetteer  # optional: spaCy's stage, absent in a reader
    except ImportError:
        return ActorIndex(actors)
    return ActorIndex([*actors, *Gazetteer.default().actors()])
