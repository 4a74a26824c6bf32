"""How results look: Rich tables on a terminal, plain aligned text when piped or NO_COLOR is
set, JSON and CSV on request, one-line confirmations for writes.

The only module that builds Rich tables. Rich is imported lazily and only for a terminal: plain
output is aligned here with the standard library, which keeps piped and scripted runs free of
Rich's ~40 ms import and guarantees no escape codes or box characters (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from relmgr.cli.common import reader_gone


def fancy() -> bool:
    """Colour and box art only on a terminal (or with FORCE_COLOR), never with NO_COLOR."""
    if "NO_COLOR" in os.environ:
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def width(text: str) -> int:
    """Columns `text` takes on a terminal: combining marks take none, wide characters two."""
    import unicodedata

    if text.isascii():
        return len(text)
    total = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _plain_table(columns: Sequence[str], rows: list[list[str]]) -> str:
    grid = [list(columns), *rows]
    # each cell measured once, ASCII by its length: 50,000 terms spent 0.7 s in `width`
    sizes = [[len(text) if text.isascii() else width(text) for text in line] for line in grid]
    widths = [max(column) for column in zip(*sizes, strict=True)]
    lines = []
    for line, measured in zip(grid, sizes, strict=True):
        padded = [text + " " * (full - size) for text, full, size in zip(line, widths, measured, strict=True)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def _console():
    from rich.console import Console

    console = Console(highlight=False, emoji=False)
    console.on_broken_pipe = reader_gone  # Rich exits 1 when the reader stops; relmgr exits 0
    return console


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


LONG = 500  # rows past which a terminal gets the hand-aligned table too: Rich draws ~0.5 ms a row
BOLD, HEADER, DIM, RESET = "\x1b[1m", "\x1b[1;36m", "\x1b[2m", "\x1b[0m"


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    note: str | None = None,
    empty: str = "Nothing to show.",
    marks: tuple[tuple[str, str], tuple[str, str]] | None = None,
) -> None:
    """Print a table (or `empty` when there are no rows), with an optional note under it.

    `marks` = ((start, end), (rich start, rich end)): highlight markers in cells and what to draw
    them as on a terminal (they are dropped from plain output)."""
    rows = [[cell(value).replace("\n", " ") for value in row] for row in rows]
    colour = fancy()
    if not colour or len(rows) > LONG:  # 5,000 clients took Rich 2.5 s; aligned here, 0.3 s
        if marks:
            rows = [[c.replace(marks[0][0], "").replace(marks[0][1], "") for c in row] for row in rows]
        out = [title] if title else []
        out.append(_plain_table(columns, rows) if rows else (f"  {empty}" if title else empty))
        if note:
            out.append(note)
        if colour:  # the header and title in the colours Rich gives them
            head, _, rest = out[1 if title else 0].partition("\n")
            out[1 if title else 0] = f"{HEADER}{head}{RESET}\n{rest}"
            if title:
                out[0] = f"{BOLD}{title}{RESET}"
            if note:
                out[-1] = f"{DIM}{note}{RESET}"
        print("\n".join(out))
        return
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    if not rows:
        if title:
            console.print(escape(title), style="bold")
        console.print(escape(f"  {empty}") if title else escape(empty))
    else:
        # two spaces between columns, as in plain output: room for one more column on a narrow terminal
        grid = Table(title=escape(title) if title else None, box=box.SIMPLE_HEAD, title_justify="left",
                     title_style="bold", header_style="bold cyan", collapse_padding=True, pad_edge=False)  # fmt: skip
        for column, drawn in zip(columns, _widths(columns, rows, console.width), strict=True):
            grid.add_column(column, overflow="fold", width=drawn)
        for row in rows:
            values = [escape(value) for value in row]
            if marks:
                values = [v.replace(marks[0][0], marks[1][0]).replace(marks[0][1], marks[1][1]) for v in values]
            grid.add_row(*values)
        console.print(grid)
    if note:
        console.print(escape(note), style="dim")


def _widths(columns: Sequence[str], rows: list[list[str]], room: int) -> list[int | None]:
    """Each column's width when the table is wider than the terminal; None where Rich may choose.

    Rich takes columns in from the widest and folds words: a date as `2026-1` / `1-16`, a name as
    `Manufact` / `uring`. Here a column of single words (ids, dates, amounts, statuses) keeps its
    longest; a column of several words keeps its longest too, capped as far as the terminal
    needs; the room left goes to the columns short of their full width (`_share`), so text
    wraps between words. Headings' words are kept whole if there is room."""
    frame = 2 * len(columns)  # the two spaces between columns, and one at either edge
    cells = [[column, *(row[i] for row in rows)] for i, column in enumerate(columns)]
    full = [max(width(text) for text in texts) for texts in cells]
    if sum(full) + frame <= room:
        return [None] * len(columns)
    split = [[text.split() for text in texts] for texts in cells]
    single = [all(len(words) <= 1 for words in column[1:]) for column in split]
    values = [max((width(word) for words in column[1:] for word in words), default=1) for column in split]
    heads = [max((width(word) for word in column[0]), default=1) for column in split]
    # values' words before headings' (`auto-` / `renew` may fold), and long words before short ones
    for heading, floor in ((99, DATE_WIDTH), (5, DATE_WIDTH), (5, MIN_WORD), (4, MIN_WORD)):
        longest = [max(value, min(head, heading)) for value, head in zip(values, heads, strict=True)]
        for cap in range(max(longest), floor - 1, -1):
            least = [most if alone else min(cap, most) for most, alone in zip(longest, single, strict=True)]
            spare = room - frame - sum(least)
            if spare >= 0:
                return _share(least, full, spare)
    return [None] * len(columns)


def _share(least: list[int], full: list[int], spare: int) -> list[int]:
    """Widths from `least` towards `full`, the `spare` room shared out evenly among the columns
    still short of their full width: a short label gets all it needs before a long text wraps."""
    widths = list(least)
    short = [i for i in range(len(widths)) if widths[i] < full[i]]
    while spare > 0 and short:
        each = max(spare // len(short), 1)
        for i in short:
            more = min(each, full[i] - widths[i], spare)
            widths[i] += more
            spare -= more
        short = [i for i in short if widths[i] < full[i]]
    return widths


DATE_WIDTH = len("2026-11-23")
MIN_WORD = 6  # a column of several words is folded no narrower: past that, Rich folds as it will


def fields(title: str, pairs: Iterable[tuple[str, Any]]) -> None:
    """Print a record as label: value lines under a title."""
    shown = [(label, text) for label, value in pairs if (text := cell(value)) != ""]
    if not fancy():
        size = max((len(label) for label, _ in shown), default=0)
        print("\n".join([title, *(f"  {label.ljust(size)}  {value}" for label, value in shown)]))
        return
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table

    console = _console()
    console.print(escape(title), style="bold")
    grid = Table.grid(padding=(0, 0, 0, 2))  # a long value wraps under itself, not under its label
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in shown:
        grid.add_row(escape(label), escape(value))
    console.print(Padding(grid, (0, 0, 0, 2)))


def blank() -> None:
    print()


def as_json(data: Any) -> None:
    """JSON on stdout: one record, indented; a list, one record a line.

    A list of thousands of records is written by the C encoder, record by record: with `indent`
    Python's encoder runs in pure Python, which cost 200 ms for 5,000 clients; and one encoder
    made once does it in half the time of `json.dumps` per record (which makes one each time)."""
    if isinstance(data, list) and data:
        sys.stdout.write("[\n  " + ",\n  ".join(map(_line_encoder(), data)) + "\n]\n")
        return
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _line_encoder() -> Callable[[Any], str]:
    """One record as one line of JSON, as `json.dumps(record, ensure_ascii=False, default=str)`."""
    from json import encoder

    if encoder.c_make_encoder is None:  # not CPython
        return partial(json.dumps, ensure_ascii=False, default=str)
    # (markers, default, encode a str, indent, key separator, item separator, sort_keys, skipkeys, allow_nan)
    chunks = encoder.c_make_encoder(None, str, encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda record: "".join(chunks(record, 0))


def as_csv(records: Sequence[dict], columns: Sequence[str] | None = None) -> None:
    import csv

    columns = list(columns or (records[0].keys() if records else []))
    if not columns:
        return  # nothing at all: an empty file, not a header of one blank column
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
    if isinstance(value, (int, float)):
        return str(value)  # a number, such as -35 days left, is no formula: it stays a number in a spreadsheet
    from relmgr.cells import protect

    return protect(str(value))


def listing(records: list[dict], *, json_: bool, csv_: bool, draw) -> None:
    """Print a list as JSON, CSV, or via `draw()` (a table)."""
    if json_:
        as_json(records)
    elif csv_:
        as_csv(records)
    else:
        draw()


def sections(parts: list[tuple[str, list[str], list[list]]]) -> None:
    """Tables one after another, each under its title, "none" for an empty one (a record's page)."""
    for title, columns, rows in parts:
        blank()
        table(columns, rows, title=title, empty="none")


def wrote(message: str, record: dict, *, json_: bool = False, quiet: bool = False) -> None:
    """Confirm a write: one line, or the record as JSON, or the id alone."""
    if json_:
        as_json(record)
    elif quiet:
        print(record["id"])
    else:
        print(message)


def edited(what: str, changed: list[str], after: str = "") -> str:
    """The line an edit prints: "Updated WHAT: tier, city" (then `after`), or that it changed nothing."""
    return f"Updated {what}: {', '.join(changed)}{after}" if changed else f"Nothing to change in {what}"


def minute(value: str | None) -> str:
    """An ISO time as a table shows it, to the minute: "2026-11-23 12:39" ("" for none)."""
    return value[:16].replace("T", " ") if value else ""


def say(message: str) -> None:
    """A message for the user, on stderr so that stdout stays data."""
    print(message, file=sys.stderr)


def more_note(shown: int, total: int) -> str | None:
    return f"and {total - shown} more" if total > shown else None
