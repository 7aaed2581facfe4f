"""``newsblotter serve``: the web UI and JSON API in one process."""

from __future__ import annotations

import click

from newsblotter.pipeline import Pipeline


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    envvar="NEWSBLOTTER_TOKEN",
    help="Allow POST /api/v1/ingest with this bearer token (default: read-only). "
    "Prefer the NEWSBLOTTER_TOKEN variable: a command line is visible to other users.",
)
@click.pass_obj
def serve(pipeline: Pipeline, host: str, port: int, token: str | None) -> None:
    """Serve the incident list, incident pages, map, actors and the JSON API."""
    # uvicorn, FastAPI and the pages: only the server needs them
    import uvicorn

    from newsblotter.api import create_app
    from newsblotter.store import StoreError

    try:
        pipeline.db  # noqa: B018 - open (and migrate) the database now: fail before listening
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    app = create_app(pipeline, token=token)
    mode = "ingest enabled (token)" if token else "read-only"
    click.echo(f"newsblotter: http://{host}:{port}/ ({mode}); schema at /openapi.json", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
