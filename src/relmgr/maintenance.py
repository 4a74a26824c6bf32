"""Looking after the book: health checks (`doctor`) and consistent copies (`backup`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from relmgr import dates, records
from relmgr.clients import LATEST_INTERACTION, SUPPORTED_CONTACT
from relmgr.db import Book, backup_copy, latest_version


def check(book: Book) -> dict:
    """Run every check; return {"ok": bool, "checks": [{name, ok, detail}]}."""
    checks = []

    def add(name: str, ok: bool, detail: str) -> None:
        checks.append({"name": name, "ok": ok, "detail": detail})

    integrity = [row[0] for row in book.execute("PRAGMA integrity_check")]
    add("integrity", integrity == ["ok"], "; ".join(integrity[:5]))
    broken = book.rows("PRAGMA foreign_key_check")
    add("foreign keys", not broken,
        records.count(len(broken), "broken reference") if broken else "all references resolve")  # fmt: skip
    version, latest = book.schema_version(), latest_version()
    add("schema", version == latest, f"version {version} (this relmgr writes {latest})")
    mode = stat.S_IMODE(os.stat(book.path).st_mode)
    add("file mode", mode & 0o077 == 0, f"{mode:o}" + ("" if mode & 0o077 == 0 else f"; run chmod 600 {book.path}"))
    journal = book.value("PRAGMA journal_mode")
    add("journal", journal == "wal", f"{journal}")
    if version == latest:
        off = book.value(f"SELECT count(*) FROM clients WHERE {_CLOCKS_OFF}")
        verb = "disagrees" if off == 1 else "disagree"
        add("contact clocks", not off,
            f"{records.count(off, 'client')} {verb} with their interactions; run `relmgr doctor --repair`"
            if off else "every client's last contact agrees with its interactions")  # fmt: skip
    return {"ok": all(item["ok"] for item in checks), "path": str(book.path), "checks": checks}


# A client's clocks disagree with its records: its latest interaction is not the one kept, or its
# last contact is not the later of that and the last activity a CRM reported (clients.SUPPORTED_CONTACT).
_CLOCKS_OFF = (
    f"last_interaction_at IS NOT {LATEST_INTERACTION} OR last_contact_at IS NOT {SUPPORTED_CONTACT} "
    "OR last_touch IS NOT coalesce(last_contact_at, created_at)"
)


def repair(book: Book) -> int:
    """Set each client's clocks from its records again (in one transaction); return how many
    clients were corrected. For a book changed outside relmgr: relmgr keeps them as it writes. A
    last contact later than anything behind it is kept, as a reported last activity."""
    with book.atomic():
        off = book.column(f"SELECT id FROM clients WHERE {_CLOCKS_OFF}")
        book.conn.executemany(
            f"UPDATE clients SET last_interaction_at = {LATEST_INTERACTION} WHERE id = ?", [(i,) for i in off]
        )
        book.conn.executemany(
            f"UPDATE clients SET reported_contact_at = last_contact_at WHERE id = ? "
            f"AND last_contact_at > coalesce({SUPPORTED_CONTACT}, '')",
            [(i,) for i in off],
        )
        book.conn.executemany(
            f"UPDATE clients SET last_contact_at = {SUPPORTED_CONTACT}, "
            f"last_touch = coalesce({SUPPORTED_CONTACT}, created_at) WHERE id = ?",
            [(i,) for i in off],
        )
    return len(off)


def backup(book: Book, target: Path | None = None) -> Path:
    """Copy the book to `target`, or beside it with a time stamp; return the path written."""
    if target is None:
        moment = dates.now().strftime("%Y%m%d-%H%M%S")
        target = book.path.with_name(f"{book.path.stem}-{moment}{book.path.suffix or '.db'}")
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / f"{book.path.stem}-{dates.now().strftime('%Y%m%d-%H%M%S')}.db"
    return backup_copy(book.conn, target)
