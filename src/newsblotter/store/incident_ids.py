"""The registry of incident ids (``incident_ids``): every id shown, and where merged ones went.

``settle_ids`` gives a rebuild's incidents their stable ids (``merge.ids.settle``) against
the incidents stored now and the registry, and writes the registry before the incident set
is replaced, so a stop in between leaves no id without its redirect. ``resolve`` follows the
redirects of an id to the incident that holds its reports now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from newsblotter.merge.ids import settle, shown
from newsblotter.store import schema as t
from newsblotter.store.sources import SourceStore

if TYPE_CHECKING:
    from newsblotter.records import Incident
    from newsblotter.store.db import Database


def settle_ids(db: Database, incidents: Sequence[Incident]) -> dict[str, str]:
    """Give ``incidents`` their stable ids (in place) and record them; returns the redirects
    this rebuild adds (old id -> id)."""
    c = t.incident_ids.c
    previous = [shown(i) for i in db.incidents()]
    with db.engine.connect() as conn:
        rows = conn.execute(select(c.id, c.redirect_to).order_by(c.first_seen, c.id)).all()
    seen = {row.id: n for n, row in enumerate(rows)}  # first shown first, ties by id
    for old in sorted(p.id for p in previous):  # shown before the registry existed
        seen.setdefault(old, len(seen))
    live = {p.id for p in previous}
    moved = {row.id for row in rows if row.redirect_to is not None and row.id not in live}
    result = settle(incidents, previous, seen, moved)
    for n, inc in enumerate(incidents):
        inc.id = result.ids[n]
    now = dt.datetime.now(dt.UTC)
    registered = {row.id for row in rows}
    new = [{"id": i.id, "first_seen": now} for i in incidents if i.id not in registered]
    new += [
        {"id": p.id, "first_seen": now}
        for p in previous
        if p.id not in registered and p.id not in {i.id for i in incidents}
    ]
    with db._write() as conn:
        # a rebuild running beside this one may register the same ids: the first one wins
        SourceStore._insert_ignore(conn, t.incident_ids, new)
        now_live = [i.id for i in incidents]
        if now_live:  # a live id redirects nowhere
            conn.execute(update(t.incident_ids).where(c.id.in_(now_live)).values(redirect_to=None))
        for old, target in sorted(result.redirects.items()):
            conn.execute(update(t.incident_ids).where(c.id == old).values(redirect_to=target))
    return result.redirects


def redirects(db: Database) -> dict[str, str]:
    """Every redirect: old id -> the id it was merged into."""
    c = t.incident_ids.c
    with db.engine.connect() as conn:
        rows = conn.execute(select(c.id, c.redirect_to).where(c.redirect_to.is_not(None)))
        return {row.id: row.redirect_to for row in rows}
