"""Commands that change or dump the database: ingest, reprocess, export."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsblotter.cli.filters import incident_filters, incident_query
from newsblotter.cli.settings import setting_option
from newsblotter.export.formats import FORMATS, render
from newsblotter.pipeline import IngestReport, Pipeline
from newsblotter.query import IncidentQuery, find_incidents, load_index


def _progress(total: int | None) -> Progress:
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    )


def _finish(report: IngestReport) -> None:
    for uri, error in report.failures:
        click.echo(f"failed: {error}" if uri in error else f"failed: {uri}: {error}", err=True)
    click.echo(report.summary())
    sys.exit(1 if report.failed else 0)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@setting_option("workers")
@setting_option("engine")
@setting_option("ray_address")
@click.pass_obj
def ingest(
    pipeline: Pipeline,
    inputs: tuple[str, ...],
    workers: int | None,
    engine: str | None,
    ray_address: str | None,
) -> None:
    """Ingest files, folders, WARC archives (.warc, .warc.gz), http(s) URLs and @lists (a
    file of URLs or paths, one per line). An interrupted run of the same inputs resumes."""
    # the sources stack (httpx, FastWARC, feed parsers): only ingesting needs it
    from newsblotter.ingest import iter_inputs
    from newsblotter.ingest.sources import is_url
    from newsblotter.ingest.warc import is_warc

    if ray_address:
        pipeline.settings = replace(pipeline.settings, ray_address=ray_address)
    plain = [i for i in inputs if not is_url(i) and not i.startswith("@")]
    total = None
    if len(plain) == len(inputs):
        files = list(iter_inputs(plain))
        total = None if any(is_warc(f) for f in files) else len(files)
    from newsblotter.recovery import NotReady  # beside the sources stack above

    with _progress(total) as bar:
        task = bar.add_task("ingest", total=total)
        try:
            report = pipeline.ingest(
                inputs, progress=lambda _uri: bar.advance(task), workers=workers, engine=engine
            )
        except NotReady as exc:  # a bad setting, found before anything was stored
            raise click.UsageError(str(exc)) from exc
    if report.resumed:
        click.echo("resumed an interrupted run of the same inputs", err=True)
    _finish(report)


@click.command()
@click.pass_obj
def reprocess(pipeline: Pipeline) -> None:
    """Re-extract every stored document with the current extractors."""
    with _progress(None) as bar:
        task = bar.add_task("reprocess", total=None)
        report = pipeline.reprocess(progress=lambda _uri: bar.advance(task))
    _finish(report)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="json",
    show_default=True,
    help="; ".join(f"{f.name}: {f.summary}" for f in FORMATS.values()) + ".",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@incident_filters
@click.pass_obj
def export(pipeline: Pipeline, /, fmt: str, output: Path | None, **filters: Any) -> None:
    """Export incidents (those reported as news, or those the filters keep) with their
    statements, articles and actors.

    The JSON follows the schema shipped as newsblotter/export/schema.json; the GTD CSV is
    documented column by column in docs/gtd.md.
    """
    query = incident_query(filters)
    index = load_index(pipeline)
    everything = IncidentQuery(background=True)
    chosen = None if query == everything else find_incidents(pipeline.db, query, index)
    text = render(fmt, pipeline.db, index, chosen)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
