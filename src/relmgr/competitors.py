"""Competitors: who is active at each client, and across the book, who is winning against us.

Two sources say a competitor is about: a note on a client (`relmgr client competitor ACME Globex
--note ...`, or an import of them; one per client and competitor, its note replaced when noted
again) and a churned term `lost_to` one. A competitor's name is matched as client names are
(Unicode case folding, inner spaces collapsed), so "Globex", "GLOBEX" and "globex " are one rival
across both sources; it is shown as first written.
"""

from __future__ import annotations

from relmgr import money, records
from relmgr.clients import fold, resolve
from relmgr.db import Book, stamp
from relmgr.errors import BadInput, NotFound


def note(book: Book, ref: str, competitor: str, text: str | None) -> tuple[dict, str]:
    """Note a competitor active at a client, or replace the note of one noted there before.

    Returns the record and what happened: "noted", "updated" or "unchanged"."""
    client = resolve(book, ref)
    name = " ".join((competitor or "").split())
    if not name:
        raise BadInput("a competitor needs a name")
    text = records.blank_to_none(text)
    known = _noted(book, client["id"], name)
    with book.atomic():
        if known is None:
            now = stamp()
            row_id = book.insert("client_competitors", {"client_id": client["id"], "competitor": name,
                                                        "competitor_key": fold(name), "note": text,
                                                        "created_at": now, "updated_at": now})  # fmt: skip
            done = "noted"
        elif text is not None and text != known["note"]:
            row_id = known["id"]
            book.update("client_competitors", row_id, {"note": text})  # stamps updated_at
            done = "updated"
        else:
            row_id, done = known["id"], "unchanged"
    return _one(book, row_id), done


def remove(book: Book, ref: str, competitor: str) -> dict:
    """Forget a competitor noted at a client (they left, or it was a mistake)."""
    client = resolve(book, ref)
    known = _noted(book, client["id"], competitor or "")
    if known is None:
        raise NotFound(f"{competitor!r} is not noted at {client['name']}", "see `relmgr client show`")
    row = _one(book, known["id"])
    with book.atomic():
        book.execute("DELETE FROM client_competitors WHERE id = ?", (known["id"],))
    return row


def at_client(book: Book, client_id: int) -> list[dict]:
    """The competitors noted at a client, first noted first."""
    return book.rows(
        "SELECT k.*, c.name AS client FROM client_competitors k JOIN clients c ON c.id = k.client_id "
        "WHERE k.client_id = ? ORDER BY k.created_at, k.id",
        (client_id,),
    )


def landscape(book: Book, *, owner: str | None = None, name: str | None = None) -> list[dict]:
    """Every competitor in the book (or in `owner`'s clients): where they are, with the notes, and
    the terms lost to them with their value per currency; those at most clients and with most
    terms lost first. `name` narrows to competitors whose name holds it."""
    narrow, params = ("AND c.owner = ?", [owner]) if owner else ("", [])
    notes = book.rows(
        "SELECT k.competitor, k.note, k.updated_at, c.name AS client FROM client_competitors k "
        f"JOIN clients c ON c.id = k.client_id WHERE c.archived = 0 {narrow} ORDER BY k.created_at, k.id",
        params,
    )
    lost = book.rows(
        "SELECT t.id, t.lost_to, t.value, t.currency, t.end, t.outcome_at, c.name AS client FROM contracts t "
        f"JOIN clients c ON c.id = t.client_id WHERE t.lost_to IS NOT NULL {narrow} ORDER BY t.outcome_at, t.id",
        params,
    )
    rivals: dict[str, dict] = {}
    values: dict[str, list[tuple[str, str]]] = {}  # folded name -> (stored amount, currency) of terms lost

    def rival(written: str) -> dict:
        key = fold(written)
        if key not in rivals:
            rivals[key] = {"competitor": " ".join(written.split()), "present_at": 0, "lost_terms": 0,
                           "lost_value": {}, "last_seen": None, "at": [], "lost": []}  # fmt: skip
            values[key] = []
        return rivals[key]

    for row in notes:
        entry = rival(row["competitor"])
        entry["at"].append(
            {"client": row["client"], "note": row["note"], "noted_at": records.local_time(row["updated_at"])}
        )
        entry["last_seen"] = max(entry["last_seen"] or "", row["updated_at"])
    for row in lost:
        entry = rival(row["lost_to"])
        entry["lost"].append({"contract": row["id"], "client": row["client"], "end": row["end"],
                              "value": money.number(row["value"]), "currency": row["currency"]})  # fmt: skip
        entry["lost_terms"] += 1
        values[fold(row["lost_to"])].append((row["value"], row["currency"]))
        entry["last_seen"] = max(entry["last_seen"] or "", row["outcome_at"] or "")
    found = [(key, entry) for key, entry in rivals.items() if not name or fold(name) in key]
    for key, entry in found:
        entry["present_at"] = len({at["client"] for at in entry["at"]})
        entry["lost_value"] = {code: money.number(str(total)) for code, total in money.totals(values[key]).items()}
        entry["last_seen"] = records.local_time(entry["last_seen"])
    return sorted(
        (entry for _, entry in found),
        key=lambda e: (-e["present_at"] - e["lost_terms"], -e["lost_terms"], fold(e["competitor"])),
    )


def _noted(book: Book, client_id: int, competitor: str) -> dict | None:
    return book.row(
        "SELECT * FROM client_competitors WHERE client_id = ? AND competitor_key = ?", (client_id, fold(competitor))
    )


def _one(book: Book, row_id: int) -> dict:
    return book.row(
        "SELECT k.*, c.name AS client FROM client_competitors k JOIN clients c ON c.id = k.client_id WHERE k.id = ?",
        (row_id,),
    )
