"""``newsblotter alerts test|run RULES``: dry-run or deliver alert rules on the database."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from newsblotter.pipeline import Pipeline


def _rules(path: Path):  # type: ignore[no-untyped-def]
    # imported when the command runs: `newsblotter --help` and the other commands stay fast
    from newsblotter.alerts import RulesError, load_rules

    try:
        return load_rules(path, os.environ)
    except RulesError as exc:
        raise click.UsageError(str(exc)) from exc


_SINCE = click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="Only documents stored at or after this moment (UTC) count as new.",
)


@click.group()
def alerts() -> None:
    """Alert rules (TOML) over new statements and new or updated incidents."""


@alerts.command("test")
@click.argument("rules_path", metavar="RULES", type=click.Path(path_type=Path))
@_SINCE
@click.pass_obj
def test_rules(pipeline: Pipeline, rules_path: Path, since: dt.datetime | None) -> None:
    """Show, as NDJSON, the alerts RULES raise now; deliver and record nothing."""
    # imported when the command runs: `newsblotter --help` and the other commands stay fast
    from newsblotter.alerts import dry_run

    rules = _rules(rules_path)
    found = dry_run(pipeline.db, rules, since)
    for alert, due in found:
        line = {"rule": alert.rule, "summary": alert.summary(), "due": due, "id": alert.key}
        click.echo(json.dumps({**line, "payload": alert.payload}, ensure_ascii=False))
    pending = sum(1 for _, due in found if due)
    click.echo(f"{len(found)} alerts match, {pending} not yet delivered everywhere", err=True)


@alerts.command("run")
@click.argument("rules_path", metavar="RULES", type=click.Path(path_type=Path))
@_SINCE
@click.pass_obj
def run_rules(pipeline: Pipeline, rules_path: Path, since: dt.datetime | None) -> None:
    """Deliver the alerts RULES raise that were not delivered yet, and record them."""
    # imported when the command runs: `newsblotter --help` and the other commands stay fast
    from newsblotter.alerts import evaluate_and_deliver

    rules = _rules(rules_path)
    report = evaluate_and_deliver(pipeline.db, rules, since)
    for failure in report.failures:
        click.echo(f"failed: {failure}", err=True)
    click.echo(
        f"delivered {report.delivered}, already delivered {report.skipped}, "
        f"failed {len(report.failures)}",
        err=True,
    )
    sys.exit(1 if report.failures else 0)
