"""The imports on record: `relmgr import history`, and `relmgr import undo ID`.

Every import is one row of `imports` (file, time, counts); each record it added carries its
`import_id`, and each record it updated left its earlier values in `import_changes` (a client
whose last contact it moved, under the entity LAST_CONTACT). Undo reads those back: it removes
what the import added and restores what it updated, all in one transaction, and refuses — saying
why — when any of them was changed since or newer records refer to them, rather than losing
later work.
"""

from __future__ import annotations

import json

from relmgr import clients
from relmgr.db import Book, stamp
from relmgr.tabular import SPECS

LAST_CONTACT = "last contact"  # import_changes.entity of a client's last contact moved by an import


def history(book: Book) -> list[dict]:
    rows = book.rows("SELECT * FROM imports ORDER BY id DESC")
    for row in rows:
        row["counts"] = json.loads(row["counts"])
    return rows


def undo(book: Book, import_id: int) -> dict:
    """Take an import back: remove what it added, restore what it updated; refuse if either was
    changed since, or if other records now refer to what it added."""
    from relmgr.errors import Conflict, NotFound

    done = book.row("SELECT * FROM imports WHERE id = ?", (import_id,))
    if done is None:
        raise NotFound(f"no import #{import_id}", "see `relmgr import history`")
    if done["undone_at"]:
        raise Conflict(f"import #{import_id} was already undone")
    counts = json.loads(done["counts"])
    added = _added_by_table(counts)
    with book.atomic():
        for table in added:
            left = book.value(f"SELECT count(*) FROM {table} WHERE import_id = ?", (import_id,))
            if left < added[table]:
                raise Conflict(f"undo refused: {added[table] - left} {_called(table)} added by import #{import_id} "
                               "were changed or removed since")  # fmt: skip
        _check_references(book, import_id)
        changes = book.rows(
            "SELECT * FROM import_changes WHERE import_id = ? AND entity != ? ORDER BY id DESC",
            (import_id, LAST_CONTACT),
        )
        for change in changes:
            current = book.value(f"SELECT updated_at FROM {change['entity']} WHERE id = ?", (change["record_id"],))
            if current != change["after_updated_at"]:
                raise Conflict(f"undo refused: {change['entity']} #{change['record_id']} was changed after the import")
        book.execute("INSERT INTO _undo_lock VALUES (1)")
        talked_to = book.column("SELECT DISTINCT client_id FROM interactions WHERE import_id = ?", (import_id,))
        book.execute(
            "DELETE FROM complaint_events WHERE complaint_id IN (SELECT id FROM complaints WHERE import_id = ?)",
            (import_id,),
        )
        for table in ("followups", "feedback", "opportunities", "contracts", "complaints", "interactions",
                      "client_competitors", "contacts", "clients"):  # fmt: skip
            book.execute(f"DELETE FROM {table} WHERE import_id = ?", (import_id,))
        kept = set()  # records restored, not those the import added and a later row of it updated
        for change in changes:
            before = json.loads(change["before"])
            if "last_contact_at" in before and "reported_contact_at" not in before:  # saved before schema 12
                before["reported_contact_at"] = before["last_contact_at"]  # what it reported, or an interaction's
            assignments = ", ".join(f'"{k}" = ?' for k in before)
            if book.execute(
                f"UPDATE {change['entity']} SET {assignments} WHERE id = ?", [*before.values(), change["record_id"]]
            ).rowcount:
                kept.add((change["entity"], change["record_id"]))
        restored = [record_id for entity, record_id in kept if entity == "clients"]
        _restore_clocks(book, import_id, talked_to, restored)
        book.execute("DELETE FROM _undo_lock")
        book.execute("UPDATE imports SET undone_at = ? WHERE id = ?", (stamp(), import_id))
    return {"id": import_id, "removed": sum(added.values()), "restored": len(kept)}


def _restore_clocks(book: Book, import_id: int, talked_to: list[int], restored: list[int]) -> None:
    """Keep each client's clocks in step after an undo: read again the latest interaction of the
    clients whose imported interactions are gone, and set the last contact of those, of the
    clients whose last contact the import moved, and of those whose imported fields were put back
    from what supports it now — the latest interaction or a CRM's reported last activity. (Putting
    back the last contacts saved before the import could bring back a report since undone.)"""
    moved = book.column(
        "SELECT record_id FROM import_changes WHERE import_id = ? AND entity = ?", (import_id, LAST_CONTACT)
    )
    book.conn.executemany(
        f"UPDATE clients SET last_interaction_at = {clients.LATEST_INTERACTION} WHERE id = ?",
        [(client_id,) for client_id in talked_to],
    )
    book.conn.executemany(
        f"UPDATE clients SET last_contact_at = {clients.SUPPORTED_CONTACT}, "
        f"last_touch = coalesce({clients.SUPPORTED_CONTACT}, created_at) WHERE id = ?",
        [(client_id,) for client_id in {*talked_to, *restored, *moved}],
    )


def _added_by_table(counts: dict) -> dict[str, int]:
    added: dict[str, int] = {}
    for entity, numbers in counts.items():
        table = SPECS[entity].table
        added[table] = added.get(table, 0) + numbers.get("added", 0)
        for table in ("clients", "contacts"):
            if numbers.get(f"{table}_created"):
                added[table] = added.get(table, 0) + numbers[f"{table}_created"]
    return added


def _called(table: str) -> str:
    """A table as users name its records."""
    return "competitor notes" if table == "client_competitors" else table


def _check_references(book: Book, import_id: int) -> None:
    from relmgr.errors import Conflict

    checks = [
        ("clients", "client_id", ("contacts", "interactions", "followups", "complaints", "contracts",
                                  "opportunities", "feedback", "client_competitors")),
        ("contacts", "contact_id", ("interactions", "followups", "complaints", "feedback")),
        ("complaints", "complaint_id", ("followups",)),
        ("opportunities", "opportunity_id", ("followups",)),
        ("contracts", "renewed_from", ("contracts",)),
    ]  # fmt: skip
    for parent, column, children in checks:
        for child in children:
            found = book.value(
                f"SELECT count(*) FROM {child} WHERE {column} IN (SELECT id FROM {parent} WHERE import_id = ?) "
                "AND import_id IS NOT ?",
                (import_id, import_id),
            )
            if found:
                raise Conflict(
                    f"undo refused: {found} {_called(child)} added since refer to {parent} from import #{import_id}"
                )
