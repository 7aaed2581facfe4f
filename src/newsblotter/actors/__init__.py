"""Actors: the curated gazetteer of armed groups, states and agencies, and alias resolution.

Contract:
- ``Gazetteer.default() -> Gazetteer`` (reads ``data/actors.json`` shipped in the package)
- ``Gazetteer.get(id) -> Actor | None``; ``resolve(name) -> Actor | None`` (aliases, case, transliterations)
- ``Gazetteer.ancestors(id) -> list[str]`` (parent chain); ``related(a, b) -> bool`` (same, parent or branch)
- ``Gazetteer.patterns() -> list[dict]`` (spaCy EntityRuler patterns, label ACTOR, id = actor id)
- ``Gazetteer.add(actor)`` for groups introduced by text.
"""
