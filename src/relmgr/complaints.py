"""Complaints: taken, answered, escalated, resolved and closed against SLA deadlines.

A complaint's row holds its current state; `complaint_events` holds its whole history, one row
per event (opened, responded, escalated, resolved, reopened, closed, note) with time, actor,
level and note. Triggers make that history append-only. Every state change writes the row and
its event in one transaction, so the two never disagree.

The allowed moves:

    open ──respond──▶ responded ──┐
      │                            ├─escalate──▶ escalated (level +1, never past 3, never down)
      └───────────────escalate────┘
    open | responded | escalated ──resolve──▶ resolved ──close──▶ closed
    resolved | closed ──reopen──▶ open (new SLA clock from the reopening)

`sweep` escalates every open complaint past its resolve_by by one level, once per breach: it
remembers the deadline it acted on (`swept_for`), so running it every few minutes is harmless,
and a reopened complaint (new deadline) can be swept again.
"""

from __future__ import annotations

from datetime import datetime

from relmgr import clients, contacts, dates, records, settings, sla
from relmgr.db import Book, stamp, to_utc
from relmgr.errors import BadInput, Conflict, NotFound

TOP_LEVEL = 3
SELECT = (
    "SELECT k.*, c.name AS client, c.owner AS owner, p.name AS contact FROM complaints k "
    "JOIN clients c ON c.id = k.client_id LEFT JOIN contacts p ON p.id = k.contact_id"
)
SWEEP_ACTOR = "relmgr sweep"


def level_names(book: Book) -> list[str]:
    return [name.strip() for name in settings.get(book, "escalation.levels").split(",")]


def level_label(book: Book, level: int) -> str:
    return f"level {level} ({level_names(book)[level]})"


_DONE = {"opened": "opened", "responded": "responded to", "escalated": "escalated", "resolved": "resolved",
         "reopened": "reopened", "closed": "closed"}  # fmt: skip
# What an action given a past time (--at) may not precede: a response belongs to the cycle since
# the complaint was (re)opened, an escalation comes after any before it, and a resolution, reopening
# or closing after everything but notes. Otherwise the history would read out of order (resolved
# at 09:00, escalated by the sweep at 10:00 for want of a resolution).
_AFTER = {
    "respond": ("opened", "reopened"),
    "escalate": ("opened", "reopened", "escalated"),
    "settle": tuple(_DONE),
    "note": ("opened",),
}


def _moment(book: Book, complaint_id: int, when: dates.When | None, doing: str) -> datetime:
    """When an action on a complaint happened: now, or `when`, never before what it must follow."""
    actions = _AFTER[doing]
    marks = ", ".join("?" * len(actions))
    last = book.row(
        f"SELECT at, action FROM complaint_events WHERE complaint_id = ? AND action IN ({marks}) "
        "ORDER BY at DESC, id DESC LIMIT 1",
        (complaint_id, *actions),
    )
    if last is None:
        return dates.happened(when)
    return dates.happened(
        when, not_before=dates.from_iso(last["at"]), before_what=f"the complaint was {_DONE[last['action']]}"
    )


def get(book: Book, complaint_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE k.id = ?", (complaint_id,))
    if found is None:
        raise NotFound(f"no complaint #{complaint_id}", "see `relmgr complaint list --all`")
    return found


def events(book: Book, complaint_id: int) -> list[dict]:
    return book.rows(
        "SELECT at, action, by, level, note FROM complaint_events WHERE complaint_id = ? ORDER BY at, id",
        (complaint_id,),
    )


def _event(book: Book, complaint_id: int, action: str, at: str, by: str, level: int, note: str | None) -> None:
    book.insert(
        "complaint_events",
        {"complaint_id": complaint_id, "at": at, "action": action, "by": by, "level": level,
         "note": records.blank_to_none(note), "created_at": stamp()},
    )  # fmt: skip


def add(
    book: Book,
    client_ref: str,
    title: str,
    *,
    by: str,
    severity: str = "medium",
    contact: str | None = None,
    description: str | None = None,
    category: str | None = None,
    at: dates.When | None = None,
) -> dict:
    """Open a complaint; its SLA deadlines are fixed now, from its severity and opening time."""
    title = records.title(title, "a complaint", 'say what is wrong, e.g. "Late delivery"')
    severity = records.pick(severity, sla.SEVERITIES, "severity", "severity")
    opened = dates.happened(at)
    client, person = contacts.client_and_contact(book, client_ref, contact, new_work="a complaint")
    respond_by, resolve_by = sla.deadlines(book, severity, opened)
    now, opened_text = stamp(), to_utc(opened)
    with book.atomic():
        new_id = book.insert(
            "complaints",
            {"client_id": client["id"], "contact_id": person and person["id"], "title": title,
             "description": records.blank_to_none(description), "category": records.blank_to_none(category),
             "severity": severity, "assignee": client["owner"], "opened_at": opened_text,
             "respond_by": to_utc(respond_by), "resolve_by": to_utc(resolve_by), "created_at": now,
             "updated_at": now},
        )  # fmt: skip
        _event(book, new_id, "opened", opened_text, by, 0, title)
    return get(book, new_id)


def _check_status(
    complaint: dict, allowed: tuple[str, ...], doing: str, hint: str | None = None, *, becomes: str | None = None
) -> None:
    """Refuse an action the complaint's status does not allow; `becomes` is the status the action leads to."""
    if complaint["status"] == becomes:
        raise Conflict(f"complaint #{complaint['id']} is already {becomes}")
    if complaint["status"] not in allowed:
        raise Conflict(f"complaint #{complaint['id']} is {complaint['status']}; cannot {doing} it", hint)


def respond(book: Book, complaint_id: int, note: str, *, by: str, at: dates.When | None = None) -> dict:
    """Record a response to the client; the first one stops the response clock."""
    complaint = get(book, complaint_id)
    _check_status(complaint, sla.OPEN, "respond to", "reopen it first")
    if not (note or "").strip():
        raise BadInput("a response needs a note", "say what you told the client")
    moment = to_utc(_moment(book, complaint_id, at, "respond"))
    changes: dict = {"status": "responded" if complaint["status"] == "open" else complaint["status"]}
    if complaint["responded_at"] is None or moment < complaint["responded_at"]:
        changes["responded_at"] = moment  # the first response, even when recorded after a later one
    with book.atomic():
        book.update("complaints", complaint_id, changes)
        _event(book, complaint_id, "responded", moment, by, complaint["level"], note)
    return get(book, complaint_id)


def escalate(
    book: Book,
    complaint_id: int,
    reason: str,
    *,
    by: str,
    to_level: int | None = None,
    assignee: str | None = None,
    at: dates.When | None = None,
) -> dict:
    """Raise a complaint one level (or to `to_level`), never past the top and never down."""
    complaint = get(book, complaint_id)
    _check_status(complaint, sla.OPEN, "escalate", "reopen it first")
    if not (reason or "").strip():
        raise BadInput("an escalation needs a reason", "say why, e.g. --reason 'client threatened to leave'")
    current = complaint["level"]
    if to_level is not None and not 0 <= to_level <= TOP_LEVEL:
        raise BadInput(f"level {to_level} does not exist", f"levels run from 0 to {TOP_LEVEL}")
    if to_level is None and current == TOP_LEVEL:
        raise Conflict(f"complaint #{complaint_id} is already at the top, {level_label(book, current)}")
    target = current + 1 if to_level is None else to_level
    if target <= current:
        raise Conflict(
            f"complaint #{complaint_id} is already at {level_label(book, current)}; escalation only goes up",
            f"give --to-level above {current}",
        )
    moment = to_utc(_moment(book, complaint_id, at, "escalate"))
    changes = {"status": "escalated", "level": target}
    if assignee is not None:
        changes["assignee"] = records.blank_to_none(assignee) or complaint["assignee"]
    with book.atomic():
        book.update("complaints", complaint_id, changes)
        _event(book, complaint_id, "escalated", moment, by, target, reason)
    return get(book, complaint_id)


def resolve(book: Book, complaint_id: int, resolution: str, *, by: str, at: dates.When | None = None) -> dict:
    """Mark a complaint resolved, with what was done."""
    complaint = get(book, complaint_id)
    _check_status(complaint, sla.OPEN, "resolve", "reopen it first", becomes="resolved")
    if not (resolution or "").strip():
        raise BadInput("a resolution is needed", "say what was done, e.g. --resolution 'credit note issued'")
    moment = to_utc(_moment(book, complaint_id, at, "settle"))
    with book.atomic():
        book.update("complaints", complaint_id, {"status": "resolved", "resolved_at": moment,
                                                 "resolution": resolution.strip()})  # fmt: skip
        _event(book, complaint_id, "resolved", moment, by, complaint["level"], resolution)
    return get(book, complaint_id)


def reopen(book: Book, complaint_id: int, reason: str, *, by: str, at: dates.When | None = None) -> dict:
    """Reopen a resolved or closed complaint; its SLA clock starts again from now."""
    complaint = get(book, complaint_id)
    _check_status(complaint, ("resolved", "closed"), "reopen", "only resolved or closed complaints can be reopened")
    if not (reason or "").strip():
        raise BadInput("reopening needs a reason", "say why, e.g. --reason 'problem came back'")
    moment = _moment(book, complaint_id, at, "settle")
    respond_by, resolve_by = sla.deadlines(book, complaint["severity"], moment)
    with book.atomic():
        book.update(
            "complaints", complaint_id,
            {"status": "open", "responded_at": None, "resolved_at": None, "closed_at": None, "resolution": None,
             "respond_by": to_utc(respond_by), "resolve_by": to_utc(resolve_by)},
        )  # fmt: skip
        _event(book, complaint_id, "reopened", to_utc(moment), by, complaint["level"], reason)
    return get(book, complaint_id)


def close(book: Book, complaint_id: int, *, by: str, note: str | None = None, at: dates.When | None = None) -> dict:
    """Close a resolved complaint: the client has confirmed, or it is settled."""
    complaint = get(book, complaint_id)
    _check_status(
        complaint, ("resolved",), "close", "resolve it first with `relmgr complaint resolve`", becomes="closed"
    )
    moment = to_utc(_moment(book, complaint_id, at, "settle"))
    with book.atomic():
        book.update("complaints", complaint_id, {"status": "closed", "closed_at": moment})
        _event(book, complaint_id, "closed", moment, by, complaint["level"], note)
    return get(book, complaint_id)


def edit(
    book: Book,
    complaint_id: int,
    *,
    by: str,
    title: str | None = None,
    description: str | None = None,
    category: str | None = None,
    contact: str | None = None,
    severity: str | None = None,
    assignee: str | None = None,
) -> tuple[dict, list[str]]:
    """Mend a complaint taken down wrong: its title, description, category or contact ("" for
    none), its severity or who works on it; return it and the fields changed. A new severity
    sets the SLA deadlines again from the start of the current clock (its opening, or its last
    reopening), as if it had been taken at that severity; it and a new assignee are noted in the
    history. Its state moves with respond, escalate, resolve, reopen and close."""
    if all(field is None for field in (title, description, category, contact, severity, assignee)):
        raise BadInput("nothing to change",
                       "give --title, --description, --category, --contact, --severity or --assignee")  # fmt: skip
    old = get(book, complaint_id)
    changes: dict = {}
    if title is not None:
        changes["title"] = records.title(title, "a complaint")
    if description is not None:
        changes["description"] = records.blank_to_none(description)
    if category is not None:
        changes["category"] = records.blank_to_none(category)
    if contact is not None:
        changes["contact_id"] = contacts.resolve(book, old["client_id"], contact)["id"] if contact.strip() else None
    notes = []
    if severity is not None:
        changes["severity"] = records.pick(severity, sla.SEVERITIES, "severity", "severity")
        if changes["severity"] != old["severity"]:
            clock = book.value("SELECT at FROM complaint_events WHERE complaint_id = ? AND action IN ('opened', "
                               "'reopened') ORDER BY at DESC, id DESC LIMIT 1", (complaint_id,))  # fmt: skip
            respond_by, resolve_by = sla.deadlines(book, changes["severity"], dates.from_iso(clock or old["opened_at"]))
            changes.update(respond_by=to_utc(respond_by), resolve_by=to_utc(resolve_by))
            notes.append(f"severity {old['severity']} → {changes['severity']}: respond by {dates.iso(respond_by)}, "
                         f"resolve by {dates.iso(resolve_by)}")  # fmt: skip
    if assignee is not None:
        changes["assignee"] = assignee.strip()
        if not changes["assignee"]:
            raise BadInput("a complaint is always someone's", "name who works on it with --assignee")
        if old["status"] not in sla.OPEN:
            raise Conflict(f"complaint #{complaint_id} is {old['status']}: there is nothing left to hand over")
        if changes["assignee"] != old["assignee"]:
            notes.append(f"assigned to {changes['assignee']}")
    with book.atomic():
        changed = records.edited(book, "complaints", old, changes)
        for text in notes:
            _event(book, complaint_id, "note", stamp(), by, old["level"], text)
    shown = [field for field in changed if field not in ("respond_by", "resolve_by")]
    return get(book, complaint_id), shown


def reassign(book: Book, complaint_id: int, assignee: str, *, by: str, why: str) -> None:
    """Hand an open complaint to another assignee now, noting it in its history (inside the
    caller's transaction)."""
    complaint = get(book, complaint_id)
    now = stamp()
    book.update("complaints", complaint_id, {"assignee": assignee, "updated_at": now})
    _event(book, complaint_id, "note", now, by, complaint["level"], f"assigned to {assignee}: {why}")


def note(book: Book, complaint_id: int, text: str, *, by: str, at: dates.When | None = None) -> dict:
    """Add a note to a complaint's history without changing its state."""
    complaint = get(book, complaint_id)
    if not (text or "").strip():
        raise BadInput("the note is empty")
    moment = to_utc(_moment(book, complaint_id, at, "note"))
    with book.atomic():
        book.update("complaints", complaint_id, {})
        _event(book, complaint_id, "note", moment, by, complaint["level"], text)
    return get(book, complaint_id)


def sweep(book: Book, *, dry_run: bool = False, now: datetime | None = None) -> list[dict]:
    """Escalate each open complaint past its resolve_by one level, once per breach.

    Returns what was (or, with dry_run, would be) done: [{complaint, from_level, to_level}].
    A complaint already at the top level gets a note instead of an escalation.
    """
    moment = now or dates.now()
    moment_text = to_utc(moment)
    with book.atomic():
        due = book.rows(
            f"{SELECT} WHERE k.status IN ('open', 'responded', 'escalated') AND k.resolve_by < ? "
            "AND (k.swept_for IS NULL OR k.swept_for != k.resolve_by) ORDER BY k.resolve_by, k.id",
            (moment_text,),
        )
        actions = []
        for complaint in due:
            level = complaint["level"]
            target = min(level + 1, TOP_LEVEL)
            actions.append({"complaint": complaint, "from_level": level, "to_level": target})
            if dry_run:
                continue
            overdue = dates.format_duration(moment - dates.from_iso(complaint["resolve_by"]))
            deadline = dates.iso(dates.from_iso(complaint["resolve_by"]))
            book.update("complaints", complaint["id"],
                        {"swept_for": complaint["resolve_by"], "level": target,
                         "status": "escalated" if target > level else complaint["status"]})  # fmt: skip
            if target > level:
                _event(book, complaint["id"], "escalated", moment_text, SWEEP_ACTOR, target,
                       f"resolve_by {deadline} breached (overdue {overdue}); escalated by sweep")  # fmt: skip
            else:
                _event(book, complaint["id"], "note", moment_text, SWEEP_ACTOR, level,
                       f"resolve_by {deadline} breached (overdue {overdue}) at the top level")  # fmt: skip
    return actions


def list_complaints(
    book: Book,
    *,
    include_closed: bool = False,
    severity: str | None = None,
    level: int | None = None,
    breached: bool = False,
    owner: str | None = None,
    client_ref: str | None = None,
    now: datetime | None = None,
) -> list[dict]:
    """Complaints, most urgent first: breached, then by nearest deadline, then severity."""
    where, params = [], []
    if not include_closed or breached:
        where.append("k.status IN ('open', 'responded', 'escalated')")
    if severity:
        where.append("k.severity = ?")
        params.append(records.pick(severity, sla.SEVERITIES, "severity", "severity"))
    if level is not None:
        if not 0 <= level <= TOP_LEVEL:
            raise BadInput(f"level {level} does not exist", f"levels run from 0 to {TOP_LEVEL}")
        where.append("k.level = ?")
        params.append(level)
    if owner:
        where.append("(c.owner = ? OR k.assignee = ?)")
        params += [owner, owner]
    if client_ref:
        where.append("k.client_id = ?")
        params.append(clients.resolve(book, client_ref)["id"])
    if not include_closed and not client_ref:
        where.append("c.archived = 0")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    moment = now or dates.now()
    found = [with_standing(row, moment) for row in book.rows(f"{SELECT}{clause}", params)]
    if breached:
        found = [row for row in found if row["standing"]["breached"]]
    return sorted(found, key=urgency)


def with_standing(row: dict, moment: datetime) -> dict:
    return {**row, "standing": sla.standing(row, moment)}


def urgency(row: dict) -> tuple:
    """Sort key: open before settled, breached first, nearest deadline, most severe."""
    state = row["standing"]
    settled = state["seconds_left"] is None
    return (
        settled,
        not state["breached"],
        state["seconds_left"] if not settled else 0,
        -sla.SEVERITIES.index(row["severity"]),
        row["id"] if not settled else -row["id"],
    )


def open_for_client(book: Book, client_id: int) -> list[dict]:
    moment = dates.now()
    rows = book.rows(f"{SELECT} WHERE k.client_id = ? AND k.status IN ('open', 'responded', 'escalated')", (client_id,))
    return sorted((with_standing(row, moment) for row in rows), key=urgency)


def needing_attention(book: Book, moment: datetime, owners: list[str] | None, limit: int) -> tuple[list[dict], int]:
    """Open complaints breached or due within 24 h of `moment`, most urgent first (for the agenda)."""
    horizon = to_utc(moment + sla.DUE_SOON)
    where = (
        "k.status IN ('open', 'responded', 'escalated') AND c.archived = 0 "
        "AND (k.resolve_by <= ? OR (k.responded_at IS NULL AND k.status <> 'responded' AND k.respond_by <= ?))"
    )
    params: list = [horizon, horizon]
    if owners is not None:
        marks = ", ".join("?" for _ in owners)
        where += f" AND (c.owner IN ({marks}) OR k.assignee IN ({marks}))"
        params += [*owners, *owners]
    rows = sorted((with_standing(row, moment) for row in book.rows(f"{SELECT} WHERE {where}", params)), key=urgency)
    return (rows[:limit] if limit else rows), len(rows)


def describe(book: Book, row: dict, moment: datetime | None = None) -> dict:
    """A complaint as users see it: its fields plus level name, breach and time left."""
    state = row.get("standing") or sla.standing(row, moment or dates.now())
    return records.present(
        "complaint", row,
        level_name=level_names(book)[row["level"]],
        owner=row["owner"],
        breached=state["breached"],
        breach=state["breach"],
        next_deadline=dates.iso(state["deadline"]) if state["deadline"] else None,
        time_left=sla.words(state["seconds_left"], state["deadline_kind"]),
    )  # fmt: skip
