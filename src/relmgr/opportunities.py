"""Opportunities: upsell and cross-sell chances the account manager spots and hands to sales.

identified ──forward──▶ forwarded ──won / lost──▶ (closed)
    └──────────────won / lost────────────────────┘

A hand-off that has sat with sales for more than 30 days without an outcome is nudged in the
agenda: account managers are measured on what their hand-offs become.
"""

from __future__ import annotations

from datetime import date, timedelta

from relmgr import clients, dates, money, records, settings
from relmgr.db import Book, stamp, to_utc
from relmgr.errors import BadInput, Conflict, NotFound

KINDS = ("upsell", "cross-sell")
STATUSES = ("identified", "forwarded", "won", "lost")
STALE_HANDOFF = timedelta(days=30)
SELECT = "SELECT o.*, c.name AS client, c.owner AS owner FROM opportunities o JOIN clients c ON c.id = o.client_id"


def add(
    book: Book,
    client_ref: str,
    title: str,
    *,
    kind: str,
    value: str | None = None,
    currency: str | None = None,
    notes: str | None = None,
    at: dates.When | None = None,
) -> dict:
    """Note an upsell or cross-sell chance at a client."""
    title = records.title(title, "an opportunity", 'say what could be sold, e.g. "Analytics add-on"')
    kind = records.pick(kind, KINDS, "kind", "opportunity_kind")
    amount, code = money.priced(value, currency, settings.currency(book))
    moment = to_utc(dates.happened(at))
    client = clients.not_archived(clients.resolve(book, client_ref), "an opportunity")
    now = stamp()
    with book.atomic():
        new_id = book.insert(
            "opportunities",
            {"client_id": client["id"], "kind": kind, "title": title, "value": money.stored(amount),
             "currency": code, "identified_at": moment, "notes": records.blank_to_none(notes),
             "created_at": now, "updated_at": now},
        )  # fmt: skip
    return get(book, new_id)


def get(book: Book, opportunity_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE o.id = ?", (opportunity_id,))
    if found is None:
        raise NotFound(f"no opportunity #{opportunity_id}", "see `relmgr opportunity list`")
    return found


def _not_closed(book: Book, opportunity_id: int, doing: str) -> dict:
    """The opportunity, unless it is closed; `doing` says what was refused ("forward it")."""
    found = get(book, opportunity_id)
    if found["status"] in ("won", "lost"):
        raise Conflict(f"opportunity #{opportunity_id} is already {found['status']}; cannot {doing}")
    return found


def _after(found: dict, at: dates.When | None) -> str:
    """When a step happened: now or `at`, never before the step it follows (won before forwarded...)."""
    step = "forwarded" if found["forwarded_at"] else "identified"
    since = found[f"{step}_at"]
    return to_utc(dates.happened(at, not_before=dates.from_iso(since), before_what=f"the opportunity was {step}"))


def forward(book: Book, opportunity_id: int, to: str, *, note: str | None = None, at: dates.When | None = None) -> dict:
    """Hand an opportunity to a sales colleague."""
    found = _not_closed(book, opportunity_id, "forward it")
    if not (to or "").strip():
        raise BadInput("say who in sales takes it: --to NAME")
    if found["status"] == "forwarded":
        raise Conflict(f"opportunity #{opportunity_id} was already forwarded to {found['forwarded_to']}")
    moment = _after(found, at)
    notes = "\n".join(part for part in (found["notes"], records.blank_to_none(note)) if part) or None
    with book.atomic():
        book.update(
            "opportunities",
            opportunity_id,
            {"status": "forwarded", "forwarded_to": to.strip(), "forwarded_at": moment, "notes": notes},
        )
    return get(book, opportunity_id)


def close(
    book: Book,
    opportunity_id: int,
    outcome: str,
    *,
    value: str | None = None,
    reason: str | None = None,
    at: dates.When | None = None,
) -> dict:
    """Record an opportunity as won (optionally with its final value) or lost (with a reason)."""
    found = _not_closed(book, opportunity_id, f"mark it {outcome}")
    changes: dict = {"status": outcome, "closed_at": _after(found, at)}
    if value is not None:
        changes["value"] = money.stored(
            money.same_currency(value, found["currency"], "--value", f"opportunity #{opportunity_id}")
        )
    if reason is not None:
        changes["reason"] = records.blank_to_none(reason)
    with book.atomic():
        book.update("opportunities", opportunity_id, changes)
    return get(book, opportunity_id)


def edit(
    book: Book,
    opportunity_id: int,
    *,
    title: str | None = None,
    kind: str | None = None,
    value: str | None = None,
    currency: str | None = None,
    notes: str | None = None,
    to: str | None = None,
    reason: str | None = None,
) -> tuple[dict, list[str]]:
    """Mend an opportunity entered wrong: its title, kind, value or currency, notes, who in sales
    has it, or why it was lost; return it and the fields changed. Its steps move with `forward`,
    `won` and `lost`."""
    if all(field is None for field in (title, kind, value, currency, notes, to, reason)):
        raise BadInput("nothing to change",
                       "give --title, --kind, --value, --currency, --notes, --to or --reason")  # fmt: skip
    old = get(book, opportunity_id)
    changes: dict = {}
    if title is not None:
        changes["title"] = records.title(title, "an opportunity")
    if kind is not None:
        changes["kind"] = records.pick(kind, KINDS, "kind", "opportunity_kind")
    if value is not None or currency is not None:
        amount, code = money.priced(value if value is not None else old["value"], currency, old["currency"])
        changes.update(value=money.stored(amount), currency=code)
    if notes is not None:
        changes["notes"] = records.blank_to_none(notes)
    if to is not None:
        if old["forwarded_at"] is None:
            hint = f"hand it to sales with `relmgr opportunity forward {opportunity_id} --to NAME`"
            raise Conflict(f"opportunity #{opportunity_id} was never forwarded", hint)
        changes["forwarded_to"] = to.strip()
        if not changes["forwarded_to"]:
            raise BadInput("a forwarded opportunity is with someone in sales", "name them with --to")
    if reason is not None:
        if old["status"] != "lost":
            raise Conflict(f"opportunity #{opportunity_id} is {old['status']}: a reason is kept for one that was lost")
        changes["reason"] = records.blank_to_none(reason)
    changed = records.edited(book, "opportunities", old, changes)
    return get(book, opportunity_id), ["to" if field == "forwarded_to" else field for field in changed]


def remove(book: Book, opportunity_id: int) -> dict:
    """Remove an opportunity noted by mistake (a follow-up imported with it keeps its place)."""
    gone = get(book, opportunity_id)
    with book.atomic():
        book.execute("UPDATE followups SET opportunity_id = NULL WHERE opportunity_id = ?", (opportunity_id,))
        book.execute("DELETE FROM opportunities WHERE id = ?", (opportunity_id,))
    return gone


def list_opportunities(
    book: Book,
    *,
    status: str | None = None,
    owner: str | None = None,
    client_ref: str | None = None,
    include_archived: bool = False,
) -> list[dict]:
    """Opportunities, those with sales first; archived clients' only for one client or when asked."""
    where, params = [], []
    if status:
        where.append("o.status = ?")
        params.append(records.pick(status, STATUSES, "status"))
    if owner:
        where.append("c.owner = ?")
        params.append(owner)
    if client_ref:
        where.append("o.client_id = ?")
        params.append(clients.resolve(book, client_ref)["id"])
    elif not include_archived:
        where.append("c.archived = 0")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    order = "CASE o.status WHEN 'forwarded' THEN 0 WHEN 'identified' THEN 1 ELSE 2 END, o.identified_at DESC"
    return book.rows(f"{SELECT}{clause} ORDER BY {order}, o.id", params)


def open_for_client(book: Book, client_id: int) -> list[dict]:
    return book.rows(
        f"{SELECT} WHERE o.client_id = ? AND o.status IN ('identified', 'forwarded') ORDER BY o.identified_at",
        (client_id,),
    )


def waiting_on_sales(book: Book, as_of: date, owners: list[str] | None, limit: int) -> tuple[list[dict], int]:
    """Hand-offs forwarded more than 30 days before `as_of` with no outcome, oldest first."""
    cutoff = to_utc(dates.start_of(as_of) - STALE_HANDOFF)
    where, params = "o.status = 'forwarded' AND c.archived = 0 AND o.forwarded_at < ?", [cutoff]
    if owners is not None:
        where += f" AND c.owner IN ({', '.join('?' for _ in owners)})"
        params += owners
    total = book.value(
        f"SELECT count(*) FROM opportunities o JOIN clients c ON c.id = o.client_id WHERE {where}", params
    )
    tail = " LIMIT ?" if limit else ""
    rows = book.rows(
        f"{SELECT} WHERE {where} ORDER BY o.forwarded_at, o.id{tail}", [*params, *([limit] if limit else [])]
    )
    for row in rows:
        row["days_waiting"] = (as_of - dates.day_of(dates.from_iso(row["forwarded_at"]))).days
    return rows, total


def describe(row: dict) -> dict:
    shown = records.present("opportunity", row)
    shown["value"] = money.number(row["value"])
    if "days_waiting" in row:
        shown["days_waiting"] = row["days_waiting"]
    return shown
