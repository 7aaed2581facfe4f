"""Command line: a thin Click layer over ``newsblotter.Pipeline``."""

from __future__ import annotations

import click

from newsblotter import __version__
from newsblotter.cli.alerts import alerts
from newsblotter.cli.commands import export, ingest, reprocess
from newsblotter.cli.feeds import feeds
from newsblotter.cli.merging import incidents, merge_command
from newsblotter.cli.serve import serve
from newsblotter.cli.settings import settings_command
from newsblotter.cli.views import actors, quotes, show
from newsblotter.cli.watch import watch
from newsblotter.config import ConfigError, load_settings, specs
from newsblotter.pipeline import Pipeline

READS_INCIDENTS = frozenset({"incidents", "show", "export", "serve"})


@click.group()
@click.version_option(__version__, prog_name="newsblotter")
@click.option(
    "--db",
    envvar=specs()["db"].env,
    help=f"{specs()['db'].help} Default: the db setting ({specs()['db'].default}).",
)
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), help="TOML settings file."
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None) -> None:
    """newsblotter: news pages in, incidents and their attribution ledgers out."""
    try:
        settings = load_settings(config_path, db=db)
    except ConfigError as exc:  # one line naming the setting, its value and what is allowed
        click.echo(f"newsblotter: {exc}", err=True)
        ctx.exit(2)
    ctx.obj = Pipeline(settings)
    if ctx.invoked_subcommand in READS_INCIDENTS:  # an interrupted run: say what to run
        from newsblotter.recovery import warn_if_stale  # only for the commands that read

        warn_if_stale(ctx.obj, lambda line: click.echo(line, err=True))


for command in (
    ingest,
    reprocess,
    export,
    incidents,
    merge_command,
    show,
    quotes,
    actors,
    serve,
    alerts,
    feeds,
    watch,
    settings_command,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="newsblotter")
