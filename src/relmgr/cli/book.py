"""Commands about the book itself: init, demo, config, doctor, backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relmgr import dates, records
from relmgr.cli import render
from relmgr.cli.common import MAX_DAYS, JsonOpt, book, book_path, existing_book, state

config = typer.Typer(help="Read and change the book's settings.", no_args_is_help=True, rich_markup_mode=None)


def init(json_: JsonOpt = False) -> None:
    """Create the book (or check an existing one) and say where it is."""
    opened = book()
    info = {"path": str(opened.path), "schema_version": opened.schema_version()}
    if json_:
        render.as_json(info)
    else:
        print(f"Book ready at {opened.path} (schema {info['schema_version']})")
        if opened.value("SELECT 1 FROM clients LIMIT 1") is None:  # a new book: the first steps
            from relmgr.cli.common import me

            print(f"You are {me()!r}: what you add is yours, and `relmgr agenda` shows it "
                  "(another name: `relmgr config set user NAME`).\n"
                  "Next: `relmgr client add NAME` or `relmgr import clients FILE`; "
                  "`relmgr demo` fills a sample book to try first.")  # fmt: skip


def demo(
    agenda_days: Annotated[int, typer.Option("--days", help="Days ahead in the demo agenda.", min=0, max=MAX_DAYS)] = 7,
) -> None:
    """Fill a sample book (never your own) and show its agenda."""
    from relmgr import demo as sample
    from relmgr.cli import agenda
    from relmgr.cli.common import default_path

    if state.db is None:
        state.db = default_path().with_name("demo.db")
        for leftover in (state.db, *(state.db.with_name(state.db.name + end) for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)  # the default demo book is ours to rebuild
    opened = book()
    summary = sample.fill(opened)
    from relmgr import handovers, settings

    render.say(
        f"Demo book at {opened.path}: " + ", ".join(records.count_of(n, name) for name, n in summary.items()) + "."
    )
    me = settings.current_user(opened)
    covering = handovers.covered_by(opened, me, dates.today())
    agenda.show(owners=[me], as_of=None, days=agenda_days, limit=10, json_=False, covering=covering)
    import shlex

    db = shlex.quote(str(opened.path))  # lines to copy: a folder named "Jane Doe" stays one argument
    render.say(
        "\nExplore it:\n"
        f"  relmgr --db {db} client list\n"
        f"  relmgr --db {db} client show Tata\n"
        f"  relmgr --db {db} brief Tata\n"
        f"  relmgr --db {db} timeline Acme\n"
        f"  relmgr --db {db} search invoice\n"
        f"  relmgr --db {db} followup list --overdue\n"
        f"  relmgr --db {db} complaint list --all\n"
        f"  relmgr --db {db} complaint show 1\n"
        f"  relmgr --db {db} renewals --within 120d\n"
        f"  relmgr --db {db} opportunity list\n"
        f"  relmgr --db {db} handover list\n"
        f"  relmgr --db {db} competitors\n"
        f"  relmgr --db {db} agenda --all --days 14\n"
        f"  relmgr --db {db} kpi --explain\n"
        'Your own book is separate: `relmgr client add "ACME"` starts it.'
    )


def doctor(
    repair: Annotated[
        bool, typer.Option("--repair", help="First set each client's last contact from its interactions again.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Check the book: integrity, foreign keys, schema version, file mode, contact clocks; exit 1 on a problem."""
    from relmgr import maintenance

    if repair:
        render.say(f"Repaired the contact clocks of {records.count(maintenance.repair(existing_book()), 'client')}.")
    report = maintenance.check(existing_book())
    if json_:
        render.as_json(report)
    else:
        for item in report["checks"]:
            print(f"{'ok  ' if item['ok'] else 'FAIL'}  {item['name']}: {item['detail']}")
    if not report["ok"]:
        raise typer.Exit(1)


def backup(
    path: Annotated[Path | None, typer.Argument(help="Where to write the copy (default: beside the book).")] = None,
    json_: JsonOpt = False,
) -> None:
    """Write a consistent copy of the book, safe while others are writing."""
    from relmgr import maintenance

    target = maintenance.backup(existing_book(), path)
    if json_:
        render.as_json({"path": str(target)})
    else:
        print(f"Backed up {book_path()} to {target}")


@config.command("get")
def config_get(key: Annotated[str, typer.Argument(help="The setting, e.g. currency.")]) -> None:
    """Print one setting's value (`user`: who relmgr takes you to be)."""
    from relmgr import settings

    if key.strip() == "user":  # unset, it is not empty: relmgr takes you to be someone
        print(settings.current_user(book()))
        source = settings.whose(book())
        if source:
            render.say(f"relmgr: note: {source}")
        return
    print(settings.get(book(), key))


@config.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="The setting, e.g. currency.")],
    value: Annotated[str, typer.Argument(help="Its new value.")],
) -> None:
    """Change a setting."""
    from relmgr import settings

    print(f"Set {key} = {settings.set_value(book(), key, value)}")


@config.command("unset")
def config_unset(key: Annotated[str, typer.Argument(help="The setting to reset.")]) -> None:
    """Go back to a setting's default."""
    from relmgr import settings

    settings.unset(book(), key)
    print(f"Reset {key} to its default: {settings.get(book(), key)}")


@config.command("list")
def config_list(json_: JsonOpt = False) -> None:
    """List every setting with its value and default."""
    from relmgr import settings

    rows = settings.all_settings(book())
    if json_:
        render.as_json(rows)
        return
    render.table(
        ["setting", "value", "default", "what it is"],
        [[r["key"], r["value"] + (" *" if r["set"] else ""), r["default"], r["help"]] for r in rows],
        note="* set in this book" if any(r["set"] for r in rows) else None,
    )


COMMANDS = {"init": init, "demo": demo, "config": config, "doctor": doctor, "backup": backup}
