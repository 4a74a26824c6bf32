"""Handovers: while an account manager is away, a named colleague covers their book.

Between `start` and `end` (inclusive, unless ended early) the covering colleague's agenda
includes the absent owner's items, marked as cover. Creating a handover also produces a brief
for the colleague: the absent owner's open complaints with their SLA clocks, the renewals whose
decision falls in the window (or is already past), and the follow-ups promised up to its end.
"""

from __future__ import annotations

from datetime import date

from relmgr import complaints, contracts, dates, followups, records
from relmgr.db import Book, stamp
from relmgr.errors import BadInput, Conflict, NotFound

SELECT = (
    'SELECT id, from_owner AS "from", to_owner AS "to", start, "end", note, ended_at, created_at, updated_at '
    "FROM handovers"
)


def add(
    book: Book, from_owner: str, to_owner: str, *, start: date, end: date, note: str | None = None,
    overlaps: list[dict] | None = None,
) -> dict:  # fmt: skip
    """Hand `from_owner`'s book to `to_owner` for a window of days (`overlaps`: the handovers
    `overlapping` gives for them, when the caller has already read them)."""
    from_owner, to_owner = (from_owner or "").strip(), (to_owner or "").strip()
    if not from_owner or not to_owner:
        raise BadInput("a handover needs FROM and TO")
    if from_owner == to_owner:
        raise BadInput(f"{from_owner} cannot cover their own book", "name a colleague as TO")
    if end < start:
        raise BadInput(f"--end {end} is before --start {start}", "a handover ends on or after the day it starts")
    for other in overlapping(book, from_owner, start, end) if overlaps is None else overlaps:
        if other["to"] == to_owner:
            raise Conflict(
                f"{to_owner} already covers {from_owner}'s book from {other['start']} to {other['end']} "
                f"(handover #{other['id']})",
                f"to change the days, `relmgr handover end {other['id']}` and add it again",
            )
    now = stamp()
    with book.atomic():
        new_id = book.insert(
            "handovers",
            {"from_owner": from_owner, "to_owner": to_owner, "start": start.isoformat(), "end": end.isoformat(),
             "note": records.blank_to_none(note), "created_at": now, "updated_at": now},
        )  # fmt: skip
    return get(book, new_id)


def overlapping(book: Book, from_owner: str, start: date, end: date) -> list[dict]:
    """Handovers of `from_owner`'s book, not ended, that share a day with `start`..`end`."""
    return book.rows(
        f'{SELECT} WHERE from_owner = ? AND ended_at IS NULL AND start <= ? AND "end" >= ? ORDER BY start, id',
        (from_owner, end.isoformat(), start.isoformat()),
    )


def strangers(book: Book, names: list[str], user: str) -> list[str]:
    """Those of `names` the book has never seen: no client, follow-up, complaint or deal handed to
    sales is theirs, and no handover names them (a typo, say "alcie"). The current user is known."""
    known = """SELECT 1 FROM clients WHERE owner = :name OR backup = :name
               UNION ALL SELECT 1 FROM followups WHERE owner = :name
               UNION ALL SELECT 1 FROM complaints WHERE assignee = :name
               UNION ALL SELECT 1 FROM opportunities WHERE forwarded_to = :name
               UNION ALL SELECT 1 FROM handovers WHERE from_owner = :name OR to_owner = :name"""
    return [name for name in names
            if name != user and book.value(f"SELECT EXISTS ({known})", {"name": name}) == 0]  # fmt: skip


def get(book: Book, handover_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE id = ?", (handover_id,))
    if found is None:
        raise NotFound(f"no handover #{handover_id}", "see `relmgr handover list --all`")
    return found


def list_handovers(book: Book, *, include_past: bool = False) -> list[dict]:
    if include_past:
        return book.rows(f"{SELECT} ORDER BY start, id")
    today = dates.today().isoformat()
    return book.rows(f'{SELECT} WHERE ended_at IS NULL AND "end" >= ? ORDER BY start, id', (today,))


def end(book: Book, handover_id: int) -> dict:
    """End a handover early: the owner is back (or, before its first day, call it off)."""
    found = get(book, handover_id)
    if found["ended_at"] is not None:
        day = dates.day_of(dates.from_iso(found["ended_at"])).isoformat()
        done = "was called off" if day < found["start"] else "already ended"
        raise Conflict(f"handover #{handover_id} {done} on {day}", "see `relmgr handover list --all`")
    if found["end"] < dates.today().isoformat():
        raise Conflict(f"handover #{handover_id} is already over: it ran to {found['end']}")
    with book.atomic():
        book.update("handovers", handover_id, {"ended_at": stamp()})
    return get(book, handover_id)


def covered_by(book: Book, colleague: str, day: date) -> list[str]:
    """Owners whose books `colleague` covers on `day`."""
    return [
        row["from_owner"]
        for row in book.rows(
            'SELECT DISTINCT from_owner FROM handovers WHERE to_owner = ? AND start <= ? AND "end" >= ? '
            "AND ended_at IS NULL ORDER BY from_owner",
            (colleague, day.isoformat(), day.isoformat()),
        )
    ]


def brief(book: Book, handover: dict) -> dict:
    """What the covering colleague must know: complaints, renewals and promises in the window."""
    owner = [handover["from"]]
    start, finish = date.fromisoformat(handover["start"]), date.fromisoformat(handover["end"])
    open_complaints = complaints.list_complaints(book, owner=handover["from"])
    window = (finish - dates.today()).days if finish > dates.today() else 0
    terms, _ = contracts.renewals(book, within_days=max(window, 0), owners=owner)
    promised = [
        row for row in followups.list_followups(book, owner=handover["from"]) if row["due_day"] <= finish.isoformat()
    ]
    return {
        "handover": handover,
        "complaints": [complaints.describe(book, row) for row in open_complaints],
        "renewals": [contracts.describe(row) for row in terms],
        "followups": [records.present("followup", row) for row in promised],
        "window": {"start": start.isoformat(), "end": finish.isoformat()},
    }
