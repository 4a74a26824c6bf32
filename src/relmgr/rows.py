"""Turning the cells of one imported row into a stored record: types, defaults, references.

Each cell is read by its column's kind (`relmgr.tabular`), enum values are translated from the
words other systems use, clients and contacts named in a row are looked up (or, with
`--create-clients`, created), and derived columns are filled: a follow-up's local due day, a
complaint's SLA deadlines, a term's decision date. Every problem in a row is collected, so the
user sees all of them at once as `line N: field: problem`.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from relmgr import clients as client_rules
from relmgr import contracts as contract_rules
from relmgr import dates, recurrence, settings, sla
from relmgr.cells import CellError, DateReader, boolean, integer, money, plain_text, unprotect, utc_text
from relmgr.db import Book
from relmgr.errors import BadInput
from relmgr.money import currency, written_currency
from relmgr.records import email_problem
from relmgr.tablefile import Options, RowErrors, SkipRow
from relmgr.tabular import PROSE, PROSE_JOIN, PSEUDO, SPECS, VALUES, Entity, fold_header

_NAME_AND_EMAIL = re.compile(r"^(.*?)\s*[(<]\s*([^()<>\s]+@[^()<>\s]+)\s*[)>]$")


IMPORT_GRACE = timedelta(days=1)


class Context:
    """What converting rows needs from the book: client and contact look-ups, defaults, dates."""

    def __init__(self, book: Book, options: Options, user: str, import_id: int, now: str):
        self.book = book
        self.options = options
        self.user = user
        self.import_id = import_id
        self.now = now
        # The latest time a thing that has happened can have in a file: a day ahead, for the clocks
        # and time zones of the systems files come from (a meeting next week is still refused).
        self.latest = utc_text(dates.from_iso(now) + IMPORT_GRACE)
        self.dates = DateReader(options.dayfirst, options.monthfirst)
        self.currency = settings.currency(book)
        self.clients_created = 0
        self.contacts_created = 0  # with --create-clients, people the file names at a client
        self.not_ratings: set[str] = set()  # Zoho's account states in its Rating column, left out
        self.currency_assumed = 0  # amounts the file gives no currency for: the book's is taken
        self.kind = "call"  # an interaction's kind where the file gives none (see `kind_of_file`)
        self._clients: dict[str, int] | None = None
        self._contacts: dict[tuple[int, str], int] = {}
        self._missing: dict[str, str] = {}
        self._sla: dict[str, tuple] = {}

    def client_id(self, name: str) -> int:
        if self._clients is None:
            self._clients = {}
            for row in self.book.execute("SELECT id, name_key, external_id FROM clients"):
                self._clients.setdefault(row[1], row[0])
                if row[2]:
                    self._clients.setdefault(f"\x00{row[2]}", row[0])
        found = self._clients.get(name)  # the text exactly as a previous row gave it
        if found is not None:
            return found
        key = client_rules.fold(name)
        found = self._clients.get(key) or self._clients.get(f"\x00{name.strip()}")
        if found is not None:
            self._clients[name] = found
            return found
        if not self.options.create_clients:
            raise CellError(self._unknown_client(name, key))
        cleaned = " ".join(name.split())
        new_id = self.book.insert(
            "clients",
            {"name": cleaned, "name_key": key, "owner": self.user, "last_touch": self.now,
             "created_at": self.now, "updated_at": self.now, "import_id": self.import_id},
        )  # fmt: skip
        self._clients[key] = new_id
        self.clients_created += 1
        return new_id

    def _unknown_client(self, name: str, key: str) -> str:
        """What to say of a client the book does not have, naming those it may have meant (worked
        out once per name: a file may name the same missing client on every row)."""
        said = self._missing.get(key)
        if said is None:
            near = client_rules.names_starting(self.book, key, limit=3)
            if not near and len(key) >= 3:
                near = client_rules.names_starting(self.book, key[:3], limit=3)
            meant = f"did you mean {' or '.join(repr(n) for n in near)}? " if near else ""
            said = self._missing[key] = f"no client named {name!r} ({meant}add it first, or pass --create-clients)"
        return said

    def remember_client(self, key: str, external_id: str | None, client_id: int) -> None:
        if self._clients is not None:
            self._clients[key] = client_id
            if external_id:
                self._clients[f"\x00{external_id}"] = client_id

    def contact_id(self, client_id: int, name: str) -> int:
        """The contact a file names by name or email, or both: `Dana Whitfield (dana@acme.example)`
        as HubSpot associates it, `Dana Whitfield <dana@acme.example>` as mail programs write it."""
        key = (client_id, client_rules.fold(name))
        found = self._contacts.get(key)
        if found is None:
            both = _NAME_AND_EMAIL.match(name.strip())
            person, email = both.groups() if both else (name, name)
            email = email.strip().lower()
            found = self.book.value(
                "SELECT id FROM contacts WHERE client_id = ? AND (lower(email) = ? OR name_key = ?) "
                "ORDER BY lower(email) = ? DESC, id LIMIT 1",
                (client_id, email, client_rules.fold(person), email),
            )
            if found is None:
                if not self.options.create_clients:
                    raise CellError(
                        f"no contact named {name!r} at this client (add it first, or pass --create-clients)"
                    )
                found = self._new_contact(client_id, " ".join(person.split()), email if "@" in email else None)
            self._contacts[key] = found
        return found

    def _new_contact(self, client_id: int, name: str, email: str | None) -> int:
        """A person a file names at a client (a help desk's requester), added with the import."""
        self.contacts_created += 1
        return self.book.insert(
            "contacts",
            {"client_id": client_id, "name": name, "name_key": client_rules.fold(name), "email": email,
             "created_at": self.now, "updated_at": self.now, "import_id": self.import_id},
        )  # fmt: skip

    def deadlines(self, severity: str, opened: str) -> tuple[str, str]:
        if severity not in self._sla:
            self._sla[severity] = sla.durations(self.book, severity)
        respond, resolve = self._sla[severity]
        moment = dates.from_iso(opened)
        return utc_text(moment + respond), utc_text(moment + resolve)


_ENUM_SEEN: dict[tuple[str, str], str] = {}


def _enum(kind: str, text: str) -> str:
    found = _ENUM_SEEN.get((kind, text))
    if found is None:
        found = VALUES[kind].get(fold_header(text))
        if found is None:
            options = sorted(set(VALUES[kind].values()))
            raise CellError(f"{text!r} is not one of: {', '.join(options)}")
        _ENUM_SEEN[(kind, text)] = found
    return found


def _when(text: str, ctx: Context) -> str:
    value = ctx.dates.when(text)
    return value.isoformat() if not hasattr(value, "hour") else utc_text(value)


def _currency(text: str, ctx: Context) -> str:
    try:
        return currency(text, "")
    except BadInput as error:
        raise CellError(error.message) from None


class _Priced(str):
    """An amount as stored, with the currency its cell was written in ("€1.234,50": EUR)."""

    currency: str


def _money(text: str, ctx: Context) -> str:
    value = money(text)
    if text[0].isdigit() and text[-1].isdigit():
        return value  # no sign or code: the usual cell, read fast
    written = written_currency(text, ctx.currency)
    if written is None:
        return value
    priced = _Priced(value)
    priced.currency = written
    return priced


def _currency_of_value(record: dict, ctx: Context, problems: list) -> None:
    """The currency column, else the one the value is written in, else the book's; a value
    written in another currency than its column names is a bad row."""
    written = getattr(record.get("value"), "currency", None)
    if written:
        record["value"] = str(record["value"])
        given = record.get("currency")
        if given and given != written:
            problems.append(("value", f"is written in {written} but the currency is {given}"))
        record["currency"] = given or written
    if not record.get("currency"):
        record["currency"] = ctx.currency
        if record.get("value") is not None:
            ctx.currency_assumed += 1


def _email(text: str, ctx: Context) -> str:
    problem = email_problem(text)
    if problem:
        raise CellError(f"{text!r} {problem}")
    return text


def _ranged(low: int, high: int):
    def read(text: str, ctx: Context) -> int:
        number = integer(text)
        if not low <= number <= high:
            raise CellError(f"{number} is not from {low} to {high}")
        return number

    return read


def _status(text: str, ctx: Context) -> str:
    other = VALUES["not_client"].get(fold_header(text))
    if other:
        raise SkipRow(other)
    return _enum("status", text)


def _rating(text: str, ctx: Context) -> int | None:
    if fold_header(text) in VALUES["not_rating"]:
        ctx.not_ratings.add(text)
        return None
    try:
        number = integer(VALUES["rating"].get(fold_header(text), text))
    except CellError:
        raise CellError(f"{text!r} is not a rating (1 to 5, or Hot, Warm, Cold)") from None
    if not 1 <= number <= 5:
        raise CellError(f"{number} is not from 1 to 5")
    return number


class ForeignId(Exception):
    """An id cell that is not a whole number: another system's id (Salesforce's `0015g00000XyZab`)."""


def _own_id(text: str, ctx: Context) -> int:
    try:
        return integer(text)
    except CellError:
        raise ForeignId() from None


def _every(text: str, ctx: Context) -> str:
    try:
        return recurrence.normalize(text)
    except BadInput as error:
        raise CellError(error.message) from None


# `60 Days`: Salesforce's Owner Expiration Notice; the unit in Polish, Indonesian and Hindi too
_DAYS = re.compile(r"\s*(\S+?)\s*(?:days?|d|dni|dzień|dzien|hari|दिन)\.?\s*", re.IGNORECASE)


def _days(text: str, ctx: Context) -> int:
    """A number of days, with or without the word."""
    counted = _DAYS.fullmatch(text)
    if not counted:
        return integer(text)
    try:
        return integer(counted.group(1))
    except CellError:
        raise CellError(f"{text!r} is not a whole number of days") from None


def _utc_time(text: str, ctx: Context) -> str:
    return ctx.dates.utc(text, in_utc=True)


# HubSpot exports each kind of activity apart, without a kind column: its headers say which
_KIND_HEADERS = {
    **dict.fromkeys(map(fold_header, ("meeting name", "meeting description", "meeting start time")), "meeting"),
    **dict.fromkeys(map(fold_header, ("email subject", "email body")), "email"),
    **dict.fromkeys(map(fold_header, ("note body",)), "note"),
}


def kind_of_file(header: list[str]) -> str:
    """The kind of the interactions in a file without a kind column: a call, unless its headers
    are those of HubSpot's meetings, emails or notes."""
    return next((_KIND_HEADERS[key] for key in map(fold_header, header) if key in _KIND_HEADERS), "call")


# kind -> reader(text, ctx) for one non-empty cell
READERS = {
    "text": lambda text, ctx: text,
    "events": lambda text, ctx: text,
    "time": lambda text, ctx: ctx.dates.utc(text),
    "date": lambda text, ctx: ctx.dates.date(text).isoformat(),
    "when": _when,
    "id": _own_id,
    "int": lambda text, ctx: integer(text),
    "days": _days,
    "bool": lambda text, ctx: int(boolean(text)),
    "money": _money,
    "currency": _currency,
    "email": _email,
    "rating": _rating,
    "status": _status,
    "level": _ranged(0, 3),
    "tags": lambda text, ctx: client_rules.join_tags([text]),
    "every": _every,
}
PSEUDO_NAMES = frozenset(name for names in PSEUDO.values() for name in names)  # see `tabular.PSEUDO`


class RowReader:
    """Reads the rows of one file: the column plan is worked out once, then applied per row."""

    def __init__(
        self, entity: Entity, columns: dict[int, str], width: int, ctx: Context,
        backups: dict[int, tuple[int, ...]] | None = None, in_utc: frozenset[int] = frozenset(),
    ):  # fmt: skip
        self.entity, self.width, self.ctx = entity, width, ctx
        backups = backups or {}
        kinds = dict(entity.columns)
        self.plan = []
        for index, name in columns.items():
            if name in PSEUDO_NAMES:
                continue
            kind = "text" if name in ("client", "contact") else kinds[name]
            reader = READERS.get(kind) or (lambda text, ctx, kind=kind: _enum(kind, text))
            if index in in_utc:  # `Created (UTC)`: its times without an offset are UTC, not local
                reader = _utc_time
            reference = name in ("client", "contact", "id")
            self.plan.append((index, name, reader, reference, backups.get(index, ()), name in PROSE))
        self.pseudo = [(index, name, backups.get(index, ())) for index, name in columns.items() if name in PSEUDO_NAMES]
        # Ids that are not relmgr's are the clients' external ids, if the file gives none; else dropped.
        self.foreign_ids_to = (
            "external_id" if "external_id" in entity.fields and "external_id" not in columns.values() else None
        )
        self.foreign_id = ""  # the first such id read, for the warning

    def read(self, cells: list[str]) -> dict:
        """A file row as a stored record (without import bookkeeping); raise RowErrors."""
        if len(cells) > self.width:
            raise RowErrors([("row", f"has {len(cells)} fields but the header has {self.width}")])
        ctx, size = self.ctx, len(cells)
        record: dict = {}
        problems: list[tuple[str, str]] = []
        for index, name, reader, reference, backups, prose in self.plan:
            text = cells[index].strip() if index < size else ""
            if backups:
                text = _joined(cells, (index, *backups)) if prose else text or _first_filled(cells, backups)
            elif prose and text[:1] == "<":
                text = plain_text(text)
            if not text:
                if not reference:
                    record[name] = None
                continue
            if text[0] == "'":
                text = unprotect(text)
            try:
                record[name] = reader(text, ctx)
            except CellError as error:
                problems.append((name, str(error)))
            except ForeignId:
                self.foreign_id = self.foreign_id or text
                if self.foreign_ids_to:
                    record[self.foreign_ids_to] = text
        if self.pseudo:
            given = {name: _first_filled(cells, (index, *backups)) for index, name, backups in self.pseudo}
            _pseudo_fields(self.entity, given, record, problems)
        missing = [name for name in self.entity.required if record.get(name) in (None, "")]
        if missing:  # reported once: a value that could not be read is not also empty
            unreadable = {name for name, _ in problems}
            problems.extend((name, "is empty") for name in missing if name not in unreadable)
        if problems:
            raise RowErrors(problems)
        return record


def _joined(cells: list[str], indexes: tuple[int, ...]) -> str:
    """The non-empty of these cells (stripped, HTML read as text), each once, joined: a subject
    and its comments."""
    parts = dict.fromkeys(plain_text(cells[index].strip()) for index in indexes if index < len(cells))
    return PROSE_JOIN.join(part for part in parts if part)


def _first_filled(cells: list[str], indexes: tuple[int, ...]) -> str:
    """The first non-empty of these cells (stripped), else ''."""
    for index in indexes:
        text = cells[index].strip() if index < len(cells) else ""
        if text:
            return text
    return ""


def _pseudo_fields(entity: Entity, given: dict, record: dict, problems: list) -> None:
    if given.get("is_company"):
        company = _COMPANY_WORDS.get(given["is_company"].casefold())
        if company is None:
            try:
                company = boolean(given["is_company"])
            except CellError as error:
                problems.append(("is_company", str(error)))
        if company is not None and company != (entity.name == "clients"):
            raise SkipRow()
    if entity.name == "contacts" and ("first_name" in given or "last_name" in given):
        full = " ".join(part for part in (given.get("first_name", ""), given.get("last_name", "")) if part)
        if full and not record.get("name"):
            record["name"] = full
    code = given.get("calling_code", "").replace(" ", "")
    if code and record.get("phone") and not record["phone"].startswith(("+", "00")):
        record["phone"] = f"{code if code.startswith('+') else '+' + code} {record['phone']}"
    for name, unit in (("first_reply_minutes", 60), ("first_reply_hours", 3600)):
        if given.get(name):  # kept for `_complaints`, which knows when the complaint was opened
            try:
                seconds = round(float(given[name].replace(",", ".")) * unit)
            except ValueError:
                problems.append((name, f"{given[name]!r} is not a number"))
                continue
            if not 0 <= seconds <= 10 * 365 * 86400:
                problems.append((name, f"{given[name]!r} is not a time to a first reply"))
                continue
            record.setdefault("_first_reply", timedelta(seconds=seconds))
    if entity.name == "feedback":
        for kind in ("csat", "nps"):
            if given.get(kind):
                try:
                    record["kind"], record["score"] = kind, integer(given[kind])
                except CellError as error:
                    problems.append((kind, str(error)))


_COMPANY_WORDS = {"company": True, "organisation": True, "organization": True, "person": False,
                  "individual": False}  # fmt: skip

IDENTITY = {
    "interactions": ("client_id", "contact_id", "kind", "at", "summary", "by"),
    "followups": ("client_id", "title", "due", "owner", "status"),
    "complaints": ("client_id", "title", "opened_at"),
    "contracts": ("client_id", "title", "value", "currency", "start", "end"),
    "opportunities": ("client_id", "kind", "title", "identified_at"),
    "feedback": ("client_id", "kind", "score", "at", "comment"),
}
# The time a record of these takes from the file's created (else last changed) time when the file
# gives it none of its own (`finish`); identifying columns, as three weekly calls of one title differ by it.
TIMED_BY_CREATION = {
    "interactions": "at", "feedback": "at", "complaints": "opened_at", "opportunities": "identified_at",
}  # fmt: skip
SCORES = {"csat": (1, 5), "nps": (0, 10)}


def finish(entity: str, record: dict, ctx: Context) -> dict:
    """Fill defaults and derived columns and resolve references; raise RowErrors."""
    problems: list[tuple[str, str]] = []
    # A record last changed at some time existed by then: without a creation time in the file, it
    # was created when it was last changed, else now; it is never created after it was changed.
    record["updated_at"] = record.get("updated_at") or record.get("created_at") or ctx.now
    record["created_at"] = record.get("created_at") or record["updated_at"]
    if entity != "clients":
        client = record.pop("client")
        if entity == "contacts" and record["name"].startswith(f"{client}, "):
            record["name"] = record["name"][len(client) + 2 :]  # Odoo names a person "Company, Person"
        try:
            record["client_id"] = ctx.client_id(client)
        except CellError as error:
            raise RowErrors([("client", str(error))]) from None
        contact = record.pop("contact", None)
        if "contact" in SPECS[entity].fields:
            record["contact_id"] = None
        if contact:
            try:
                record["contact_id"] = ctx.contact_id(record["client_id"], contact)
            except CellError as error:
                problems.append(("contact", str(error)))
    _DEFAULTS[entity](record, ctx, problems)
    if problems:
        raise RowErrors(problems)
    return record


def _clients(record: dict, ctx: Context, problems: list) -> None:
    record["name"] = " ".join(record["name"].split())
    record["name_key"] = client_rules.fold(record["name"])
    for name, default in (("owner", ctx.user), ("status", "active"), ("tier", "B"), ("tags", ""), ("archived", 0)):
        if record.get(name) is None:
            record[name] = default
    _happened(record, ("created_at", "last_contact_at"), ctx, problems)
    record["last_touch"] = record.get("last_contact_at") or record["created_at"]
    if record.get("last_contact_at"):  # what the file's system reported: see `Matcher._last_contact`
        record["reported_contact_at"] = record["last_contact_at"]


def _contacts(record: dict, ctx: Context, problems: list) -> None:
    record["name"] = " ".join(record["name"].split())
    record["name_key"] = client_rules.fold(record["name"])
    record["key"] = record.get("key") or 0


def _interactions(record: dict, ctx: Context, problems: list) -> None:
    record["kind"] = record.get("kind") or ctx.kind
    record["at"] = record.get("at") or record["created_at"]  # the file's creation time, else now
    record["by"] = record.get("by") or ctx.user
    _happened(record, ("at",), ctx, problems, "a meeting still to come is a follow-up")


def _followups(record: dict, ctx: Context, problems: list) -> None:
    due = record["due"]
    record["due_day"] = due if len(due) == 10 else dates.day_of(dates.from_iso(due)).isoformat()
    record["anchor"] = due if record.get("every") else None
    record["owner"] = record.get("owner") or ctx.user
    record["status"] = record.get("status") or "open"


def _complaints(record: dict, ctx: Context, problems: list) -> None:
    record["severity"] = record.get("severity") or "medium"
    record["status"] = record.get("status") or "open"
    record["opened_at"] = record.get("opened_at") or record["created_at"]
    reply = record.pop("_first_reply", None)  # the help desk's time to its first reply
    if reply is not None and not record.get("responded_at"):
        record["responded_at"] = utc_text(datetime.fromisoformat(record["opened_at"]) + reply)
    record["responded_at"] = record.get("responded_at")  # every row the same columns, a reply or not
    if record["status"] == "open" and record.get("responded_at"):
        record["status"] = "responded"  # Freshdesk and Zendesk keep a ticket "Open" after the first reply
    record["level"] = record.get("level") or 0
    if record["status"] == "escalated" and not record["level"]:
        record["level"] = 1  # CRMs mark a case Escalated without a level
    settled = record["status"] in ("resolved", "closed")
    # a CRM closing a case records when it closed: that is when it was resolved
    record["resolved_at"] = record.get("resolved_at") or (record.get("closed_at") if settled else None)
    respond_by, resolve_by = ctx.deadlines(record["severity"], record["opened_at"])
    record["respond_by"] = record.get("respond_by") or respond_by
    record["resolve_by"] = record.get("resolve_by") or resolve_by
    record["assignee"] = record.get("assignee") or ctx.user
    events = record.get("events")
    if not events:
        record["events"] = _implied_events(record, ctx.user)
        return
    try:
        parsed = json.loads(events)
        record["events"] = [
            {"at": utc_text(ctx.dates.time(e["at"])), "action": e["action"], "by": e.get("by") or ctx.user,
             "level": int(e.get("level") or 0), "note": e.get("note")}
            for e in parsed
        ]  # fmt: skip
        bad = [e["action"] for e in record["events"] if e["action"] not in _EVENT_ACTIONS]
        if bad:
            problems.append(("events", f"unknown action {bad[0]!r}"))
    except (ValueError, TypeError, KeyError, AttributeError, CellError):
        problems.append(("events", "is not a JSON list of {at, action, by, level, note}"))


def _implied_events(record: dict, by: str) -> list[dict]:
    """The history a complaint imported without one must have had, from the times and level its
    row gives: so `complaint show`, the KPI's first response and escalation rate see it."""
    opened, level = record["opened_at"], record["level"]
    events = [{"at": opened, "action": "opened", "by": by, "level": 0, "note": record["title"]}]
    if level:
        events.append({"at": opened, "action": "escalated", "by": by, "level": level,
                       "note": "imported at this level (when it was escalated is not known)"})  # fmt: skip
    for field, action, note in (("responded_at", "responded", None), ("resolved_at", "resolved", "resolution"),
                                ("closed_at", "closed", None)):  # fmt: skip
        if record.get(field) and (action != "closed" or record["status"] == "closed"):
            events.append({"at": record[field], "action": action, "by": by, "level": level,
                           "note": record.get(note) if note else None})  # fmt: skip
    return sorted(events, key=lambda event: event["at"])


_EVENT_ACTIONS = ("opened", "responded", "escalated", "resolved", "reopened", "closed", "note")


def _contracts(record: dict, ctx: Context, problems: list) -> None:
    from datetime import date

    _currency_of_value(record, ctx, problems)
    record["notice_days"] = 60 if record.get("notice_days") is None else record["notice_days"]
    notice = contract_rules.notice_problem(record["notice_days"])
    if notice:
        problems.append(("notice_days", f"{record['notice_days']} {notice}"))
    record["auto_renew"] = record.get("auto_renew") or 0
    record["status"] = record.get("status") or "active"
    if record["end"] < record["start"]:
        problems.append(("end", f"{record['end']} is before start {record['start']}"))
    elif not notice:
        end = date.fromisoformat(record["end"])
        record["decision_date"] = contract_rules.decision_date(end, record["notice_days"]).isoformat()


def _opportunities(record: dict, ctx: Context, problems: list) -> None:
    record["kind"] = record.get("kind") or "upsell"  # more of what the client buys: the usual case
    _currency_of_value(record, ctx, problems)
    record["status"] = record.get("status") or "identified"
    record["identified_at"] = record.get("identified_at") or record["created_at"]
    record.setdefault("notes", None)  # every record of a file has the same columns
    if record["status"] in ("identified", "forwarded") and record.get("closed_at"):
        # a CRM's "Close Date" of a deal still open is when it is expected to close: kept in the notes
        expected = f"Expected to close {dates.day_of(dates.from_iso(record['closed_at']))}"
        record["notes"], record["closed_at"] = PROSE_JOIN.join(filter(None, (record["notes"], expected))), None


def _feedback(record: dict, ctx: Context, problems: list) -> None:
    low, high = SCORES[record["kind"]]
    if not low <= record["score"] <= high:
        problems.append(("score", f"{record['score']} is not a {record['kind']} score ({low}-{high})"))
    record["at"] = record.get("at") or record["created_at"]
    record["by"] = record.get("by") or ctx.user
    _happened(record, ("at",), ctx, problems)


def _happened(record: dict, fields: tuple[str, ...], ctx: Context, problems: list, hint: str = "") -> None:
    """Times of what has already happened (a call, an answer, a client added or last contacted)
    are not in the future: such a time would make a client look spoken to, or new, for months."""
    for name in fields:
        value = record.get(name)
        if value and value > ctx.latest:
            shown = dates.iso(dates.from_iso(value))
            problems.append((name, f"{shown} is in the future{f' ({hint})' if hint else ''}"))


def _competitors(record: dict, ctx: Context, problems: list) -> None:
    record["competitor"] = " ".join(record["competitor"].split())
    record["competitor_key"] = client_rules.fold(record["competitor"])


_DEFAULTS = {
    "clients": _clients, "contacts": _contacts, "interactions": _interactions, "followups": _followups,
    "complaints": _complaints, "contracts": _contracts, "opportunities": _opportunities, "feedback": _feedback,
    "competitors": _competitors,
}  # fmt: skip
