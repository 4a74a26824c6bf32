"""`relmgr log` and `relmgr interaction list`: every call, email and meeting, written down."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import dates, records
from relmgr.cli import render
from relmgr.cli.client import ClientArg
from relmgr.cli.common import MAX_LIMIT, AtOpt, CsvOpt, JsonOpt, QuietOpt, book, id_arg, me, need
from relmgr.cli.common import client as resolve_client

interaction = typer.Typer(
    help="Interactions: calls, emails, meetings, visits, chats, notes.", no_args_is_help=True, rich_markup_mode=None
)


def log(
    client: ClientArg = None,
    summary: Annotated[str | None, typer.Argument(help="What happened, in a line.", show_default=False)] = None,
    kind: Annotated[str, typer.Option("--kind", help="call, email, meeting, visit, chat or note.")] = "call",
    contact: Annotated[str | None, typer.Option("--contact", help="Who you spoke to (name, email or id).",
                                                show_default=False)] = None,
    at: AtOpt = None,
    followup: Annotated[str | None, typer.Option("--followup", help="Also add a follow-up due then (fri, +3d, ...).",
                                                 show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Log an interaction with a client (and, with --followup, the next step)."""
    from relmgr import interactions

    when = dates.parse_when(at, what="--at", past=True) if at else None
    due = dates.parse_when(followup, what="--followup") if followup else None
    target = resolve_client(client)
    text = need(summary, "SUMMARY", "What happened?")
    row, promise = interactions.log(book(), str(target["id"]), text, by=me(), kind=kind, contact=contact,
                                    at=when, followup=due)  # fmt: skip
    record = records.present("interaction", row)
    if promise is not None:
        record["followup"] = records.present("followup", promise)
    message = f"Logged {row['kind']} #{row['id']} with {row['client']}"
    if promise is not None:
        message += f"; follow-up #{promise['id']} due {record['followup']['due']}"
    render.wrote(message, record, json_=json_, quiet=quiet)


@interaction.command("list")
def list_(
    client: ClientArg = None,
    since: Annotated[str | None, typer.Option("--since", help="Only from then on (2026-01-01, -30d).",
                                              show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.", show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", help="Newest N (0: all).", min=0, max=MAX_LIMIT)] = 100,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List interactions, newest first."""
    from relmgr import interactions

    ref = str(resolve_client(client)["id"]) if client else None
    start = dates.parse_when(since, what="--since", past=True) if since else None
    rows, total = interactions.list_interactions(book(), ref, since=start, kind=kind, limit=limit)
    found = [records.present("interaction", row) for row in rows]
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "at", "client", "kind", "contact", "summary", "by"],
        [[i["id"], render.minute(i["at"]), i["client"], i["kind"], i["contact"], i["summary"], i["by"]]
         for i in found],
        empty="No interactions. Log one with `relmgr log CLIENT \"what happened\"`.",
        note=render.more_note(len(found), total) and f"{render.more_note(len(found), total)} (use --limit 0)",
    ))  # fmt: skip


IdArg = Annotated[int, id_arg("The interaction's id (see `relmgr interaction list`).")]


@interaction.command("edit")
def edit(
    interaction_id: IdArg,
    summary: Annotated[str | None, typer.Option("--summary", help="What happened, in a line.",
                                                show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="call, email, meeting, visit, chat or note.",
                                             show_default=False)] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="Who you spoke to ('' for nobody named).",
                                                show_default=False)] = None,
    at: Annotated[str | None, typer.Option("--at", help="When it happened: 2026-11-20 14:00, yesterday, -2d.",
                                           show_default=False)] = None,
    client: Annotated[str | None, typer.Option("--client", help="The client it was really with.",
                                               show_default=False)] = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Mend a logged interaction: its text, kind, contact, time or client."""
    from relmgr import interactions

    when = dates.parse_when(at, what="--at", past=True) if at is not None else None
    ref = str(resolve_client(client)["id"]) if client else None
    row, changed = interactions.edit(book(), interaction_id, summary=summary, kind=kind, contact=contact, at=when,
                                     client_ref=ref)  # fmt: skip
    said = render.edited(f"{row['kind']} #{row['id']} with {row['client']}", changed)
    render.wrote(said, records.present("interaction", row), json_=json_, quiet=quiet)


@interaction.command("remove")
def remove(interaction_id: IdArg, json_: JsonOpt = False, quiet: QuietOpt = False) -> None:
    """Remove an interaction logged by mistake (the client's last contact follows)."""
    from relmgr import interactions

    row = interactions.remove(book(), interaction_id)
    record = records.present("interaction", row)
    render.wrote(f"Removed {row['kind']} #{row['id']} with {row['client']} of {render.minute(record['at'])}", record,
                 json_=json_, quiet=quiet)  # fmt: skip


COMMANDS = {"log": log, "interaction": interaction}
