"""Reading and checking a gazetteer document (the shape of ``data/actors.json``).

Two layers of checks: the JSON Schema (``data/actors.schema.json``) for shape, then the
integrity rules a schema cannot state: unique ids, parents and coalitions that exist, no
parent cycles, agencies that hang off a state, and no alias shared by two actors unless the
document says so in ``ambiguous_aliases``. Aliases are compared by :func:`normalise.key`, the
form resolution uses, so two spellings that would collide at lookup time collide here too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsblotter.actors import normalise

KINDS: tuple[str, ...] = ("armed_group", "state", "agency", "organisation", "person")
DATA_PACKAGE = "newsblotter.actors"
DATA_FILE = "data/actors.json"
SCHEMA_FILE = "data/actors.schema.json"


class GazetteerError(ValueError):
    """A gazetteer document that cannot be used; the message is one line naming the input."""


@cache
def schema() -> dict[str, Any]:
    text = resources.files(DATA_PACKAGE).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def read_document(source: str | Path | None = None) -> tuple[str, dict[str, Any]]:
    """(label, parsed JSON) of ``source``, or of the shipped ``data/actors.json`` when None."""
    if source is None:
        label = f"{DATA_PACKAGE}/{DATA_FILE}"
        text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    else:
        label = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"{label}: cannot read gazetteer: {exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{label}: not valid JSON: {exc}") from None
    if not isinstance(document, dict):
        raise GazetteerError(f"{label}: a gazetteer must be a JSON object")
    return label, document


def schema_problems(document: Mapping[str, Any]) -> list[str]:
    """Every schema violation, as 'path: message' lines."""
    import jsonschema  # deferred: only documents read from outside the package are checked

    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append(f"{where}: {error.message}")
    return problems


def alias_owners(actors: list[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Normalised key -> ids of the actors whose name or aliases reduce to it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        for alias in [actor["name"], *actor.get("aliases", [])]:
            for k in normalise.keys(alias):
                owners[k].add(actor["id"])
    return owners


def loose_owners(actors: list[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Like :func:`alias_owners` for the fallback key (no spaces, doubled letters single)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        for alias in [actor["name"], *actor.get("aliases", [])]:
            k = normalise.loose_key(alias)
            if k:
                owners[k].add(actor["id"])
    return owners


def _parent_cycles(parents: Mapping[str, str | None]) -> Iterator[str]:
    for start in parents:
        seen = {start}
        node = parents.get(start)
        while node is not None and node in parents:
            if node in seen:
                yield start
                break
            seen.add(node)
            node = parents.get(node)


def integrity_problems(document: Mapping[str, Any]) -> list[str]:
    """Every integrity rule the document breaks, one line each (empty when sound)."""
    actors: list[Mapping[str, Any]] = list(document.get("actors", []))
    problems: list[str] = []
    ids: dict[str, Mapping[str, Any]] = {}
    for actor in actors:
        if actor["id"] in ids:
            problems.append(f"actor {actor['id']!r}: duplicate id")
        ids[actor["id"]] = actor
    parents = {a["id"]: a.get("parent") for a in actors}
    for actor in actors:
        aid = actor["id"]
        for field in ("parent", "successor"):
            target = actor.get(field)
            if target is not None and target not in ids:
                problems.append(f"actor {aid!r}: {field} {target!r} does not exist")
            if target == aid:
                problems.append(f"actor {aid!r}: {field} is itself")
        for coalition in actor.get("member_of", []):
            if coalition not in ids:
                problems.append(f"actor {aid!r}: member_of {coalition!r} does not exist")
        active = actor.get("active", {})
        if "from" in active and "to" in active and active["from"] > active["to"]:
            problems.append(f"actor {aid!r}: active from {active['from']} after to {active['to']}")
    problems += [f"actor {aid!r}: parent chain loops" for aid in _parent_cycles(parents)]
    if problems:
        return problems  # the checks below walk parent chains

    state_codes: dict[str, str] = {}
    for actor in actors:
        if actor["kind"] == "state":
            code = actor["country"]
            if code in state_codes:
                problems.append(
                    f"actor {actor['id']!r}: country {code} already used by {state_codes[code]!r}"
                )
            state_codes[code] = actor["id"]
    for actor in actors:
        aid, code = actor["id"], actor.get("country")
        if code is not None and code not in state_codes:
            problems.append(f"actor {aid!r}: country {code} is not the code of any state here")
        if actor["kind"] == "agency":
            chain = []
            node = actor.get("parent")
            while node is not None:
                chain.append(node)
                node = parents[node]
            states = [n for n in chain if ids[n]["kind"] == "state"]
            if not states:
                problems.append(f"actor {aid!r}: an agency needs a state among its ancestors")
            elif code != ids[states[0]]["country"]:
                problems.append(
                    f"actor {aid!r}: country {code} differs from its state {states[0]!r}"
                )

    owners = alias_owners(actors)
    declared: dict[str, set[str]] = {}
    for entry in document.get("ambiguous_aliases", []):
        listed = set(entry["actors"])
        unknown = listed - ids.keys()
        if unknown:
            problems.append(f"ambiguous alias {entry['alias']!r}: unknown actors {sorted(unknown)}")
        for k in normalise.keys(entry["alias"]):
            if k in declared:
                problems.append(f"ambiguous alias {entry['alias']!r}: listed twice")
            declared[k] = listed
            if owners.get(k, set()) != listed:
                problems.append(
                    f"ambiguous alias {entry['alias']!r}: lists {sorted(listed)} but the actors "
                    f"using it are {sorted(owners.get(k, set()))}"
                )
    for k, who in sorted(owners.items()):
        if len(who) > 1 and k not in declared:
            problems.append(f"alias {k!r} is shared by {sorted(who)} but not in ambiguous_aliases")
    declared_sets = [frozenset(v) for v in declared.values()]
    for k, who in sorted(loose_owners(actors).items()):
        if len(who) > 1 and frozenset(who) not in declared_sets:
            problems.append(f"loose spelling {k!r} is shared by {sorted(who)}: rename or declare")
    return problems


def check(document: Mapping[str, Any], label: str, *, with_schema: bool = True) -> None:
    """Raise GazetteerError naming ``label`` and the first problem, if there is one."""
    problems = schema_problems(document) if with_schema else []
    if not problems:
        problems = integrity_problems(document)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GazetteerError(f"{label}: {problems[0]}{more}")
