"""`relmgr brief`, `relmgr timeline` and `relmgr search`: read before a meeting, find anything."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import dates, money, records
from relmgr.cli import render
from relmgr.cli.client import ClientArg, health_words
from relmgr.cli.common import MAX_LIMIT, CsvOpt, JsonOpt, book
from relmgr.cli.common import client as resolve_client


def _due(due: str) -> str:
    """A promise's due day or time, and how late it is when overdue: "2026-11-20 (3d late)"."""
    late = (dates.today() - dates.day_of(dates.from_iso(due))).days
    return render.minute(due) + (f" ({late}d late)" if late > 0 else "")


PROMISES = 8  # the brief is one screen: the soonest due promises, and how many more there are


def brief(client: ClientArg = None, json_: JsonOpt = False) -> None:
    """One screen to read before a meeting: health, people, history, promises, risks, chances."""
    from relmgr.profile import profile

    detail = profile(book(), resolve_client(client)["id"])
    if json_:
        render.as_json(detail)
        return
    render.fields(
        f"{detail['name']} — {detail['status']}, tier {detail['tier']}, owner {detail['owner']}"
        + (" (archived)" if detail["archived"] else ""),
        [("health", health_words(detail["health"])), ("industry", detail["industry"]),
         ("place", ", ".join(p for p in (detail["city"], detail["country"]) if p)),
         ("last contact", render.minute(detail["last_contact_at"]) or "never"),
         ("satisfaction", "  ".join(f"{f['kind'].upper()} {f['score']} ({f['at'][:10]})"
                                    for f in detail["latest_feedback"].values() if f)),
         ("competitors", "; ".join(f"{k['competitor']}" + (f" ({k['note']})" if k["note"] else "")
                                   for k in detail["competitors"])), ("notes", detail["notes"])],
    )  # fmt: skip
    key_people = sorted(detail["contacts"], key=lambda c: not c["key"])[:6]
    active_terms = [t for t in detail["contracts"] if t["status"] == "active"]
    sections = [
        ("Key people", ["name", "title", "reach", ""],
         [[c["name"], c["title"], c["email"] or c["phone"], "key" if c["key"] else ""] for c in key_people]),
        ("Last five interactions", ["day", "kind", "with", "summary"],
         [[i["at"][:10], i["kind"], i["contact"], i["summary"]] for i in detail["recent_interactions"]]),
        ("Promises open", ["due", "what", "owner"],
         [[_due(f["due"]), f["title"], f["owner"]] for f in detail["open_followups"]]),
        ("Open complaints", ["id", "title", "severity", "level", "deadline"],
         [[f"#{k['id']}", k["title"], k["severity"], f"{k['level']} {k['level_name']}",
           ("BREACHED " if k["breached"] else "") + k["time_left"]] for k in detail["open_complaints"]]),
        ("Terms", ["id", "term", "value", "decide by", ""],
         [[f"#{t['id']}", f"{t['start']} to {t['end']}", money.show(str(t["value"]), t["currency"]),
           t["decision_date"], "auto-renew" if t["auto_renew"] else ""] for t in active_terms]),
        ("Open opportunities", ["id", "kind", "title", "status", "with"],
         [[f"#{o['id']}", o["kind"], o["title"], o["status"], o["forwarded_to"]]
          for o in detail["open_opportunities"]]),
    ]  # fmt: skip
    more = render.more_note(PROMISES, len(detail["open_followups"]))
    more = more and f"{more}: relmgr followup list --client {detail['id']}"
    for title, columns, rows in sections:
        cut = title == "Promises open"
        render.blank()
        render.table(columns, rows[:PROMISES] if cut else rows, title=title, empty="none", note=more if cut else None)


def timeline(
    client: ClientArg = None,
    since: Annotated[str | None, typer.Option("--since", help="Only from then on (2026-01-01, -90d).",
                                              show_default=False)] = None,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """Every event of a client in time order."""
    from relmgr import timeline as history

    start = dates.parse_when(since, what="--since", past=True) if since else None
    target = resolve_client(client)
    found = history.events(book(), target["id"], since=start)
    for event in found:
        event["at"] = records.local_time(event["at"])
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["when", "what", "id", "summary"],
        [[render.minute(e["at"]), e["type"], e["id"], e["summary"]] for e in found],
        title=f"Timeline of {target['name']}", empty="Nothing yet.",
    ))  # fmt: skip


def search(
    text: Annotated[str, typer.Argument(help="Words to find (each must appear; prefixes match).")],
    limit: Annotated[int, typer.Option("--limit", help="At most this many results.", min=1, max=MAX_LIMIT)] = 20,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """Search clients, contacts, interactions, complaints, opportunities, follow-ups, feedback and rivals."""
    from relmgr import search as finder

    found = finder.search(book(), text, limit=limit)
    if json_ or csv_:
        for row in found:
            row["snippet"] = row["snippet"].replace(finder.MARK[0], "").replace(finder.MARK[1], "")
        render.listing(found, json_=json_, csv_=csv_, draw=None)
        return
    start, end = ("[bold yellow]", "[/]") if render.fancy() else ("", "")
    rows = [[r["kind"], r["id"], r["client"], r["title"], r["snippet"]] for r in found]
    render.table(["kind", "id", "client", "title", "match"], rows, empty=f"Nothing matches {text!r}.",
                 marks=(finder.MARK, (start, end)))  # fmt: skip


COMMANDS = {"brief": brief, "timeline": timeline, "search": search}
