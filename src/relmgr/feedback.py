"""Satisfaction feedback: CSAT scores (1-5) and NPS answers (0-10), as clients give them."""

from __future__ import annotations

from relmgr import clients, contacts, dates, records
from relmgr.db import Book, stamp, to_utc
from relmgr.errors import BadInput, NotFound

SELECT = (
    "SELECT f.*, c.name AS client, p.name AS contact FROM feedback f "
    "JOIN clients c ON c.id = f.client_id LEFT JOIN contacts p ON p.id = f.contact_id"
)
RANGES = {"csat": (1, 5), "nps": (0, 10)}


def add(
    book: Book,
    client_ref: str,
    *,
    by: str,
    csat: int | None = None,
    nps: int | None = None,
    contact: str | None = None,
    comment: str | None = None,
    at=None,
) -> dict:
    """Record one CSAT or NPS answer."""
    if (csat is None) == (nps is None):
        raise BadInput("give exactly one of --csat N (1-5) or --nps N (0-10)")
    kind, score = ("csat", csat) if csat is not None else ("nps", nps)
    low, high = RANGES[kind]
    if not low <= score <= high:
        raise BadInput(f"--{kind} {score} is out of range", f"{kind.upper()} scores run from {low} to {high}")
    moment = to_utc(dates.happened(at))
    client, person = contacts.client_and_contact(book, client_ref, contact)
    now = stamp()
    with book.atomic():
        new_id = book.insert(
            "feedback",
            {"client_id": client["id"], "contact_id": person and person["id"], "kind": kind, "score": score,
             "at": moment, "comment": records.blank_to_none(comment), "by": by, "created_at": now,
             "updated_at": now},
        )  # fmt: skip
    return get(book, new_id)


def get(book: Book, feedback_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE f.id = ?", (feedback_id,))
    if found is None:
        raise NotFound(f"no feedback #{feedback_id}", "see `relmgr feedback list`")
    return found


def remove(book: Book, feedback_id: int) -> dict:
    """Remove an answer recorded by mistake (a wrong score, the wrong client)."""
    gone = get(book, feedback_id)
    with book.atomic():
        book.execute("DELETE FROM feedback WHERE id = ?", (feedback_id,))
    return gone


def list_feedback(book: Book, client_ref: str | None = None, *, kind: str | None = None) -> list[dict]:
    where, params = [], []
    if client_ref:
        where.append("f.client_id = ?")
        params.append(clients.resolve(book, client_ref)["id"])
    if kind:
        where.append("f.kind = ?")
        params.append(records.pick(kind, tuple(RANGES), "kind"))
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return book.rows(f"{SELECT}{clause} ORDER BY f.at DESC, f.id DESC", params)


def latest_for_client(book: Book, client_id: int) -> dict:
    """The latest CSAT and NPS answers of a client: {"csat": row|None, "nps": row|None}."""
    return {
        kind: book.row(
            f"{SELECT} WHERE f.client_id = ? AND f.kind = ? ORDER BY f.at DESC, f.id DESC LIMIT 1", (client_id, kind)
        )  # fmt: skip
        for kind in RANGES
    }
