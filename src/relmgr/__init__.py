"""relmgr — a command-line relationship manager for account managers.

The package is a library first: the domain modules (`clients`, `followups`, `agenda`, ...) are
plain functions over a `Book` (see `relmgr.db`); `relmgr.cli` is a thin Typer layer over them.
"""

__version__ = "0.1.0"
