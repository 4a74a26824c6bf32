"""Contracts: terms with a yearly value, an end date, a notice period and a renewal chain.

The decision date of a term is `end - notice_days`: the last day to give notice or agree new
terms. It is stored (and indexed) with the term, so "which renewals need a decision this quarter"
is a range scan. Renewing never deletes a term: `renew` closes a term as renewed and opens the next,
linked by `renewed_from`, so the chain is the client's revenue history; `churn` closes it as lost
(with the reason and the competitor it went to), and a client left with no active term becomes
churned. Only a term entered by mistake is removed, from the end of its chain (`remove`).
"""

from __future__ import annotations

from datetime import date, timedelta

from relmgr import clients, dates, money, records, settings
from relmgr.db import Book, stamp, to_utc
from relmgr.errors import BadInput, Conflict, NotFound

STATUSES = ("active", "renewed", "churned", "cancelled")
SELECT = "SELECT t.*, c.name AS client, c.owner AS owner FROM contracts t JOIN clients c ON c.id = t.client_id"


def decision_date(end: date, notice_days: int) -> date:
    return end - timedelta(days=notice_days)


def notice_problem(days: int) -> str | None:
    """What is wrong with a notice period in days, else None."""
    if days < 0:
        return "is negative"
    if days > dates.MAX_SPAN.days:
        return "is more than a hundred years"
    return None


def _notice(value: int | None) -> int:
    if value is None:
        return 60
    problem = notice_problem(value)
    if problem:
        raise BadInput(f"--notice-days {value} {problem}", "give the days of notice, e.g. 60")
    return value


def add(
    book: Book,
    client_ref: str,
    *,
    value: str,
    start: date,
    end: date,
    title: str | None = None,
    currency: str | None = None,
    notice_days: int | None = None,
    auto_renew: bool = False,
    notes: str | None = None,
) -> dict:
    """Add a contract term (a prospect with a signed term becomes active)."""
    amount, code = money.priced(value, currency, settings.currency(book))
    if amount is None:
        raise BadInput("a contract needs --value (per year)")
    if end < start:
        raise BadInput(f"--end {end} is before --start {start}", "a term ends on or after the day it starts")
    notice = _notice(notice_days)
    client = clients.resolve(book, client_ref)
    if end >= dates.today():  # a past term is history and may be filed; a running one needs deciding
        clients.not_archived(client, "a term still running")
    now = stamp()
    with book.atomic():
        new_id = book.insert(
            "contracts",
            {"client_id": client["id"], "title": records.blank_to_none(title), "value": money.stored(amount),
             "currency": code, "start": start.isoformat(), "end": end.isoformat(), "notice_days": notice,
             "decision_date": decision_date(end, notice).isoformat(), "auto_renew": int(auto_renew),
             "notes": records.blank_to_none(notes), "created_at": now, "updated_at": now},
        )  # fmt: skip
        if client["status"] in ("prospect", "churned"):
            book.update("clients", client["id"], {"status": "active"})
    return get(book, new_id)


def get(book: Book, contract_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE t.id = ?", (contract_id,))
    if found is None:
        raise NotFound(f"no contract #{contract_id}", "see `relmgr contract list`")
    return found


def chain(book: Book, contract_id: int) -> list[dict]:
    """Every term in the renewal chain this term belongs to, oldest first."""
    first = get(book, contract_id)
    while first["renewed_from"] is not None:
        first = get(book, first["renewed_from"])
    terms = [first]
    while True:
        following = book.row(f"{SELECT} WHERE t.renewed_from = ?", (terms[-1]["id"],))
        if following is None:
            return terms
        terms.append(following)


def list_contracts(
    book: Book, client_ref: str | None = None, *, status: str | None = None, owner: str | None = None
) -> list[dict]:
    """Every term (all statuses unless --status), by client then start."""
    where, params = [], []
    if client_ref:
        where.append("t.client_id = ?")
        params.append(clients.resolve(book, client_ref)["id"])
    if status:
        where.append("t.status = ?")
        params.append(records.pick(status, STATUSES, "status"))
    if owner:
        where.append("c.owner = ?")
        params.append(owner)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return book.rows(f"{SELECT}{clause} ORDER BY c.name_key, t.start, t.id", params)


def for_client(book: Book, client_id: int) -> list[dict]:
    return book.rows(f"{SELECT} WHERE t.client_id = ? ORDER BY t.start, t.id", (client_id,))


def _following(book: Book, contract_id: int) -> int | None:
    """The id of the term that renewed this one, if any."""
    return book.value("SELECT id FROM contracts WHERE renewed_from = ?", (contract_id,))


def _active(book: Book, contract_id: int, doing: str) -> dict:
    term = get(book, contract_id)
    if term["status"] == "active":
        return term
    following = _following(book, contract_id)
    if term["status"] == doing:
        detail = f"; the next term is #{following}" if following else ""
        raise Conflict(f"contract #{contract_id} is already {doing}{detail}")
    detail = f" (renewed as #{following})" if following else ""
    raise Conflict(f"contract #{contract_id} is {term['status']}{detail}; only an active term can be {doing}")


def next_end(start: date, end: date) -> date:
    """The end of a following term as long as start..end (29 Feb becomes 28 Feb when it must)."""
    from dateutil.relativedelta import relativedelta

    length = relativedelta(end + timedelta(days=1), start)
    return end + timedelta(days=1) + length - timedelta(days=1)


def renew(book: Book, contract_id: int, *, end: date | None = None, value: str | None = None) -> tuple[dict, dict]:
    """Close a term as renewed and open the next, starting the day after; return (old, new)."""
    term = _active(book, contract_id, "renewed")
    old_start, old_end = date.fromisoformat(term["start"]), date.fromisoformat(term["end"])
    new_start = old_end + timedelta(days=1)
    new_end = end or next_end(old_start, old_end)
    if new_end < new_start:
        raise BadInput(f"--end {new_end} is before the new term starts ({new_start})")
    amount = None
    if value:
        amount = money.changed(term["value"], value)  # "+5%": an uplift on this term's value
        if amount is None:
            amount = money.same_currency(value, term["currency"], "--value", f"contract #{contract_id}")
    now = stamp()
    with book.atomic():
        book.update("contracts", contract_id, {"status": "renewed", "outcome_at": now})
        new_id = book.insert(
            "contracts",
            {"client_id": term["client_id"], "title": term["title"],
             "value": money.stored(amount) if amount is not None else term["value"], "currency": term["currency"],
             "start": new_start.isoformat(), "end": new_end.isoformat(), "notice_days": term["notice_days"],
             "decision_date": decision_date(new_end, term["notice_days"]).isoformat(),
             "auto_renew": term["auto_renew"], "renewed_from": contract_id, "notes": term["notes"],
             "created_at": now, "updated_at": now},
        )  # fmt: skip
    return get(book, contract_id), get(book, new_id)


def edit(
    book: Book,
    contract_id: int,
    *,
    title: str | None = None,
    value: str | None = None,
    currency: str | None = None,
    start: date | None = None,
    end: date | None = None,
    notice_days: int | None = None,
    auto_renew: bool | None = None,
    notes: str | None = None,
    reason: str | None = None,
    lost_to: str | None = None,
) -> tuple[dict, list[str]]:
    """Mend a term entered wrong: its title, value or currency, dates, notice, auto-renewal, notes,
    or a churned term's reason and competitor; return it and the fields changed. The decision date
    follows the end and the notice. A renewal chain stays unbroken: a term that was renewed keeps
    its end (the next term starts the day after), a term that renewed another keeps its start."""
    given = (title, value, currency, start, end, notice_days, auto_renew, notes, reason, lost_to)
    if all(field is None for field in given):
        raise BadInput("nothing to change", "give --title, --value, --currency, --start, --end, --notice-days, "
                       "--auto-renew/--no-auto-renew, --notes, --reason or --lost-to")  # fmt: skip
    old = get(book, contract_id)
    changes: dict = {}
    if title is not None:
        changes["title"] = records.blank_to_none(title)
    if value is not None or currency is not None:
        amount, code = money.priced(value if value is not None else old["value"], currency, old["currency"])
        if amount is None:
            raise BadInput("a contract needs a value (per year)", "give the new one with --value")
        changes.update(value=money.stored(amount), currency=code)
    if start is not None and start.isoformat() != old["start"] and old["renewed_from"] is not None:
        raise Conflict(f"contract #{contract_id} renewed #{old['renewed_from']} and starts the day after it ended",
                       "its start stays; change its end, value or notice")  # fmt: skip
    if end is not None and end.isoformat() != old["end"]:
        following = _following(book, contract_id)
        if following is not None:
            raise Conflict(f"contract #{contract_id} was renewed as #{following}, which starts the day after it "
                           "ends", f"its end stays; to change the running term, edit #{following}")  # fmt: skip
    begins = start or date.fromisoformat(old["start"])
    ends = end or date.fromisoformat(old["end"])
    if ends < begins:
        raise BadInput(f"the term would end ({ends}) before it starts ({begins})", "a term ends on or after the "
                       "day it starts")  # fmt: skip
    notice = _notice(notice_days) if notice_days is not None else old["notice_days"]
    changes.update(start=begins.isoformat(), end=ends.isoformat(), notice_days=notice,
                   decision_date=decision_date(ends, notice).isoformat())  # fmt: skip
    if auto_renew is not None:
        changes["auto_renew"] = int(auto_renew)
    if notes is not None:
        changes["notes"] = records.blank_to_none(notes)
    if reason is not None:
        if old["status"] == "active":
            raise Conflict(f"contract #{contract_id} is active: a reason is kept for a term that ended",
                           "give it when the term closes: `relmgr contract churn ID --reason ...`")  # fmt: skip
        changes["reason"] = records.blank_to_none(reason)
    if lost_to is not None:
        if old["status"] != "churned":
            raise Conflict(f"contract #{contract_id} is {old['status']}: only a churned term was lost to someone")
        changes["lost_to"] = records.blank_to_none(lost_to)
    changed = records.edited(book, "contracts", old, changes)
    return get(book, contract_id), [field for field in changed if field != "decision_date"]


def reopen(book: Book, contract_id: int) -> tuple[dict, bool]:
    """Take back a churn recorded by mistake: the term is active again (its reason and competitor
    forgotten) and a client churned by it is active again; return (term, whether the client was)."""
    term = get(book, contract_id)
    if term["status"] == "active":
        raise Conflict(f"contract #{contract_id} is already active")
    if term["status"] == "renewed":
        following = _following(book, contract_id)
        raise Conflict(f"contract #{contract_id} was renewed as #{following}",
                       f"to undo the renewal, `relmgr contract remove {following}`")  # fmt: skip
    client_status = book.value("SELECT status FROM clients WHERE id = ?", (term["client_id"],))
    with book.atomic():
        book.update("contracts", contract_id, {"status": "active", "outcome_at": None, "reason": None,
                                               "lost_to": None})  # fmt: skip
        if client_status == "churned":
            book.update("clients", term["client_id"], {"status": "active"})
    return get(book, contract_id), client_status == "churned"


def remove(book: Book, contract_id: int) -> tuple[dict, dict | None]:
    """Remove a term entered by mistake; return it and the term it had renewed, which is active
    again (a renewal recorded by mistake is undone this way). A term already renewed is kept:
    the next one would lose its history."""
    gone = get(book, contract_id)
    following = _following(book, contract_id)
    if following is not None:
        raise Conflict(f"contract #{contract_id} was renewed as #{following}; remove #{following} first",
                       "a term is removed only from the end of its renewal chain")  # fmt: skip
    with book.atomic():
        book.execute("DELETE FROM contracts WHERE id = ?", (contract_id,))
        if gone["renewed_from"] is not None:
            book.update("contracts", gone["renewed_from"],
                        {"status": "active", "outcome_at": None, "reason": None})  # fmt: skip
    reopened = get(book, gone["renewed_from"]) if gone["renewed_from"] is not None else None
    return gone, reopened


AUTOMATIC = "automatic: no notice given"  # the reason kept on a term that renewed by itself


def sweep(book: Book, *, dry_run: bool = False, as_of: date | None = None) -> list[dict]:
    """Renew each active auto-renewing term whose end has passed, as its contract does when nobody
    gives notice: the next term as long and at the same value, again until one runs to `as_of`.

    Returns [{"old": term, "new": next term}] in order; with dry_run nothing is written and the
    next terms have no id. Safe to run from cron: a term is renewed once."""
    day = (as_of or dates.today()).isoformat()
    renewed = []
    with book.atomic():
        due = book.rows(f'{SELECT} WHERE t.status = \'active\' AND t.auto_renew = 1 AND t."end" < ? '
                        'ORDER BY t."end", t.id', (day,))  # fmt: skip
        for term in due:
            while term["end"] < day:
                if dry_run:
                    start = date.fromisoformat(term["end"]) + timedelta(days=1)
                    following = {**term, "id": None, "start": start.isoformat(),
                                 "end": next_end(date.fromisoformat(term["start"]),
                                                 date.fromisoformat(term["end"])).isoformat()}  # fmt: skip
                else:
                    _, following = renew(book, term["id"])
                    began = to_utc(dates.start_of(date.fromisoformat(following["start"])))
                    book.update("contracts", term["id"], {"reason": AUTOMATIC, "outcome_at": began})
                    term = get(book, term["id"])
                renewed.append({"old": term, "new": following})
                term = following
    return renewed


def churn(book: Book, contract_id: int, *, reason: str | None = None, lost_to: str | None = None) -> tuple[dict, bool]:
    """Close a term as lost; return (term, whether the client became churned)."""
    term = _active(book, contract_id, "churned")
    with book.atomic():
        book.update("contracts", contract_id, {"status": "churned", "outcome_at": stamp(),
                                               "reason": records.blank_to_none(reason),
                                               "lost_to": records.blank_to_none(lost_to)})  # fmt: skip
        remaining = book.value(
            "SELECT count(*) FROM contracts WHERE client_id = ? AND status = 'active'", (term["client_id"],)
        )
        client_churned = remaining == 0
        if client_churned:
            book.update("clients", term["client_id"], {"status": "churned"})
    return get(book, contract_id), client_churned


def renewals(
    book: Book, *, within_days: int, owners: list[str] | None = None, as_of: date | None = None, limit: int = 0
) -> tuple[list[dict], int]:
    """Active terms whose decision date is within `within_days` of `as_of` or already past, soonest first."""
    day = as_of or dates.today()
    horizon = (day + timedelta(days=within_days)).isoformat()
    where, params = "t.status = 'active' AND c.archived = 0 AND t.decision_date <= ?", [horizon]
    if owners is not None:
        where += f" AND c.owner IN ({', '.join('?' for _ in owners)})"
        params += owners
    total = book.value(f"SELECT count(*) FROM contracts t JOIN clients c ON c.id = t.client_id WHERE {where}", params)
    tail = " LIMIT ?" if limit else ""
    rows = book.rows(
        f"{SELECT} WHERE {where} ORDER BY t.decision_date, t.id{tail}", [*params, *([limit] if limit else [])]
    )
    for row in rows:
        row["days_left"] = (date.fromisoformat(row["decision_date"]) - day).days
    return rows, total


def describe(row: dict) -> dict:
    """A term as users see it."""
    shown = records.present("contract", row)
    shown["value"] = money.number(row["value"])
    if "days_left" in row:
        shown["days_left"] = row["days_left"]
    return shown
