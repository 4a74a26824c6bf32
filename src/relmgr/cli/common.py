"""What every command shares: the open book, shared options, asking for missing input, errors.

Options used by many commands are declared once here as `Annotated` aliases. The root callback
fills `state`; commands open the book through `book()`, which does so once, lazily, so that
`--help` and `--version` never touch the disk.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from relmgr.errors import Ambiguous, Missing

if TYPE_CHECKING:
    from relmgr.db import Book


class State:
    """What the root callback learned (--db, --no-input) and the book once opened."""

    def __init__(self) -> None:
        self.db: Path | None = None
        self.no_input = False
        self.opened: Book | None = None


state = State()

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the id.")]
OwnerOpt = Annotated[str | None, typer.Option("--owner", help="Only this owner's records.")]
MAX_DAYS = 36525  # --days: a hundred years, the longest span relmgr takes (dates.MAX_SPAN)
MAX_LIMIT = 10**9  # --limit: more than any book holds, within what SQLite's LIMIT takes
AtOpt = Annotated[
    str | None, typer.Option("--at", help="When it happened (default now): 2026-11-20 14:00, yesterday, -2d.")
]


def record_id(text: str) -> int:
    """An ID argument: a whole number (`#12` too) that a record could have. Typer's own `int`
    took 999999999999999999999 and SQLite failed on it."""
    from relmgr.records import as_id

    number = as_id(text)
    if number is None:
        digits = text.strip().removeprefix("#")
        raise typer.BadParameter(f"{text} is larger than any id" if digits.isdecimal() else
                                 f"{text!r} is not an id (ids are whole numbers)")  # fmt: skip
    return number


def id_arg(help: str):
    """A record's ID argument, checked by `record_id`."""
    return typer.Argument(help=help, metavar="ID", parser=record_id, show_default=False)


def default_path() -> Path:
    return Path(typer.get_app_dir("relmgr")) / "relmgr.db"


def book_path() -> Path:
    """Where the book is: --db, else RELMGR_DB, else relmgr.db in the user data dir."""
    if state.db is not None:
        return state.db.expanduser()
    env = os.environ.get("RELMGR_DB")
    return Path(env).expanduser() if env else default_path()


def book() -> Book:
    """The open book (opened, created or migrated on first use)."""
    if state.opened is None:
        from relmgr.db import open_book

        state.opened = open_book(book_path())
    return state.opened


def existing_book() -> Book:
    """The book, for commands about a book that must already be there (`doctor`, `backup`): a
    mistyped --db would otherwise create an empty book and report it healthy."""
    if state.opened is None and not book_path().exists():
        from relmgr.errors import NotFound

        raise NotFound(f"no book at {book_path()}", "check --db or RELMGR_DB; `relmgr init` creates one")
    return book()


def close_book() -> None:
    if state.opened is not None:
        state.opened.close()
        state.opened = None


def me() -> str:
    from relmgr.settings import current_user

    return current_user(book())


def date_order() -> str:
    """How the book reads a typed date such as 5/12/2026 (setting `dates.order`; "" if unset)."""
    from relmgr.settings import get

    return get(book(), "dates.order")


def note_if_unknown(owner: str | None) -> None:
    """Say so on stderr when --owner names someone the book has never seen: an empty report for
    "priay" looks like a quiet day, not a typo."""
    said = unknown_note(owner)
    if said:
        from relmgr.cli import render

        render.say(said)


def unknown_note(owner: str | None) -> str | None:
    """The note `note_if_unknown` prints, for a write to print once it has succeeded (a refused
    edit says one line, its reason)."""
    if owner:
        from relmgr import handovers

        if handovers.strangers(book(), [owner], me()):
            return (f"relmgr: note: {owner!r} owns nothing in this book (no clients, follow-ups, complaints, "
                    "deals or handovers); check the spelling")  # fmt: skip
    return None


def reader_gone() -> None:
    """The program reading our output stopped early (`relmgr export clients | head`): no failure,
    so exit 0, as `relmgr client list --json | head` always did. Python's own flush of stdout at
    exit would fail again, so stdout goes to /dev/null first (as the `signal` module's docs advise)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def interactive() -> bool:
    """May relmgr ask questions? Only on a terminal, and never with --no-input."""
    if state.no_input or os.environ.get("RELMGR_NO_INPUT"):
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


def need(value: str | None, name: str, question: str) -> str:
    """A required value: as given, else asked for on a terminal, else a usage error (exit 2)."""
    if value is not None and value.strip():
        return value
    if interactive():
        from relmgr.cli import prompts

        answer = prompts.text(question)
        if answer and answer.strip():
            return answer
    raise Missing(f"missing {name}", "give it on the command line; relmgr asks only on a terminal")


def client(ref: str | None) -> dict:
    """Resolve a CLIENT argument; on a terminal, an ambiguous one offers a pick list."""
    from relmgr import clients

    ref = need(ref, "CLIENT", "Which client?")
    try:
        return clients.resolve(book(), ref)
    except Ambiguous as error:
        if not interactive():
            raise
        from relmgr.cli import prompts

        chosen = prompts.select(f"{ref!r} matches several clients:", error.candidates)
        if chosen is None:
            raise
        return clients.get(book(), chosen)


def complete_client(incomplete: str) -> list[str]:
    """TAB completion of client names: opens the book read-only and never migrates it."""
    from relmgr import clients
    from relmgr.db import open_book

    try:
        reader = open_book(book_path(), readonly=True)
    except Exception:  # completion must never fail loudly
        return []
    try:
        return clients.names_starting(reader, incomplete)
    finally:
        reader.close()


class DefaultCommandGroup(TyperGroup):
    """A group whose first argument, when it is not one of its commands, goes to `default_command`:
    `relmgr handover FROM TO ...` next to `relmgr handover list`."""

    default_command = ""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


class _UnnamedContext(TyperCommand.context_class):
    @property
    def command_path(self) -> str:
        return self.parent.command_path if self.parent else super().command_path


class UnnamedCommand(TyperCommand):
    """The default command of a `DefaultCommandGroup` that users run without its name
    (`relmgr import clients FILE`): its usage and error hints say `relmgr import`, not the
    `relmgr import file` it is registered as."""

    context_class = _UnnamedContext
