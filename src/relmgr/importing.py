"""Import: CSV (or JSON Lines) from other CRMs and spreadsheets into the book, all or nothing.

How an import runs, and why:

1. The header is mapped to fields (`relmgr.tabular`: case- and space-insensitive, with the usual
   Salesforce, HubSpot and Odoo headers, and `--map COL=FIELD`). Unknown columns are named in a
   warning and ignored; a repeated column or missing required ones stop the import before any row;
   two columns giving one field (`Phone`, `Mobile`) are read in turn, the second where the first is empty.
2. The whole import is one transaction (`BEGIN IMMEDIATE`). Rows are read, checked and written
   one by one; if any row is bad — and `--skip-invalid` was not given — the transaction is rolled
   back, so the book holds none of it, and every bad row is reported as `line N: field: problem`.
   `--dry-run` does all of it and rolls back, so its counts are exact. A process killed half-way
   leaves an uncommitted transaction that SQLite discards. Reading row by row keeps memory flat.
3. Clients are matched by external_id, else name; contacts by email at their client, else client and
   name where no two different emails tell the people apart;
   competitor notes by client and competitor; those are updated where the file differs. Other
   records are appended, skipping exact duplicates (an existing record with the same values in the
   file's identifying columns), so importing a file twice changes nothing.
4. Every import is recorded in `imports`; each record it added carries its `import_id`, and each
   record it updated leaves its earlier values in `import_changes`, so `import undo` can take it
   back — unless something changed those records since (`relmgr.importlog`).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from relmgr import clients, records
from relmgr.db import Book, private_file, stamp
from relmgr.errors import BadInput, Invalid
from relmgr.importlog import LAST_CONTACT
from relmgr.rows import IDENTITY, TIMED_BY_CREATION, Context, RowReader, finish, kind_of_file
from relmgr.tablefile import Layout, Options, RowErrors, SkipRow, map_header, parse_mapping, read_rows
from relmgr.tabular import ENTITIES, SPECS

MAX_REPORTED = 20
BATCH = 2_000
IMPORT_CACHE_KIB = 65_536


@dataclass
class Report:
    entity: str
    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0  # rows of the other kind in a mixed list (Odoo's companies and people), or not clients
    not_clients: dict[str, int] = field(default_factory=dict)  # of those skipped: type ("competitor") -> rows
    clients_created: int = 0
    contacts_created: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    rejects_file: str | None = None
    header: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> the file's column read for it
    rejected_rows: list[list[str]] = field(default_factory=list)  # with --skip-invalid: cells + error
    layout: Layout = field(default_factory=Layout)  # the file's delimiter and encoding, for its rejects

    def counts(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged, "rejected": self.rejected,
                "skipped": self.skipped, "clients_created": self.clients_created,
                "contacts_created": self.contacts_created}  # fmt: skip


# --- writing ------------------------------------------------------------------------------------


def _set_aside_indexes(book: Book, table: str) -> list[str]:
    """Drop `table`'s indexes but its unique ones, and return the statements that build them again.

    For a first load into an empty table: each index is then built once at the end, by one sort,
    instead of updated for every row (clients keep six such indexes for the agenda, lists and
    KPIs). The unique ones stay, as imports find records by them. All of it inside the import's
    transaction, so a refused or killed import leaves the indexes as they were."""
    indexes = book.tuples(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "AND sql NOT LIKE 'CREATE UNIQUE %'",
        (table,),
    ).fetchall()
    for name, _ in indexes:
        book.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in indexes]


def _build_indexes(book: Book, statements: list[str] | None) -> None:
    for sql in statements or ():
        book.execute(sql)


class Matcher:
    """Clients, contacts and competitor notes: match an existing record, update what differs, else add."""

    def __init__(self, book: Book, entity: str, ctx: Context):
        self.book, self.entity, self.ctx = book, entity, ctx
        self.table = SPECS[entity].table
        self.owners: dict[str, int] = {}  # clients: owner -> rows naming them
        # A first load of clients is written without their ordinary indexes (see _set_aside_indexes):
        # rows are matched by name and external id, whose unique indexes stay.
        self.set_aside = None
        if entity == "clients" and book.value("SELECT 1 FROM clients LIMIT 1") is None:
            self.set_aside = _set_aside_indexes(book, "clients")

    def find(self, record: dict) -> int | None:
        if self.entity == "clients":  # by external id, else by name (both unique in the book)
            if record.get("external_id"):
                found = self.book.value("SELECT id FROM clients WHERE external_id = ?", (record["external_id"],))
                if found is not None:
                    return found
            return self.book.value("SELECT id FROM clients WHERE name_key = ?", (record["name_key"],))
        if self.entity == "competitors":
            return self.book.value("SELECT id FROM client_competitors WHERE client_id = ? AND competitor_key = ?",
                                   (record["client_id"], record["competitor_key"]))  # fmt: skip
        # By email at this client (an address two clients share, info@ or a consultant's, is two
        # people), else by name unless two different emails tell the people apart (two Jan
        # Kowalskis at one client, each with an address, are two contacts: `contact add` lets them
        # be). One pass over the client's contacts answers both.
        by_email, by_name = self.book.tuples(
            "SELECT min(CASE WHEN lower(email) = lower(?1) THEN id END), "
            "min(CASE WHEN name_key = ?2 AND (?1 IS NULL OR coalesce(email, '') = '') THEN id END) "
            "FROM contacts WHERE client_id = ?3",
            (record.get("email") or None, record["name_key"], record["client_id"]),
        ).fetchone()
        return by_name if by_email is None else by_email

    @staticmethod
    def _last_contact(changes: dict, current: dict) -> None:
        """A client's last activity from a file: kept as its reported last contact where it is
        later than the book's interactions and earlier reports, and then its last contact. So an
        old export read again cannot make a client look silent, relmgr's own export (whose last
        contacts are its interactions') changes nothing, and an empty cell leaves it as it is."""
        reported = changes.pop("reported_contact_at", None)
        changes.pop("last_contact_at", None)
        if reported and reported > max(current["last_interaction_at"] or "", current["reported_contact_at"] or ""):
            changes["reported_contact_at"] = changes["last_contact_at"] = changes["last_touch"] = reported

    def store(self, record: dict, report: Report) -> None:
        if self.entity == "clients":
            self.owners[record["owner"]] = self.owners.get(record["owner"], 0) + 1
        if self.set_aside is not None and self._added_first(record, report):
            return
        # A client's external id, if the row has one, was looked for first: when found is None,
        # or found by name, no client in the book has it.
        found = self.find(record)
        if found is None:
            self._add(record, report)
            return
        current = self.book.row(f"SELECT * FROM {self.table} WHERE id = ?", (found,))
        ignore = {"id", "created_at", "updated_at", "last_touch"}
        changes = {k: v for k, v in record.items() if k not in ignore and current.get(k) != v}
        if self.entity == "clients":
            self._last_contact(changes, current)
        if not changes:
            report.unchanged += 1
            return
        if self.entity == "clients" and "name_key" in changes:
            clash = self.book.value(
                "SELECT id FROM clients WHERE name_key = ? AND id != ?", (changes["name_key"], found)
            )
            if clash:
                raise RowErrors([("name", f"another client is already named {record['name']!r}")])
        before = {k: current[k] for k in changes}
        before["updated_at"] = current["updated_at"]
        before["import_id"] = current["import_id"]
        changes["updated_at"] = self.ctx.now
        assignments = ", ".join(f'"{k}" = ?' for k in changes)
        self.book.execute(f"UPDATE {self.table} SET {assignments} WHERE id = ?", [*changes.values(), found])
        self.book.insert(
            "import_changes",
            {"import_id": self.ctx.import_id, "entity": self.table, "record_id": found,
             "before": json.dumps(before), "after_updated_at": self.ctx.now},
        )  # fmt: skip
        report.updated += 1

    def _added_first(self, record: dict, report: Report) -> bool:
        """A first load of clients inserts before it looks: the table was empty, so only a client
        this file named before can hold the row's name or external id, and their unique indexes
        refuse it (undoing that statement alone); the row is then matched as any other. Two
        look-ups a row fewer: 4% of a clients import's instructions."""
        try:
            self._add(record, report)
        except sqlite3.IntegrityError:
            return False
        return True

    def _add(self, record: dict, report: Report) -> None:
        new_id = _insert(self.book, self.table, record, self.ctx.import_id)
        if self.entity == "clients":
            self.ctx.remember_client(record["name_key"], record.get("external_id"), new_id)
        report.added += 1

    def flush(self, report: Report, *, last: bool = False) -> None:
        if last:
            _build_indexes(self.book, self.set_aside)
            self.set_aside = None
            report.warnings += self._repeated()

    def _repeated(self) -> list[str]:
        """A warning naming the records that more than one line of the file wrote (a CRM export
        listing a company twice): the last line wins, and importing the file again "updates" them."""
        named = {"clients": "t.name", "contacts": "t.name", "competitors": "t.competitor"}[self.entity]
        names = self.book.column(
            f"SELECT {named} FROM {self.table} t WHERE t.id IN (SELECT ch.record_id FROM import_changes ch "
            "WHERE ch.import_id = ? AND ch.entity = ? GROUP BY ch.record_id "
            f"HAVING count(*) > 1 OR max(ch.record_id IN (SELECT id FROM {self.table} WHERE import_id = ?)))"
            " ORDER BY t.id",
            (self.ctx.import_id, self.table, self.ctx.import_id),
        )
        if not names:
            return []
        shown = ", ".join(map(repr, names[:3])) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        many = f"{records.count_of(len(names), self.entity)} {'is' if len(names) == 1 else 'are'}"
        return [f"{many} on more than one line ({shown}): the last line wins"]


def _insert(book: Book, table: str, record: dict, import_id: int) -> int:
    """Insert a record, keeping its file id when that id is free."""
    row = {k: v for k, v in record.items() if k != "events"}
    row["import_id"] = import_id
    wanted = row.pop("id", None)
    if wanted is not None and book.value(f"SELECT 1 FROM {table} WHERE id = ?", (wanted,)) is None:
        row["id"] = wanted
    return book.insert(table, row)


class Appender:
    """Interactions, follow-ups, complaints, contracts, opportunities, feedback: add each record
    unless an existing one has the same values in the identifying columns the file gives."""

    def __init__(self, book: Book, entity: str, ctx: Context, present: set[str]):
        self.book, self.entity, self.ctx = book, entity, ctx
        self.table = SPECS[entity].table
        given = present | {"client_id"} | ({"contact_id"} if "contact" in present else set())
        if {"csat", "nps"} & present:  # a column of scores of one survey gives both kind and score
            given |= {"kind", "score"}
        if {"created_at", "updated_at"} & present and entity in TIMED_BY_CREATION:
            given.add(TIMED_BY_CREATION[entity])  # the file's times, not the import's: they tell rows apart
        self.identity = [c for c in IDENTITY[entity] if c in given]
        self.columns: list[str] | None = None
        self.pending: list[list] = []
        # interactions: each client's latest time in the file, for its last contact (bounded by clients)
        self.latest: dict[int, str] | None = {} if entity == "interactions" else None
        # A first load of interactions (an empty table, no ids in the file) is written in bulk: the
        # indexes are dropped and built again at the end, and duplicates within the file removed
        # with one statement, instead of a duplicate probe and two index updates for every row.
        # a new record's id: SQLite's next one, unless the newest records were removed (see
        # Book.id_floor), then the next past the highest removed
        floor = book.id_floor(self.table)
        past = f"(SELECT max(coalesce(max(id), 0), {int(floor)}) + 1 FROM {self.table})" if floor is not None else None
        self.new_id = past or "NULL"
        self.bulk_indexes: list[str] | None = None
        if (
            entity == "interactions"
            and "id" not in present
            and book.value("SELECT 1 FROM interactions LIMIT 1") is None
        ):
            self.bulk_indexes = _set_aside_indexes(book, "interactions")

    def _statement(self) -> str:
        cols = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        same = " AND ".join(f'"{c}" IS ?' for c in self.identity)
        # Added unless the same record is there already: one with the same identifying values,
        # except that a row with its own relmgr id, free in this book, is always added — two
        # records alike but for their ids (the same promise made twice) both come back.
        return (f"INSERT INTO {self.table} (id, {cols}) SELECT CASE WHEN ? IS NULL OR EXISTS "
                f"(SELECT 1 FROM {self.table} WHERE id = ?) THEN {self.new_id} ELSE ? END, {marks} "
                f"WHERE NOT EXISTS (SELECT 1 FROM {self.table} WHERE {same}) "
                f"OR (? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {self.table} WHERE id = ?))")  # fmt: skip

    def _params(self, record: dict) -> tuple:
        if self.bulk_indexes is not None:
            return self._values(record)
        wanted = record.get("id")
        return (wanted, wanted, wanted, *self._values(record), *self._keys(record), wanted, wanted)

    def store(self, record: dict, report: Report) -> None:
        record["import_id"] = self.ctx.import_id
        if self.columns is None:
            # Every record of one file has the same columns (see rows.finish), so the statement
            # and the getters are built once.
            self.columns = [c for c in record if c not in ("id", "events")]
            self._values = _getter(self.columns)
            self._keys = _getter(self.identity)
            self.statement = self._statement()
            if self.bulk_indexes is not None:
                cols = ", ".join(f'"{c}"' for c in self.columns)
                marks = ", ".join("?" for _ in self.columns)
                self.statement = f"INSERT INTO {self.table} (id, {cols}) VALUES ({self.new_id}, {marks})"
        if self.entity == "complaints":
            self._complaint(record, report)
            return
        if self.latest is not None and record["at"] > self.latest.get(record["client_id"], ""):
            self.latest[record["client_id"]] = record["at"]
        self.pending.append(self._params(record))
        if len(self.pending) >= BATCH:
            self.flush(report)

    def _complaint(self, record: dict, report: Report) -> None:
        cursor = self.book.execute(self.statement, self._params(record))
        if not cursor.rowcount:
            report.unchanged += 1
            return
        report.added += 1
        complaint_id = cursor.lastrowid
        events = record["events"]  # from the file, or implied by its row (see rows._complaints)
        self.book.conn.executemany(
            "INSERT INTO complaint_events (complaint_id, at, action, by, level, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(complaint_id, e["at"], e["action"], e["by"], e["level"], e["note"], self.ctx.now) for e in events],
        )

    def flush(self, report: Report, *, last: bool = False) -> None:
        if self.pending:
            cursor = self.book.conn.executemany(self.statement, self.pending)
            added = max(cursor.rowcount, 0)
            report.added += added
            report.unchanged += len(self.pending) - added
            self.pending = []
        if last and self.bulk_indexes is not None:
            self._finish_bulk(report)

    def _finish_bulk(self, report: Report) -> None:
        """Build the indexes set aside, and remove the rows that repeat an earlier row of the file.

        With a client and a time to go by, each row looks for an earlier twin in the index on
        (client_id, at) just built — a probe a row; a GROUP BY of every column sorted all of
        them (200,000 rows: ~250 against ~800 ms)."""
        _build_indexes(self.book, self.bulk_indexes)
        self.bulk_indexes = None
        if {"client_id", "at"} <= set(self.identity):
            alike = " AND ".join(f'e."{c}" IS {self.table}."{c}"' for c in self.identity)
            earlier = f"SELECT 1 FROM {self.table} e WHERE e.id < {self.table}.id AND e.import_id = ?1"
            twins = f"EXISTS ({earlier} AND {alike})"
        else:
            columns = ", ".join(f'"{c}"' for c in self.identity)
            twins = f"id NOT IN (SELECT min(id) FROM {self.table} WHERE import_id = ?1 GROUP BY {columns})"
        removed = self.book.execute(
            f"DELETE FROM {self.table} WHERE import_id = ?1 AND {twins}", (self.ctx.import_id,)
        ).rowcount
        report.added -= removed
        report.unchanged += removed


def _getter(names: list[str]):
    """A function giving a record's values for `names` as a tuple (itemgetter, even for one name)."""
    get = itemgetter(*names)
    return get if len(names) > 1 else (lambda record: (get(record),))


def _after(book: Book, store, entity: str, import_id: int) -> None:
    """Keep derived state in step: each client's last contact after importing interactions.

    The last contacts it moves are recorded, so that `import undo` can put them back."""
    latest = getattr(store, "latest", None)
    if entity == "interactions" and latest:
        book.execute("CREATE TEMP TABLE IF NOT EXISTS imported_latest (client_id INTEGER PRIMARY KEY, at TEXT)")
        book.execute("DELETE FROM imported_latest")
        book.conn.executemany("INSERT INTO imported_latest VALUES (?, ?)", latest.items())
        later = (
            "FROM clients c JOIN imported_latest l ON l.client_id = c.id "
            "WHERE c.last_contact_at IS NULL OR c.last_contact_at < l.at"
        )
        book.execute(
            "INSERT INTO import_changes (import_id, entity, record_id, before, after_updated_at) "
            f"SELECT ?, ?, c.id, json_object('last_contact_at', c.last_contact_at, 'last_touch', c.last_touch), "
            f"c.updated_at {later}",
            (import_id, LAST_CONTACT),
        )
        latest_at = "(SELECT at FROM imported_latest WHERE client_id = clients.id)"
        book.execute(
            f"UPDATE clients SET {clients.moved_to(latest_at)} WHERE id IN (SELECT client_id FROM imported_latest)"
        )


def _link_renewals(book: Book, import_id: int) -> None:
    """Link each term the import added to the term it renewed, for a file that cannot say so (other
    systems keep no `renewed_from`): the client's term marked renewed, in the same currency, that
    ended in the 32 days before it started and has no next term yet (the latest such). Without
    the link a renewal's new value is unknown, and the KPI's GRR and NRR counted it as lost."""
    added = book.tuples(
        "SELECT id, client_id, currency, start FROM contracts WHERE import_id = ? AND renewed_from IS NULL "
        "ORDER BY start, id",
        (import_id,),
    ).fetchall()
    for term_id, client_id, currency, start in added:
        renewed = book.value(
            """SELECT t.id FROM contracts t WHERE t.client_id = ? AND t.status = 'renewed' AND t.currency = ?
               AND t.id != ? AND t."end" < ? AND t."end" >= date(?, '-32 days')
               AND NOT EXISTS (SELECT 1 FROM contracts n WHERE n.renewed_from = t.id)
               ORDER BY t."end" DESC, t.id DESC LIMIT 1""",
            (client_id, currency, term_id, start, start),
        )
        if renewed is not None:
            book.execute("UPDATE contracts SET renewed_from = ? WHERE id = ?", (renewed, term_id))


# --- running an import --------------------------------------------------------------------------


class Rejected(Exception):
    """Bad rows stopped the import; nothing was written."""

    def __init__(self, reports: list[Report]):
        super().__init__("rows rejected")
        self.reports = reports


class _DryRun(Exception):
    pass


def sources_in(folder: str) -> list[tuple[str, str]]:
    """(entity, file) for each `<entity>.csv` (or `.jsonl`, `.json`: what `export all --format`
    writes) in a folder, in the order references need."""
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise BadInput(f"{folder} is not a folder", "`relmgr import all` takes the folder `export all` wrote")
    found = []
    for name in ENTITIES:
        files = [path / f"{name}.{kind}" for kind in ("csv", "jsonl", "json") if (path / f"{name}.{kind}").is_file()]
        if len(files) > 1:
            raise Invalid(f"{folder} holds {' and '.join(f.name for f in files)}", "keep one file per entity")
        found += [(name, str(file)) for file in files]
    if not found:
        raise Invalid(f"{folder} holds no <entity>.csv file", f"expected names: {', '.join(ENTITIES)}")
    return found


def run(
    book: Book,
    entity: str,
    source: str,
    options: Options,
    *,
    user: str,
    mapping: list[str] = (),
    progress: Callable[[int, float | None], None] | None = None,
) -> tuple[list[Report], int | None]:
    """Import `source` (a file, `-`, or with entity "all" a folder) in one transaction.

    Returns the reports and the import's id (None for a dry run, or when nothing changed: such an
    import is not recorded, as there is nothing to undo). Raises Rejected when bad rows
    stopped it (nothing written), Invalid/BadInput for a file or header that cannot be used.
    """
    if entity != "all" and entity not in SPECS:
        raise BadInput(f"unknown entity {entity!r}", f"one of: {', '.join(ENTITIES)}, all")
    if entity == "all" and mapping:
        raise BadInput("--map applies to one entity's file, not to `import all`")
    jobs = sources_in(source) if entity == "all" else [(entity, source)]
    maps = {name: parse_mapping(list(mapping), SPECS[name]) for name, _ in jobs}
    if options.skip_invalid and source == "-" and options.rejects is None:
        raise BadInput("--skip-invalid with stdin needs --rejects FILE for the bad rows")
    now = stamp()
    reports: list[Report] = []
    book.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")  # index pages of big tables stay in memory
    try:
        with book.atomic():
            import_id = book.insert("imports", {"entity": entity, "file": source, "at": now, "by": user,
                                                "counts": "{}"})  # fmt: skip
            ctx = Context(book, options, user, import_id, now)
            for name, path in jobs:
                report = Report(name, path)
                reports.append(report)
                _one(book, name, path, options, maps[name], ctx, report, progress)
            reports[0].clients_created += ctx.clients_created
            reports[0].contacts_created += ctx.contacts_created
            if any(r.error_count for r in reports) and not options.skip_invalid:
                raise Rejected(reports)
            if options.dry_run:
                raise _DryRun
            if not any(r.added or r.updated or r.clients_created or r.contacts_created for r in reports):
                book.execute("DELETE FROM imports WHERE id = ?", (import_id,))  # nothing to undo
                import_id = None
            else:
                counts = {r.entity: r.counts() for r in reports}
                book.execute("UPDATE imports SET counts = ? WHERE id = ?", (json.dumps(counts), import_id))
    except _DryRun:
        return reports, None
    _write_rejects(reports, options)
    return reports, import_id


def _one(book, entity, source, options, mapping, ctx, report, progress) -> None:
    spec = SPECS[entity]
    header, rows, close, share = read_rows(source, options, report.layout)
    if not header:  # JSON of no records, as an export of an empty table writes it
        close()
        return
    try:
        columns, backups, report.warnings, in_utc = map_header(header, spec, mapping, source)
        report.columns = {name: header[index] for index, name in columns.items()}
        present = set(columns.values())
        store = (
            Matcher(book, entity, ctx)
            if entity in ("clients", "contacts", "competitors")
            else Appender(book, entity, ctx, present)
        )
        reader = RowReader(spec, columns, len(header), ctx, backups, in_utc)
        if entity == "interactions" and "kind" not in present:
            ctx.kind = kind_of_file(header)
        deferred = _defer_search(book, spec.table)
        done = 0
        for line, cells in rows:
            try:
                record = finish(entity, reader.read(cells), ctx)
                store.store(record, report)
            except SkipRow as skip:
                report.skipped += 1
                if skip.why:
                    report.not_clients[skip.why] = report.not_clients.get(skip.why, 0) + 1
            except RowErrors as error:
                report.error_count += 1
                report.rejected += 1
                for name, problem in error.problems:
                    if len(report.errors) < MAX_REPORTED:
                        report.errors.append((line, name, problem))
                if options.skip_invalid:
                    message = "; ".join(f"{name}: {problem}" for name, problem in error.problems)
                    report.rejected_rows.append([*cells, message])
            done += 1
            if progress and done % 5_000 == 0:
                progress(done, share())
        store.flush(report, last=True)
        report.header = header
        if ctx.not_ratings:
            column = header[next(index for index, name in columns.items() if name == "rating")]
            report.warnings.append(f"{column!r} holds account states, not 1–5 ratings "
                                   f"({', '.join(sorted(ctx.not_ratings))}): not kept")  # fmt: skip
        if ctx.currency_assumed:
            report.warnings.append(f"{records.count(ctx.currency_assumed, 'amount')} without a currency taken as "
                                   f"{ctx.currency}, the book's currency (a currency column, or `relmgr config set "
                                   "currency` before the import, says otherwise)")  # fmt: skip
        if reader.foreign_id:
            column = header[next(index for index, name in columns.items() if name == "id")]
            kept = "read as each client's external id" if reader.foreign_ids_to else "not kept"
            report.warnings.append(f"{column!r} holds another system's ids ({reader.foreign_id!r}): {kept}")
        if entity == "clients" and "owner" in present:
            report.warnings += _not_yours(book, store.owners, ctx, report.columns["owner"])
        _after(book, store, entity, ctx.import_id)
        if entity == "contracts" and "renewed_from" not in present:
            _link_renewals(book, ctx.import_id)
        if deferred:
            _index_search(book, spec.table, ctx.import_id, deferred)
    finally:
        close()


def _not_yours(book: Book, owners: dict[str, int], ctx: Context, column: str) -> list[str]:
    """A warning when every client in the file is owned by someone the book has not seen, and not
    by the user: Salesforce and HubSpot write the owner's full name, so the user's agenda would
    leave out the whole import without a word."""
    if not owners or ctx.user.casefold() in {owner.casefold() for owner in owners}:
        return []
    known = "SELECT 1 FROM clients WHERE owner = ? AND (import_id IS NULL OR import_id != ?) LIMIT 1"
    if any(book.value(known, (owner, ctx.import_id)) for owner in owners):
        return []
    named = sorted(owners.items(), key=lambda item: (-item[1], item[0]))
    if len(named) == 1:
        owner = named[0][0]
        return [f"{column!r} names {owner!r} as the owner, not you ({ctx.user}), so your agenda leaves these "
                f"clients out: if that is you, `relmgr config set user {owner!r}`; to own them yourself, "
                f"import with --map '{column}=ignore'"]  # fmt: skip
    listed = ", ".join(f"{owner} ({count})" for owner, count in named[:3])
    more = f" and {len(named) - 3} more" if len(named) > 3 else ""
    return [f"{column!r} names {len(named)} owners, none of them you ({ctx.user}): {listed}{more}; "
            f"your agenda leaves their clients out (see them with --owner NAME, or import with "
            f"--map '{column}=ignore' to own them yourself)"]  # fmt: skip


def _defer_search(book: Book, table: str) -> str | None:
    """Stand the table's search-index insert trigger aside for the import (inside its transaction).

    Indexing row by row through the trigger costs ~26 us a row; one INSERT ... SELECT afterwards
    costs ~3 us. Returns the trigger's SQL for `_index_search` to put back, or None.
    """
    name = f"{table}_search_insert"
    sql = book.value("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,))
    if sql:
        book.execute(f"DROP TRIGGER {name}")
    return sql


def _index_search(book: Book, table: str, import_id: int, trigger_sql: str) -> None:
    """Index what the import added to `table` in one statement, then restore the trigger."""
    from relmgr.migrations import SEARCHED, index_rows, indexed_body

    for position, (kind, searched, title, text, _) in enumerate(SEARCHED):
        if searched == table:
            # a record a later row of the same file updated (a CRM export listing a company twice)
            # was indexed then by the update trigger: index it once, as it ends
            book.execute(
                f"DELETE FROM search_index WHERE rowid IN (SELECT t.id * 8 + {position} FROM import_changes ch "
                f"JOIN {table} t ON t.id = ch.record_id WHERE ch.import_id = ? AND ch.entity = ? AND t.import_id = ?)",
                (import_id, table, import_id),
            )
            book.execute(
                index_rows(position, kind, table, title, indexed_body(title, text), "new.import_id = ?"), (import_id,)
            )
    book.execute(trigger_sql)


def _write_rejects(reports: list[Report], options: Options) -> None:
    for report in reports:
        rows = report.rejected_rows
        if not rows or options.dry_run:
            continue
        target = options.rejects if options.rejects and len(reports) == 1 else Path(f"{report.source}.rejects.csv")
        with private_file(target, report.layout.encoding) as out:
            writer = csv.writer(out, delimiter=report.layout.delimiter)
            if report.layout.hinted:
                out.write(f"sep={report.layout.delimiter}\r\n")  # as the csv writer ends its lines
            writer.writerow([*report.header, "error"])
            writer.writerows(rows)
        report.rejects_file = str(target)
