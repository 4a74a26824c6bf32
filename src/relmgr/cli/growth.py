"""`relmgr opportunity ...` and `relmgr feedback ...`: growing accounts and hearing how they feel."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import dates, money, records
from relmgr.cli import render
from relmgr.cli.client import ClientArg
from relmgr.cli.common import AtOpt, CsvOpt, JsonOpt, OwnerOpt, QuietOpt, book, id_arg, me, need, note_if_unknown
from relmgr.cli.common import client as resolve_client

opportunity = typer.Typer(help="Opportunities: upsell and cross-sell handed to sales.", no_args_is_help=True,
                          rich_markup_mode=None)  # fmt: skip
feedback = typer.Typer(help="Feedback: CSAT and NPS answers.", no_args_is_help=True, rich_markup_mode=None)
IdArg = Annotated[int, id_arg("The opportunity's id (see `relmgr opportunity list`).")]
FeedbackIdArg = Annotated[int, id_arg("The answer's id (see `relmgr feedback list`).")]
ValueOpt = Annotated[str | None, typer.Option("--value", help="Expected value, e.g. 15000.", show_default=False)]


def _when(at: str | None):
    return dates.parse_when(at, what="--at", past=True) if at else None


def _line(row: dict) -> str:
    value = f", {money.show(row['value'], row['currency'])}" if row["value"] else ""
    return f"#{row['id']} {row['kind']} at {row['client']}: {row['title']}{value}"


@opportunity.command("add")
def add(
    client: ClientArg = None,
    title: Annotated[str | None, typer.Argument(help="What could be sold.", show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="upsell or cross-sell.", show_default=False)] = None,
    value: ValueOpt = None,
    currency: Annotated[str | None, typer.Option("--currency", help="ISO 4217 code.", show_default=False)] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free notes.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Note an upsell or cross-sell chance."""
    from relmgr import opportunities

    when = _when(at)
    money.amount(value)
    chosen = records.pick(
        need(kind, "--kind", "upsell or cross-sell?"), opportunities.KINDS, "kind", "opportunity_kind"
    )
    target = resolve_client(client)
    row = opportunities.add(book(), str(target["id"]), need(title, "TITLE", "What could be sold?"), kind=chosen,
                            value=value, currency=currency, notes=notes, at=when)  # fmt: skip
    render.wrote(f"Added opportunity {_line(row)}", opportunities.describe(row), json_=json_, quiet=quiet)


@opportunity.command("forward")
def forward(
    opportunity_id: IdArg,
    to: Annotated[str | None, typer.Option("--to", help="Sales colleague taking it.", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", help="What they should know.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Hand an opportunity to sales."""
    from relmgr import opportunities

    when = _when(at)
    row = opportunities.forward(book(), opportunity_id, need(to, "--to", "Forward to whom?"), note=note, at=when)
    render.wrote(f"Forwarded opportunity {_line(row)} to {row['forwarded_to']}", opportunities.describe(row),
                 json_=json_, quiet=quiet)  # fmt: skip


@opportunity.command("won")
def won(opportunity_id: IdArg, value: ValueOpt = None, at: AtOpt = None, json_: JsonOpt = False,
        quiet: QuietOpt = False) -> None:  # fmt: skip
    """Record an opportunity as won (with its final value)."""
    from relmgr import opportunities

    when = _when(at)
    money.amount(value)
    row = opportunities.close(book(), opportunity_id, "won", value=value, at=when)
    render.wrote(f"Won opportunity {_line(row)}", opportunities.describe(row), json_=json_, quiet=quiet)


@opportunity.command("lost")
def lost(
    opportunity_id: IdArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it was lost.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Record an opportunity as lost."""
    from relmgr import opportunities

    row = opportunities.close(book(), opportunity_id, "lost", reason=reason, at=_when(at))
    render.wrote(f"Lost opportunity {_line(row)}", opportunities.describe(row), json_=json_, quiet=quiet)


@opportunity.command("edit")
def edit(
    opportunity_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="What could be sold.", show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="upsell or cross-sell.", show_default=False)] = None,
    value: ValueOpt = None,
    currency: Annotated[str | None, typer.Option("--currency", help="ISO 4217 code.", show_default=False)] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free notes ('' clears them).",
                                              show_default=False)] = None,
    to: Annotated[str | None, typer.Option("--to", help="Who in sales has it (if forwarded).",
                                           show_default=False)] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it was lost (if lost).",
                                               show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Mend an opportunity entered wrong (its steps: forward, won, lost)."""
    from relmgr import opportunities

    money.amount(value)
    row, changed = opportunities.edit(book(), opportunity_id, title=title, kind=kind, value=value, currency=currency,
                                      notes=notes, to=to, reason=reason)  # fmt: skip
    said = render.edited(f"opportunity #{row['id']} at {row['client']}", changed)
    render.wrote(said, opportunities.describe(row), json_=json_, quiet=quiet)


@opportunity.command("remove")
def remove(opportunity_id: IdArg, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Remove an opportunity noted by mistake."""
    from relmgr import opportunities

    row = opportunities.remove(book(), opportunity_id)
    render.wrote(f"Removed opportunity {_line(row)}", opportunities.describe(row), json_=json_, quiet=quiet)


@opportunity.command("list")
def list_(
    status: Annotated[str | None, typer.Option("--status", help="identified, forwarded, won or lost.",
                                               show_default=False)] = None,
    owner: OwnerOpt = None,
    client: Annotated[str | None, typer.Option("--client", help="Only this client's.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include archived clients'.")] = False,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List opportunities: with sales first, then identified, then closed."""
    from relmgr import opportunities

    note_if_unknown(owner)
    ref = str(resolve_client(client)["id"]) if client else None
    rows = opportunities.list_opportunities(book(), status=status, owner=owner, client_ref=ref, include_archived=all_)
    found = [opportunities.describe(r) for r in rows]
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "client", "kind", "title", "value", "status", "with", "since"],
        [[o["id"], o["client"], o["kind"], o["title"],
          money.show(str(o["value"]), o["currency"]) if o["value"] is not None else "", o["status"],
          o["forwarded_to"], (o["closed_at"] or o["forwarded_at"] or o["identified_at"])[:10]] for o in found],
        empty="No opportunities. Add one with `relmgr opportunity add CLIENT TITLE --kind upsell`.",
    ))  # fmt: skip


@feedback.command("add")
def feedback_add(
    client: ClientArg = None,
    csat: Annotated[int | None, typer.Option("--csat", help="A CSAT score, 1-5.", show_default=False)] = None,
    nps: Annotated[int | None, typer.Option("--nps", help="An NPS answer, 0-10.", show_default=False)] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="Who answered.", show_default=False)] = None,
    comment: Annotated[str | None, typer.Option("--comment", help="What they said.", show_default=False)] = None,
    at: AtOpt = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Record a CSAT score or an NPS answer."""
    from relmgr import feedback as answers

    when = _when(at)
    target = resolve_client(client)
    row = answers.add(book(), str(target["id"]), by=me(), csat=csat, nps=nps, contact=contact, comment=comment,
                      at=when)  # fmt: skip
    render.wrote(f"Recorded feedback #{row['id']} for {row['client']}: {row['kind'].upper()} {row['score']}",
                 records.present("feedback", row), json_=json_, quiet=quiet)  # fmt: skip


@feedback.command("list")
def feedback_list(
    client: ClientArg = None,
    kind: Annotated[str | None, typer.Option("--kind", help="csat or nps.", show_default=False)] = None,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List feedback, newest first."""
    from relmgr import feedback as answers

    ref = str(resolve_client(client)["id"]) if client else None
    found = [records.present("feedback", row) for row in answers.list_feedback(book(), ref, kind=kind)]
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "at", "client", "kind", "score", "contact", "comment"],
        [[f["id"], f["at"][:10], f["client"], f["kind"], f["score"], f["contact"], f["comment"]] for f in found],
        empty="No feedback yet. Record some with `relmgr feedback add CLIENT --csat 5`.",
    ))  # fmt: skip


@feedback.command("remove")
def feedback_remove(feedback_id: FeedbackIdArg, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Remove an answer recorded by mistake (record the right one with `feedback add`)."""
    from relmgr import feedback as answers

    row = records.present("feedback", answers.remove(book(), feedback_id))
    render.wrote(f"Removed feedback #{row['id']} for {row['client']}: {row['kind'].upper()} {row['score']} of "
                 f"{row['at'][:10]}", row, json_=json_, quiet=quiet)  # fmt: skip


COMMANDS = {"opportunity": opportunity, "feedback": feedback}
