"""Export: every record of an entity as CSV, JSON or JSON Lines, streamed row by row.

Rows go straight from the SQLite cursor to the output, so memory stays flat however large the
book. Columns are the SPEC §3 fields under their own names (see `relmgr.tabular`); times are local
ISO 8601 with offset, money exact decimal text (a JSON number in JSON), booleans `true`/`false`,
tags comma-separated, a complaint's events a JSON list. In CSV, a cell that a spreadsheet would
run as a formula is written with a leading `'` (import strips it again).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO

from relmgr.cells import LocalTimes, protect
from relmgr.db import Book
from relmgr.tabular import SPECS, Entity

FORMATS = ("csv", "json", "jsonl")


def _select(entity: Entity) -> str:
    parts = []
    for name, _ in entity.columns:
        if name == "client" and entity.name != "clients":
            parts.append("c.name")
        elif name == "contact":
            parts.append("p.name")
        elif name == "events":
            parts.append(
                "(SELECT json_group_array(json_object('at', e.at, 'action', e.action, 'by', e.by, 'level', e.level,"
                " 'note', e.note)) FROM (SELECT * FROM complaint_events WHERE complaint_id = x.id ORDER BY at, id) e)"
            )
        else:
            parts.append(f'x."{name}"')
    joins = "" if entity.name == "clients" else " JOIN clients c ON c.id = x.client_id"
    if "contact" in entity.fields:
        joins += " LEFT JOIN contacts p ON p.id = x.contact_id"
    return f"SELECT {', '.join(parts)} FROM {entity.table} x{joins} ORDER BY x.id"


def records(book: Book, entity_name: str, *, typed: bool) -> Iterator[dict]:
    """Yield each record as a dict of export values (typed for JSON, else text for CSV)."""
    entity = SPECS[entity_name]
    local = LocalTimes()
    converters = [_converter(kind, local, typed) for _, kind in entity.columns]
    names = entity.fields
    for row in book.execute(_select(entity)):
        yield {name: convert(value) for name, convert, value in zip(names, converters, row, strict=True)}


def _converter(kind: str, local: LocalTimes, typed: bool) -> Callable:
    def text(value):
        return "" if value is None else str(value)

    if kind in ("time", "when"):
        return (lambda v: local(v)) if typed else (lambda v: local(v) or "")
    if kind == "bool":
        return (lambda v: bool(v)) if typed else (lambda v: "true" if v else "false")
    if kind == "tags":
        return (lambda v: [t for t in (v or "").split(",") if t]) if typed else text
    if kind == "money":
        from relmgr.money import number

        return number if typed else text
    if kind == "events":

        def events(value):
            found = json.loads(value or "[]")
            for event in found:
                event["at"] = local(event["at"])
            return found if typed else json.dumps(found, ensure_ascii=False, separators=(",", ":"))

        return events
    if kind in ("id", "int", "rating", "level"):
        return (lambda v: v) if typed else text
    return (lambda v: v) if typed else text


def write(
    book: Book, entity_name: str, out: IO[str], fmt: str, progress: Callable[[int, float | None], None] | None = None
) -> int:
    """Write every record of an entity to `out` in `fmt`; return how many were written.

    `progress(written, share)` is told every 10,000 records."""
    entity = SPECS[entity_name]
    rows = records(book, entity_name, typed=fmt != "csv")
    if progress:
        rows = _told(rows, progress, book.value(f"SELECT count(*) FROM {entity.table}"))
    count = 0
    if fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(entity.fields)
        for record in rows:
            writer.writerow([protect(value) for value in record.values()])
            count += 1
    elif fmt == "jsonl":
        for record in rows:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    else:
        out.write("[")
        for record in rows:
            out.write(("\n  " if count == 0 else ",\n  ") + json.dumps(record, ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
    return count


def _told(rows: Iterator[dict], progress: Callable[[int, float | None], None], total: int) -> Iterator[dict]:
    """The records as they come, telling `progress` every 10,000 how many and what share are done."""
    for count, record in enumerate(rows, 1):
        yield record
        if count % 10_000 == 0:
            progress(count, min(count / total, 1.0) if total else None)
