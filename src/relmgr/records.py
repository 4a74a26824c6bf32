"""The user-visible shape of each record (SPEC §3), and turning stored rows into it.

Stored rows carry internal columns (folded name keys, the stale clock, UTC times); what users
see — `--json`, tables, exports — is built from these field lists only, so the shape of a
record is written down once.
"""

from __future__ import annotations

# kinds: int, text, bool, tags, time (stored UTC, shown local), when (a date or a time)
FIELDS: dict[str, list[tuple[str, str]]] = {
    "client": [
        ("id", "int"), ("name", "text"), ("status", "text"), ("tier", "text"), ("industry", "text"),
        ("owner", "text"), ("backup", "text"), ("email", "text"), ("phone", "text"),
        ("website", "text"), ("city", "text"), ("country", "text"), ("source", "text"),
        ("rating", "int"), ("external_id", "text"), ("tags", "tags"), ("notes", "text"),
        ("archived", "bool"), ("last_contact_at", "time"), ("created_at", "time"),
        ("updated_at", "time"),
    ],
    "contact": [
        ("id", "int"), ("client", "text"), ("client_id", "int"), ("name", "text"),
        ("title", "text"), ("email", "text"), ("phone", "text"), ("key", "bool"),
        ("notes", "text"), ("created_at", "time"), ("updated_at", "time"),
    ],
    "interaction": [
        ("id", "int"), ("client", "text"), ("client_id", "int"), ("contact", "text"),
        ("contact_id", "int"), ("kind", "text"), ("at", "time"), ("summary", "text"),
        ("by", "text"), ("created_at", "time"), ("updated_at", "time"),
    ],
    "followup": [
        ("id", "int"), ("client", "text"), ("client_id", "int"), ("contact", "text"),
        ("contact_id", "int"), ("title", "text"), ("due", "when"), ("every", "text"),
        ("owner", "text"), ("status", "text"), ("done_at", "time"), ("note", "text"),
        ("complaint_id", "int"), ("created_at", "time"), ("updated_at", "time"),
    ],
    "complaint": [
        ("id", "int"), ("client", "text"), ("client_id", "int"), ("contact", "text"),
        ("contact_id", "int"), ("title", "text"), ("description", "text"), ("category", "text"),
        ("severity", "text"), ("status", "text"), ("level", "int"), ("assignee", "text"),
        ("opened_at", "time"), ("responded_at", "time"), ("resolved_at", "time"),
        ("closed_at", "time"), ("resolution", "text"), ("respond_by", "time"),
        ("resolve_by", "time"), ("created_at", "time"), ("updated_at", "time"),
    ],
    "complaint_event": [("at", "time"), ("action", "text"), ("by", "text"), ("level", "int"), ("note", "text")],
    "contract": [
        ("id", "int"), ("client", "text"), ("client_id", "int"), ("owner", "text"), ("title", "text"),
        ("value", "text"), ("currency", "text"), ("start", "text"), ("end", "text"),
        ("notice_days", "int"), ("decision_date", "text"), ("auto_renew", "bool"), ("status", "text"),
        ("renewed_from", "int"), ("outcome_at", "time"), ("lost_to", "text"), ("reason", "text"),
        ("notes", "text"), ("created_at", "time"), ("updated_at", "time"),
    ],
    "opportunity": [
        ("id", "int"), ("client", "text"), ("client_id", "int"), ("owner", "text"), ("kind", "text"),
        ("title", "text"), ("value", "text"), ("currency", "text"), ("status", "text"),
        ("identified_at", "time"), ("forwarded_to", "text"), ("forwarded_at", "time"),
        ("closed_at", "time"), ("reason", "text"), ("notes", "text"), ("created_at", "time"),
        ("updated_at", "time"),
    ],
    "feedback": [
        ("id", "int"), ("client", "text"), ("client_id", "int"), ("contact", "text"),
        ("contact_id", "int"), ("kind", "text"), ("score", "int"), ("at", "time"), ("comment", "text"),
        ("by", "text"), ("created_at", "time"), ("updated_at", "time"),
    ],
    "handover": [
        ("id", "int"), ("from", "text"), ("to", "text"), ("start", "text"), ("end", "text"),
        ("note", "text"), ("ended_at", "time"), ("created_at", "time"), ("updated_at", "time"),
    ],
    "competitor": [
        ("id", "int"), ("client", "text"), ("competitor", "text"), ("note", "text"),
        ("created_at", "time"),
    ],
}  # fmt: skip


_LOCAL = None


def local_time(stored: str | None) -> str | None:
    """A stored UTC time as local ISO 8601 with offset (the offset looked up once per hour)."""
    global _LOCAL
    if not stored:
        return None
    if _LOCAL is None:
        from relmgr.cells import LocalTimes

        _LOCAL = LocalTimes()
    return _LOCAL(stored)


def _tags(value: str | None) -> list[str]:
    return [tag for tag in (value or "").split(",") if tag]


def _when(value: str | None) -> str | None:
    return local_time(value) if value and len(value) > 10 else value


_SHOWN = {"bool": bool, "tags": _tags, "time": local_time, "when": _when}
_PLANS: dict[str, list] = {}


def _plan(kind: str) -> list:
    plan = _PLANS.get(kind)
    if plan is None:  # worked out once per kind: lists of thousands of records go through here
        plan = _PLANS[kind] = [(field, _SHOWN.get(form)) for field, form in FIELDS[kind]]
    return plan


def present(kind: str, row: dict, **extra) -> dict:
    """The user-visible record of kind `kind` from a stored row (plus any `extra` fields)."""
    get = row.get
    record = {field: get(field) if show is None else show(get(field)) for field, show in _plan(kind)}
    record.update(extra)
    return record


def present_all(kind: str, rows: list[dict], extra: tuple[str, ...] = ()) -> list[dict]:
    """`present` for every row of a list, keeping the row's `extra` fields after the kind's.

    Rows read by a query that selects exactly the kind's fields, in order (then the extra ones),
    are shown where they stand: only the fields shown otherwise than stored are set again (5 of
    a client's 21), instead of each record being built a second time."""
    plan = _plan(kind)
    if rows and list(rows[0]) == [*(field for field, _ in plan), *extra]:
        shown = [(field, show) for field, show in plan if show is not None]
        for row in rows:
            for field, show in shown:
                row[field] = show(row[field])
        return rows
    return [present(kind, row, **{name: row[name] for name in extra}) for row in rows]


def pick(value: str | None, options: tuple[str, ...], what: str, words: str | None = None) -> str | None:
    """Match an enum value case-insensitively, else (given `words`, a table of `tabular.VALUES`)
    one of the words an import reads for it (`whatsapp` is a chat, `urgent` critical); raise
    BadInput listing the options."""
    if value is None:
        return None
    key = value.strip().lower()
    for option in options:
        if option.lower() == key:
            return option
    if words:
        from relmgr.tabular import VALUES, fold_header

        found = VALUES[words].get(fold_header(value))
        if found in options:
            return found
    from relmgr.errors import BadInput

    raise BadInput(f"{what} {value!r} is not one of: {', '.join(options)}")


def edited(book, table: str, old: dict, changes: dict) -> list[str]:
    """Write the fields of `changes` that differ from `old` (the stored row) in one transaction,
    and name them as users know them ("contact", not "contact_id"); an edit that changes
    nothing writes nothing."""
    changes = {field: value for field, value in changes.items() if value != old[field]}
    if changes:
        with book.atomic():
            book.update(table, old["id"], changes)
    return [field.removesuffix("_id") for field in changes if not field.endswith("_key")]  # name_key: name's


def title(text: str | None, record: str, hint: str = "give the new one with --title") -> str:
    """A record's title on one line with single spaces; BadInput when there is none ("a
    complaint needs a title")."""
    line = " ".join((text or "").split())
    if not line:
        from relmgr.errors import BadInput

        raise BadInput(f"{record} needs a title", hint)
    return line


def email_problem(text: str) -> str | None:
    """What is wrong with an email address, else None. Only what is surely wrong: no @, nothing
    before or after it (a cell holding two addresses, or an intranet name, is left as written)."""
    if "@" not in text:
        return "has no @"
    name, _, domain = text.rpartition("@")
    if not name.strip():
        return "has nothing before the @"
    if not domain.strip():
        return "has nothing after the @"
    return None


MAX_ID = 2**63 - 1  # SQLite's largest integer: no record has a larger id


def as_id(text: str) -> int | None:
    """The record id `text` writes ("12", "#12", "१२"), else None: not digits, or past any id
    SQLite can hold (a client named "2024", or ²: `isdigit` takes what `int` refuses)."""
    digits = text.strip().removeprefix("#")
    if not digits.isdecimal() or int(digits) > MAX_ID:
        return None
    return int(digits)


def blank_to_none(value: str | None) -> str | None:
    """Empty text is no value at all."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def count(n: int, one: str, many: str | None = None) -> str:
    """`n` things in words: "1 open complaint", "3 open complaints", "1,200 clients"."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def count_of(n: int, kind: str) -> str:
    """`n` records of a kind named as a table is ("clients", "opportunities", "feedback"):
    "1 client", "1 opportunity", "3 feedback"."""
    one = {"opportunities": "opportunity", "feedback": "feedback"}.get(kind, kind.removesuffix("s"))
    return count(n, one, kind)
