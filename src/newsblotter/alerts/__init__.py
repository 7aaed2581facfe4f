"""Alerts: TOML rules over new statements and new or updated incidents, delivered once.

Contract:
- ``load_rules(path, env) -> Rules`` (raises ``RulesError``, one line naming the file).
- ``find_alerts(db, rules, actors, since=None) -> list[Alert]``: what the rules match now.
- ``evaluate_and_deliver(db, rules, since=None, ...) -> DeliveryReport``: delivers every
  matching alert to each of its channels that has not had it yet and records each delivery
  (table ``alert_deliveries``), so an alert reaches a channel once, also across restarts; a
  failed delivery is not recorded and is tried again on the next call. ``watch`` calls this
  after each ingest.
- ``dry_run(db, rules, since=None) -> list[tuple[Alert, list[str]]]``: alerts with the
  channels still due, delivering and recording nothing (``newsblotter alerts test``).

Delivery is at least once per channel: a crash between sending and recording resends on the
next run; receivers can drop duplicates by the alert id (``X-Newsblotter-Delivery``).
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from typing import TextIO

from newsblotter.alerts.deliver import Deliverer, DeliveryError, make_deliverer
from newsblotter.alerts.match import Alert, find_alerts
from newsblotter.alerts.rules import Rules, RulesError, load_rules, parse_rules
from newsblotter.query.actors import ActorIndex, index_for_db
from newsblotter.store import Database

__all__ = [
    "Alert",
    "DeliveryError",
    "DeliveryReport",
    "Rules",
    "RulesError",
    "dry_run",
    "evaluate_and_deliver",
    "find_alerts",
    "load_rules",
    "parse_rules",
]


@dataclass
class DeliveryReport:
    delivered: int = 0
    skipped: int = 0  # already delivered to that channel
    failures: list[str] = field(default_factory=list)


def _due(db: Database, alerts: list[Alert]) -> list[tuple[Alert, list[str]]]:
    done = {
        (key, channel) for key, channel, _r, _s in db.alert_deliveries({a.subject for a in alerts})
    }
    return [(a, [c for c in a.channels if (a.key, c) not in done]) for a in alerts]


def _with_change(db: Database, alerts: list[Alert]) -> list[Alert]:
    """Incident alerts say whether the rule alerted on that incident before ("updated")."""
    seen = {
        (rule, subject)
        for _k, _c, rule, subject in db.alert_deliveries({a.subject for a in alerts})
    }
    out = []
    for a in alerts:
        if a.event == "incident":
            change = "updated" if (a.rule, a.subject) in seen else "new"
            a = Alert(
                a.rule, a.event, a.subject, a.revision, a.channels, {**a.payload, "change": change}
            )
        out.append(a)
    return out


def dry_run(
    db: Database, rules: Rules, since: dt.datetime | None = None, actors: ActorIndex | None = None
) -> list[tuple[Alert, list[str]]]:
    found = find_alerts(db, rules, actors or index_for_db(db), since)
    return _due(db, _with_change(db, found))


def evaluate_and_deliver(
    db: Database,
    rules: Rules,
    since: dt.datetime | None = None,
    actors: ActorIndex | None = None,
    stdout: TextIO | None = None,
    deliverers: dict[str, Deliverer] | None = None,
) -> DeliveryReport:
    report = DeliveryReport()
    made = dict(deliverers or {})
    for alert, due in dry_run(db, rules, since, actors):
        report.skipped += len(alert.channels) - len(due)
        for name in due:
            channel = rules.channels[name]
            if name not in made:
                made[name] = make_deliverer(channel.type, channel.options, stdout or sys.stdout)
            try:
                made[name].deliver(alert)
            except DeliveryError as exc:
                report.failures.append(f"{alert.rule} -> {name}: {exc}")
                continue
            db.record_alert(alert.key, name, alert.rule, alert.subject)
            report.delivered += 1
    return report
