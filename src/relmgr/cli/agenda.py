"""`relmgr agenda`: the morning list, most urgent first."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from relmgr import dates, money, records
from relmgr.cli import render
from relmgr.cli.common import MAX_DAYS, MAX_LIMIT, JsonOpt, book, me, note_if_unknown
from relmgr.errors import Invalid

HEADINGS = {
    "overdue": "Overdue follow-ups",
    "today": "Due today",
    "complaints": "Complaints breached or due within 24 h",
    "renewals": "Renewals to decide",
    "stale": "Gone quiet",
    "opportunities": "Hand-offs to sales with no outcome",
    "upcoming": "Coming up",
}


def agenda(
    on: Annotated[str | None, typer.Option("--date", help="As of this day (default today).",
                                           show_default=False)] = None,
    days: Annotated[int, typer.Option("--days", help="How far 'coming up' looks ahead.", min=0, max=MAX_DAYS)] = 7,
    owner: Annotated[str | None, typer.Option("--owner", help="Someone else's agenda.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Everyone's items.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Items per section (0: all).", min=0, max=MAX_LIMIT)] = 25,
    json_: JsonOpt = False,
    ics: Annotated[Path | None, typer.Option("--ics", help="Also write open follow-ups and renewal decision dates "
                                             "to this iCalendar file.", metavar="FILE", show_default=False)] = None,
) -> None:  # fmt: skip
    """Show what needs you today: overdue, due, breached, renewing, gone quiet, coming up."""
    from relmgr import handovers

    as_of = dates.parse_date(on, what="--date") if on else None
    note_if_unknown(None if all_ else owner)
    owners = None if all_ else [owner or me()]
    covering = [] if owners is None else handovers.covered_by(book(), owners[0], as_of or dates.today())
    show(owners=owners, as_of=as_of, days=days, limit=limit, json_=json_, covering=covering)
    if ics is not None:
        _write_ics(ics, None if owners is None else [*owners, *covering])


def _write_ics(path: Path, owners: list[str] | None) -> None:
    from relmgr import contracts, followups, ics

    opened = book()
    promises = [row for row in followups.list_followups(opened) if owners is None or row["owner"] in owners]
    terms, _ = contracts.renewals(opened, within_days=100 * 366, owners=owners)
    text = ics.agenda_calendar(promises, terms)
    path = path.expanduser()
    if path.is_dir():
        raise Invalid(f"{path} is a folder", "give a file name such as agenda.ics")
    from relmgr.db import private_file

    with private_file(path) as out:
        out.write(text)
    render.say(
        f"Wrote {records.count(len(promises), 'follow-up')} and "
        f"{records.count(len(terms), 'renewal decision')} to {path}"
    )


def show(
    *, owners: list[str] | None, as_of: date | None, days: int, limit: int, json_: bool, covering: list[str] = ()
) -> None:
    from relmgr import agenda as planner

    plan = planner.build(book(), as_of=as_of, owners=owners, days=days, limit=limit, covering=list(covering))
    if json_:
        render.as_json(plan.as_json())
        return
    who = "everyone" if owners is None else ", ".join(owners)
    cover = f" (covering {', '.join(plan.covering)})" if plan.covering else ""
    print(f"Agenda for {who}{cover}, {plan.as_of.strftime('%A %d %B %Y')}")
    for name, section in plan.sections.items():
        if not section.items:
            continue
        render.blank()
        columns, rows = _rows(name, section.items)
        render.table(columns, rows, title=f"{HEADINGS[name]} ({section.total})",
                     note=render.more_note(len(section.items), section.total))  # fmt: skip
    if not any(section.total for section in plan.sections.values()):
        whom = "anyone" if owners is None else "you" if owners == [me()] else who
        print(f"Nothing needs {whom}. Log a call or add a follow-up to fill it.")


def _owner(item: dict) -> str:
    return f"{item['owner']} (cover)" if item.get("cover_for") else item["owner"]


def _rows(name: str, items: list[dict]) -> tuple[list[str], list[list]]:
    if name == "stale":
        return ["client", "tier", "owner", "last contact", "overdue by"], [
            [i["client"], i["tier"], _owner(i), (i["last_contact_at"] or "never")[:10], f"{i['days_overdue']}d"]
            for i in items
        ]
    if name == "complaints":
        return ["id", "client", "title", "severity", "level", "deadline", "owner"], [
            [i["id"], i["client"], i["title"], i["severity"], f"{i['level']} {i['level_name']}",
             ("BREACHED " if i["breached"] else "") + i["time_left"], _owner(i)]
            for i in items
        ]  # fmt: skip
    if name == "renewals":
        return ["id", "client", "decide by", "days left", "ends", "value", "auto-renew", "owner"], [
            [i["id"], i["client"], i["decision_date"],
             str(i["days_left"]) if i["days_left"] >= 0 else f"{-i['days_left']} past", i["end"],
             money.show(str(i["value"]), i["currency"]), "yes" if i["auto_renew"] else "no", _owner(i)]
            for i in items
        ]  # fmt: skip
    if name == "opportunities":
        return ["id", "client", "title", "with", "waiting", "owner"], [
            [i["id"], i["client"], i["title"], i["forwarded_to"], f"{i['days_waiting']}d", _owner(i)] for i in items
        ]
    return ["id", "due", "client", "title", "owner"], [
        [i["id"], i["due"].replace("T", " ")[:16] + (f" ({i['days_overdue']}d late)" if name == "overdue" else ""),
         i["client"], i["title"], _owner(i)]
        for i in items
    ]  # fmt: skip


COMMANDS = {"agenda": agenda}
