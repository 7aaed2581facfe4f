"""One entry point for every export format, shared by the CLI and the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from newsblotter.export import export_json
from newsblotter.export.flat import export_csv, export_geojson
from newsblotter.export.gtd import GtdSource, export_gtd
from newsblotter.records import Article, Incident

if TYPE_CHECKING:
    from newsblotter.api.catalogue import ActorIndex
    from newsblotter.store import Database

FORMATS: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "gtd": "text/csv; charset=utf-8",
}
EXTENSIONS = {"json": "json", "csv": "csv", "geojson": "geojson", "gtd": "csv"}


def render(
    fmt: str, db: Database, actors: ActorIndex, incidents: list[Incident] | None = None
) -> str:
    """The export as text; ``incidents`` restricts it (default: every incident)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "json":
        return json.dumps(export_json(db, actors, incidents), ensure_ascii=False, indent=2)
    items = db.incidents() if incidents is None else incidents
    if fmt == "csv":
        return export_csv(items)
    if fmt == "geojson":
        return json.dumps(export_geojson(items), ensure_ascii=False)
    sources = (GtdSource(inc, db.statements(incident=inc.id), _articles(db, inc)) for inc in items)
    return export_gtd(sources, actors.related)


def _articles(db: Database, inc: Incident) -> list[Article]:
    found = {a.document: a for a in db.articles(inc.articles)}
    ordered = [found[d] for d in inc.articles if d in found]
    return sorted(ordered, key=lambda a: (a.published or dt.date.min, a.document))
