"""Read-only views: the incident table, one incident with its ledger, the actors."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from newsblotter.cli.filters import incident_filters, incident_query
from newsblotter.cli.listing import Column, emit, format_option
from newsblotter.pipeline import Pipeline
from newsblotter.query import find_incidents, load_index, most_reported
from newsblotter.query.actors import actor_family
from newsblotter.records import Count, Incident, Place, Statement, Victim

console = Console()


def _count(c: Count | None) -> str:
    if c is None:
        return ""
    sign = {
        "about": "~",
        "at_least": "≥",
        "more_than": ">",
        "at_most": "≤",
        "fewer_than": "<",
        "vague": "~",
    }.get(c.qualifier, "")
    return f"{sign}{c.value}"


def _place(p: Place | None) -> str:
    if p is None:
        return ""
    return p.name if p.precision == "country" else f"{p.name}, {p.country or '?'}"


def _date(inc: Incident) -> str:
    if inc.date is None:
        return ""
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(inc.date_precision or "day", "%Y-%m-%d")
    return inc.date.strftime(fmt)


# At 80 columns: id, date, type, place and the ledger's start; wider, the counts come back.
INCIDENT_COLUMNS = (
    Column("id", "id"),
    Column("date", "date"),
    Column("type", least=13),
    Column("place", drop=3),
    Column("killed", "number", drop=4),
    Column("wounded", "number", drop=6),
    Column("articles", "number", drop=5),
    Column("ledger", drop=2, least=16),
)


@click.command()
@incident_filters
@format_option
@click.pass_obj
def incidents(pipeline: Pipeline, /, fmt: str, **filters: Any) -> None:
    """List incidents, most reported first (ids in full: paste one into `show`)."""
    query = incident_query(filters)
    index = load_index(pipeline)
    if query.actor and actor_family(index, query.actor) is None:
        click.echo(f"note: no known actor {query.actor!r}; matching unresolved names", err=True)
    everything = find_incidents(pipeline.db, replace(query, background=True), index)
    found = most_reported(everything if query.background else [i for i in everything if i.reported])
    rows = [
        (
            inc.id,
            _date(inc),
            inc.type
            + (" (suicide)" if inc.suicide else "")
            + ("" if inc.reported else " (recalled)"),
            _place(inc.place),
            _count(inc.killed),
            _count(inc.wounded),
            len(inc.articles),
            "; ".join(f"{e.actor.name}: {e.assessment}" for e in inc.ledger),
        )
        for inc in found
    ]
    title = f"{len(found)} incidents"
    if len(everything) > len(found):
        title += f" ({len(everything) - len(found)} more only recalled in passing: --background)"
    emit(INCIDENT_COLUMNS, rows, fmt, title)


def _statement_line(st: Statement) -> str:
    sp = st.speaker
    who = sp.name or "unknown speaker"
    tags = [sp.kind] + (["anonymous"] if sp.anonymous else [])
    if sp.count and sp.anonymous:
        tags.append(f"{sp.count} sources" if sp.count > 1 else "1 source")
    # every value from a story is escaped: rich would read "[a1b2 3:9]" or "[sic]" as markup
    bits = [f"[b]{st.kind}[/b] by {escape(who)} ({escape(', '.join(tags))})"]
    if st.said_on:
        bits.append(f"on {st.said_on.isoformat()}")
    if st.outlet:
        bits.append(f"via {escape(st.outlet)}")
    if st.evidence:
        bits.append("evidence: " + escape(", ".join(st.evidence)))
    if st.hedge:
        bits.append(escape(f"hedge: {st.hedge_level} ({st.hedge})"))
    return " · ".join(bits)


def _quote(st: Statement) -> str:
    p = st.provenance
    span = escape(f"[{p.document[:12]} {p.start}:{p.end}]")
    return f"      “{escape(st.text)}” [dim]{span}[/dim]"


@click.command()
@click.argument("incident_id", required=False)
@click.option("--most-reported", is_flag=True, help="Show the incident with the most articles.")
@click.pass_obj
def show(pipeline: Pipeline, incident_id: str | None, most_reported: bool) -> None:
    """One incident: its facts, then its ledger with the quoted sentence of each statement."""
    if most_reported or incident_id is None:
        found = pipeline.find_incidents()
        if not found:
            click.echo("no incidents in the database", err=True)
            sys.exit(1)
        inc = found[0]
    else:
        got = pipeline.db.incident(incident_id)
        if got is None:
            raise click.UsageError(f"no incident {incident_id}")
        inc = got
    statements = {s.id: s for s in pipeline.incident_statements(inc)}
    console.print(f"[b]{inc.id}[/b]  {inc.type}{' (suicide)' if inc.suicide else ''}")
    if not inc.reported:
        console.print("  reported: only recalled in passing by articles about other events")
    console.print(f"  date:     {_date(inc)} ({inc.date_precision or 'unknown'})")
    p = inc.place
    coords = f" ({p.lat:.4f}, {p.lon:.4f})" if p and p.lat is not None and p.lon is not None else ""
    console.print(f"  place:    {escape(_place(p))}{coords}")
    console.print(f"  killed:   {_count(inc.killed)} {inc.killed.qualifier if inc.killed else ''}")
    console.print(f"  wounded:  {_count(inc.wounded)}")
    console.print(f"  weapons:  {escape(', '.join(inc.weapons))}")
    console.print(f"  targets:  {escape('; '.join(inc.targets))}")
    named = "; ".join(_victim(v) for v in inc.victims) or "none named"
    console.print(f"  victims:  {escape(named)}")
    console.print(f"  articles: {len(inc.articles)}")
    console.print("\n[b]Ledger[/b]")
    shown: set[str] = set()
    for entry in inc.ledger:
        name, why = escape(entry.actor.name), escape(f"{entry.assessment}: {entry.reason}")
        console.print(f"- [b]{name}[/b] → {why}")
        cited = [statements[sid] for sid in entry.statements if sid in statements]
        shown |= {st.id for st in cited}
        _print_statements(cited)
    others = [s for s in statements.values() if s.id not in shown]
    if others:
        console.print("\n[b]Other statements[/b]")
        _print_statements(others)


def _victim(v: Victim) -> str:
    return v.name if v.stories <= 1 else f"{v.name} ({v.stories} stories)"


def _print_statements(found: list[Statement]) -> None:
    """Each statement once: the same words by the same speaker in several wire copies are
    one line, with the number of copies (the ledger already counts them as one source)."""
    groups: dict[tuple[str, str | None, str], list[Statement]] = {}
    for st in found:
        groups.setdefault((st.kind, st.speaker.name, " ".join(st.text.split())), []).append(st)
    for same in groups.values():
        st = same[0]
        copies = f" · in {len(same)} articles" if len(same) > 1 else ""
        console.print(f"    {_statement_line(st)}{copies}")
        console.print(_quote(st))


ACTOR_COLUMNS = (
    Column("id", "id"),
    Column("name"),
    Column("kind", drop=2),
    Column("parent", "id", drop=3),
    Column("country", "id", drop=4),
    Column("aliases", drop=1),
)


@click.command()
@click.option("--kind", help="armed_group, state, agency, ...")
@click.option("--search", help="Part of an id, a name or an alias (any case).")
@format_option
@click.pass_obj
def actors(pipeline: Pipeline, kind: str | None, search: str | None, fmt: str) -> None:
    """List known actors (the shipped gazetteer plus groups met in text)."""
    rows = [
        (a.id, a.name, a.kind, a.parent, a.country, ", ".join(a.aliases))
        for a in load_index(pipeline).find(search, kind)
    ]
    emit(ACTOR_COLUMNS, rows, fmt, f"{len(rows)} actors")


QUOTE_COLUMNS = (
    Column("source", least=16),
    Column("source_kind", drop=2),
    Column("cue", drop=1),
    Column("said", least=30),
    Column("start", "number", drop=3),
    Column("end", "number", drop=4),
)


@click.command()
@click.argument("document")
@format_option
@click.pass_obj
def quotes(pipeline: Pipeline, document: str, fmt: str) -> None:
    """Who said what in one stored article: every reported statement, responsibility or not."""
    article = pipeline.db.article(document)
    if article is None:
        raise click.ClickException(f"no article {document!r} (document ids: `export` or the API)")
    found = pipeline.db.attributions(document)
    text = article.text
    rows = [
        (
            a.source_text or "(unnamed)",
            a.source_kind,
            a.cue_text,
            " ".join(text[a.content.start : a.content.end].split()) if a.content else "",
            a.cue.start,
            a.cue.end,
        )
        for a in found
    ]
    title = f"{article.title or document}: {len(found)} reported statements"
    emit(QUOTE_COLUMNS, rows, fmt, title)
