"""Decisions kept across rebuilds: the analyst's merges and splits, and delivered alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import insert, select

from newsblotter.store import schema as t
from newsblotter.store.base import StoreBase, now, utc


class Decisions(StoreBase):
    """Overrides (analyst decisions) and alert deliveries."""

    def add_override(
        self, kind: str, target: str, data: dict[str, Any], note: str | None = None
    ) -> int:
        """Record an analyst's decision (merge, split, ...); rebuilds replay them in order."""
        with self._write() as conn:
            result = conn.execute(
                insert(t.overrides).values(
                    kind=kind, target=target, data=data, note=note, created_at=now()
                )
            )
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def overrides(
        self, kinds: Collection[str] | None = None
    ) -> list[tuple[int, str, str, dict[str, Any], str | None, dt.datetime]]:
        """``(id, kind, target, data, note, created_at)`` in the order they were made."""
        o = t.overrides.c
        stmt = select(o.id, o.kind, o.target, o.data, o.note, o.created_at).order_by(o.id)
        if kinds is not None:
            stmt = stmt.where(o.kind.in_(list(kinds)))
        with self._read() as conn:
            return [
                (r.id, r.kind, r.target, r.data, r.note, utc(r.created_at))
                for r in conn.execute(stmt)
            ]

    # -- alerts -----------------------------------------------------------------------------

    def alert_deliveries(self, subjects: Collection[str]) -> list[tuple[str, str, str, str]]:
        """``(key, channel, rule, subject)`` of the alerts delivered about ``subjects``."""
        c = t.alert_deliveries.c
        with self._read() as conn:
            rows = conn.execute(
                select(c.key, c.channel, c.rule, c.subject).where(c.subject.in_(list(subjects)))
            )
            return [(row.key, row.channel, row.rule, row.subject) for row in rows]

    def record_alert(self, key: str, channel: str, rule: str, subject: str) -> None:
        """Remember that alert ``key`` reached ``channel`` (recording it twice is harmless)."""
        row = {
            "key": key,
            "channel": channel,
            "rule": rule,
            "subject": subject,
            "delivered_at": now(),
        }
        with self._write() as conn:
            self._upsert(conn, t.alert_deliveries, [row])
