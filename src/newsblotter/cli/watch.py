"""``newsblotter watch``: poll the followed feeds until Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

import click

from newsblotter.cli.settings import setting_option
from newsblotter.pipeline import Pipeline


@click.command()
@click.option("--once", is_flag=True, help="Poll what is due, ingest, and exit.")
@setting_option("workers")
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False),
    help="Alert rules (TOML), evaluated after each batch of new documents.",
)
@click.pass_obj
def watch(pipeline: Pipeline, once: bool, workers: int | None, rules_path: str | None) -> None:
    """Poll every feed on its own interval and ingest its new items. Ctrl-C stops after the
    documents in flight are stored; the next ``watch`` resumes where this one stopped.
    With --rules, each alert is delivered once (recorded), also across restarts."""
    # imported when the command runs: `newsblotter --help` and the other commands stay fast
    from newsblotter.pipeline import resolve_workers
    from newsblotter.watch import Watcher

    after_ingest = _alerting(pipeline, rules_path) if rules_path else None

    stop = threading.Event()

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # a second Ctrl-C: stop now (each document is atomic)
        click.echo("stopping after the documents in flight (Ctrl-C again to stop now)", err=True)
        stop.set()

    previous = signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    watcher = Watcher(
        pipeline,
        workers=resolve_workers(pipeline.settings.workers if workers is None else workers),
        on_event=lambda m: click.echo(m, err=True),
        after_ingest=after_ingest,
    )
    try:
        if not watcher.store.feeds():
            raise click.UsageError("no feeds followed: add some with `newsblotter feeds add URL`")
        cycles = watcher.run(stop, max_cycles=1 if once else None)
    finally:
        watcher.close()
        signal.signal(signal.SIGINT, previous)
    click.echo(f"stopped after {cycles} cycle(s)" if stop.is_set() else f"done ({cycles} cycle(s))")
    last = watcher.last
    if once and last is not None and last.polled and last.failed == last.polled:
        click.echo(f"every feed polled failed ({last.failed})", err=True)
        sys.exit(1)


def _alerting(pipeline: Pipeline, path: str) -> Callable[[], None]:
    """Load the rules now (a bad file is a usage error) and deliver what they match."""
    # the alert rules and their channels (httpx, e-mail): only when --alerts is given
    from newsblotter.alerts import evaluate_and_deliver
    from newsblotter.alerts.rules import RulesError, load_rules

    try:
        rules = load_rules(path, os.environ)
    except RulesError as exc:
        raise click.UsageError(str(exc)) from exc

    def deliver() -> None:
        report = evaluate_and_deliver(pipeline.db, rules)
        if report.delivered:
            click.echo(f"alerts: {report.delivered} delivered", err=True)
        for failure in report.failures:
            click.echo(f"alert failed: {failure}", err=True)

    return deliver
