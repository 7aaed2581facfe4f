"""The incident filter options, declared once for ``incidents`` and ``export``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from newsblotter.query import IncidentQuery
from newsblotter.records import ASSESSMENTS, INCIDENT_TYPES

F = TypeVar("F", bound=Callable[..., Any])

_DAY = click.DateTime(["%Y-%m-%d"])
OPTIONS = (
    click.option("--since", type=_DAY, help="Incidents on or after this date (YYYY-MM-DD)."),
    click.option("--until", type=_DAY, help="Incidents on or before this date (YYYY-MM-DD)."),
    click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. IR."),
    click.option("--actor", help="Actor name, alias or id; its branches are included."),
    click.option("--type", "itype", type=click.Choice(INCIDENT_TYPES), help="Incident type."),
    click.option(
        "--assessment",
        type=click.Choice(ASSESSMENTS),
        help="A ledger entry (of --actor, if given) with this assessment.",
    ),
    click.option("--min-killed", type=click.IntRange(min=0), help="At least this many killed."),
    click.option("--text", "q", help="Words the reporting articles contain (all of them)."),
    click.option(
        "--background",
        is_flag=True,
        help="Also incidents that articles only recall in passing, none reports as news.",
    ),
)
NAMES = (
    "since",
    "until",
    "country",
    "actor",
    "itype",
    "assessment",
    "min_killed",
    "q",
    "background",
)


def incident_filters(func: F) -> F:
    """Add the incident filter options to a command."""
    for option in reversed(OPTIONS):
        func = option(func)
    return func


def incident_query(values: dict[str, Any]) -> IncidentQuery:
    """The query of the filter options' values (the command's keyword arguments)."""

    def day(moment: dt.datetime | None) -> dt.date | None:
        return moment.date() if moment else None

    country = values.get("country")
    if country is not None and not (len(country) == 2 and country.isalpha()):
        raise click.BadParameter(f"{country!r} is not a two-letter code", param_hint="--country")
    return IncidentQuery.of(
        since=day(values.get("since")),
        until=day(values.get("until")),
        country=country,
        actor=values.get("actor"),
        type=values.get("itype"),
        assessment=values.get("assessment"),
        min_killed=values.get("min_killed"),
        q=values.get("q"),
        background=bool(values.get("background")),
    )
