"""Interactions: every call, email, meeting, visit, chat and note, in the order they happened.

Logging one also moves the client's last-contact time (see `clients.touch`), and may open a
follow-up in the same transaction, so "log the call and promise the next step" is one write.
"""

from __future__ import annotations

from datetime import datetime

from relmgr import clients, contacts, dates, records
from relmgr.db import Book, stamp, to_utc
from relmgr.errors import BadInput, NotFound

KINDS = ("call", "email", "meeting", "visit", "chat", "note")
SELECT = (
    "SELECT i.*, c.name AS client, p.name AS contact FROM interactions i "
    "JOIN clients c ON c.id = i.client_id LEFT JOIN contacts p ON p.id = i.contact_id"
)


def log(
    book: Book,
    client_ref: str,
    summary: str,
    *,
    by: str,
    kind: str = "call",
    contact: str | None = None,
    at: dates.When | None = None,
    followup: dates.When | None = None,
    followup_owner: str | None = None,
) -> tuple[dict, dict | None]:
    """Log an interaction (and optionally a follow-up from it); return both as stored."""
    from relmgr import followups

    summary = (summary or "").strip()
    if not summary:
        raise BadInput("an interaction needs a summary", 'say what happened, e.g. "Call with CFO about invoice"')
    kind = records.pick(kind, KINDS, "kind", "interaction_kind")
    moment = to_utc(dates.happened(at))
    client, person = contacts.client_and_contact(book, client_ref, contact)
    now = stamp()
    with book.atomic():
        new_id = book.insert(
            "interactions",
            {"client_id": client["id"], "contact_id": person and person["id"], "kind": kind, "at": moment,
             "summary": summary, "by": by, "created_at": now, "updated_at": now},
        )  # fmt: skip
        clients.touch(book, client["id"], moment)
        promise = None
        if followup is not None:
            promise = followups.add(
                book, str(client["id"]), followups.title_from(summary), followup,
                owner=followup_owner or client["owner"], contact=person and str(person["id"]),
            )  # fmt: skip
    return get(book, new_id), promise


def get(book: Book, interaction_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE i.id = ?", (interaction_id,))
    if found is None:
        raise NotFound(f"no interaction #{interaction_id}", "see `relmgr interaction list`")
    return found


def edit(
    book: Book,
    interaction_id: int,
    *,
    summary: str | None = None,
    kind: str | None = None,
    contact: str | None = None,
    at: dates.When | None = None,
    client_ref: str | None = None,
) -> tuple[dict, list[str]]:
    """Mend a logged interaction (`contact` "" clears it); return it and the fields changed. Moving it
    to another client or time keeps both clients' last-contact clocks in step."""
    if all(value is None for value in (summary, kind, contact, at, client_ref)):
        raise BadInput("nothing to change", "give --summary, --kind, --contact, --at or --client")
    old = get(book, interaction_id)
    changes: dict = {}
    if summary is not None:
        changes["summary"] = summary.strip()
        if not changes["summary"]:
            raise BadInput("an interaction needs a summary", "give the new text with --summary")
    if kind is not None:
        changes["kind"] = records.pick(kind, KINDS, "kind", "interaction_kind")
    if at is not None:
        changes["at"] = to_utc(dates.happened(at))
    client = clients.resolve(book, client_ref) if client_ref else clients.get(book, old["client_id"])
    if client["id"] != old["client_id"]:
        changes["client_id"] = client["id"]
    if contact is not None:
        changes["contact_id"] = contacts.resolve(book, client["id"], contact)["id"] if contact.strip() else None
    elif "client_id" in changes and old["contact_id"] is not None:
        raise BadInput(
            f"{old['contact']} is a contact at {old['client']}, not {client['name']}",
            f"name who it was at {client['name']} with --contact NAME, or none with --contact ''",
        )
    with book.atomic():  # the row and the clients' clocks, in one transaction
        changed = records.edited(book, "interactions", old, changes)
        if "at" in changed or "client" in changed:
            clients.untouch(book, old["client_id"], old["at"])
            clients.touch(book, client["id"], changes.get("at", old["at"]))
    return get(book, interaction_id), changed


def remove(book: Book, interaction_id: int) -> dict:
    """Remove a logged interaction (one logged by mistake); the client's clocks follow."""
    gone = get(book, interaction_id)
    with book.atomic():
        book.execute("DELETE FROM interactions WHERE id = ?", (interaction_id,))
        clients.untouch(book, gone["client_id"], gone["at"])
    return gone


def list_interactions(
    book: Book,
    client_ref: str | None = None,
    *,
    since: dates.When | None = None,
    kind: str | None = None,
    limit: int = 100,
) -> tuple[list[dict], int]:
    """The newest interactions matching the filters (at most `limit`; 0 for all), and how many match."""
    where, params = [], []
    if client_ref:
        where.append("i.client_id = ?")
        params.append(clients.resolve(book, client_ref)["id"])
    if since is not None:
        start = since if isinstance(since, datetime) else dates.start_of(since)
        where.append("i.at >= ?")
        params.append(to_utc(start))
    if kind:
        where.append("i.kind = ?")
        params.append(records.pick(kind, KINDS, "kind", "interaction_kind"))
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = book.value(f"SELECT count(*) FROM interactions i{clause}", params)
    tail = " LIMIT ?" if limit else ""
    rows = book.rows(f"{SELECT}{clause} ORDER BY i.at DESC, i.id DESC{tail}", [*params, *([limit] if limit else [])])
    return rows, total


def recent(book: Book, client_id: int, count: int = 5) -> list[dict]:
    return book.rows(f"{SELECT} WHERE i.client_id = ? ORDER BY i.at DESC, i.id DESC LIMIT ?", (client_id, count))
