"""Start-up benchmark: how long everyday relmgr commands take, as ratios to a floor.

The floor is `python -c "import sqlite3"`: the least any relmgr command can cost. Each command
runs at least 20 times (after two warm-up runs) and the median is reported, with its ratio to
the floor measured in the same run, because these machines are noisy.

    python benchmarks/startup.py [--runs 20]

Targets (issue #2): `relmgr --version` <= 4x the floor, `relmgr agenda` <= 8x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import compile_relmgr

TARGETS = {"relmgr --version": 4.0, "relmgr agenda": 8.0}


def relmgr() -> list[str]:
    exe = shutil.which("relmgr") or str(Path(sys.executable).with_name("relmgr"))
    return [exe] if Path(exe).exists() else [sys.executable, "-m", "relmgr"]


def median_ms(command: list[str], runs: int, env: dict) -> float:
    for _ in range(2):
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    compile_relmgr()
    with tempfile.TemporaryDirectory() as folder:
        book = os.path.join(folder, "demo.db")
        env = {**os.environ, "RELMGR_DB": book, "NO_COLOR": "1"}
        subprocess.run([*relmgr(), "--db", book, "demo"], env=env, capture_output=True, check=True)
        commands = {
            "floor: python -c 'import sqlite3'": [sys.executable, "-c", "import sqlite3"],
            "relmgr --version": [*relmgr(), "--version"],
            "relmgr config --help (Typer, no book)": [*relmgr(), "config", "--help"],
            "relmgr client list --json": [*relmgr(), "client", "list", "--json"],
            "relmgr agenda": [*relmgr(), "agenda"],
            "relmgr agenda --json": [*relmgr(), "agenda", "--json"],
            "relmgr agenda (Rich, FORCE_COLOR=1)": [*relmgr(), "agenda"],
        }
        rich_env = {**env, "FORCE_COLOR": "1"}
        rich_env.pop("NO_COLOR")
        results = {
            name: median_ms(command, args.runs, rich_env if "FORCE_COLOR" in name else env)
            for name, command in commands.items()
        }
    floor = next(iter(results.values()))
    failed = False
    print(f"{'command':40} {'median ms':>10} {'x floor':>8}  target")
    for name, ms in results.items():
        ratio = ms / floor
        target = TARGETS.get(name)
        verdict = "" if target is None else (f"<= {target:g}x ok" if ratio <= target else f"<= {target:g}x MISSED")
        failed |= target is not None and ratio > target
        print(f"{name:40} {ms:10.1f} {ratio:8.1f}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
