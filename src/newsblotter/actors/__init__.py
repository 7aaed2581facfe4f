"""Actors: the curated gazetteer of armed groups, states and agencies, and alias resolution.

Contract:
- ``Gazetteer.default() -> Gazetteer`` (reads ``data/actors.json`` shipped in the package)
- ``Gazetteer.get(id) -> Actor | None``; ``resolve(name) -> Actor | None`` (aliases, case,
  transliterations)
- ``Gazetteer.ancestors(id) -> list[str]`` (parent chain); ``related(a, b) -> bool`` (same,
  parent or branch)
- ``Gazetteer.patterns() -> list[dict]`` (spaCy EntityRuler patterns, label ACTOR, id = actor id)
- ``Gazetteer.add(actor)`` for groups introduced by text.

Also: ``resolve(name, context)`` settles ambiguous aliases ("MIT", "ISI", "ADF") from the
surrounding text or not at all; ``branches(id)``; ``introduced_actor(name)`` for "a group
calling itself X"; ``state_of(id)``; ``info(id)`` (active years, coalitions, successor).
Patterns without an ``id`` are ambiguous aliases: resolve their text with the sentence as
context. The data file's shape is ``data/actors.schema.json``.
"""

from newsblotter.actors.document import GazetteerError
from newsblotter.actors.gazetteer import PATTERN_LABEL, ActorInfo, Gazetteer
from newsblotter.records import Actor

__all__ = ["PATTERN_LABEL", "Actor", "ActorInfo", "Gazetteer", "GazetteerError"]
