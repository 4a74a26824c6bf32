"""`relmgr followup ...`: promises with due dates, recurring or not."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import dates, records
from relmgr.cli import render
from relmgr.cli.client import ClientArg
from relmgr.cli.common import (
    CsvOpt,
    JsonOpt,
    OwnerOpt,
    QuietOpt,
    book,
    id_arg,
    me,
    need,
    note_if_unknown,
    record_id,
    unknown_note,
)
from relmgr.cli.common import client as resolve_client

app = typer.Typer(help="Follow-ups: what you promised, and when.", no_args_is_help=True, rich_markup_mode=None)
IdArg = Annotated[int, id_arg("The follow-up's id (see `relmgr followup list`).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="A note to keep with it.", show_default=False)]


def _due(row: dict) -> str:
    return records.present("followup", row)["due"].replace("T", " ")[:16]


@app.command("add")
def add(
    client: ClientArg = None,
    title: Annotated[str | None, typer.Argument(help="What you promised.", show_default=False)] = None,
    due: Annotated[str | None, typer.Option("--due", help="When: fri, tomorrow, +3d, 2026-12-01, 2026-12-01 15:00.",
                                            show_default=False)] = None,
    every: Annotated[str | None, typer.Option("--every", help="Repeat: 1w, 2w, monthly, quarterly, weekdays, "
                                              "or an RRULE.", show_default=False)] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="The contact it concerns.",
                                                show_default=False)] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Who owns it (default: you).",
                                              show_default=False)] = None,
    complaint: Annotated[int | None, typer.Option("--complaint", help="The complaint it answers (an id).",
                                                  parser=record_id, show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Add a follow-up: a promise with a due date."""
    from relmgr import followups

    when = dates.parse_when(due, what="--due") if due else None
    target = resolve_client(client)
    text = need(title, "TITLE", "What did you promise?")
    if when is None:
        when = dates.parse_when(need(due, "--due", "Due when? (fri, +3d, 2026-12-01)"), what="--due")
    row = followups.add(book(), str(target["id"]), text, when, owner=owner or me(), every=every, contact=contact,
                        complaint_id=complaint)  # fmt: skip
    repeat = f", every {row['every']}" if row["every"] else ""
    render.wrote(f"Added follow-up #{row['id']} for {row['client']}: {row['title']} (due {_due(row)}{repeat})",
                 records.present("followup", row), json_=json_, quiet=quiet)  # fmt: skip


@app.command("list")
def list_(
    overdue: Annotated[bool, typer.Option("--overdue", help="Only those past their due day.")] = False,
    owner: OwnerOpt = None,
    client: Annotated[str | None, typer.Option("--client", help="Only this client's.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include done and cancelled ones, and archived "
                                                     "clients'.")] = False,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List open follow-ups, soonest due first."""
    from relmgr import followups

    note_if_unknown(owner)
    ref = str(resolve_client(client)["id"]) if client else None
    rows = followups.list_followups(book(), owner=owner, overdue=overdue, include_closed=all_, client_ref=ref)
    found = [records.present("followup", row) for row in rows]
    today = dates.today().isoformat()
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "due", "client", "title", "owner", "every", "status"],
        [[f["id"], f["due"].replace("T", " ")[:16] + (" !" if f["status"] == "open" and f["due"][:10] < today else ""),
          f["client"], f["title"], f["owner"], f["every"], f["status"]] for f in found],
        empty="No follow-ups. Add one with `relmgr followup add CLIENT TITLE --due fri`.",
        note="! overdue" if any(f["status"] == "open" and f["due"][:10] < today for f in found) else None,
    ))  # fmt: skip


@app.command("done")
def done(follow_id: IdArg, note: NoteOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Mark a follow-up done (a recurring one opens its next occurrence)."""
    from relmgr import followups

    _closed("Done", *followups.done(book(), follow_id, note), json_=json_, quiet=quiet)


@app.command("skip")
def skip(follow_id: IdArg, note: NoteOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Skip one occurrence of a recurring follow-up: it is cancelled, the series goes on."""
    from relmgr import followups

    _closed("Skipped", *followups.skip(book(), follow_id, note), json_=json_, quiet=quiet)


def _closed(verb: str, row: dict, following: dict | None, *, json_: bool, quiet: bool) -> None:
    record = records.present("followup", row)
    message = f"{verb} follow-up #{row['id']} for {row['client']}: {row['title']}"
    if following is not None:
        record["next"] = records.present("followup", following)
        message += f"; next #{following['id']} due {_due(following)}"
    elif row["every"]:
        message += "; that was the last of its series"
    render.wrote(message, record, json_=json_, quiet=quiet)


@app.command("edit")
def edit(
    follow_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="What was promised.", show_default=False)] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Who keeps it (hand it to a colleague).",
                                              show_default=False)] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="Who it is for ('' for nobody named).",
                                                show_default=False)] = None,
    note: NoteOpt = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Change a follow-up's title, owner, contact or note (its due date: `snooze`)."""
    from relmgr import followups

    unknown = unknown_note(owner)
    row, changed = followups.edit(book(), follow_id, title=title, owner=owner, contact=contact, note=note)
    if unknown and "owner" in changed:
        render.say(unknown)
    now_whose = f" (now {row['owner']}'s)" if "owner" in changed else ""
    said = render.edited(f"follow-up #{row['id']} for {row['client']}", changed, now_whose)
    render.wrote(said, records.present("followup", row), json_=json_, quiet=quiet)


@app.command("snooze")
def snooze(
    follow_id: IdArg,
    to: Annotated[str | None, typer.Argument(metavar="[WHEN]", help="The new due date, as --until takes it.",
                                             show_default=False)] = None,
    until: Annotated[str | None, typer.Option("--until", help="The new due date (mon, +1w, 2026-12-01).",
                                              show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Move a follow-up's due date: `snooze ID --until WHEN`, or `snooze ID WHEN`."""
    from relmgr import followups
    from relmgr.errors import BadInput

    if to is not None and until is not None:
        raise BadInput(f"two new dates ({to!r} and --until {until!r})", "give one: `snooze ID WHEN` or --until WHEN")
    when = dates.parse_when(need(until or to, "--until", "Snooze until? (mon, +1w)"), what="--until")
    row = followups.snooze(book(), follow_id, when)
    render.wrote(f"Snoozed follow-up #{row['id']} for {row['client']} until {_due(row)}",
                 records.present("followup", row), json_=json_, quiet=quiet)  # fmt: skip


@app.command("cancel")
def cancel(follow_id: IdArg, note: NoteOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Cancel a follow-up (a recurring one ends its series; `skip` passes over one occurrence)."""
    from relmgr import followups

    row = followups.cancel(book(), follow_id, note)
    render.wrote(f"Cancelled follow-up #{row['id']} for {row['client']}: {row['title']}",
                 records.present("followup", row), json_=json_, quiet=quiet)  # fmt: skip


COMMANDS = {"followup": app}
