"""Import and export at scale: 100,000 clients, 300,000 contacts and 1,000,000 interactions, against two floors.

For each file this times, in one run (so the ratios hold on a noisy machine):
- the `sqlite3` shell's `.import` of the same CSV into a bare table (the practical floor),
- `sqlite-utils insert --csv` of the same file (what a quick script would use),
- `relmgr import` (mapping, checking every row, matching, duplicate skipping, one transaction),
- `relmgr export` of what was imported,
and the peak memory (max RSS) of each relmgr process, measured for both sizes to show it stays
flat in the number of rows.

    python benchmarks/import_export.py [--clients 100000] [--contacts 300000] [--interactions 1000000]
                                       [--skip-sqlite-utils]

Targets (issue #5): every relmgr import within 5x the sqlite3 shell and faster than sqlite-utils;
export at least as fast as import; peak memory flat in the number of rows.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import compile_relmgr


def relmgr() -> list[str]:
    exe = shutil.which("relmgr") or str(Path(sys.executable).with_name("relmgr"))
    return [exe] if Path(exe).exists() else [sys.executable, "-m", "relmgr"]


def timed(command: list[str], env: dict | None = None, stdin: str | None = None) -> tuple[float, int]:
    """(seconds, peak RSS in MiB) of one command."""
    start = time.perf_counter()
    handle = open(stdin) if stdin else subprocess.DEVNULL
    process = subprocess.Popen(command, env=env, stdin=handle, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss // 1024


def make_files(folder: Path, clients: int, contacts: int, interactions: int) -> tuple[Path, Path, Path]:
    rng = random.Random(5)
    client_file, contact_file, interaction_file = (folder / f"{name}.csv" for name in
                                                   ("clients", "contacts", "interactions"))  # fmt: skip
    cities = ["Mumbai", "Łódź", "Jakarta", "Chicago", "München", "जयपुर"]
    with client_file.open("w", encoding="utf-8", newline="") as out:
        out.write("Account ID,Account Name,Type,Industry,Billing City,Account Owner,Description\n")
        for i in range(clients):
            out.write(f"SF{i:07d},Client {i:06d} Sp. z o.o.,Customer - Direct,Retail,{rng.choice(cities)},"
                      f"owner{i % 20},\"Key account, since {2000 + i % 25}\"\n")  # fmt: skip
    with contact_file.open("w", encoding="utf-8", newline="") as out:
        out.write("Company,First Name,Last Name,Email,Job Title\n")  # matched by email at the client
        for i in range(contacts):
            out.write(f"Client {i % clients:06d} Sp. z o.o.,Anna,Nowak {i},anna.nowak{i}@example.com,Buyer\n")
    with interaction_file.open("w", encoding="utf-8", newline="") as out:
        out.write("client,kind,at,summary,by\n")
        for i in range(interactions):
            out.write(f"Client {rng.randrange(clients):06d} Sp. z o.o.,call,2025-{1 + i % 12:02d}-{1 + i % 28:02d}T"
                      f"{i % 24:02d}:{i % 60:02d}:00+05:30,Call {i} about the order,owner{i % 20}\n")  # fmt: skip
    return client_file, contact_file, interaction_file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=300_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--skip-sqlite-utils", action="store_true")
    args = parser.parse_args()
    compile_relmgr()
    sqlite_utils = shutil.which("sqlite-utils") or str(Path(sys.executable).with_name("sqlite-utils"))
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        client_file, contact_file, interaction_file = make_files(folder, args.clients, args.contacts,
                                                                 args.interactions)  # fmt: skip
        book = folder / "book.db"
        env = {**os.environ, "RELMGR_USER": "bench", "TZ": "Asia/Kolkata"}
        for label, path, entity, count in (
            ("clients", client_file, "clients", args.clients),
            ("contacts", contact_file, "contacts", args.contacts),
            ("interactions", interaction_file, "interactions", args.interactions),
        ):
            floor, _ = timed(["sqlite3", str(folder / f"floor-{label}.db"), "-cmd", ".mode csv",
                              f".import {path} bare"])  # fmt: skip
            utils = None
            if not args.skip_sqlite_utils:
                utils, _ = timed(
                    [sqlite_utils, "insert", str(folder / f"utils-{label}.db"), "bare", str(path), "--csv"]
                )
            ours, memory = timed([*relmgr(), "--db", str(book), "import", entity, str(path), "-q"], env)
            out = folder / f"out-{label}.csv"
            exported, export_memory = timed([*relmgr(), "--db", str(book), "export", entity, "-o", str(out)], env)
            rows.append((label, count, floor, utils, ours, memory, exported, export_memory))
    print(f"{'file':14} {'rows':>10} {'sqlite3 .import':>16} {'sqlite-utils':>13} {'relmgr import':>14} "
          f"{'x floor':>8} {'rows/s':>9} {'MiB':>5} {'relmgr export':>14} {'MiB':>5}")  # fmt: skip
    for label, count, floor, utils, ours, memory, exported, export_memory in rows:
        utils_text = f"{utils:12.2f}s" if utils is not None else f"{'-':>13}"
        print(f"{label:14} {count:10,} {floor:15.2f}s {utils_text} {ours:13.2f}s {ours / floor:8.1f} "
              f"{count / ours:9,.0f} {memory:5d} {exported:13.2f}s {export_memory:5d}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
