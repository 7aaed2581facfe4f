"""Settings on the command line: options that default to a setting, and ``newsblotter
settings`` (what each setting is, allows and is set to now; ``--markdown`` writes
docs/settings.md). Both read the one declaration in ``newsblotter.config``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from newsblotter.cli.listing import Column, emit, format_option
from newsblotter.config import Spec, settings_markdown, specs
from newsblotter.pipeline import Pipeline

F = TypeVar("F", bound=Callable[..., Any])


def _param_type(spec: Spec) -> click.ParamType[Any]:
    if spec.choices is not None:
        return click.Choice(spec.choices)
    if spec.kind is int:
        low, high = (None if v is None else int(v) for v in (spec.min, spec.max))
        return click.IntRange(min=low, max=high)
    if spec.kind is float:
        return click.FloatRange(min=spec.min, max=spec.max)
    if spec.kind is bool:
        return click.BOOL
    return click.STRING


def setting_option(name: str) -> Callable[[F], F]:
    """``--name`` overriding the setting ``name`` for one command; absent, the setting holds
    (whether it came from the default, the TOML file or NEWSBLOTTER_<NAME>)."""
    spec = specs()[name]
    return click.option(
        "--" + name.replace("_", "-"),
        name,
        type=_param_type(spec),
        default=None,
        show_default=f"the {name} setting",
        help=spec.help,
    )


SETTING_COLUMNS = (
    Column("name", "id"),
    Column("value"),
    Column("allowed", drop=2),
    Column("help", drop=1),
)


@click.command("settings")
@click.option("--markdown", is_flag=True, help="Print docs/settings.md (the declarations).")
@format_option
@click.pass_obj
def settings_command(pipeline: Pipeline, markdown: bool, fmt: str) -> None:
    """Every setting: its value now, what it allows, what it does."""
    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    rows = [
        (spec.name, getattr(pipeline.settings, spec.name), spec.allowed(), spec.help)
        for spec in specs().values()
    ]
    emit(SETTING_COLUMNS, rows, fmt, f"{len(rows)} settings")
