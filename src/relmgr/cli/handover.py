"""`relmgr handover FROM TO --start --end`: a colleague covers an absent owner's book."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import dates, money, records
from relmgr.cli import render
from relmgr.cli.common import DefaultCommandGroup, JsonOpt, QuietOpt, book, id_arg, me, need


class HandoverGroup(DefaultCommandGroup):
    """`relmgr handover FROM TO ...` creates one; `relmgr handover list|end ...` manage them."""

    default_command = "add"


app = typer.Typer(
    cls=HandoverGroup,
    help="Handovers: `relmgr handover FROM TO --start DATE --end DATE` has TO cover FROM's book.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("add")
def add(
    from_: Annotated[str | None, typer.Argument(metavar="FROM", help="Who is away.", show_default=False)] = None,
    to: Annotated[str | None, typer.Argument(metavar="TO", help="Who covers.", show_default=False)] = None,
    start: Annotated[str | None, typer.Option("--start", help="First day away.", show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last day away.", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", help="What the colleague should know.",
                                             show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Have TO cover FROM's book from --start to --end, and print TO's brief."""
    from relmgr import handovers

    first = dates.parse_date(need(start, "--start", "First day away?"), what="--start")
    last = dates.parse_date(need(end, "--end", "Last day away?"), what="--end")
    absent, colleague = need(from_, "FROM", "Who is away?"), need(to, "TO", "Who covers?")
    unseen = handovers.strangers(book(), [absent, colleague], me())
    others = handovers.overlapping(book(), absent.strip(), first, last)
    row = handovers.add(book(), absent, colleague, start=first, end=last, note=note, overlaps=others)
    for name in unseen:  # most likely a typo: say so, but a new colleague is no error
        render.say(f"relmgr: note: {name!r} is new to this book (no clients, follow-ups, complaints, deals or "
                   f"handovers); check the spelling, or `relmgr handover end {row['id']}`")  # fmt: skip
    for other in others:  # two colleagues sharing a book can be meant (by region, say): say so
        render.say(f"relmgr: note: {other['to']} also covers {other['from']}'s book from {other['start']} to "
                   f"{other['end']} (handover #{other['id']}); both see its items on the days they share")  # fmt: skip
    brief = handovers.brief(book(), row)
    if json_:
        render.as_json({**records.present("handover", row), "brief": brief})
        return
    if quiet:
        print(row["id"])
        return
    print(f"Added handover #{row['id']}: {row['to']} covers {row['from']}'s book from {row['start']} to {row['end']}")
    _brief(brief)


def _brief(brief: dict) -> None:
    """The colleague's briefing, its parts drawn as the agenda draws them (level with its name)."""
    render.sections([
        (f"{brief['handover']['from']}'s open complaints", ["id", "client", "title", "severity", "level", "deadline"],
         [[k["id"], k["client"], k["title"], k["severity"], f"{k['level']} {k['level_name']}",
           ("BREACHED " if k["breached"] else "") + k["time_left"]] for k in brief["complaints"]]),
        ("Renewal decisions in the window", ["id", "client", "decide by", "ends", "value", "auto-renew"],
         [[t["id"], t["client"], t["decision_date"], t["end"], money.show(str(t["value"]), t["currency"]),
           "yes" if t["auto_renew"] else "no"] for t in brief["renewals"]]),
        ("Follow-ups promised up to the end", ["id", "due", "client", "title"],
         [[f["id"], render.minute(f["due"]), f["client"], f["title"]] for f in brief["followups"]]),
    ])  # fmt: skip


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include past and ended handovers.")] = False,
    json_: JsonOpt = False,
    csv_: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """List current and coming handovers."""
    from relmgr import handovers

    found = [records.present("handover", row) for row in handovers.list_handovers(book(), include_past=all_)]
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "from", "to", "start", "end", "ended", "note"],
        [[h["id"], h["from"], h["to"], h["start"], h["end"], (h["ended_at"] or "")[:10], h["note"]] for h in found],
        empty="No handovers. Add one with `relmgr handover FROM TO --start DATE --end DATE`.",
    ))  # fmt: skip


@app.command("end")
def end(
    handover_id: Annotated[int, id_arg("The handover's id.")],
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """End a handover early: the owner is back."""
    from relmgr import dates, handovers

    row = handovers.end(book(), handover_id)
    if row["start"] > dates.today().isoformat():
        said = f"Called off handover #{row['id']}: it was to start on {row['start']}; {row['from']} keeps their book"
    else:
        said = f"Ended handover #{row['id']}: {row['from']} has their book back"
    render.wrote(said, records.present("handover", row), json_=json_, quiet=quiet)


COMMANDS = {"handover": app}
