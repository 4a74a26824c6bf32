"""The relmgr command line: the only package that imports typer, rich or questionary.

`main` is the console script. It answers `relmgr --version` before importing Typer (which alone
costs about three times Python's own start-up, see docs/benchmarks.md) and hands everything else
to the app in `relmgr.cli.app`.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the `relmgr` console script."""
    if sys.argv[1:] == ["--version"]:
        from relmgr import __version__

        print(f"relmgr {__version__}")
        return
    from relmgr.cli.app import app

    app()
