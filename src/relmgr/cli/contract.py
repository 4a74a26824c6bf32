"""`relmgr contract ...` and `relmgr renewals`: terms, their renewal chains, and decisions due."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import dates, money
from relmgr.cli import render
from relmgr.cli.client import ClientArg
from relmgr.cli.common import CsvOpt, JsonOpt, OwnerOpt, QuietOpt, book, id_arg, need, note_if_unknown
from relmgr.cli.common import client as resolve_client

app = typer.Typer(help="Contracts: terms, renewals and churn.", no_args_is_help=True, rich_markup_mode=None)
IdArg = Annotated[int, id_arg("The contract term's id (see `relmgr contract list`).")]


def _date(text: str | None, what: str):
    return dates.parse_date(text, what=what) if text else None


def _term(row: dict) -> str:
    title = f" {row['title']}" if row.get("title") else ""
    return (f"#{row['id']}{title} for {row['client']}, {row['start']} to {row['end']}, "
            f"{money.show(row['value'], row['currency'])}/yr")  # fmt: skip


@app.command("add")
def add(
    client: ClientArg = None,
    value: Annotated[str | None, typer.Option("--value", help="Value per year, e.g. 12000 or 12000.50.",
                                              show_default=False)] = None,
    start: Annotated[str | None, typer.Option("--start", help="First day of the term.", show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last day of the term.", show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", help="e.g. Annual supply agreement.",
                                              show_default=False)] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="ISO 4217 code (default: setting currency).",
                                                 show_default=False)] = None,
    notice_days: Annotated[int | None, typer.Option("--notice-days", help="Days of notice before the end (default 60).",
                                                    show_default=False)] = None,
    auto_renew: Annotated[bool, typer.Option("--auto-renew", help="Renews itself unless notice is given.")] = False,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Add a contract term to a client."""
    from relmgr import contracts

    begins = dates.parse_date(need(start, "--start", "First day of the term?"), what="--start")
    ends = dates.parse_date(need(end, "--end", "Last day of the term?"), what="--end")
    amount = need(value, "--value", "Value per year?")
    money.amount(amount)
    target = resolve_client(client)
    row = contracts.add(book(), str(target["id"]), value=amount, start=begins, end=ends, title=title,
                        currency=currency, notice_days=notice_days, auto_renew=auto_renew)  # fmt: skip
    render.wrote(f"Added contract {_term(row)} (decide by {row['decision_date']})", contracts.describe(row),
                 json_=json_, quiet=quiet)  # fmt: skip


@app.command("list")
def list_(
    client: ClientArg = None,
    status: Annotated[str | None, typer.Option("--status", help="active, renewed, churned or cancelled.",
                                               show_default=False)] = None,
    owner: OwnerOpt = None, json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List contract terms (every term, in renewal order)."""
    from relmgr import contracts

    note_if_unknown(owner)
    ref = str(resolve_client(client)["id"]) if client else None
    found = [contracts.describe(row) for row in contracts.list_contracts(book(), ref, status=status, owner=owner)]
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "client", "title", "start", "end", "value", "decide by", "auto", "status"],
        [[t["id"], t["client"], t["title"], t["start"], t["end"], money.show(str(t["value"]), t["currency"]),
          t["decision_date"], t["auto_renew"], t["status"]] for t in found],
        empty="No contracts. Add one with `relmgr contract add CLIENT --value N --start DATE --end DATE`.",
        note=_totals(found),
    ))  # fmt: skip


def _totals(terms: list[dict], label: str = "Active value per year") -> str | None:
    """The yearly value of the listed active terms, per currency (no exchange rates in the book)."""
    active = [(str(t["value"]), t["currency"]) for t in terms if t["status"] == "active"]
    sums = money.totals(active)
    return (f"{label}: " + "; ".join(money.show(v, c) for c, v in sums.items())) if sums else None


@app.command("show")
def show(contract_id: IdArg, json_: JsonOpt = False) -> None:
    """Show a term and its whole renewal chain."""
    from relmgr import contracts

    opened = book()
    record = contracts.describe(contracts.get(opened, contract_id))
    record["chain"] = [contracts.describe(row) for row in contracts.chain(opened, contract_id)]
    if json_:
        render.as_json(record)
        return
    render.fields(
        f"Contract #{record['id']} — {record['client']}" + (f" — {record['title']}" if record["title"] else ""),
        [("status", record["status"]), ("term", f"{record['start']} to {record['end']}"),
         ("value", money.show(str(record["value"]), record["currency"]) + " per year"),
         ("notice", f"{record['notice_days']} days; decide by {record['decision_date']}"),
         ("auto-renew", "yes" if record["auto_renew"] else "no"), ("renewed from", record["renewed_from"]),
         ("outcome", render.minute(record["outcome_at"])), ("lost to", record["lost_to"]),
         ("reason", record["reason"]), ("notes", record["notes"])],
    )  # fmt: skip
    render.blank()
    render.table(["id", "start", "end", "value", "status"],
                 [[t["id"], t["start"], t["end"], money.show(str(t["value"]), t["currency"]), t["status"]]
                  for t in record["chain"]], title="Renewal chain")  # fmt: skip


@app.command("renew")
def renew(
    contract_id: IdArg,
    end: Annotated[str | None, typer.Option("--end", help="End of the new term (default: as long as this one).",
                                            show_default=False)] = None,
    value: Annotated[str | None, typer.Option("--value", help="New value per year, or a change: +5%, -10% "
                                              "(default: the same).", show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Renew a term: it closes as renewed and the next one starts the day after it ends."""
    from relmgr import contracts

    ends = _date(end, "--end")
    if value is not None and not money.is_change(value):
        money.amount(value)  # bad input is exit 2, whatever the term's state
    old, new = contracts.renew(book(), contract_id, end=ends, value=value)
    record = contracts.describe(new)
    record["renewed"] = contracts.describe(old)
    render.wrote(f"Renewed contract #{old['id']} as {_term(new)}", record, json_=json_, quiet=quiet)


@app.command("churn")
def churn(
    contract_id: IdArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the client left.", show_default=False)] = None,
    lost_to: Annotated[str | None, typer.Option("--lost-to", help="The competitor it went to.",
                                                show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Record a term as lost (with the reason and the competitor)."""
    from relmgr import contracts

    row, client_churned = contracts.churn(book(), contract_id, reason=reason, lost_to=lost_to)
    tail = f"; {row['client']} has no active term left and is now churned" if client_churned else ""
    record = contracts.describe(row)
    record["client_churned"] = client_churned
    lost = f" (lost to {row['lost_to']})" if row["lost_to"] else ""
    render.wrote(f"Churned contract #{row['id']} for {row['client']}{lost}{tail}", record, json_=json_, quiet=quiet)


@app.command("reopen")
def reopen(contract_id: IdArg, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Take back a churn recorded by mistake: the term is active again, and so is its client."""
    from relmgr import contracts

    row, client_back = contracts.reopen(book(), contract_id)
    tail = f"; {row['client']} is active again" if client_back else ""
    record = contracts.describe(row)
    record["client_reactivated"] = client_back
    render.wrote(f"Reopened contract {_term(row)}{tail}", record, json_=json_, quiet=quiet)


@app.command("edit")
def edit(
    contract_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="e.g. Annual supply agreement ('' clears it).",
                                              show_default=False)] = None,
    value: Annotated[str | None, typer.Option("--value", help="Value per year.", show_default=False)] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="ISO 4217 code.", show_default=False)] = None,
    start: Annotated[str | None, typer.Option("--start", help="First day of the term.", show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last day of the term.", show_default=False)] = None,
    notice_days: Annotated[int | None, typer.Option("--notice-days", help="Days of notice before the end.",
                                                    show_default=False)] = None,
    auto_renew: Annotated[bool | None, typer.Option("--auto-renew/--no-auto-renew",
                                                    help="Renews itself unless notice is given.",
                                                    show_default=False)] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free notes ('' clears them).",
                                              show_default=False)] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it ended (a closed term).",
                                               show_default=False)] = None,
    lost_to: Annotated[str | None, typer.Option("--lost-to", help="The competitor it went to (a churned term).",
                                                show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Mend a term entered wrong: value, dates, notice, auto-renewal, title, notes (the decision date follows)."""
    from relmgr import contracts

    begins, ends = _date(start, "--start"), _date(end, "--end")
    money.amount(value)
    row, changed = contracts.edit(book(), contract_id, title=title, value=value, currency=currency, start=begins,
                                  end=ends, notice_days=notice_days, auto_renew=auto_renew, notes=notes,
                                  reason=reason, lost_to=lost_to)  # fmt: skip
    decide = f" (decide by {row['decision_date']})" if {"end", "notice_days"} & set(changed) else ""
    named = [{"notice_days": "notice", "auto_renew": "auto-renew", "lost_to": "lost to"}.get(f, f) for f in changed]
    render.wrote(render.edited(f"contract #{row['id']} for {row['client']}", named, decide),
                 contracts.describe(row), json_=json_, quiet=quiet)  # fmt: skip


@app.command("remove")
def remove(contract_id: IdArg, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Remove a term entered by mistake (the last of its chain: a wrong renewal is undone this way)."""
    from relmgr import contracts

    row, reopened = contracts.remove(book(), contract_id)
    again = f"; #{reopened['id']} is active again" if reopened else ""
    record = contracts.describe(row)
    record["reopened"] = reopened["id"] if reopened else None
    render.wrote(f"Removed contract {_term(row)}{again}", record, json_=json_, quiet=quiet)


@app.command("sweep")
def sweep(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would be renewed.")] = False,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Renew every auto-renewing term past its end, as it renews when no notice is given (safe from cron)."""
    from relmgr import contracts

    done = contracts.sweep(book(), dry_run=dry_run)
    if json_:
        render.as_json([{"id": d["old"]["id"], "client": d["old"]["client"], "next_id": d["new"]["id"],
                         "start": d["new"]["start"], "end": d["new"]["end"], "value": money.number(d["new"]["value"]),
                         "currency": d["new"]["currency"], "dry_run": dry_run} for d in done])  # fmt: skip
        return
    for d in done:
        old, new = d["old"], d["new"]
        if quiet:  # the new terms' ids; on a dry run, the ids of the terms that would renew
            if (new["id"] if not dry_run else old["id"]) is not None:
                print(new["id"] if not dry_run else old["id"])
        elif dry_run and old["id"] is None:  # a term that would itself have ended already
            print(f"  and again: the term after would run {new['start']} to {new['end']}")
        elif dry_run:
            print(f"Would renew contract #{old['id']} for {old['client']}: no notice was given by its end "
                  f"({old['end']}); the next term would run {new['start']} to {new['end']}")  # fmt: skip
        else:
            print(f"Renewed contract #{old['id']} for {old['client']}: no notice was given by its end "
                  f"({old['end']}); term #{new['id']} runs {new['start']} to {new['end']}")  # fmt: skip
    if not done and not quiet:
        print("No auto-renewing term has passed its end.")


def _auto(term: dict) -> str:
    """What an auto-renew flag asks of the manager: give notice in time, or let the sweep renew it."""
    if not term["auto_renew"]:
        return "no"
    return "yes: ended, `contract sweep` renews it" if term["end"] < dates.today().isoformat() else (
        "yes: notice or let it renew")  # fmt: skip


def renewals(
    within: Annotated[str, typer.Option("--within", help="How far ahead to look (90d, 6w, 6m, 1y).")] = "90d",
    owner: OwnerOpt = None,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List active terms whose decision date is near or past, soonest first."""
    from relmgr import contracts

    note_if_unknown(owner)
    window = dates.window_days(within, what="--within")
    rows, _ = contracts.renewals(book(), within_days=window, owners=[owner] if owner else None)
    found = [contracts.describe(row) for row in rows]
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "client", "title", "decide by", "days left", "ends", "value", "auto-renew", "owner"],
        [[t["id"], t["client"], t["title"], t["decision_date"],
          f"{t['days_left']}" if t["days_left"] >= 0 else f"{-t['days_left']} past",
          t["end"], money.show(str(t["value"]), t["currency"]),
          _auto(t), t["owner"]] for t in found],
        empty=f"No renewal decisions within {within}.",
        note=_totals(found, "Up for decision, per year"),
    ))  # fmt: skip


COMMANDS = {"contract": app, "renewals": renewals}
