"""How results look: Rich tables on a terminal, plain aligned text when piped or NO_COLOR is
set, JSON and CSV on request, one-line confirmations for writes. The only module that builds
Rich tables; Rich is imported here, lazily, and only when a table is drawn.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any


def fancy() -> bool:
    """Colour and box art only on a terminal, and never with NO_COLOR."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _console(stderr: bool = False):
    from rich.console import Console

    if fancy():
        return Console(stderr=stderr, highlight=False)
    return Console(stderr=stderr, highlight=False, no_color=True, color_system=None, width=10_000, emoji=False)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    note: str | None = None,
    empty: str = "Nothing to show.",
) -> None:
    """Print a table (or `empty` when there are no rows), with an optional note under it."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    rows = list(rows)
    console = _console()
    if not rows:
        if title:
            console.print(escape(title), style="bold" if fancy() else None)
        console.print(escape(f"  {empty}") if title else escape(empty))
        if note:
            console.print(escape(note))
        return
    if fancy():
        grid = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold", header_style="bold cyan")
    else:
        grid = Table(title=title, box=None, title_justify="left", show_edge=False, pad_edge=False,
                     title_style=None, header_style=None)  # fmt: skip
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(escape(cell(value)) for value in row))
    console.print(grid)
    if note:
        console.print(escape(note))


def fields(title: str, pairs: Iterable[tuple[str, Any]]) -> None:
    """Print a record as label: value lines under a title."""
    from rich.markup import escape

    console = _console()
    console.print(escape(title), style="bold" if fancy() else None)
    shown = [(label, cell(value)) for label, value in pairs if cell(value) != ""]
    width = max((len(label) for label, _ in shown), default=0)
    for label, value in shown:
        console.print(f"  {escape(label.ljust(width))}  {escape(value)}")


def blank() -> None:
    print()


def as_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def as_csv(records: Sequence[dict], columns: Sequence[str] | None = None) -> None:
    import csv

    columns = list(columns or (records[0].keys() if records else []))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_cell(record.get(column)) for column in columns])


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def listing(records: list[dict], *, json_: bool, csv_: bool, draw) -> None:
    """Print a list as JSON, CSV, or via `draw()` (a table)."""
    if json_:
        as_json(records)
    elif csv_:
        as_csv(records)
    else:
        draw()


def wrote(message: str, record: dict, *, json_: bool = False, quiet: bool = False) -> None:
    """Confirm a write: one line, or the record as JSON, or the id alone."""
    if json_:
        as_json(record)
    elif quiet:
        print(record["id"])
    else:
        print(message)


def say(message: str) -> None:
    """A message for the user, on stderr so that stdout stays data."""
    print(message, file=sys.stderr)


def more_note(shown: int, total: int) -> str | None:
    return f"and {total - shown} more" if total > shown else None
