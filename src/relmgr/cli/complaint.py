"""`relmgr complaint ...`: take complaints, answer and escalate them against their SLA."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import dates, records
from relmgr.cli import render
from relmgr.cli.client import ClientArg
from relmgr.cli.common import AtOpt, JsonOpt, OwnerOpt, QuietOpt, book, id_arg, me, need, note_if_unknown, unknown_note
from relmgr.cli.common import client as resolve_client

app = typer.Typer(help="Complaints: SLA clocks, escalation levels, full history.", no_args_is_help=True,
                  rich_markup_mode=None)  # fmt: skip
IdArg = Annotated[int, id_arg("The complaint's id (see `relmgr complaint list`).")]


def present(row: dict) -> dict:
    from relmgr import complaints

    return complaints.describe(book(), row)


def _when(at: str | None) -> dates.When | None:
    return dates.parse_when(at, what="--at", past=True) if at else None


def _wrote(message: str, row: dict, json_: bool, quiet: bool) -> None:
    render.wrote(message, present(row), json_=json_, quiet=quiet)


@app.command("add")
def add(
    client: ClientArg = None,
    title: Annotated[str | None, typer.Argument(help="What is wrong, in a line.", show_default=False)] = None,
    severity: Annotated[str, typer.Option("--severity", help="low, medium, high or critical.")] = "medium",
    contact: Annotated[str | None, typer.Option("--contact", help="Who complained.", show_default=False)] = None,
    description: Annotated[str | None, typer.Option("--description", help="The details.", show_default=False)] = None,
    category: Annotated[str | None, typer.Option("--category", help="e.g. delivery, billing, quality.",
                                                 show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Take a complaint: its response and resolution deadlines start now (or --at)."""
    from relmgr import complaints

    when = _when(at)
    target = resolve_client(client)
    row = complaints.add(
        book(),
        str(target["id"]),
        need(title, "TITLE", "What is the complaint?"),
        by=me(),
        severity=severity,
        contact=contact,
        description=description,
        category=category,
        at=when,
    )
    resolve_by = render.minute(records.local_time(row["resolve_by"]))
    _wrote(f"Added complaint #{row['id']} for {row['client']} ({row['severity']}, resolve by {resolve_by})",
           row, json_, quiet)  # fmt: skip


@app.command("list")
def list_(
    open_: Annotated[bool, typer.Option("--open", help="Only open ones (the default).")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Include resolved and closed complaints, and archived "
                                                     "clients'.")] = False,
    severity: Annotated[str | None, typer.Option("--severity", help="Only this severity.", show_default=False)] = None,
    level: Annotated[int | None, typer.Option("--level", help="Only this escalation level (0-3).",
                                              show_default=False)] = None,
    breached: Annotated[bool, typer.Option("--breached", help="Only those past a deadline.")] = False,
    owner: OwnerOpt = None,
    client: Annotated[str | None, typer.Option("--client", help="Only this client's.", show_default=False)] = None,
    json_: JsonOpt = False,
    csv_: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:  # fmt: skip
    """List complaints, most urgent first."""
    from relmgr import complaints

    note_if_unknown(owner)
    ref = str(resolve_client(client)["id"]) if client else None
    rows = complaints.list_complaints(book(), include_closed=all_ and not open_, severity=severity, level=level,
                                      breached=breached, owner=owner, client_ref=ref)  # fmt: skip
    found = [present(row) for row in rows]
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "client", "title", "severity", "status", "level", "assignee", "deadline"],
        [[k["id"], k["client"], k["title"], k["severity"], k["status"], f"{k['level']} {k['level_name']}",
          k["assignee"], ("BREACHED " if k["breached"] else "") + k["time_left"]] for k in found],
        empty="No complaints. Take one with `relmgr complaint add CLIENT TITLE --severity high`.",
    ))  # fmt: skip


@app.command("show")
def show(complaint_id: IdArg, json_: JsonOpt = False) -> None:
    """Show a complaint, its deadlines and its whole history."""
    from relmgr import complaints

    opened = book()
    record = present(complaints.get(opened, complaint_id))
    record["events"] = [records.present("complaint_event", e) for e in complaints.events(opened, complaint_id)]
    if json_:
        render.as_json(record)
        return
    render.fields(
        f"Complaint #{record['id']} — {record['title']}",
        [("client", record["client"]), ("contact", record["contact"]), ("severity", record["severity"]),
         ("status", record["status"] + ("  BREACHED" if record["breached"] else "")),
         ("level", f"{record['level']} ({record['level_name']})"), ("assignee", record["assignee"]),
         ("category", record["category"]), ("opened", render.minute(record["opened_at"])),
         ("respond by", _deadline(record, "respond")), ("resolve by", _deadline(record, "resolve")),
         ("time left", record["time_left"]), ("closed", render.minute(record["closed_at"])),
         ("description", record["description"]), ("resolution", record["resolution"])],
    )  # fmt: skip
    render.blank()
    render.table(["at", "event", "level", "by", "note"],
                 [[render.minute(e["at"]), e["action"], e["level"], e["by"], e["note"]] for e in record["events"]],
                 title="History")  # fmt: skip


def _deadline(record: dict, step: str) -> str:
    """'2026-11-25 10:00  (resolved 2026-11-26 12:00, 1d 2h late)': a deadline and how it was met."""
    done = {"respond": "responded", "resolve": "resolved"}[step]
    deadline, at = record[f"{step}_by"], record[f"{done}_at"]
    if not at:
        return render.minute(deadline)
    late = _late(at, deadline)
    return f"{render.minute(deadline)}  ({done} {render.minute(at)}{', ' + late if late else ''})"


def _late(done: str | None, deadline: str | None) -> str:
    """'3h 20min late' when something was done after its deadline (to the minute), else ''."""
    if not done or not deadline:
        return ""
    late = dates.from_iso(done) - dates.from_iso(deadline)
    return f"{dates.format_duration(late)} late" if late.total_seconds() >= 60 else ""


@app.command("respond")
def respond(
    complaint_id: IdArg,
    note: Annotated[str | None, typer.Argument(help="What you told the client.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Record your response to the client (the first one stops the response clock)."""
    from relmgr import complaints

    when = _when(at)
    row = complaints.respond(
        book(), complaint_id, need(note, "NOTE", "What did you tell the client?"), by=me(), at=when
    )
    _wrote(f"Responded to complaint #{row['id']} for {row['client']}", row, json_, quiet)


@app.command("escalate")
def escalate(
    complaint_id: IdArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it goes up.", show_default=False)] = None,
    to_level: Annotated[int | None, typer.Option("--to-level", help="Go straight to this level (1-3).",
                                                 show_default=False)] = None,
    assignee: Annotated[str | None, typer.Option("--assignee", help="Who handles it now.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Escalate a complaint one level (or --to-level), never past the top or down."""
    from relmgr import complaints

    when = _when(at)
    row = complaints.escalate(book(), complaint_id, need(reason, "--reason", "Why escalate?"), by=me(),
                              to_level=to_level, assignee=assignee, at=when)  # fmt: skip
    handler = f", assigned to {row['assignee']}" if assignee else ""
    _wrote(f"Escalated complaint #{row['id']} for {row['client']} to {complaints.level_label(book(), row['level'])}"
           f"{handler}", row, json_, quiet)  # fmt: skip


@app.command("resolve")
def resolve(
    complaint_id: IdArg,
    resolution: Annotated[str | None, typer.Option("--resolution", help="What was done.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Mark a complaint resolved, saying what was done."""
    from relmgr import complaints

    when = _when(at)
    row = complaints.resolve(book(), complaint_id, need(resolution, "--resolution", "What was done?"), by=me(), at=when)
    late = _late(row["resolved_at"], row["resolve_by"])
    _wrote(f"Resolved complaint #{row['id']} for {row['client']} ({late or 'within its SLA'})", row, json_, quiet)


@app.command("reopen")
def reopen(
    complaint_id: IdArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is open again.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Reopen a resolved or closed complaint; its SLA clock starts again."""
    from relmgr import complaints

    when = _when(at)
    row = complaints.reopen(book(), complaint_id, need(reason, "--reason", "Why reopen?"), by=me(), at=when)
    resolve_by = render.minute(present(row)["resolve_by"])
    _wrote(f"Reopened complaint #{row['id']} for {row['client']} (resolve by {resolve_by})", row, json_, quiet)


@app.command("close")
def close(
    complaint_id: IdArg,
    note: Annotated[str | None, typer.Option("--note", help="e.g. client confirmed.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Close a resolved complaint."""
    from relmgr import complaints

    row = complaints.close(book(), complaint_id, by=me(), note=note, at=_when(at))
    _wrote(f"Closed complaint #{row['id']} for {row['client']}", row, json_, quiet)


@app.command("note")
def note(
    complaint_id: IdArg,
    text: Annotated[str | None, typer.Argument(help="The note.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Add a note to a complaint's history."""
    from relmgr import complaints

    when = _when(at)
    row = complaints.note(book(), complaint_id, need(text, "TEXT", "Note?"), by=me(), at=when)
    _wrote(f"Noted on complaint #{row['id']} for {row['client']}", row, json_, quiet)


@app.command("edit")
def edit(
    complaint_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="What is wrong, in a line.", show_default=False)] = None,
    description: Annotated[str | None, typer.Option("--description", help="The details ('' clears them).",
                                                    show_default=False)] = None,
    category: Annotated[str | None, typer.Option("--category", help="e.g. delivery, billing ('' for none).",
                                                 show_default=False)] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="Who complained ('' for nobody named).",
                                                show_default=False)] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="low, medium, high or critical (the SLA "
                                                 "deadlines follow).", show_default=False)] = None,
    assignee: Annotated[str | None, typer.Option("--assignee", help="Who works on it.", show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Mend a complaint taken down wrong: title, details, category, contact, severity, assignee."""
    from relmgr import complaints

    unknown = unknown_note(assignee)
    row, changed = complaints.edit(book(), complaint_id, by=me(), title=title, description=description,
                                   category=category, contact=contact, severity=severity,
                                   assignee=assignee)  # fmt: skip
    if unknown and "assignee" in changed:
        render.say(unknown)
    record = present(row)
    clocks = (f" (respond by {render.minute(record['respond_by'])}, resolve by {render.minute(record['resolve_by'])})"
              if "severity" in changed else "")  # fmt: skip
    said = render.edited(f"complaint #{row['id']} for {row['client']}", changed, clocks)
    render.wrote(said, record, json_=json_, quiet=quiet)


@app.command("sweep")
def sweep(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would be escalated.")] = False,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Escalate every open complaint past its resolve-by deadline one level (safe to run from cron)."""
    from relmgr import complaints

    opened = book()
    actions = complaints.sweep(opened, dry_run=dry_run)
    if json_:
        render.as_json([{"id": a["complaint"]["id"], "client": a["complaint"]["client"],
                         "from_level": a["from_level"], "to_level": a["to_level"], "dry_run": dry_run}
                        for a in actions])  # fmt: skip
        return
    verb = "Would escalate" if dry_run else "Escalated"
    for action in actions:
        row = action["complaint"]
        if quiet:
            print(row["id"])
        elif action["to_level"] == action["from_level"]:
            print(f"{'Would note' if dry_run else 'Noted'} complaint #{row['id']} for {row['client']}: "
                  f"breached at the top level")  # fmt: skip
        else:
            print(f"{verb} complaint #{row['id']} for {row['client']} to "
                  f"{complaints.level_label(opened, action['to_level'])}: resolve-by deadline passed")  # fmt: skip
    if not actions and not quiet:
        print("No complaint needs escalating.")


COMMANDS = {"complaint": app}
