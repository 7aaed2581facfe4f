"""Read-only views: the incident table, one incident with its ledger, the actors."""

from __future__ import annotations

import datetime as dt
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsblotter.pipeline import Pipeline
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


@click.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Incidents on or after this date.")
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), help="Incidents on or before this date."
)
@click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. IR.")
@click.option("--actor", help="Actor name, alias or id; its branches are included.")
@click.option("--type", "itype", help="Incident type, e.g. bombing.")
@click.pass_obj
def incidents(
    pipeline: Pipeline,
    since: dt.datetime | None,
    until: dt.datetime | None,
    country: str | None,
    actor: str | None,
    itype: str | None,
) -> None:
    """List incidents, most reported first."""
    try:
        found = pipeline.find_incidents(
            since=since.date() if since else None,
            until=until.date() if until else None,
            country=country,
            actor=actor,
            type=itype,
        )
    except LookupError as exc:
        raise click.UsageError(str(exc)) from exc
    table = Table(title=f"{len(found)} incidents")
    for col in ("id", "date", "type", "place", "killed", "wounded", "articles", "responsibility"):
        table.add_column(col)
    for inc in found:
        top = "; ".join(f"{e.actor.name}: {e.assessment}" for e in inc.ledger[:2])
        kind = inc.type + (" (suicide)" if inc.suicide else "")
        cells = (inc.id, _date(inc), kind, _place(inc.place), _count(inc.killed))
        rest = (_count(inc.wounded), str(len(inc.articles)), top)
        table.add_row(*(escape(c) for c in (*cells, *rest)))
    console.print(table)


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


@click.command()
@click.option("--kind", help="armed_group, state, agency, ...")
@click.option("--search", help="Substring of a name or alias.")
@click.pass_obj
def actors(pipeline: Pipeline, kind: str | None, search: str | None) -> None:
    """List known actors (the shipped gazetteer plus groups met in text)."""
    table = Table()
    for col in ("id", "name", "kind", "parent", "country", "aliases"):
        table.add_column(col)
    needle = search.casefold() if search else None
    n = 0
    for a in pipeline.actors.actors():
        if kind and a.kind != kind:
            continue
        if needle and not any(needle in x.casefold() for x in [a.name, *a.aliases]):
            continue
        cells = (a.id, a.name, a.kind, a.parent or "", a.country or "", ", ".join(a.aliases[:4]))
        table.add_row(*(escape(c) for c in cells))
        n += 1
    table.title = f"{n} actors"
    console.print(table)


@click.command()
@click.argument("document")
@click.pass_obj
def quotes(pipeline: Pipeline, document: str) -> None:
    """Who said what in one stored article: every reported statement, responsibility or not."""
    article = pipeline.db.article(document)
    if article is None:
        raise click.ClickException(f"no article {document!r} (document ids: `export` or the API)")
    found = pipeline.db.attributions(document)
    click.echo(f"{article.title or document}: {len(found)} reported statements")
    text = article.text
    for a in found:  # one line each, so the list greps and pipes
        said = " ".join(text[a.content.start : a.content.end].split()) if a.content else ""
        click.echo(f"{a.source_text or '(unnamed)'} [{a.source_kind}] {a.cue_text}: {said}")
