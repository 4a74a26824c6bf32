"""How close can any import of interactions come to the sqlite3 shell? A floor analysis for issue #5.

Issue #5 asks for every import within 5x of the `sqlite3` shell's `.import` of the same file into
a bare table. This script measures, on one file and in one run, the leanest import relmgr could
do while keeping what the book must keep:

1. raw cells straight from `csv.reader` into a staging table by `executemany` (no Python per row),
   with the client looked up by exact name, the time converted to UTC and the text trimmed by SQL
   expressions in the statement itself;
2. one `INSERT ... SELECT` into `interactions`;
3. its two indexes built once at the end;
4. the search index (FTS5) filled in one statement, as relmgr keeps it and contentless;
5. each client's last contact, and the commit.

It performs no validation, error reporting, duplicate check or import history, so relmgr cannot
be faster than this. Its total, as a ratio to the shell, is the best any redesign could reach.

    python benchmarks/import_floor.py [--clients 20000] [--interactions 200000]
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from import_export import make_files

from relmgr import db


def lean_import(book_path: Path, interactions: Path, *, contentless: bool) -> dict[str, float]:
    conn = sqlite3.connect(book_path, isolation_level=None)
    conn.execute("PRAGMA cache_size = -65536")
    if contentless:
        conn.execute(
            "CREATE VIRTUAL TABLE lean_search USING fts5(title, body, content='', "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
    steps: dict[str, float] = {}
    started = last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps[name] = now - last
        last = now

    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TEMP TABLE names (raw TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID")
    conn.execute("INSERT OR IGNORE INTO names SELECT name, id FROM clients")
    indexes = [
        sql
        for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL"
        )
    ]
    for name in ("interactions_client_at", "interactions_at"):
        conn.execute(f"DROP INDEX {name}")
    conn.execute("DROP TRIGGER interactions_search_insert")
    conn.execute("CREATE TEMP TABLE staged (client_id, kind, at, summary, by)")
    step("prepare")
    with interactions.open(newline="", encoding="utf-8") as source:
        rows = csv.reader(source)
        next(rows)
        conn.executemany(
            "INSERT INTO staged VALUES ((SELECT id FROM names WHERE raw = ?1), lower(trim(?2)), "
            "strftime('%Y-%m-%dT%H:%M:%S+00:00', trim(?3)), trim(?4), trim(?5))",
            rows,
        )
    step("stage")
    conn.execute(
        "INSERT INTO interactions (client_id, kind, at, summary, by, created_at, updated_at, import_id) "
        "SELECT client_id, kind, at, summary, by, '', '', 1 FROM staged"
    )
    step("insert")
    for sql in indexes:
        conn.execute(sql)
    step("indexes")
    if contentless:
        conn.execute("INSERT INTO lean_search (rowid, title, body) SELECT id * 8 + 2, kind, summary FROM interactions")
    else:
        conn.execute(
            "INSERT INTO search_index (rowid, kind, ref, client_id, title, body) "
            "SELECT id * 8 + 2, 'interaction', id, client_id, kind, summary FROM interactions"
        )
    step("search")
    conn.execute(
        "UPDATE clients SET (last_contact_at, last_interaction_at) = "
        "(SELECT max(at), max(at) FROM interactions i WHERE i.client_id = clients.id) "
        "WHERE id IN (SELECT DISTINCT client_id FROM staged)"
    )
    step("last contact")
    conn.execute("COMMIT")
    step("commit")
    conn.close()
    steps["total"] = time.perf_counter() - started
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        clients, interactions = make_files(folder, args.clients, args.interactions)
        start = time.perf_counter()
        subprocess.run(["sqlite3", str(folder / "floor.db"), "-cmd", ".mode csv", f".import {interactions} bare"],
                       check=True)  # fmt: skip
        floor = time.perf_counter() - start
        base = folder / "base.db"
        subprocess.run([sys.executable, "-m", "relmgr", "--db", str(base), "import", "clients", str(clients), "-q"],
                       check=True, capture_output=True)  # fmt: skip
        db.open_book(base).close()
        print(f"sqlite3 shell .import of {args.interactions:,} rows: {floor:.2f} s (the floor, 1.0x)")
        for contentless in (False, True):
            book = folder / f"lean-{contentless}.db"
            source = sqlite3.connect(base)
            source.execute("VACUUM INTO ?", (str(book),))
            source.close()
            steps = lean_import(book, interactions, contentless=contentless)
            label = "contentless search index" if contentless else "search index as relmgr keeps it"
            parts = "  ".join(f"{name} {seconds / floor:.1f}x" for name, seconds in steps.items() if name != "total")
            print(f"lean import, {label}: {steps['total']:.2f} s = {steps['total'] / floor:.1f}x  ({parts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
