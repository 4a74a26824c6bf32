"""`relmgr contact ...`: the key staff at each client."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import records
from relmgr.cli import render
from relmgr.cli.client import ClientArg
from relmgr.cli.common import CsvOpt, JsonOpt, QuietOpt, book, id_arg, need
from relmgr.cli.common import client as resolve_client

app = typer.Typer(help="Contacts: key staff at your clients.", no_args_is_help=True, rich_markup_mode=None)

Title = Annotated[str | None, typer.Option("--title", help="Job title, e.g. CFO.", show_default=False)]
Email = Annotated[str | None, typer.Option("--email", help="Email address.", show_default=False)]
Phone = Annotated[str | None, typer.Option("--phone", help="Phone number.", show_default=False)]
Notes = Annotated[str | None, typer.Option("--notes", help="Free notes.", show_default=False)]
IdArg = Annotated[int, id_arg("The contact's id (see `relmgr contact list`).")]


def _label(row: dict) -> str:
    title = f", {row['title']}" if row.get("title") else ""
    return f"{row['name']}{title} at {row['client']}{' (key)' if row['key'] else ''}"


@app.command("add")
def add(
    client: ClientArg = None,
    name: Annotated[str | None, typer.Argument(help="The person's name.", show_default=False)] = None,
    title: Title = None, email: Email = None, phone: Phone = None,
    key: Annotated[bool, typer.Option("--key", help="A key person: decision maker or sponsor.")] = False,
    notes: Notes = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Add a contact at a client."""
    from relmgr import contacts

    target = resolve_client(client)
    row = contacts.add(book(), str(target["id"]), need(name, "NAME", "Contact's name?"),
                       title=title, email=email, phone=phone, key=key or None, notes=notes)  # fmt: skip
    render.wrote(f"Added contact #{row['id']} {_label(row)}", records.present("contact", row), json_=json_, quiet=quiet)


@app.command("list")
def list_(
    client: ClientArg = None,
    key: Annotated[bool, typer.Option("--key", help="Only key people.")] = False,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List contacts, of one client or of all."""
    from relmgr import contacts

    ref = str(resolve_client(client)["id"]) if client else None
    found = [records.present("contact", row) for row in contacts.list_contacts(book(), ref, key_only=key)]
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "client", "name", "title", "email", "phone", "key"],
        [[c["id"], c["client"], c["name"], c["title"], c["email"], c["phone"], c["key"]] for c in found],
        empty="No contacts. Add one with `relmgr contact add CLIENT NAME`.",
    ))  # fmt: skip


@app.command("show")
def show(contact_id: IdArg, json_: JsonOpt = False) -> None:
    """Show a person: details, recent interactions with them, open promises, complaints, feedback."""
    from relmgr import complaints, contacts

    opened = book()
    found = contacts.card(opened, contact_id)
    person = records.present("contact", found["contact"])
    detail = {
        **person,
        "interaction_count": found["interaction_count"],
        "recent_interactions": [records.present("interaction", row) for row in found["interactions"]],
        "open_followups": [records.present("followup", row) for row in found["open_followups"]],
        "complaints": [complaints.describe(opened, row) for row in found["complaints"]],
        "feedback": [records.present("feedback", row) for row in found["feedback"]],
    }
    if json_:
        render.as_json(detail)
        return
    last = detail["recent_interactions"][0]["at"] if detail["recent_interactions"] else None
    render.fields(
        f"#{person['id']} {_label(found['contact'])}",
        [("email", person["email"]), ("phone", person["phone"]), ("notes", person["notes"]),
         ("last contact", render.minute(last) or "never"),
         ("interactions", records.count(detail["interaction_count"], "interaction"))],
    )  # fmt: skip
    sections = [
        ("Recent interactions", ["at", "kind", "summary"],
         [[render.minute(i["at"]), i["kind"], i["summary"]] for i in detail["recent_interactions"]]),
        ("Open follow-ups", ["id", "due", "title", "owner"],
         [[f["id"], f["due"], f["title"], f["owner"]] for f in detail["open_followups"]]),
        ("Complaints", ["id", "opened", "title", "severity", "status"],
         [[k["id"], k["opened_at"][:10], k["title"], k["severity"], k["status"]] for k in detail["complaints"]]),
        ("Feedback", ["at", "kind", "score", "comment"],
         [[f["at"][:10], f["kind"].upper(), f["score"], f["comment"]] for f in detail["feedback"]]),
    ]  # fmt: skip
    render.sections(sections)


@app.command("edit")
def edit(
    contact_id: IdArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.", show_default=False)] = None,
    title: Title = None, email: Email = None, phone: Phone = None,
    key: Annotated[bool | None, typer.Option("--key/--not-key", help="Mark or unmark as key person.",
                                             show_default=False)] = None,
    notes: Notes = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Change a contact's fields (an empty value clears a field)."""
    from relmgr import contacts

    row = contacts.edit(
        book(), contact_id, {"name": name, "title": title, "email": email, "phone": phone, "key": key, "notes": notes}
    )
    said = render.edited(f"contact #{row['id']} {_label(row)}", row["changed"])
    render.wrote(said, records.present("contact", row), json_=json_, quiet=quiet)


@app.command("remove")
def remove(contact_id: IdArg, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Remove a contact (interactions, follow-ups, complaints and feedback that named them are kept)."""
    from relmgr import contacts

    row = contacts.remove(book(), contact_id)
    message = f"Removed contact #{row['id']} {_label(row)}"
    if row["unlinked"]:
        kept = [records.count_of(n, table) for table, n in row["unlinked"].items()]
        listed = ", ".join(kept[:-1]) + " and " + kept[-1] if len(kept) > 1 else kept[0]
        message += f"; kept {listed} that named them, now without a contact"
    render.wrote(message, records.present("contact", row, unlinked=row["unlinked"]), json_=json_, quiet=quiet)


COMMANDS = {"contact": app}
