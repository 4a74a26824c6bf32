"""The root Typer app: global options, lazily loaded commands, and the single exit point.

Each command (or group) lives in its own module, which lists it in `COMMANDS`. The root group
imports that module and builds its click command only when the command is used — building all
thirty commands on every run cost ~40 ms, more than the rest of `relmgr --version` together
(see docs/benchmarks.md). `RelmgrGroup` is also where every failure ends: a `RelmgrError` or a
usage error becomes one line on stderr and the exit code the SPEC names (2 bad input, 1 could
not be done), never a traceback unless `RELMGR_DEBUG=1`.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from relmgr import __version__
from relmgr.cli.common import close_book, reader_gone, state
from relmgr.errors import RelmgrError


def _fail(message: str, code: int) -> None:
    print(f"relmgr: {message}", file=sys.stderr)
    sys.exit(code)


def _alike(typed: str, options) -> list[str]:
    """Click's "Possible options" without their dashes, which made any two long options look
    alike (`--due` suggested `--quiet`)."""
    from difflib import SequenceMatcher

    return [o for o in options if SequenceMatcher(None, typed.lstrip("-"), o.lstrip("-")).ratio() >= 0.6]


def _dashed_text(error, args: list[str]) -> str | None:
    """The argument Click took for an unknown short option when it reads as text (`-5% agreed`,
    `-invoice`): longer than an option, not a long one, given to a command that takes text."""
    takes_text = error.ctx and any(p.param_type_name == "argument" for p in error.ctx.command.params)
    for arg in args if takes_text else ():
        if arg.startswith(error.option_name) and not arg.startswith("--") and len(arg) > 2:
            return arg
    return None


# command name -> the module whose COMMANDS holds it, in the order `relmgr --help` lists them
LAZY = {
    "agenda": "agenda", "log": "interaction", "client": "client", "contact": "contact",
    "followup": "followup", "complaint": "complaint", "contract": "contract", "renewals": "contract",
    "competitors": "client",
    "opportunity": "growth", "feedback": "growth", "handover": "handover",
    "interaction": "interaction", "brief": "insight", "timeline": "insight", "search": "insight",
    "kpi": "report", "target": "report", "import": "transfer", "export": "transfer", "init": "book", "demo": "book",
    "config": "book", "doctor": "book", "backup": "book",
}  # fmt: skip


class RelmgrGroup(TyperGroup):
    """The root command: loads subcommands on demand, maps every failure to one line and an exit code."""

    def list_commands(self, ctx) -> list[str]:
        return list(LAZY)

    def get_command(self, ctx, name: str):
        if name not in LAZY:
            return None
        from importlib import import_module

        target = import_module(f"relmgr.cli.{LAZY[name]}").COMMANDS[name]
        if isinstance(target, typer.Typer):
            command = typer.main.get_group(target)  # a group even when it has one command
        else:
            single = typer.Typer(rich_markup_mode=None, add_completion=False)  # completion is the root's
            single.command(name)(target)
            command = typer.main.get_command(single)
        command.name = name
        return command

    def resolve_command(self, ctx, args):
        """Typer suggests a close command name from the commands it has built; this group builds
        them on demand, so it suggests from their names (`clients` -> 'client')."""
        from difflib import get_close_matches

        from typer._click import exceptions as click_errors

        try:
            return super().resolve_command(ctx, args)
        except click_errors.UsageError as error:
            close = get_close_matches(args[0], list(LAZY), n=1) if args else []
            if close and "Did you mean" not in error.message:
                error.message = f"{error.message.rstrip('.')}. Did you mean {', '.join(map(repr, close))}?"
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # caught here: Typer's main turns it into exit 1
            reader_gone()

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer._click import exceptions as click_errors

        args = list(sys.argv[1:] if args is None else args)
        cut = args.index("--") if "--" in args else len(args)
        if "--no-input" in args[:cut]:  # accepted anywhere, not only before the command
            args = [a for a in args[:cut] if a != "--no-input"] + args[cut:]
            state.no_input = True
        else:
            state.no_input = False
        try:
            code = super().main(
                args=args, prog_name=prog_name or "relmgr", complete_var=complete_var,
                standalone_mode=False, **extra,
            )  # fmt: skip
        except RelmgrError as error:
            _fail(str(error), error.exit_code)
        except click_errors.NoArgsIsHelpError as error:
            print(error.format_message(), file=sys.stderr)  # a group without its command: show its help
            sys.exit(2)
        except click_errors.UsageError as error:
            if isinstance(error, click_errors.NoSuchOption) and error.possibilities:
                error.possibilities = _alike(error.option_name, error.possibilities)
            where = error.ctx.command_path if error.ctx else "relmgr"
            entity = error.ctx.params.get("entity") if error.ctx else None
            if isinstance(entity, str) and entity.isalpha():  # `relmgr import clients --help` has the options
                where += f" {entity}"
            text = _dashed_text(error, args[:cut]) if isinstance(error, click_errors.NoSuchOption) else None
            if text is not None:  # `relmgr log Acme "-5% agreed"`: text, not an option
                import shlex

                line = shlex.join(["relmgr", *(a for a in args if a is not text), "--", text])
                _fail(f"{text!r} was read as an option ({error.option_name}): to give text that begins with '-', "
                      f"put `--` before it: {line}", 2)  # fmt: skip
            _fail(f"{error.format_message()} (see `{where} --help`)", 2)
        except click_errors.ClickException as error:
            _fail(error.format_message(), error.exit_code)
        except (typer.Abort, KeyboardInterrupt, EOFError):
            _fail("cancelled; nothing was changed", 130)
        except sqlite3.Error as error:
            if os.environ.get("RELMGR_DEBUG"):
                raise
            if "database is locked" in str(error):  # another process kept writing past the busy timeout
                from relmgr.db import BUSY_TIMEOUT_MS

                _fail(f"the book is busy: another program has been writing to it for {BUSY_TIMEOUT_MS // 1000} s "
                      "(a large import?); nothing was changed (run the command again when it is done)", 1)  # fmt: skip
            _fail(f"database error: {error}; nothing was changed (run `relmgr doctor` to check the book)", 1)
        except OSError as error:  # a path the user gave that cannot be read or written
            where = f" {error.filename}" if error.filename else ""
            _fail(f"cannot use{where}: {error.strerror or error}", 1)
        except Exception as error:
            if os.environ.get("RELMGR_DEBUG"):
                raise
            _fail(f"internal error: {type(error).__name__}: {error} (set RELMGR_DEBUG=1 for details)", 1)
        finally:
            close_book()
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=RelmgrGroup,
    name="relmgr",
    help="A relationship manager for account managers: clients, contacts, interactions, "
    "follow-ups and a daily agenda, in one local SQLite file.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"relmgr {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="The book to use (default: RELMGR_DB, else relmgr.db in the user data dir).",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask questions; fail on missing input.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Keep an account manager's book: run `relmgr demo` for a tour, `relmgr agenda` every morning."""
    state.db = db
    state.no_input = state.no_input or no_input
    from relmgr import dates
    from relmgr.cli.common import date_order
    from relmgr.cli.render import say

    dates.set_day_order(date_order, say)
