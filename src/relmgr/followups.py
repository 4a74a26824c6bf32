"""Follow-ups: the promises an account manager makes — "send the revised quote by Friday".

A follow-up is due on a day or at a time. `due` keeps what was given (a date, or a UTC time)
and `due_day` the local day it falls on, which is what the agenda indexes and sorts by.
A recurring follow-up (`every`) is a chain: `done` closes this one and opens the next
occurrence (see `relmgr.recurrence`), linked by `previous_id`, with the series' first due date
kept as `anchor` so month-based rules never drift.
"""

from __future__ import annotations

from datetime import datetime

from relmgr import clients, contacts, dates, records, recurrence
from relmgr.db import Book, stamp, to_utc
from relmgr.errors import BadInput, Conflict, NotFound

STATUSES = ("open", "done", "cancelled")
SELECT = (
    "SELECT f.*, c.name AS client, c.owner AS client_owner, p.name AS contact FROM followups f "
    "JOIN clients c ON c.id = f.client_id LEFT JOIN contacts p ON p.id = f.contact_id"
)


def title_from(summary: str, width: int = 100) -> str:
    """A follow-up title made from an interaction summary."""
    line = " ".join(summary.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def stored_due(due: dates.When) -> tuple[str, str]:
    """(due, due_day) as stored for a date or a time."""
    if isinstance(due, datetime):
        return to_utc(due), dates.day_of(due).isoformat()
    return due.isoformat(), due.isoformat()


def read_due(stored: str) -> dates.When:
    return dates.from_iso(stored)


def add(
    book: Book,
    client_ref: str,
    title: str,
    due: dates.When,
    *,
    owner: str,
    every: str | None = None,
    contact: str | None = None,
    complaint_id: int | None = None,
) -> dict:
    """Add a follow-up (optionally tied to a complaint of the same client); return it as stored."""
    title = records.title(title, "a follow-up", 'say what was promised, e.g. "Send revised quote"')
    rule = recurrence.normalize(every) if every else None
    client, person = contacts.client_and_contact(book, client_ref, contact, new_work="a follow-up")
    if complaint_id is not None:
        _check_complaint(book, complaint_id, client)
    due_text, due_day = stored_due(due)
    now = stamp()
    with book.atomic():
        new_id = book.insert(
            "followups",
            {"client_id": client["id"], "contact_id": person and person["id"], "title": title,
             "due": due_text, "due_day": due_day, "every": rule, "anchor": due_text if rule else None,
             "owner": owner, "complaint_id": complaint_id, "created_at": now, "updated_at": now},
        )  # fmt: skip
    return get(book, new_id)


def _check_complaint(book: Book, complaint_id: int, client: dict) -> None:
    found = book.row("SELECT client_id FROM complaints WHERE id = ?", (complaint_id,))
    if found is None:
        raise NotFound(f"no complaint #{complaint_id}", "see `relmgr complaint list --all`")
    if found["client_id"] != client["id"]:
        raise Conflict(f"complaint #{complaint_id} is not {client['name']}'s", "tie the follow-up to one of its own")


def get(book: Book, followup_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE f.id = ?", (followup_id,))
    if found is None:
        raise NotFound(f"no follow-up #{followup_id}", "see `relmgr followup list --all`")
    return found


def _open(book: Book, followup_id: int, doing: str) -> dict:
    followup = get(book, followup_id)
    if followup["status"] != "open":
        raise Conflict(f"follow-up #{followup_id} is already {followup['status']}; cannot {doing} it")
    return followup


def list_followups(
    book: Book,
    *,
    owner: str | None = None,
    overdue: bool = False,
    include_closed: bool = False,
    client_ref: str | None = None,
) -> list[dict]:
    """Follow-ups, soonest due first; open ones only unless `include_closed`."""
    where, params = [], []
    if not include_closed or overdue:
        where.append("f.status = 'open'")
    if overdue:
        where.append("f.due_day < ?")
        params.append(dates.today().isoformat())
    if owner:
        where.append("f.owner = ?")
        params.append(owner)
    if client_ref:
        where.append("f.client_id = ?")
        params.append(clients.resolve(book, client_ref)["id"])
    if not include_closed and not client_ref:
        where.append("c.archived = 0")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return book.rows(f"{SELECT}{clause} ORDER BY f.due_day, f.due, f.id", params)


def open_for_client(book: Book, client_id: int) -> list[dict]:
    return book.rows(f"{SELECT} WHERE f.client_id = ? AND f.status = 'open' ORDER BY f.due_day, f.due", (client_id,))


def done(book: Book, followup_id: int, note: str | None = None) -> tuple[dict, dict | None]:
    """Mark a follow-up done; a recurring one opens its next occurrence. Return (done, next)."""
    return _close(book, _open(book, followup_id, "finish"), "done", note)


def skip(book: Book, followup_id: int, note: str | None = None) -> tuple[dict, dict | None]:
    """Let one occurrence of a recurring follow-up pass undone (the client is away this month):
    it is cancelled and the series goes on. Return (skipped, next)."""
    followup = _open(book, followup_id, "skip")
    if not followup["every"]:
        raise Conflict(f"follow-up #{followup_id} does not repeat: there is no next one to skip to",
                       "cancel it, or snooze it to a later day")  # fmt: skip
    return _close(book, followup, "cancelled", note)


def _close(book: Book, followup: dict, status: str, note: str | None) -> tuple[dict, dict | None]:
    """Close an open follow-up as done or cancelled and, if it repeats, open its next occurrence."""
    now = stamp()
    with book.atomic():
        book.update("followups", followup["id"], {"status": status, "done_at": now, "note": note or followup["note"]})
        following = None
        nxt = None
        if followup["every"]:
            nxt = recurrence.next_occurrence(
                followup["every"], read_due(followup["anchor"] or followup["due"]),
                read_due(followup["due"]), dates.today(),
            )  # fmt: skip
        if nxt is not None:
            due_text, due_day = stored_due(nxt)
            new_id = book.insert(
                "followups",
                {"client_id": followup["client_id"], "contact_id": followup["contact_id"],
                 "title": followup["title"], "due": due_text, "due_day": due_day,
                 "every": followup["every"], "anchor": followup["anchor"], "owner": followup["owner"],
                 "previous_id": followup["id"], "complaint_id": followup["complaint_id"],
                 "created_at": now, "updated_at": now},
            )  # fmt: skip
            following = get(book, new_id)
    return get(book, followup["id"]), following


def edit(
    book: Book,
    followup_id: int,
    *,
    title: str | None = None,
    owner: str | None = None,
    contact: str | None = None,
    note: str | None = None,
) -> tuple[dict, list[str]]:
    """Mend a follow-up's title, owner (hand one promise to a colleague), contact ("" for none) or
    note ("" clears it); return it and the fields changed. Its due date moves with `snooze`."""
    if all(value is None for value in (title, owner, contact, note)):
        raise BadInput(
            "nothing to change", "give --title, --owner, --contact or --note; a due date moves with `snooze`"
        )
    old = get(book, followup_id)
    changes: dict = {}
    if title is not None:
        changes["title"] = records.title(title, "a follow-up")
    if owner is not None:
        changes["owner"] = owner.strip()
        if not changes["owner"]:
            raise BadInput("a follow-up needs an owner", "name the colleague who keeps it with --owner")
        if old["status"] != "open":
            raise Conflict(f"follow-up #{followup_id} is {old['status']}: there is nothing left to hand over")
    if contact is not None:
        changes["contact_id"] = contacts.resolve(book, old["client_id"], contact)["id"] if contact.strip() else None
    if note is not None:
        changes["note"] = note.strip() or None
    changed = records.edited(book, "followups", old, changes)
    return get(book, followup_id), changed


def snooze(book: Book, followup_id: int, until: dates.When) -> dict:
    """Move an open follow-up's due date (a recurring series keeps its rhythm)."""
    _open(book, followup_id, "snooze")
    due_text, due_day = stored_due(until)
    if due_day < dates.today().isoformat():
        hint = "snoozing moves a follow-up later: give today or a later day"
        raise BadInput(f"--until {due_day} is in the past", hint)
    with book.atomic():
        book.update("followups", followup_id, {"due": due_text, "due_day": due_day})
    return get(book, followup_id)


def cancel(book: Book, followup_id: int, note: str | None = None) -> dict:
    """Cancel an open follow-up (a recurring one ends its series)."""
    followup = _open(book, followup_id, "cancel")
    with book.atomic():
        book.update(
            "followups", followup_id, {"status": "cancelled", "done_at": stamp(), "note": note or followup["note"]}
        )
    return get(book, followup_id)
