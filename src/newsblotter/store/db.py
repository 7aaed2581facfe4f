"""The Database: every read and write of pipeline records goes through here.

Its parts, one module each: ``documents`` (stored inputs, failures), ``extractions`` (what a
document yields, written in one transaction), ``incidents`` and ``statements`` (the merged
set and what bears on it), ``decisions`` (analyst overrides, delivered alerts), on the
plumbing of ``base`` and the record/row mapping of ``rows``.
"""

from __future__ import annotations

from sqlalchemy import func, select

from newsblotter.store import schema as t
from newsblotter.store.base import one_line
from newsblotter.store.decisions import Decisions
from newsblotter.store.extractions import Extractions
from newsblotter.store.statements import Statements

__all__ = ["Database", "one_line"]


class Database(Extractions, Statements, Decisions):
    """A newsblotter database; obtain one with :func:`newsblotter.store.open_db`."""

    def stats(self) -> dict[str, int]:
        counted = {
            "documents": t.documents,
            "articles": t.articles,
            "mentions": t.mentions,
            "statements": t.statements,
            "actors": t.actors,
            "incidents": t.incidents,
            "failures": t.failures,
            "overrides": t.overrides,
        }
        with self._read() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in counted.items()
            }
