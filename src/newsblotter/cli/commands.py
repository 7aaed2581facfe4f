"""Commands that change or dump the database: ingest, reprocess, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsblotter.pipeline import IngestReport, Pipeline


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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def ingest(pipeline: Pipeline, paths: tuple[Path, ...]) -> None:
    """Ingest files and directories (HTML, scraped text, either gzipped)."""
    from newsblotter.ingest import iter_inputs

    total = sum(1 for _ in iter_inputs(paths))
    with _progress(total) as bar:
        task = bar.add_task("ingest", total=total)
        report = pipeline.ingest(paths, progress=lambda _uri: bar.advance(task))
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
    type=click.Choice(["json", "csv", "geojson", "gtd"]),
    default="json",
    show_default=True,
    help="json (schema: export/schema.json), flat csv, geojson points, gtd (docs/gtd.md).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.pass_obj
def export(pipeline: Pipeline, fmt: str, output: Path | None) -> None:
    """Export incidents, statements, articles and actors.

    The JSON follows the schema shipped as newsblotter/export/schema.json; the GTD CSV is
    documented column by column in docs/gtd.md.
    """
    from newsblotter.api.catalogue import load_index
    from newsblotter.export.formats import render

    text = render(fmt, pipeline.db, load_index(pipeline))
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
