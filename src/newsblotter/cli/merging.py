"""Merging commands: rebuild all incidents, and an analyst's merge and split.

``newsblotter incidents`` keeps listing incidents; ``incidents merge A B`` and
``incidents split A --article DOC`` record the decision (the ``overrides`` table), then
rebuild, so the decision holds for this and every later rebuild.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from newsblotter.cli import views
from newsblotter.cli.listing import Column, emit, format_option
from newsblotter.merge import Override, merge_override, split_override
from newsblotter.pipeline import Pipeline
from newsblotter.records import Incident


@click.command("merge")
@click.option("--rebuild", is_flag=True, help="Recompute all incidents from the stored mentions.")
@click.pass_obj
def merge_command(pipeline: Pipeline, rebuild: bool) -> None:
    """Merge incident mentions into incidents (with --rebuild: all of them, from scratch)."""
    if not rebuild:
        raise click.UsageError("nothing to do: pass --rebuild to recompute all incidents")
    found = pipeline.rebuild_incidents()
    decisions = len(pipeline.db.overrides(("merge", "split")))
    click.echo(
        f"{len(found)} incidents from {pipeline.db.stats()['articles']} articles"
        f" ({decisions} analyst decisions replayed)"
    )


@click.group("incidents", invoke_without_command=True, params=list(views.incidents.params))
@click.pass_context
def incidents(ctx: click.Context, /, **filters: Any) -> None:
    """List incidents, most reported first; merge or split them (subcommands)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(views.incidents, **filters)


def _get(pipeline: Pipeline, incident_id: str) -> Incident:
    found = pipeline.db.incident(incident_id)
    if found is None:
        raise click.UsageError(f"no incident {incident_id}")
    return found


def _record(pipeline: Pipeline, override: Override) -> None:
    pipeline.db.add_override(override.kind, override.target, override.data(), override.note)


def _home(incidents: list[Incident], mention_or_doc: str) -> Incident | None:
    for inc in incidents:
        if mention_or_doc in inc.mentions or mention_or_doc in inc.articles:
            return inc
    return None


@incidents.command("merge")
@click.argument("first")
@click.argument("second")
@click.option("--note", help="Why (kept with the decision).")
@click.pass_obj
def merge_incidents(pipeline: Pipeline, first: str, second: str, note: str | None) -> None:
    """Make incidents FIRST and SECOND one incident, now and after every rebuild."""
    if first == second:
        raise click.UsageError("give two different incidents")
    a, b = _get(pipeline, first), _get(pipeline, second)
    _record(pipeline, merge_override(a, b, note))
    rebuilt = pipeline.rebuild_incidents()
    home = _home(rebuilt, (a.mentions or a.articles)[0])
    click.echo(f"merged {a.id} and {b.id} into {home.id if home else '?'}")


@incidents.command("split")
@click.argument("incident_id")
@click.option("--article", "articles", multiple=True, help="Document id to move out (repeat).")
@click.option("--mention", "mentions", multiple=True, help="Mention id to move out (repeat).")
@click.option("--note", help="Why (kept with the decision).")
@click.pass_obj
def split_incident(
    pipeline: Pipeline,
    incident_id: str,
    articles: tuple[str, ...],
    mentions: tuple[str, ...],
    note: str | None,
) -> None:
    """Move the given articles' reports out of INCIDENT_ID into an incident of their own."""
    if not articles and not mentions:
        raise click.UsageError("name what to split off with --article or --mention")
    inc = _get(pipeline, incident_id)
    try:
        override = split_override(inc, articles, mentions, note)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    _record(pipeline, override)
    rebuilt = pipeline.rebuild_incidents()
    moved = _home(rebuilt, override.groups[0][0].removeprefix("article:"))
    kept = next(
        (i for i in rebuilt if set(i.mentions) & (set(inc.mentions) - set(override.groups[0]))),
        None,
    )
    click.echo(
        f"split {inc.id}: {moved.id if moved else '?'} now holds the moved reports,"
        f" {kept.id if kept else '?'} the rest"
    )


DECISION_COLUMNS = (
    Column("id", "number"),
    Column("at", "date"),
    Column("kind"),
    Column("target", "id"),
    Column("reports", "number", drop=2),
    Column("note", drop=1),
)


@incidents.command("decisions")
@format_option
@click.pass_obj
def decisions(pipeline: Pipeline, fmt: str) -> None:
    """The recorded merges and splits, oldest first."""
    rows = [
        (
            key,
            at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
            kind,
            target,
            sum(len(g) for g in data.get("groups", [])),
            note or "",
        )
        for key, kind, target, data, note, at in pipeline.db.overrides(("merge", "split"))
    ]
    emit(DECISION_COLUMNS, rows, fmt, f"{len(rows)} decisions")
