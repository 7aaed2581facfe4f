"""``newsblotter feeds add|list|remove``: the feeds (and news sitemaps) that ``watch`` follows."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from newsblotter.cli.listing import Column, emit, format_option
from newsblotter.pipeline import Pipeline

if TYPE_CHECKING:
    from newsblotter.store.sources import SourceStore


def _store(pipeline: Pipeline) -> SourceStore:
    # imported when the command runs: `newsblotter --help` and the other commands stay fast
    from newsblotter.store.sources import SourceStore

    return SourceStore(pipeline.db)


@click.group()
def feeds() -> None:
    """Follow RSS/Atom/JSON feeds and news sitemaps."""


@feeds.command("add")
@click.argument("urls", nargs=-1, required=True)
@click.option(
    "--interval",
    type=click.IntRange(min=60),
    default=None,
    help="Seconds between polls (default: the feed_interval_s setting).",
)
@click.pass_obj
def add(pipeline: Pipeline, urls: tuple[str, ...], interval: int | None) -> None:
    """Follow feeds; each is polled at once by the next ``watch``."""
    from newsblotter.ingest.sources import is_url  # the sources stack: only when adding

    store = _store(pipeline)
    bad = [u for u in urls if not is_url(u)]
    if bad:
        raise click.UsageError(f"not an http(s) URL: {bad[0]}")
    for url in urls:
        added = store.add_feed(url, interval or pipeline.settings.feed_interval_s)
        click.echo(f"{'added' if added else 'already followed'}: {url}")


FEED_COLUMNS = (
    Column("url", "id"),
    Column("title", drop=3),
    Column("every_s", "number", drop=2),
    Column("polled", "date"),
    Column("state", drop=1),
)


@feeds.command("list")
@format_option
@click.pass_obj
def list_feeds(pipeline: Pipeline, fmt: str) -> None:
    """The followed feeds with their state."""
    rows = [
        (
            feed.url,
            feed.title,
            feed.interval_s,
            feed.polled_at.strftime("%Y-%m-%d %H:%M") if feed.polled_at else "never",
            f"failing x{feed.failures}: {feed.last_error}" if feed.failures else "ok",
        )
        for feed in _store(pipeline).feeds()
    ]
    emit(FEED_COLUMNS, rows, fmt, f"{len(rows)} feeds")


@feeds.command("remove")
@click.argument("urls", nargs=-1, required=True)
@click.pass_obj
def remove(pipeline: Pipeline, urls: tuple[str, ...]) -> None:
    """Stop following feeds (documents already ingested stay)."""
    store = _store(pipeline)
    missing = False
    for url in urls:
        if store.remove_feed(url):
            click.echo(f"removed: {url}")
        else:
            click.echo(f"not followed: {url}", err=True)
            missing = True
    if missing:
        raise SystemExit(1)
