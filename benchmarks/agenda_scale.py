"""Agenda at scale: the agenda of a 100,000-client book against that of a 100-client book.

Builds two books with the same proportions (10 interactions and 2 follow-ups per client, past ones mostly done, spread
over three years and four owners) straight through SQL, then times `relmgr agenda --json` for one
owner on each (median of N runs, in-process, after a warm-up) and prints the ratio. SPEC §8: the
agenda of a book of 100,000 clients is as quick as that of a book of 100.

    python benchmarks/agenda_scale.py [--clients 100000] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bytecode import compile_relmgr

from relmgr import agenda, db

OWNERS = ["alice", "bob", "carol", "dan"]


def build(path: Path, clients: int) -> None:
    book = db.open_book(path)
    rng = random.Random(7)
    now = datetime(2026, 11, 22, 9, tzinfo=timezone.utc)
    stamp = now.isoformat(timespec="seconds")
    with book.atomic():
        client_rows, interaction_rows, followup_rows = [], [], []
        for i in range(1, clients + 1):
            last = now - timedelta(days=rng.randint(0, 200), minutes=rng.randint(0, 1440))
            client_rows.append(
                (
                    i,
                    f"Client {i:06d}",
                    f"client {i:06d}",
                    rng.choice("ABC"),
                    OWNERS[i % 4],
                    last.isoformat(timespec="seconds"),
                    last.isoformat(timespec="seconds"),
                    stamp,
                    stamp,
                )
            )
            for _ in range(10):
                at = now - timedelta(days=rng.randint(0, 1100))
                interaction_rows.append(
                    (i, "call", at.isoformat(timespec="seconds"), "A call", OWNERS[i % 4], stamp, stamp)
                )
            for _ in range(2):  # like a real book: most past promises are kept, a few are overdue
                due = date(2026, 11, 22) + timedelta(days=rng.randint(-365, 60))
                status = "done" if due < date(2026, 11, 22) and rng.random() < 0.97 else "open"
                followup_rows.append(
                    (i, "Follow up", due.isoformat(), due.isoformat(), OWNERS[i % 4], status, stamp, stamp)
                )
        book.conn.executemany(
            "INSERT INTO clients (id, name, name_key, tier, owner, last_contact_at, last_touch, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            client_rows,
        )
        book.conn.executemany(
            "INSERT INTO interactions (client_id, kind, at, summary, by, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            interaction_rows,
        )
        book.conn.executemany(
            "INSERT INTO followups (client_id, title, due, due_day, owner, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            followup_rows,
        )
    book.execute("ANALYZE")
    book.close()  # fmt: skip


def time_agenda(path: Path, runs: int) -> float:
    book = db.open_book(path)
    agenda.build(book, as_of=date(2026, 11, 22), owners=["alice"])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        agenda.build(book, as_of=date(2026, 11, 22), owners=["alice"]).as_json()
        times.append(time.perf_counter() - start)
    book.close()
    return statistics.median(times) * 1000


def time_cli(path: Path, runs: int) -> float:
    command = [sys.executable, "-m", "relmgr", "--db", str(path), "agenda", "--owner", "alice", "--json"]
    env = {**os.environ, "RELMGR_NOW": "2026-11-22T09:00:00"}
    subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    compile_relmgr()
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "small.db", Path(folder) / "large.db"
        started = time.perf_counter()
        build(small, 100)
        build(large, args.clients)
        print(f"built books of 100 and {args.clients:,} clients in {time.perf_counter() - started:.1f} s")
        floor, big = time_agenda(small, args.runs), time_agenda(large, args.runs)
        cli_floor, cli_big = time_cli(small, args.runs), time_cli(large, args.runs)
    print(f"{'agenda for one owner':40} {'median ms':>10} {'x small':>8}")
    print(f"{'in-process, 100 clients':40} {floor:10.2f} {1.0:8.1f}")
    print(f"{f'in-process, {args.clients:,} clients':40} {big:10.2f} {big / floor:8.1f}")
    print(f"{'relmgr agenda --json, 100 clients':40} {cli_floor:10.2f} {1.0:8.1f}")
    print(f"{f'relmgr agenda --json, {args.clients:,} clients':40} {cli_big:10.2f} {cli_big / cli_floor:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
