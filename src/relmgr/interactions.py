"""Interactions: every call, email, meeting, visit, chat and note, in the order they happened.

Logging one also moves the client's last-contact time (see `clients.touch`), and may open a
follow-up in the same transaction, so "log the call and promise the next step" is one write.
"""

from __future__ import annotations

from datetime import datetime

from relmgr import clients, contacts, dates, records
from relmgr.db import Book, stamp, to_utc
from relmgr.errors import BadInput

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
    return book.row(f"{SELECT} WHERE i.id = ?", (interaction_id,))


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
