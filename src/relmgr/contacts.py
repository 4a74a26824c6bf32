"""Contacts: the key staff at each client — who decides, who signs, who to call.

Within a client a contact is found by id, exact name (case-folded), email, or a unique part of
the name (typed without accents, it matches names with them), the same way clients are found.
"""

from __future__ import annotations

from relmgr import clients, records
from relmgr.db import Book, stamp
from relmgr.errors import Ambiguous, BadInput, Conflict, NotFound

SELECT = "SELECT p.*, c.name AS client FROM contacts p JOIN clients c ON c.id = p.client_id"
FIELDS = ("name", "title", "email", "phone", "key", "notes")


def _clean(fields: dict) -> dict:
    clean: dict = {}
    for field, value in fields.items():
        if field == "key":
            clean["key"] = int(bool(value))
        elif field == "name":
            name = " ".join((value or "").split())
            if not name:
                raise BadInput("a contact needs a name")
            clean.update(name=name, name_key=clients.fold(name))
        elif field in FIELDS:
            clean[field] = records.blank_to_none(value)
        else:
            raise BadInput(f"contacts have no field {field!r}")
    problem = clean.get("email") and records.email_problem(clean["email"])
    if problem:
        raise BadInput(f"email {clean['email']!r} {problem}")
    return clean


def _check_twin(book: Book, client: dict, clean: dict, exclude: int = 0) -> None:
    """Refuse a second record of one person at a client: the same email, or the same name when
    no two different emails tell them apart (two John Smiths with their own addresses may be)."""
    email = (clean.get("email") or "").lower()
    for other in book.rows(
        f"{SELECT} WHERE p.client_id = ? AND p.id != ? AND (lower(p.email) = ? OR p.name_key = ?)",
        (client["id"], exclude, email or None, clean["name_key"]),
    ):
        same_email = email and (other["email"] or "").lower() == email
        if same_email or not (email and other["email"]):
            what = f"with {other['email']}" if same_email else "of that name"
            raise Conflict(
                f"{client['name']} already has a contact {what}: #{other['id']} {other['name']}",
                f"change it with `relmgr contact edit {other['id']}`"
                + ("" if same_email else ", or give each person their own --email"),
            )


def add(book: Book, client_ref: str, name: str, **fields) -> dict:
    """Add a contact at a client (not a second record of someone already there)."""
    client = clients.resolve(book, client_ref)
    clean = _clean({"name": name, **{k: v for k, v in fields.items() if v is not None}})
    _check_twin(book, client, clean)
    now = stamp()
    with book.atomic():
        new_id = book.insert("contacts", {"client_id": client["id"], **clean, "created_at": now, "updated_at": now})
    return get(book, new_id)


def get(book: Book, contact_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE p.id = ?", (contact_id,))
    if found is None:
        raise NotFound(f"no contact #{contact_id}", "see `relmgr contact list`")
    return found


def list_contacts(book: Book, client_ref: str | None = None, *, key_only: bool = False) -> list[dict]:
    where, params = ["c.archived = 0"], []
    if client_ref:
        where = ["p.client_id = ?"]
        params.append(clients.resolve(book, client_ref)["id"])
    if key_only:
        where.append("p.key = 1")
    return book.rows(f"{SELECT} WHERE {' AND '.join(where)} ORDER BY c.name_key, p.key DESC, p.name_key", params)


def for_client(book: Book, client_id: int) -> list[dict]:
    return book.rows(f"{SELECT} WHERE p.client_id = ? ORDER BY p.key DESC, p.name_key", (client_id,))


def resolve(book: Book, client_id: int, ref: str) -> dict:
    """Find one contact of a client by id, name, email or a unique part of the name."""
    text = (ref or "").strip()
    number = records.as_id(text)
    if number is not None:
        found = book.row(f"{SELECT} WHERE p.id = ? AND p.client_id = ?", (number, client_id))
        if found:
            return found
    key = clients.fold(text)
    exact = book.rows(
        f"{SELECT} WHERE p.client_id = ? AND (p.name_key = ? OR lower(p.email) = ?)",
        (client_id, key, text.lower()),
    )
    matches = exact
    if not matches:
        holds, params = clients.holding(book, "p.name_key", key)
        matches = book.rows(f"{SELECT} WHERE p.client_id = ? AND {holds} ORDER BY p.name_key", (client_id, *params))
    if len(matches) == 1:
        return matches[0]
    client = clients.get(book, client_id)["name"]
    if not matches:
        raise NotFound(
            f"{client} has no contact matching {text!r}",
            f"add one with `relmgr contact add {client!r} NAME`",
        )
    raise Ambiguous(
        f"{text!r} matches several contacts at {client}: " + ", ".join(f"#{m['id']} {m['name']}" for m in matches[:10]),
        [(m["id"], m["name"]) for m in matches[:10]],
        "use the contact's id or full name",
    )


def client_and_contact(
    book: Book, client_ref: str, contact: str | None, *, new_work: str | None = None
) -> tuple[dict, dict | None]:
    """The client a record is for, and the contact it names there (if any). With `new_work` (what
    is being added, "a follow-up"), an archived client is refused: the work would be hidden."""
    client = clients.resolve(book, client_ref)
    if new_work:
        clients.not_archived(client, new_work)
    return client, resolve(book, client["id"], contact) if contact else None


def edit(book: Book, contact_id: int, changes: dict) -> dict:
    contact = get(book, contact_id)
    clean = _clean({k: v for k, v in changes.items() if v is not None})
    if not clean:
        raise BadInput("nothing to change", "give at least one --FIELD VALUE; see `relmgr contact edit --help`")
    if "name" in clean or "email" in clean:
        merged = {"name_key": clean.get("name_key", clients.fold(contact["name"])),
                  "email": clean["email"] if "email" in clean else contact["email"]}  # fmt: skip
        client = {"id": contact["client_id"], "name": contact["client"]}
        _check_twin(book, client, merged, exclude=contact["id"])
    changed = records.edited(book, "contacts", contact, clean)
    return {**get(book, contact_id), "changed": changed}


def card(book: Book, contact_id: int, *, recent: int = 5) -> dict:
    """What the book knows of one person: the contact, the last `recent` interactions with them
    (and how many in all), the promises still open to them, the complaints they raised (newest
    first) and their latest answers to CSAT and NPS. A person's records are their client's, so
    each is looked up through the client's index, not by a pass over the whole history."""
    from relmgr import complaints, feedback, followups, interactions

    person = get(book, contact_id)
    whose = (person["client_id"], contact_id)
    return {
        "contact": person,
        "interactions": book.rows(
            f"{interactions.SELECT} WHERE i.client_id = ? AND i.contact_id = ? ORDER BY i.at DESC, i.id DESC LIMIT ?",
            (*whose, recent),
        ),
        "interaction_count": book.value(
            "SELECT count(*) FROM interactions WHERE client_id = ? AND contact_id = ?", whose
        ),
        "open_followups": book.rows(
            f"{followups.SELECT} WHERE f.client_id = ? AND f.status = 'open' "
            "AND f.contact_id = ? ORDER BY f.due_day, f.id",
            whose,
        ),
        "complaints": book.rows(
            f"{complaints.SELECT} WHERE k.client_id = ? AND k.contact_id = ? "
            "ORDER BY k.opened_at DESC, k.id DESC LIMIT ?",
            (*whose, recent),
        ),
        "feedback": book.rows(
            f"{feedback.SELECT} WHERE f.client_id = ? AND f.contact_id = ? ORDER BY f.at DESC, f.id DESC LIMIT ?",
            (*whose, recent),
        ),
    }


NAMED_BY = ("interactions", "followups", "complaints", "feedback")  # the records that may name a contact


def remove(book: Book, contact_id: int) -> dict:
    """Remove a contact. The records that named them are kept, without the name; the returned
    contact's `unlinked` counts them per table, so the user learns what no longer says who."""
    contact = get(book, contact_id)
    with book.atomic():
        unlinked = {}
        for table in NAMED_BY:
            n = book.execute(f"UPDATE {table} SET contact_id = NULL WHERE contact_id = ?", (contact_id,)).rowcount
            if n:
                unlinked[table] = n
        book.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
    return {**contact, "unlinked": unlinked}
