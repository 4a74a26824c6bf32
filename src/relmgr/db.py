"""Opening the book: the one SQLite file that holds an account manager's clients.

`open_book` creates a missing file (and its folders) with mode 0600, refuses files that are not
relmgr books or come from a newer relmgr, switches on WAL and a generous busy timeout so that
two `relmgr` processes wait for each other instead of failing, copies an older book to
`<file>.bak-<version>` and migrates it, and only then turns foreign keys on (sqlite-utils'
`transform()` needs them off). A book is recognised by SQLite's `application_id` header field,
so checking a file costs one read and never changes it.

sqlite-utils is imported only when a migration is pending: a plain `sqlite3` connection is all
the daily commands need, and it keeps start-up cheap.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from relmgr import dates
from relmgr.errors import Invalid

APPLICATION_ID = 0x524C4D47  # "RLMG"
TRACKED = frozenset(
    {"clients", "contacts", "interactions", "followups", "complaints", "contracts", "opportunities", "feedback",
     "client_competitors"}
)  # fmt: skip
BUSY_TIMEOUT_MS = 15_000
# Tables whose ids users see and type. SQLite gives a new row max(id) + 1, so removing the newest
# record handed its id to the next one; `_id_floor` (kept by a trigger on each, since schema 13)
# holds the highest id removed, which a new record's id must pass.
KEPT_IDS = ("clients", "contacts", "interactions", "followups", "complaints", "contracts", "opportunities", "feedback")


class Book:
    """An open book: a connection plus the helpers every domain module uses."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool = False):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._depth = 0
        self._passed: set[str] = set()  # tables whose newest id is past any removed one
        self._inserts: dict[tuple, str] = {}  # (table, *columns) -> its INSERT statement
        self._twins: list[Book] = []  # connections for reading in other threads (read_together)

    def execute(self, sql: str, params: Sequence[Any] | dict = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def tuples(self, sql: str, params: Sequence[Any] | dict = ()) -> sqlite3.Cursor:
        """Rows as plain tuples, for reports that read thousands of them."""
        # dict(sqlite3.Row) goes through the mapping protocol a column at a time: zipping plain
        # tuples with the column names is 1.6x faster for lists of thousands of records.
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)

    def rows(self, sql: str, params: Sequence[Any] | dict = ()) -> list[dict]:
        cursor = self.tuples(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def row(self, sql: str, params: Sequence[Any] | dict = ()) -> dict | None:
        cursor = self.tuples(sql, params)
        found = cursor.fetchone()
        if found is None:
            return None
        return dict(zip([column[0] for column in cursor.description], found, strict=True))

    def column(self, sql: str, params: Sequence[Any] | dict = ()) -> list:
        """The first column of every row (ids, mostly)."""
        return [row[0] for row in self.tuples(sql, params)]

    def value(self, sql: str, params: Sequence[Any] | dict = ()) -> Any:
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found is not None else None

    def id_floor(self, table: str) -> int | None:
        """The highest id removed from `table` when no record there has a higher one (a new record
        must then be given an id past it), else None."""
        if table in self._passed or table not in KEPT_IDS:
            return None
        floor = self.value(
            f"SELECT id FROM _id_floor WHERE tbl = ? AND id >= coalesce((SELECT max(id) FROM {table}), 0)", (table,)
        )
        if floor is None:  # this process only adds records after its removals, so it stays passed
            self._passed.add(table)
        return floor

    def insert(self, table: str, record: dict) -> int:
        """Insert one record (column names are ours, values are parameters); return its id, never
        one a removed record had."""
        if "id" not in record:
            floor = self.id_floor(table)
            if floor is not None:
                record = {"id": floor + 1, **record}
        key = (table, *record)
        sql = self._inserts.get(key)
        if sql is None:  # once per table and columns: an import inserts thousands of rows alike
            columns = ", ".join(f'"{column}"' for column in record)
            sql = self._inserts[key] = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(record))})"
        return int(self.conn.execute(sql, list(record.values())).lastrowid)

    def update(self, table: str, record_id: int, changes: dict) -> None:
        """Update columns of one record by id, stamping updated_at (a change after an import
        also unlinks the record from that import, so `import undo` knows it was touched)."""
        changes = {**changes, "updated_at": stamp()}
        if table in TRACKED:
            changes["import_id"] = None
        assignments = ", ".join(f'"{column}" = ?' for column in changes)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*changes.values(), record_id])

    @contextmanager
    def atomic(self) -> Iterator[Book]:
        """Group writes into one transaction; the outermost block commits or rolls back."""
        if self._depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self.conn.execute("COMMIT")

    def read_together(self, *works: Callable[[Book], Any]) -> list:
        """The results of `works`, functions that read a book, each run on a connection of its own
        in a thread of its own (the first on this one, here), all seeing one state of the book.

        SQLite reads outside Python's lock, so on two cores a report whose parts read a large book
        takes the time of its longest part instead of their sum (docs/benchmarks.md). One state:
        this connection holds the write lock until every part is done, so no commit can fall
        between any two of their reads (a writer waits that long; readers never do). When a writer
        is at work, or the lock cannot be taken (a read-only file), or a transaction is open here,
        the parts run one after another on this connection."""
        if len(works) < 2 or self.readonly or self.conn.in_transaction or not self._hold_writers():
            return [work(self) for work in works]
        try:
            while len(self._twins) < len(works) - 1:
                self._twins.append(self._twin())
            twins = self._twins[: len(works) - 1]
            results: list = [None] * len(works)
            errors: list[BaseException] = []

            def run(index: int, twin: Book) -> None:
                try:
                    results[index] = works[index](twin)
                except BaseException as error:  # raised again here, in the caller's thread
                    errors.append(error)

            threads = [threading.Thread(target=run, args=(index, twin)) for index, twin in enumerate(twins, 1)]
            for thread in threads:
                thread.start()
            try:
                results[0] = works[0](self)
            except BaseException:
                for twin in twins:
                    twin.conn.interrupt()  # no need to finish their reading
                raise
            finally:
                for thread in threads:
                    thread.join()
            if errors:
                raise errors[0]
            return results
        finally:
            self.conn.execute("ROLLBACK")  # nothing was written: this only lets writers in again

    def _hold_writers(self) -> bool:
        """Take the write lock if it is free now (without waiting for a writer to finish)."""
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return True
        except sqlite3.OperationalError:  # locked by a writer, or a read-only file
            return False
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _twin(self) -> Book:
        """A second connection, for reading in another thread while this one holds writers out
        (so every statement it runs sees the state this one does). Kept open, with what it has
        read, for the next report (`kpi --trend` computes one per period)."""
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        return Book(conn, self.path, readonly=True)

    def schema_version(self) -> int:
        return int(self.value("PRAGMA user_version"))

    def close(self) -> None:
        for twin in self._twins:
            twin.close()
        self.conn.close()


def stamp() -> str:
    """The current time as stored: UTC ISO 8601 with offset."""
    return to_utc(dates.now())


def to_utc(moment) -> str:
    """Store a time: UTC, to the second, with its offset."""
    from datetime import timezone

    return dates.localize(moment).astimezone(timezone.utc).isoformat(timespec="seconds")


def latest_version(migrations=None) -> int:
    from relmgr.migrations import MIGRATIONS

    return len(MIGRATIONS if migrations is None else migrations)


def open_book(path: Path | str, *, readonly: bool = False, migrations=None) -> Book:
    """Open (creating or migrating as needed) the book at `path`."""
    from relmgr.migrations import MIGRATIONS

    steps = MIGRATIONS if migrations is None else migrations
    path = Path(path).expanduser()
    if path.is_dir():
        raise Invalid(f"{path} is a folder, not a relmgr book", "give the path of a .db file")
    if readonly:
        return _open_readonly(path, len(steps))
    _create_private(path)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        version = _check_identity(conn, path, len(steps))
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        if version < len(steps):
            _migrate(conn, path, version, steps)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return Book(conn, path)


def _create_private(path: Path) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # another relmgr created it a moment ago


def private_file(path: Path, encoding: str = "utf-8"):
    """Open a text file for personal data (an export, a rejects file, a calendar) to write:
    readable by its owner alone (0600), a file already there emptied and made so."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if hasattr(os, "fchmod"):  # not on Windows, where modes do not apply
        os.fchmod(descriptor, 0o600)
    return open(descriptor, "w", encoding=encoding, errors="replace", newline="")


def _check_identity(conn: sqlite3.Connection, path: Path, latest: int) -> int:
    """Return the book's schema version, or raise Invalid for anything that is not our book."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError:
        raise Invalid(
            f"{path} is not a relmgr book (not an SQLite database); it was left untouched",
            "pass --db with the path of your book, or a new file name to start one",
        ) from None
    if app_id != APPLICATION_ID and (app_id != 0 or tables):
        raise Invalid(
            f"{path} is another application's SQLite database, not a relmgr book; it was left untouched",
            "pass --db with the path of your book, or a new file name to start one",
        )
    if version > latest:
        raise Invalid(
            f"{path} was written by a newer relmgr (schema {version}; this one knows {latest})",
            "upgrade relmgr to open it",
        )
    return version


def _migrate(conn: sqlite3.Connection, path: Path, version: int, steps) -> None:
    from sqlite_utils import Database

    saved = path.with_name(f"{path.name}.bak-{version}")
    if version > 0 and not saved.exists():  # an earlier attempt's copy is the same version
        backup_copy(conn, saved)
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        db = Database(conn, execute_plugins=False)
        if current == 0:
            conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for step in steps[current:]:
            step(db)
            conn.execute("INSERT INTO _migrations VALUES (?, ?)", (step.__name__, stamp()))
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {len(steps)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def backup_copy(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of the open book to `target` (mode 0600), even while others write."""
    if target.exists():
        raise Invalid(f"{target} already exists", "choose another path or move it away first")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    os.chmod(target, 0o600)
    return target


def _open_readonly(path: Path, latest: int) -> Book:
    if not path.exists():
        raise Invalid(f"no book at {path}", "run `relmgr init` to create one")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    conn.row_factory = sqlite3.Row
    try:
        version = _check_identity(conn, path, latest)
    except BaseException:
        conn.close()
        raise
    if version != latest:
        conn.close()
        raise Invalid(f"{path} needs a migration; open it once with a write command first")
    return Book(conn, path, readonly=True)
