"""`relmgr client ...`: add, list, show, edit, archive clients and note their competitors."""

from __future__ import annotations

from typing import Annotated

import typer

from relmgr import records
from relmgr.cli import render
from relmgr.cli.common import CsvOpt, JsonOpt, OwnerOpt, QuietOpt, book, complete_client, me, need, note_if_unknown
from relmgr.cli.common import client as resolve_client

app = typer.Typer(help="Clients: the companies in your book.", no_args_is_help=True, rich_markup_mode=None)

ClientArg = Annotated[
    str | None,
    typer.Argument(help="Id, name, external id or a unique part of the name.", autocompletion=complete_client,
                   show_default=False),
]  # fmt: skip


def _opt(help_: str, *names: str):
    return typer.Option(*names, help=help_, show_default=False)


Status = Annotated[str | None, _opt("prospect, active, at-risk or churned.", "--status")]
Tier = Annotated[str | None, _opt("A, B or C (sets the contact cadence).", "--tier")]
Industry = Annotated[str | None, _opt("Industry.", "--industry")]
Backup = Annotated[str | None, _opt("Colleague who covers this client.", "--backup")]
Email = Annotated[str | None, _opt("Main email address.", "--email")]
Phone = Annotated[str | None, _opt("Main phone number.", "--phone")]
Website = Annotated[str | None, _opt("Website.", "--website")]
City = Annotated[str | None, _opt("City.", "--city")]
Country = Annotated[str | None, _opt("Country.", "--country")]
Source = Annotated[str | None, _opt("Where the client came from.", "--source")]
Rating = Annotated[int | None, _opt("1-5: how reliable a prospect looks.", "--rating")]
ExternalId = Annotated[str | None, _opt("Its id in another system (CRM).", "--external-id")]
Tags = Annotated[list[str] | None, _opt("A tag (repeat for more).", "--tag")]
Notes = Annotated[str | None, _opt("Free notes.", "--notes")]


def _summary(row: dict) -> str:
    return f"{row['name']} (tier {row['tier']}, {row['status']}, owner {row['owner']})"


@app.command("add")
def add(
    name: Annotated[str | None, typer.Argument(help="The client's name.", show_default=False)] = None,
    status: Status = None, tier: Tier = None, industry: Industry = None,
    owner: Annotated[str | None, _opt("Owner (default: you).", "--owner")] = None,
    backup: Backup = None, email: Email = None, phone: Phone = None, website: Website = None,
    city: City = None, country: Country = None, source: Source = None, rating: Rating = None,
    external_id: ExternalId = None, tag: Tags = None, notes: Notes = None,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Add a client to your book."""
    from relmgr import clients

    row = clients.add(
        book(), need(name, "NAME", "Client name?"), owner=owner or me(), status=status, tier=tier,
        industry=industry, backup=backup, email=email, phone=phone, website=website, city=city,
        country=country, source=source, rating=rating, external_id=external_id, tags=tag, notes=notes,
    )  # fmt: skip
    render.wrote(f"Added client #{row['id']} {_summary(row)}", records.present("client", row), json_=json_, quiet=quiet)


@app.command("list")
def list_(
    status: Status = None, tier: Tier = None, owner: OwnerOpt = None,
    tag: Annotated[str | None, _opt("Only clients with this tag.", "--tag")] = None,
    search: Annotated[str | None, _opt("Text in the name, notes, industry, city or email.", "--search")] = None,
    sort: Annotated[str, typer.Option("--sort", help="name, last-contact (longest silence first) or health "
                                      "(worst first).")] = "name",
    all_: Annotated[bool, typer.Option("--all", help="Include archived clients.")] = False,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List clients."""
    from relmgr import clients

    note_if_unknown(owner)
    rows = clients.list_clients(
        book(), status=status, tier=tier, owner=owner, tag=tag, search=search, sort=sort, include_archived=all_
    )
    with_health = bool(rows) and "health" in rows[0]  # --sort health (or Health)
    found = records.present_all("client", rows, extra=("health",) if with_health else ())
    render.listing(found, json_=json_, csv_=csv_, draw=lambda: render.table(
        ["id", "name", "status", "tier", "owner", "city", "last contact", "tags", *(["health", "why"] if with_health
                                                                                  else [])],
        [[r["id"], r["name"] + (" (archived)" if r["archived"] else ""), r["status"], r["tier"], r["owner"],
          r["city"], (r["last_contact_at"] or "never")[:10], r["tags"],
          *([r["health"]["score"], "; ".join(f["why"] for f in r["health"]["factors"][:2])] if with_health else [])]
         for r in found],
        empty="" if found else _no_clients(filtered=any((status, tier, owner, tag, search)), archived_too=all_),
        note=records.count(len(found), "client") if found else None,
    ))  # fmt: skip


def _no_clients(*, filtered: bool, archived_too: bool) -> str:
    """Why a client list is empty: the filters, archiving, or a book with no clients yet."""
    from relmgr import clients

    hidden = 0 if archived_too else clients.archived_count(book())
    if filtered:
        return "No clients match" + (f" ({records.count(hidden, 'archived client')} left out: --all includes "
                                     "them)." if hidden else ".")  # fmt: skip
    if hidden:
        return f"No clients but {records.count(hidden, 'archived one')} (--all includes them)."
    return "No clients yet: add one with `relmgr client add NAME`, or `relmgr import clients FILE`."


@app.command("show")
def show(client: ClientArg = None, json_: JsonOpt = False) -> None:
    """Show a client: contacts, promises, complaints, contracts, opportunities, feedback, competitors."""
    from relmgr.profile import profile

    detail = profile(book(), resolve_client(client)["id"])
    if json_:
        render.as_json(detail)
    else:
        draw_profile(detail)


def health_words(score: dict) -> str:
    """A health score and what lowered it: "65/100: 45 days since contact; tier A allows 30 (-15); ..."."""
    why = "; ".join(f"{f['why']} (-{f['points']})" for f in score["factors"]) or "nothing lowers it"
    return f"{score['score']}/100: {why}"


def draw_profile(detail: dict) -> None:
    """Draw a client's profile (see `relmgr.profile`) as text."""
    from relmgr import money

    csat, nps = detail["latest_feedback"]["csat"], detail["latest_feedback"]["nps"]
    render.fields(
        f"#{detail['id']} {detail['name']}" + ("  (archived)" if detail["archived"] else ""),
        [("status", detail["status"]), ("tier", detail["tier"]), ("owner", detail["owner"]),
         ("backup", detail["backup"]), ("industry", detail["industry"]), ("email", detail["email"]),
         ("phone", detail["phone"]), ("website", detail["website"]),
         ("place", ", ".join(p for p in (detail["city"], detail["country"]) if p)), ("source", detail["source"]),
         ("rating", detail["rating"]), ("external id", detail["external_id"]), ("tags", detail["tags"]),
         ("last contact", render.minute(detail["last_contact_at"]) or "never"),
         ("health", health_words(detail["health"])),
         ("satisfaction", "  ".join(f"{f['kind'].upper()} {f['score']} ({f['at'][:10]})" for f in (csat, nps) if f)),
         ("notes", detail["notes"])],
    )  # fmt: skip
    sections = [
        ("Contacts", ["id", "name", "title", "email", "phone", "key"],
         [[c["id"], c["name"], c["title"], c["email"], c["phone"], c["key"]] for c in detail["contacts"]]),
        ("Open follow-ups", ["id", "due", "title", "owner", "every"],
         [[f["id"], f["due"], f["title"], f["owner"], f["every"]] for f in detail["open_followups"]]),
        ("Open complaints", ["id", "title", "severity", "status", "level", "deadline"],
         [[k["id"], k["title"], k["severity"], k["status"], k["level"],
           ("BREACHED " if k["breached"] else "") + k["time_left"]] for k in detail["open_complaints"]]),
        ("Contracts", ["id", "start", "end", "value", "decide by", "status"],
         [[t["id"], t["start"], t["end"], money.show(str(t["value"]), t["currency"]), t["decision_date"],
           t["status"]] for t in detail["contracts"]]),
        ("Open opportunities", ["id", "kind", "title", "value", "status", "with"],
         [[o["id"], o["kind"], o["title"], money.show(str(o["value"]), o["currency"]) if o["value"] is not None
           else "", o["status"], o["forwarded_to"]] for o in detail["open_opportunities"]]),
        ("Recent interactions", ["at", "kind", "contact", "summary"],
         [[render.minute(i["at"]), i["kind"], i["contact"], i["summary"]]
          for i in detail["recent_interactions"]]),
        ("Competitors", ["competitor", "note"], [[k["competitor"], k["note"]] for k in detail["competitors"]]),
    ]  # fmt: skip
    render.sections(sections)


@app.command("edit")
def edit(
    client: ClientArg = None,
    name: Annotated[str | None, _opt("New name.", "--name")] = None,
    status: Status = None, tier: Tier = None, industry: Industry = None,
    owner: Annotated[str | None, _opt("New owner.", "--owner")] = None,
    backup: Backup = None, email: Email = None, phone: Phone = None, website: Website = None,
    city: City = None, country: Country = None, source: Source = None, rating: Rating = None,
    external_id: ExternalId = None,
    tag: Annotated[list[str] | None, _opt("Replace the tags (repeat for more; --tag '' clears).", "--tag")] = None,
    notes: Notes = None, json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Change a client's fields (an empty value clears a field)."""
    from relmgr import clients

    given = {
        "name": name, "status": status, "tier": tier, "industry": industry, "owner": owner, "backup": backup,
        "email": email, "phone": phone, "website": website, "city": city, "country": country, "source": source,
        "rating": rating, "external_id": external_id, "tags": tag, "notes": notes,
    }  # fmt: skip
    row = clients.edit(book(), str(resolve_client(client)["id"]), {k: v for k, v in given.items() if v is not None},
                       by=me())  # fmt: skip
    moved = row["moved"]
    taken = [
        records.count(moved[kind], word)
        for kind, word in (("followups", "open follow-up"), ("complaints", "open complaint"))
        if moved.get(kind)
    ]
    took = f"; {row['owner']} takes over {' and '.join(taken)}" if taken else ""
    said = render.edited(f"client #{row['id']} {_summary(row)}", row["changed"], took)
    render.wrote(said, records.present("client", row, moved=moved), json_=json_, quiet=quiet)


@app.command("archive")
def archive(
    client: ClientArg = None,
    restore: Annotated[bool, typer.Option("--restore", help="Bring an archived client back.")] = False,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Archive a client: hidden from lists and the agenda, history kept."""
    from relmgr import clients

    row, changed = clients.set_archived(book(), str(resolve_client(client)["id"]), not restore)
    if changed:
        said = f"{'Restored' if restore else 'Archived'} client #{row['id']} {row['name']}"
    else:
        said = f"Client #{row['id']} {row['name']} {'is not archived' if restore else 'was already archived'}"
    render.wrote(said, records.present("client", row), json_=json_, quiet=quiet)
    hidden = [] if restore or not changed else clients.hidden_with(book(), row["id"])
    if hidden:  # a promise archived out of sight is a promise forgotten: say what went with it
        render.say(f"relmgr: note: {', '.join(hidden)} of {row['name']} no longer show in lists or the agenda; "
                   f"restore with `relmgr client archive {row['id']} --restore`")  # fmt: skip


@app.command("competitor")
def competitor(
    client: ClientArg = None,
    name: Annotated[str | None, typer.Argument(help="The competitor's name.", show_default=False)] = None,
    note: Annotated[str | None, _opt("What you learned about them here (replaces the last note).", "--note")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Forget this competitor at this client.")] = False,
    json_: JsonOpt = False, quiet: QuietOpt = False,
) -> None:  # fmt: skip
    """Note a competitor active at a client (again: replace its note; --remove: forget it)."""
    from relmgr import competitors

    row = resolve_client(client)
    rival = need(name, "NAME", "Competitor?")
    if remove:
        saved, done = competitors.remove(book(), str(row["id"]), rival), "Removed"
    else:
        saved, done = competitors.note(book(), str(row["id"]), rival, note)
        done = {"noted": "Noted", "updated": "Updated", "unchanged": "Already noted:"}[done]
    render.wrote(f"{done} competitor #{saved['id']} {saved['competitor']} at {row['name']}",
                 records.present("competitor", saved), json_=json_, quiet=quiet)  # fmt: skip


def competitors_(
    name: Annotated[str | None, typer.Argument(help="Only competitors whose name holds this.",
                                               show_default=False)] = None,
    owner: OwnerOpt = None,
    json_: JsonOpt = False, csv_: CsvOpt = False,
) -> None:  # fmt: skip
    """List the competitors in your book: at how many clients, and the terms lost to them."""
    from relmgr import competitors

    note_if_unknown(owner)
    found = competitors.landscape(book(), owner=owner, name=name)
    if csv_:
        render.as_csv([_flat(entry) for entry in found])
        return
    render.listing(found, json_=json_, csv_=False, draw=lambda: _draw_landscape(found, name=name))


def _where(entry: dict) -> list[str]:
    return sorted({a["client"] for a in entry["at"]} | {t["client"] for t in entry["lost"]})


def _flat(entry: dict) -> dict:
    """A competitor as one CSV row: its clients and lost value per currency joined with "; "."""
    return {"competitor": entry["competitor"], "present_at": entry["present_at"], "lost_terms": entry["lost_terms"],
            "lost_value": "; ".join(f"{value} {code}" for code, value in entry["lost_value"].items()),
            "last_seen": entry["last_seen"], "clients": "; ".join(_where(entry))}  # fmt: skip


def _first_few(names: list[str], few: int = 3) -> str:
    return ", ".join(names[:few]) + (f" and {len(names) - few} more" if len(names) > few else "")


def _draw_landscape(found: list[dict], *, name: str | None) -> None:
    from relmgr import money

    render.table(
        ["competitor", "at clients", "terms lost", "value lost", "last seen", "where"],
        [[e["competitor"], e["present_at"], e["lost_terms"],
          "; ".join(money.show(str(v), c) for c, v in e["lost_value"].items()), (e["last_seen"] or "")[:10],
          _first_few(_where(e))] for e in found],
        empty=f"No competitor matches {name!r}." if name else
        "No competitors noted (relmgr client competitor CLIENT NAME --note ...).",
    )  # fmt: skip
    if not name:
        return
    for entry in found:
        render.blank()
        render.table(
            ["client", "what we know", "when"],
            [[a["client"], a["note"], (a["noted_at"] or "")[:10]] for a in entry["at"]]
            + [[t["client"], f"took contract #{t['contract']} (ended {t['end']})", t["end"]] for t in entry["lost"]],
            title=entry["competitor"],
        )


COMMANDS = {"client": app, "competitors": competitors_}
