"""Every test gets its own book, a fixed user, a frozen clock and full tracebacks for bugs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from relmgr import dates
from relmgr.cli.app import app

NOW = "2026-11-22T10:00:00"  # a Sunday

# Property tests explore new examples on every run here, but CI (CI=true) replays the same ones, so
# a red build always means a change broke something, never that the search got lucky.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def book_env(tmp_path, monkeypatch):
    # A zone far from UTC (+05:30), so that mixing up stored UTC and shown local time fails.
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    path = tmp_path / "book.db"
    monkeypatch.setenv("RELMGR_DB", str(path))
    monkeypatch.setenv("RELMGR_USER", "alice")
    monkeypatch.setenv("RELMGR_NOW", NOW)
    monkeypatch.setenv("RELMGR_DEBUG", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    dates.set_clock(None)
    yield path
    dates.set_clock(None)
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def tz(monkeypatch):
    """Switch the process to a named time zone (and back)."""

    def switch(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield switch
    monkeypatch.undo()
    time.tzset()


class Run:
    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | None = None):
        result = self.runner.invoke(app, list(args), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, (
            f"relmgr {' '.join(args)} exited {result.exit_code}, wanted {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        return result

    def json(self, *args: str, code: int = 0):
        return json.loads(self(*args, "--json", code=code).stdout)

    def error(self, *args: str, code: int) -> str:
        """Run a command that must fail; return its one stderr line."""
        result = self(*args, code=code)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"wanted one line on stderr, got: {result.stderr!r}"
        assert "Traceback" not in result.stderr
        assert lines[0].startswith("relmgr: ")
        return lines[0]


@pytest.fixture
def run():
    return Run()


def relmgr_command() -> list[str]:
    exe = shutil.which("relmgr")
    return [exe] if exe else [sys.executable, "-m", "relmgr"]


@pytest.fixture
def sh():
    """Run the real `relmgr` program in a subprocess."""

    def call(*args: str, code: int = 0, input: str | None = None, env: dict | None = None):
        full_env = {**os.environ, **(env or {})}
        full_env.pop("RELMGR_DEBUG", None)
        done = subprocess.run(
            [*relmgr_command(), *args], capture_output=True, text=True, input=input, env=full_env, timeout=60
        )
        assert done.returncode == code, f"exit {done.returncode}, wanted {code}: {done.stderr}"
        return done

    return call
