"""Reports at scale: the same commands on a 1,000-client book and a 100,000-client book.

Both books have the proportions of issue #6 — per 100,000 clients: 300,000 contacts, 1,000,000
interactions, 100,000 follow-ups, 20,000 complaints, 50,000 terms, 10,000 opportunities — built
straight through SQL (the search index is filled by its triggers, as in real use). Each command
runs as a real `relmgr` process, 9 times after a warm-up, in turn with the same command on the
other book (so both see the same machine); the median is shown with its ratio to the small book's.

    python benchmarks/scale.py [--large 100000] [--small 1000] [--runs 5] [--books DIR]

`--books DIR` keeps the two books in DIR and reuses them when they are already there (building the
large one takes minutes).

Targets: every command on the large book within 2x of the small one, and under 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bytecode import compile_relmgr

from relmgr import db, maintenance

OWNERS = [f"am{n:02d}" for n in range(20)]
NOW = datetime(2026, 11, 22, 4, 30, tzinfo=timezone.utc)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def build(path: Path, clients: int) -> None:
    rng = random.Random(11)
    turns = random.Random(13)  # complaints' escalations and reopenings, apart from the book's other draws
    book = db.open_book(path)
    stamp = iso(NOW)
    conn = book.conn
    with book.atomic():
        rows = []
        for i in range(1, clients + 1):
            last = iso(NOW - timedelta(days=rng.randint(0, 200)))
            rows.append((i, f"Client {i:06d}", f"client {i:06d}", rng.choice("ABC"), OWNERS[i % 20], last, last,
                         f"Notes about client {i} and its {rng.choice(['steel', 'textiles', 'retail'])} business",
                         stamp, stamp))  # fmt: skip
        conn.executemany("INSERT INTO clients (id, name, name_key, tier, owner, last_contact_at, last_touch, notes, "
                         "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)  # fmt: skip
        conn.executemany(
            "INSERT INTO contacts (client_id, name, name_key, title, created_at, updated_at) VALUES (?,?,?,?,?,?)",
            ((1 + i % clients, f"Person {i}", f"person {i}", "Buyer", stamp, stamp) for i in range(clients * 3)),
        )
        conn.executemany(
            "INSERT INTO interactions (client_id, kind, at, summary, by, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?)",
            (
                (
                    rng.randint(1, clients),
                    "call",
                    iso(NOW - timedelta(days=rng.randint(0, 1100), minutes=i % 1440)),
                    f"Call {i} about order {rng.randint(1, 99999)}",
                    "am00",
                    stamp,
                    stamp,
                )
                for i in range(clients * 10)
            ),
        )
        followups = []
        for i in range(clients):
            due = date(2026, 11, 22) + timedelta(days=rng.randint(-300, 60))
            status = "done" if due < date(2026, 11, 22) and rng.random() < 0.97 else "open"
            followups.append((1 + i, "Follow up", due.isoformat(), due.isoformat(), OWNERS[(1 + i) % 20], status,
                              stamp, stamp))  # fmt: skip
        conn.executemany("INSERT INTO followups (client_id, title, due, due_day, owner, status, created_at, updated_at)"
                         " VALUES (?,?,?,?,?,?,?,?)", followups)  # fmt: skip
        for i in range(clients // 5):
            opened = NOW - timedelta(days=rng.randint(0, 700), hours=rng.randint(0, 23))
            resolved = opened + timedelta(hours=rng.randint(1, 200))
            closed = resolved < NOW and rng.random() < 0.95
            cursor = conn.execute(
                "INSERT INTO complaints (client_id, title, severity, status, opened_at, responded_at, resolved_at, "
                "respond_by, resolve_by, assignee, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (rng.randint(1, clients), f"Complaint {i}", rng.choice(["low", "medium", "high", "critical"]),
                 "resolved" if closed else "open", iso(opened), iso(opened + timedelta(hours=2)),
                 iso(resolved) if closed else None, iso(opened + timedelta(hours=8)), iso(opened + timedelta(days=3)),
                 "am00", stamp, stamp))  # fmt: skip
            # each complaint's history as relmgr writes it: opened, responded, now and then escalated
            # or reopened, resolved (the KPI's escalation, reopen and first-response figures read it)
            history = [("opened", opened), ("responded", opened + timedelta(hours=2))]
            if turns.random() < 0.1:
                history.append(("escalated", opened + timedelta(hours=3)))
            if closed:
                history.append(("resolved", resolved))
            if closed and turns.random() < 0.03:
                history += [("reopened", resolved + timedelta(minutes=5)), ("resolved", resolved + timedelta(hours=1))]
            conn.executemany("INSERT INTO complaint_events (complaint_id, at, action, by, level, created_at) "
                             "VALUES (?, ?, ?, 'am00', 0, ?)",
                             [(cursor.lastrowid, iso(at), action, stamp) for action, at in history])  # fmt: skip
        terms = []
        for _ in range(clients // 2):
            end = date(2025, 1, 1) + timedelta(days=rng.randint(0, 900))
            status = "active" if end >= date(2026, 11, 22) else rng.choice(["renewed", "churned"])
            terms.append((rng.randint(1, clients), "1000", "USD", (end - timedelta(days=364)).isoformat(),
                          end.isoformat(), (end - timedelta(days=60)).isoformat(), status, stamp, stamp))  # fmt: skip
        conn.executemany('INSERT INTO contracts (client_id, value, currency, start, "end", decision_date, status, '
                         "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)", terms)  # fmt: skip
        conn.executemany(
            "INSERT INTO opportunities (client_id, kind, title, value, currency, status, identified_at, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                (
                    rng.randint(1, clients),
                    "upsell",
                    f"Upsell {i}",
                    "500",
                    "USD",
                    rng.choice(["identified", "won", "lost"]),
                    iso(NOW - timedelta(days=rng.randint(0, 700))),
                    stamp,
                    stamp,
                )
                for i in range(clients // 10)
            ),
        )
    maintenance.repair(book)  # each client's latest interaction, kept by relmgr as it writes
    book.execute("ANALYZE")
    book.close()


def relmgr() -> list[str]:
    exe = shutil.which("relmgr") or str(Path(sys.executable).with_name("relmgr"))
    return [exe] if Path(exe).exists() else [sys.executable, "-m", "relmgr"]


def medians_ms(commands: list[list[str]], runs: int, env: dict) -> list[float]:
    """The median time of each command, run in turn (one after the other, `runs` times over), so
    that the machine's slow and fast spells fall on all of them alike."""
    for command in commands:
        subprocess.run(command, env=env, capture_output=True, check=True)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for spent, command in zip(times, commands, strict=True):
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) * 1000 for spent in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--books", type=Path, help="keep the books here, and reuse them if present")
    args = parser.parse_args()
    compile_relmgr()
    env = {**os.environ, "RELMGR_USER": "am07", "RELMGR_NOW": "2026-11-22T10:00:00", "TZ": "Asia/Kolkata"}
    commands = {
        "agenda": ["agenda", "--json"],
        "kpi --period 2026": ["kpi", "--period", "2026", "--json"],
        "kpi --period 2026 --owner am07": ["kpi", "--period", "2026", "--owner", "am07", "--json"],
        "brief": ["brief", "Client 000507", "--json"],
        "timeline": ["timeline", "Client 000507", "--json"],
        "search": ["search", "order 4242", "--json"],
        "search (one word in every interaction)": ["search", "order", "--json"],
        "client list --owner am07 --json": ["client", "list", "--owner", "am07", "--json"],
        # beyond issue #6's list: "how did my book do last quarter", and a year month by month
        "kpi --period 2026-Q3 (gone by)": ["kpi", "--period", "2026-Q3", "--json"],
        "kpi --trend 12": ["kpi", "--trend", "12", "--json"],
    }
    results: dict[str, dict[str, float]] = {"small": {}, "large": {}}
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.books or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {}
        for label, size in (("small", args.small), ("large", args.large)):
            paths[label] = folder / f"{label}-{size}.db"
            if args.books and paths[label].exists():
                continue
            started = time.perf_counter()
            build(paths[label], size)
            print(f"built the {size:,}-client book in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        for name, cmd in commands.items():  # the two books in turn, so the ratio sees the same machine
            small, large = medians_ms(
                [[*relmgr(), "--db", str(paths[label]), *cmd] for label in ("small", "large")], args.runs, env
            )
            results["small"][name], results["large"][name] = small, large
    print(f"{'command':40} {f'{args.small:,} clients':>14} {f'{args.large:,} clients':>16} {'x small':>8}")
    for name in commands:
        small, large = results["small"][name], results["large"][name]
        print(f"{name:40} {small:12.0f}ms {large:14.0f}ms {large / small:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
