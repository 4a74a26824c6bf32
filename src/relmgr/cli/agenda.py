"""`relmgr agenda`: the morning list, most urgent first."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from relmgr import dates
from relmgr.cli import render
from relmgr.cli.common import JsonOpt, book, me

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
    days: Annotated[int, typer.Option("--days", help="How far 'coming up' looks ahead.", min=0)] = 7,
    owner: Annotated[str | None, typer.Option("--owner", help="Someone else's agenda.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Everyone's items.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Items per section (0: all).", min=0)] = 25,
    json_: JsonOpt = False,
) -> None:  # fmt: skip
    """Show what needs you today: overdue, due, breached, renewing, gone quiet, coming up."""
    as_of = dates.parse_date(on, what="--date") if on else None
    owners = None if all_ else [owner or me()]
    show(owners=owners, as_of=as_of, days=days, limit=limit, json_=json_)


def show(*, owners: list[str] | None, as_of: date | None, days: int, limit: int, json_: bool) -> None:
    from relmgr import agenda as planner

    plan = planner.build(book(), as_of=as_of, owners=owners, days=days, limit=limit)
    if json_:
        render.as_json(plan.as_json())
        return
    who = "everyone" if owners is None else ", ".join(owners)
    print(f"Agenda for {who}, {plan.as_of.strftime('%A %d %B %Y')}")
    for name, section in plan.sections.items():
        if not section.items:
            continue
        render.blank()
        columns, rows = _rows(name, section.items)
        render.table(columns, rows, title=f"{HEADINGS[name]} ({section.total})",
                     note=render.more_note(len(section.items), section.total))  # fmt: skip
    if not any(section.total for section in plan.sections.values()):
        print("Nothing needs you. Log a call or add a follow-up to fill it.")


def _rows(name: str, items: list[dict]) -> tuple[list[str], list[list]]:
    if name == "stale":
        return ["client", "tier", "owner", "last contact", "overdue by"], [
            [i["client"], i["tier"], i["owner"], (i["last_contact_at"] or "never")[:10], f"{i['days_overdue']}d"]
            for i in items
        ]
    if name == "complaints":
        return ["id", "client", "title", "severity", "level", "deadline"], [
            [i["id"], i["client"], i["title"], i["severity"], f"{i['level']} {i['level_name']}",
             ("BREACHED " if i["breached"] else "") + i["time_left"]]
            for i in items
        ]  # fmt: skip
    if name in ("overdue", "today", "upcoming"):
        return ["id", "due", "client", "title", "owner"], [
            [i["id"], i["due"].replace("T", " ")[:16] + (f" ({i['days_overdue']}d late)" if name == "overdue" else ""),
             i["client"], i["title"], i["owner"]]
            for i in items
        ]  # fmt: skip
    keys = list(items[0].keys())[:6]
    return keys, [[i.get(k) for k in keys] for i in items]


COMMANDS = {"agenda": agenda}
