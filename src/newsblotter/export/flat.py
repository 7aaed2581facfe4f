"""Flat exports: one CSV row and one GeoJSON point per incident.

Both are tables for tools that do not read nested JSON (spreadsheets, GIS); the nested
export (``export_json``) stays the complete record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from newsblotter.records import Count, Incident

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "type",
    "suicide",
    "country",
    "admin1",
    "place",
    "place_precision",
    "latitude",
    "longitude",
    "killed",
    "killed_qualifier",
    "killed_min",
    "killed_max",
    "wounded",
    "wounded_qualifier",
    "wounded_min",
    "wounded_max",
    "weapons",
    "targets",
    "victims",
    "articles",
    "reported",
    "actor",
    "actor_id",
    "assessment",
    "ledger",
)
LIST_SEPARATOR = "; "


def _count(prefix: str, c: Count | None) -> dict[str, Any]:
    return {
        prefix: c.value if c else None,
        f"{prefix}_qualifier": c.qualifier if c else None,
        f"{prefix}_min": c.min if c else None,
        f"{prefix}_max": c.max if c else None,
    }


def incident_row(inc: Incident) -> dict[str, Any]:
    """The incident as flat values; lists joined with '; ', the ledger as 'name: assessment'."""
    p = inc.place
    top = inc.ledger[0] if inc.ledger else None
    return {
        "id": inc.id,
        "date": inc.date.isoformat() if inc.date else None,
        "date_precision": inc.date_precision,
        "type": inc.type,
        "suicide": int(inc.suicide),
        "country": p.country if p else None,
        "admin1": p.admin1 if p else None,
        "place": p.name if p else None,
        "place_precision": p.precision if p else None,
        "latitude": p.lat if p else None,
        "longitude": p.lon if p else None,
        **_count("killed", inc.killed),
        **_count("wounded", inc.wounded),
        "weapons": LIST_SEPARATOR.join(inc.weapons),
        "targets": LIST_SEPARATOR.join(inc.targets),
        "victims": LIST_SEPARATOR.join(v.name for v in inc.victims),
        "articles": len(inc.articles),
        "reported": int(inc.reported),  # 0: only recalled in passing by articles
        "actor": top.actor.name if top else None,
        "actor_id": top.actor.id if top else None,
        "assessment": top.assessment if top else None,
        "ledger": LIST_SEPARATOR.join(f"{e.actor.name}: {e.assessment}" for e in inc.ledger),
    }


def write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def export_csv(incidents: Iterable[Incident]) -> str:
    return write_csv((incident_row(i) for i in incidents), CSV_COLUMNS)


def export_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """A FeatureCollection of incident points (incidents without coordinates are left out);
    coordinates in [longitude, latitude] order as RFC 7946 requires."""
    features = []
    for inc in incidents:
        p = inc.place
        if p is None or p.lat is None or p.lon is None:
            continue
        props = incident_row(inc)
        props.pop("latitude")
        props.pop("longitude")
        features.append(
            {
                "type": "Feature",
                "id": inc.id,
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}
