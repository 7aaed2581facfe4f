"""The registry of export formats: the CLI's choices, the API's ``format`` parameter and its
media types all read :data:`FORMATS`, and a test checks that docs/serve.md lists exactly
these formats."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsblotter.export import export_json
from newsblotter.export.flat import export_csv, export_geojson
from newsblotter.export.gtd import GtdSource, export_gtd
from newsblotter.records import Article, Incident

if TYPE_CHECKING:
    from newsblotter.query.actors import ActorIndex
    from newsblotter.store import Database

# (database, actors, the incidents to export or None for all) -> the export as text
Writer = Callable[["Database", "ActorIndex", "list[Incident] | None"], str]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str  # as a link or a heading shows it
    media_type: str
    extension: str
    summary: str  # one line: the CLI's help, the API's description, the docs' bullet
    write: Writer


def _json(db: Database, actors: ActorIndex, incidents: list[Incident] | None) -> str:
    return json.dumps(export_json(db, actors, incidents), ensure_ascii=False, indent=2)


def _csv(db: Database, _actors: ActorIndex, incidents: list[Incident] | None) -> str:
    return export_csv(db.incidents() if incidents is None else incidents)


def _geojson(db: Database, _actors: ActorIndex, incidents: list[Incident] | None) -> str:
    items = db.incidents() if incidents is None else incidents
    return json.dumps(export_geojson(items), ensure_ascii=False)


def _gtd(db: Database, actors: ActorIndex, incidents: list[Incident] | None) -> str:
    items = db.incidents() if incidents is None else incidents
    sources = (GtdSource(inc, db.statements(incident=inc.id), _articles(db, inc)) for inc in items)
    return export_gtd(sources, actors.related)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            "JSON",
            "application/json",
            "json",
            "incidents, statements, articles and actors (schema: export/schema.json)",
            _json,
        ),
        Format("csv", "CSV", "text/csv; charset=utf-8", "csv", "one row per incident", _csv),
        Format(
            "geojson",
            "GeoJSON",
            "application/geo+json",
            "geojson",
            "incident points as an RFC 7946 FeatureCollection",
            _geojson,
        ),
        Format(
            "gtd",
            "GTD CSV",
            "text/csv; charset=utf-8",
            "csv",
            "GTD variables and codes (docs/gtd.md)",
            _gtd,
        ),
    )
}


def render(
    fmt: str, db: Database, actors: ActorIndex, incidents: list[Incident] | None = None
) -> str:
    """The export as text; ``incidents`` restricts it (default: every incident)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    return FORMATS[fmt].write(db, actors, incidents)


def _articles(db: Database, inc: Incident) -> list[Article]:
    found = {a.document: a for a in db.articles(inc.articles)}
    ordered = [found[d] for d in inc.articles if d in found]
    return sorted(ordered, key=lambda a: (a.published or dt.date.min, a.document))
