"""Listings for a terminal or a pipe: one table layout that fits the terminal's width, and
the same rows as JSON or CSV (``--format json|csv``).

rich shrinks every column of a table that is too wide, ids and dates included, so a narrow
terminal printed "inc-02…" and "2024-0…": nothing could be pasted back into ``show``. Here
the widths are chosen before rich draws: ids, dates and numbers always get their full width,
text columns share what is left and end in an ellipsis, and when even that does not fit the
least important columns are left out (the JSON and CSV keep every column).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import click
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

Kind = Literal["id", "date", "number", "text"]
Cell = str | int | float | None
F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "csv")
_TEXT_MIN = 8  # a text column narrower than this says nothing
_EDGE = 1  # the table's left border
_PER_COLUMN = 3  # a column's padding (one space each side) and its right border


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind = "text"
    # 0: always shown; otherwise the column giving way first is the one with the highest drop
    drop: int = 0
    least: int = _TEXT_MIN  # a text column: the width below which it says too little

    @property
    def whole(self) -> bool:
        """Never cut: an id, a date or a number is wrong when shortened."""
        return self.kind != "text"


def format_option(func: F) -> F:
    """``--format table|json|csv`` on a listing command."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for reading; json (one array) or csv (a header row) for piping.",
    )(func)


def _text(value: Cell) -> str:
    return "" if value is None else str(value)


def layout(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int) -> list[int]:
    """Each column's width (0: left out) so that the table fits in ``width`` cells."""
    natural = [
        max([cell_len(c.name), *(cell_len(_text(r[n])) for r in rows)])
        for n, c in enumerate(columns)
    ]
    least = [
        w if c.whole else min(w, max(c.least, cell_len(c.name)))
        for c, w in zip(columns, natural, strict=True)
    ]
    shown = list(range(len(columns)))

    def need(kept: list[int]) -> int:
        return _EDGE + sum(least[n] + _PER_COLUMN for n in kept)

    droppable = sorted((n for n, c in enumerate(columns) if c.drop), key=lambda n: -columns[n].drop)
    for n in droppable:
        if need(shown) <= width:
            break
        shown.remove(n)
    widths = [least[n] if n in shown else 0 for n in range(len(columns))]
    spare = width - need(shown)
    # what is left goes to the text columns, one cell at a time to the narrowest (the more
    # important first among equals), each up to its natural width
    while spare > 0:
        growing = [n for n in shown if widths[n] < natural[n]]
        if not growing:
            break
        n = min(growing, key=lambda k: (widths[k], columns[k].drop, k))
        widths[n] += 1
        spare -= 1
    return widths


def table(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int) -> Table:
    widths = layout(columns, rows, width)
    out = Table()
    kept = [n for n, w in enumerate(widths) if w]
    for n in kept:
        c = columns[n]
        out.add_column(
            c.name,
            width=widths[n],
            no_wrap=True,
            overflow="fold" if c.whole else "ellipsis",
            justify="right" if c.kind == "number" else "left",
        )
    for row in rows:
        # every value is escaped: rich would read "[a1b2 3:9]" or "[sic]" as markup
        out.add_row(*(escape(_text(row[n])) for n in kept))
    return out


def emit(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    fmt: str,
    title: str | None = None,
    console: Console | None = None,
) -> None:
    """Print ``rows`` as a table fitted to the terminal, or as JSON or CSV on stdout."""
    if fmt == "json":
        items = [{c.name: row[n] for n, c in enumerate(columns)} for row in rows]
        click.echo(json.dumps(items, ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.name for c in columns])
        writer.writerows([_text(v) for v in row] for row in rows)
        click.echo(buffer.getvalue(), nl=False)
        return
    console = console or Console()
    if title:  # a line of its own: as the table's title it would wrap at the table's width
        console.print(escape(title), soft_wrap=True)
    console.print(table(columns, rows, console.width))
