"""The book's schema, as an append-only list of named steps.

Each step is a function `mNNN_what(db)` over a `sqlite_utils.Database`; once released it is
never edited, only followed by a new step. `relmgr.db` applies the missing steps in one
transaction when it opens an older book, so a new book and an old one take the same path.
This module imports nothing of the domain.

Conventions every step keeps: times are stored as UTC ISO 8601 text (`...+00:00`), so text
order is time order and comparisons in SQL are exact; dates are `YYYY-MM-DD`; names that are
matched case-insensitively have a `*_key` column holding `str.casefold()` of the name,
because SQLite's NOCASE folds ASCII only.
"""

from __future__ import annotations

from collections.abc import Callable

Migration = Callable[["object"], None]


def _run(db, statements: str) -> None:
    # executescript() would COMMIT the surrounding transaction; run statements one by one.
    for statement in statements.split(";\n"):
        if statement.strip():
            db.execute(statement)


def m001_daily_loop(db) -> None:
    """Settings, clients, contacts, interactions, follow-ups and competitor notes."""
    _run(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('prospect', 'active', 'at-risk', 'churned')),
            tier TEXT NOT NULL DEFAULT 'B' CHECK (tier IN ('A', 'B', 'C')),
            industry TEXT, owner TEXT NOT NULL, backup TEXT,
            email TEXT, phone TEXT, website TEXT, city TEXT, country TEXT, source TEXT,
            rating INTEGER CHECK (rating BETWEEN 1 AND 5),
            external_id TEXT UNIQUE,
            tags TEXT NOT NULL DEFAULT '',
            notes TEXT,
            archived INTEGER NOT NULL DEFAULT 0,
            last_contact_at TEXT,
            last_touch TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX clients_stale ON clients (status, archived, tier, last_touch);
        CREATE INDEX clients_owner_stale ON clients (owner, status, archived, tier, last_touch);
        CREATE INDEX clients_archived ON clients (id) WHERE archived = 1;
        CREATE TABLE client_competitors (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients (id),
            competitor TEXT NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX client_competitors_client ON client_competitors (client_id);
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients (id),
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            title TEXT, email TEXT, phone TEXT,
            key INTEGER NOT NULL DEFAULT 0,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX contacts_client ON contacts (client_id, name_key);
        CREATE INDEX contacts_email ON contacts (email);
        CREATE TABLE interactions (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients (id),
            contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
            kind TEXT NOT NULL
                CHECK (kind IN ('call', 'email', 'meeting', 'visit', 'chat', 'note')),
            at TEXT NOT NULL,
            summary TEXT NOT NULL,
            by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX interactions_client_at ON interactions (client_id, at);
        CREATE INDEX interactions_at ON interactions (at);
        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients (id),
            contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
            title TEXT NOT NULL,
            due TEXT NOT NULL,
            due_day TEXT NOT NULL,
            every TEXT,
            anchor TEXT,
            owner TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
            done_at TEXT,
            note TEXT,
            previous_id INTEGER REFERENCES followups (id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX followups_due ON followups (status, due_day, client_id);
        CREATE INDEX followups_owner_due ON followups (owner, status, due_day, client_id);
        CREATE INDEX followups_client ON followups (client_id, status)
        """,
    )


def m002_complaints(db) -> None:
    """Complaints with SLA deadlines and escalation levels, their append-only event history, and
    follow-ups tied to a complaint."""
    _run(
        db,
        """
        CREATE TABLE complaints (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients (id),
            contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
            title TEXT NOT NULL,
            description TEXT,
            category TEXT,
            severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'responded', 'escalated', 'resolved', 'closed')),
            level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),
            assignee TEXT,
            opened_at TEXT NOT NULL,
            responded_at TEXT,
            resolved_at TEXT,
            closed_at TEXT,
            resolution TEXT,
            respond_by TEXT NOT NULL,
            resolve_by TEXT NOT NULL,
            swept_for TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX complaints_status_resolve ON complaints (status, resolve_by);
        CREATE INDEX complaints_client ON complaints (client_id, status);
        CREATE TABLE complaint_events (
            id INTEGER PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaints (id),
            at TEXT NOT NULL,
            action TEXT NOT NULL
                CHECK (action IN ('opened', 'responded', 'escalated', 'resolved', 'reopened', 'closed', 'note')),
            by TEXT NOT NULL,
            level INTEGER NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, at);
        CREATE TRIGGER complaint_events_append_only_update BEFORE UPDATE ON complaint_events
        BEGIN SELECT RAISE(ABORT, 'complaint history is append-only'); END;
        CREATE TRIGGER complaint_events_append_only_delete BEFORE DELETE ON complaint_events
        BEGIN SELECT RAISE(ABORT, 'complaint history is append-only'); END;
        ALTER TABLE followups ADD COLUMN complaint_id INTEGER REFERENCES complaints (id);
        CREATE INDEX followups_complaint ON followups (complaint_id)
        """,
    )


def m003_contracts_and_growth(db) -> None:
    """Contract terms with renewal chains, upsell and cross-sell opportunities, satisfaction
    feedback, and handovers of a book to a covering colleague. Money is exact decimal text."""
    _run(
        db,
        """
        CREATE TABLE contracts (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients (id),
            title TEXT,
            value TEXT NOT NULL,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            start TEXT NOT NULL,
            "end" TEXT NOT NULL CHECK ("end" >= start),
            notice_days INTEGER NOT NULL DEFAULT 60 CHECK (notice_days >= 0),
            decision_date TEXT NOT NULL,
            auto_renew INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'renewed', 'churned', 'cancelled')),
            renewed_from INTEGER REFERENCES contracts (id),
            outcome_at TEXT,
            lost_to TEXT,
            reason TEXT,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX contracts_decision ON contracts (status, decision_date);
        CREATE INDEX contracts_client ON contracts (client_id, status);
        CREATE INDEX contracts_end ON contracts ("end", status);
        CREATE UNIQUE INDEX contracts_renewed_from ON contracts (renewed_from) WHERE renewed_from IS NOT NULL;
        CREATE TABLE opportunities (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients (id),
            kind TEXT NOT NULL CHECK (kind IN ('upsell', 'cross-sell')),
            title TEXT NOT NULL,
            value TEXT,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            status TEXT NOT NULL DEFAULT 'identified'
                CHECK (status IN ('identified', 'forwarded', 'won', 'lost')),
            identified_at TEXT NOT NULL,
            forwarded_to TEXT,
            forwarded_at TEXT,
            closed_at TEXT,
            reason TEXT,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX opportunities_status ON opportunities (status, forwarded_at);
        CREATE INDEX opportunities_client ON opportunities (client_id, status);
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients (id),
            contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
            kind TEXT NOT NULL CHECK (kind IN ('csat', 'nps')),
            score INTEGER NOT NULL,
            at TEXT NOT NULL,
            comment TEXT,
            by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK ((kind = 'csat' AND score BETWEEN 1 AND 5) OR (kind = 'nps' AND score BETWEEN 0 AND 10))
        );
        CREATE INDEX feedback_at ON feedback (kind, at);
        CREATE INDEX feedback_client ON feedback (client_id, at);
        CREATE TABLE handovers (
            id INTEGER PRIMARY KEY,
            from_owner TEXT NOT NULL,
            to_owner TEXT NOT NULL CHECK (to_owner != from_owner),
            start TEXT NOT NULL,
            "end" TEXT NOT NULL CHECK ("end" >= start),
            note TEXT,
            ended_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX handovers_to ON handovers (to_owner, start);
        ALTER TABLE followups ADD COLUMN opportunity_id INTEGER REFERENCES opportunities (id)
        """,
    )


IMPORTED_TABLES = (
    "clients", "contacts", "interactions", "followups", "complaints", "contracts", "opportunities", "feedback",
)  # fmt: skip


def m004_import_history(db) -> None:
    """A record of every import, so that one can be undone: `imports` with counts, `import_id` on
    every record an import added (cleared when the record is later changed), and the earlier
    values of every record an import updated. Undoing an import removes complaint events too, so
    the append-only triggers now stand aside while an undo holds `_undo_lock`."""
    # No index on import_id: maintaining one costs every imported row ~1.5 us, while only the
    # rare `import undo` (and the last-contact update after an import) reads it.
    statements = [f"ALTER TABLE {table} ADD COLUMN import_id INTEGER" for table in IMPORTED_TABLES]
    _run(
        db,
        ";\n".join(statements)
        + """;
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            entity TEXT NOT NULL,
            file TEXT NOT NULL,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            counts TEXT NOT NULL,
            undone_at TEXT
        );
        CREATE TABLE import_changes (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES imports (id),
            entity TEXT NOT NULL,
            record_id INTEGER NOT NULL,
            before TEXT NOT NULL,
            after_updated_at TEXT NOT NULL
        );
        CREATE INDEX import_changes_import ON import_changes (import_id);
        CREATE TABLE _undo_lock (held INTEGER);
        DROP TRIGGER complaint_events_append_only_delete;
        CREATE TRIGGER complaint_events_append_only_delete BEFORE DELETE ON complaint_events
        WHEN NOT EXISTS (SELECT 1 FROM _undo_lock)
        BEGIN SELECT RAISE(ABORT, 'complaint history is append-only'); END
        """,
    )


def m005_targets(db) -> None:
    """KPI targets per owner ("all" for the whole book), period and metric."""
    _run(
        db,
        """
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            period TEXT NOT NULL,
            metric TEXT NOT NULL,
            value TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (owner, period, metric)
        );
        CREATE INDEX complaints_opened ON complaints (opened_at);
        CREATE INDEX feedback_kind_at ON feedback (kind, at, score);
        CREATE INDEX opportunities_closed ON opportunities (closed_at);
        CREATE INDEX opportunities_identified ON opportunities (identified_at);
        CREATE INDEX complaint_events_action ON complaint_events (action, at);
        DROP INDEX interactions_at;
        CREATE INDEX interactions_at ON interactions (at, client_id);
        CREATE INDEX feedback_kind_score ON feedback (kind, score)
        """,
    )


# What `relmgr search` finds: (kind, table, title expression, body expression, columns they read).
# Each record's index row has the rowid `id * 8 + position`, so keeping it in step is a rowid
# look-up; a search of the UNINDEXED kind/ref columns would read the whole index on every write.
SEARCHED = (
    ("client", "clients", "new.name", "coalesce(new.notes, '') || ' ' || coalesce(new.industry, '') || ' ' || "
     "coalesce(new.city, '') || ' ' || coalesce(new.country, '') || ' ' || coalesce(new.tags, '')",
     "name, notes, industry, city, country, tags"),
    ("contact", "contacts", "new.name", "coalesce(new.title, '') || ' ' || coalesce(new.email, '') || ' ' || "
     "coalesce(new.notes, '')", "name, title, email, notes, client_id"),
    ("interaction", "interactions", "new.kind", "new.summary", "kind, summary, client_id"),
    ("complaint", "complaints", "new.title", "coalesce(new.description, '') || ' ' || coalesce(new.resolution, '') "
     "|| ' ' || coalesce(new.category, '')", "title, description, resolution, category, client_id"),
    ("opportunity", "opportunities", "new.title", "coalesce(new.notes, '') || ' ' || new.kind",
     "title, notes, kind, client_id"),
    # since m011: promises, what clients said in feedback, what is known of rivals
    ("followup", "followups", "new.title", "coalesce(new.note, '')", "title, note, client_id"),
    ("feedback", "feedback", "upper(new.kind) || ' ' || new.score", "coalesce(new.comment, '')",
     "kind, score, comment, client_id"),
    ("competitor", "client_competitors", "new.competitor", "coalesce(new.note, '')", "competitor, note, client_id"),
)  # fmt: skip
FIRST_SEARCHED = 5  # the kinds m006 and m007 index; m011 adds the rest


def _m006_body(title: str, body: str) -> str:
    # m006 as released: the copy followed the text after a plain space (see indexed_body)
    both = f"({title}) || ' ' || ({body})"
    return (f"({body}) || CASE WHEN {both} GLOB '*[łŁ]*' "
            f"THEN ' ' || replace(replace({both}, 'ł', 'l'), 'Ł', 'L') ELSE '' END")  # fmt: skip


COPY_MARK = "\u2060"  # WORD JOINER: invisible, and a word break to the search tokenizer


def indexed_body(title: str, body: str) -> str:
    """The SQL for what is indexed as a record's body: its text, plus a copy of its title and text
    with Ł/ł spelled L/l, set apart by COPY_MARK.

    unicode61 folds accents away (ó is o) but Ł is a letter of its own, so "lodz" would never find
    "Łódź"; the copy makes it findable the way Polish names are typed on other keyboards. The mark
    lets search show the text as written: the copy is the same length, letter for letter."""
    both = f"({title}) || ' ' || ({body})"
    copy = f"' ' || char({ord(COPY_MARK)}) || replace(replace({both}, 'ł', 'l'), 'Ł', 'L')"
    return f"({body}) || CASE WHEN {both} GLOB '*[łŁ]*' THEN {copy} ELSE '' END"


def index_rows(position: int, kind: str, table: str, title: str, body: str, where: str = "") -> str:
    """The statement that indexes the rows of `table` (as `new`) for search, those matching `where`."""
    client = "new.id" if table == "clients" else "new.client_id"
    rows = f" WHERE {where}" if where else ""
    return (f"INSERT INTO search_index (rowid, kind, ref, client_id, title, body) SELECT new.id * 8 + {position}, "
            f"'{kind}', new.id, {client}, {title}, {body} FROM {table} AS new{rows}")  # fmt: skip


def _search_triggers(position: int, kind: str, table: str, title: str, columns: str, body: str) -> list:
    client = "new.id" if table == "clients" else "new.client_id"
    insert = (f"INSERT INTO search_index (rowid, kind, ref, client_id, title, body) "
              f"VALUES (new.id * 8 + {position}, '{kind}', new.id, {client}, {title}, {body})")  # fmt: skip
    delete = f"DELETE FROM search_index WHERE rowid = old.id * 8 + {position}"
    return [
        f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN {insert}; END",
        f"CREATE TRIGGER {table}_search_update AFTER UPDATE OF {columns} ON {table} BEGIN {delete}; {insert}; END",
    ]


def m006_search(db) -> None:
    """Full-text search (FTS5) over clients, contacts, interactions, complaints and opportunities,
    kept in step by triggers, so every write path (commands, imports, undo) updates it."""
    statements = [
        "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref UNINDEXED, client_id UNINDEXED, "
        "title, body, tokenize = 'unicode61 remove_diacritics 2')"
    ]
    for position, (kind, table, title, text, columns) in enumerate(SEARCHED[:FIRST_SEARCHED]):
        body = _m006_body(title, text)
        delete = f"DELETE FROM search_index WHERE rowid = old.id * 8 + {position}"
        statements += [
            *_search_triggers(position, kind, table, title, columns, body),
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {delete}; END",
            index_rows(position, kind, table, title, body),
        ]
    _run(db, ";\n".join(statements))


def m007_search_copy_apart(db) -> None:
    """Search: the copy with Ł/ł spelled L/l is set apart from the text by COPY_MARK, so results
    show the text as written (they showed both). Records holding Ł or ł are indexed again."""
    statements = []
    for position, (kind, table, title, text, columns) in enumerate(SEARCHED[:FIRST_SEARCHED]):
        polish = f"({title}) || ' ' || ({text}) GLOB '*[łŁ]*'"
        statements += [
            f"DROP TRIGGER {table}_search_insert",
            f"DROP TRIGGER {table}_search_update",
            *_search_triggers(position, kind, table, title, columns, indexed_body(title, text)),
            f"DELETE FROM search_index WHERE rowid IN (SELECT new.id * 8 + {position} FROM {table} AS new "
            f"WHERE {polish})",
            index_rows(position, kind, table, title, indexed_body(title, text), polish),
        ]
    _run(db, ";\n".join(statements))


def m008_last_interaction(db) -> None:
    """Each client keeps the time of its latest interaction (`last_interaction_at`), beside
    `last_contact_at`, which a CRM's "last activity" column can also set: the KPI's coverage asks
    it whether a client was contacted in a period instead of reading the period's history."""
    _run(
        db,
        """
        ALTER TABLE clients ADD COLUMN last_interaction_at TEXT;
        UPDATE clients SET last_interaction_at = (SELECT max(at) FROM interactions WHERE client_id = clients.id)
        """,
    )


def m009_target_currency(db) -> None:
    """A money target (`upsell_won_value`) says its currency, so it is compared with what was won
    in that currency only; earlier ones are in the book's currency."""
    _run(
        db,
        """
        ALTER TABLE targets ADD COLUMN currency TEXT;
        UPDATE targets SET currency = coalesce((SELECT value FROM settings WHERE key = 'currency'), 'USD')
            WHERE metric = 'upsell_won_value'
        """,
    )


def m010_competitor_keys(db) -> None:
    """A competitor is noted once per client, matched by its folded name (`competitor_key`), so
    "Globex" and "GLOBEX" are one; notes made twice before are merged into the first, keeping the
    latest note. Competitor notes can be imported (`import_id`, as the other records)."""
    _run(
        db,
        """
        ALTER TABLE client_competitors ADD COLUMN competitor_key TEXT;
        ALTER TABLE client_competitors ADD COLUMN import_id INTEGER
        """,
    )
    rows = db.execute(
        "SELECT id, client_id, competitor, note, updated_at FROM client_competitors ORDER BY id"
    ).fetchall()
    kept: dict[tuple, tuple] = {}  # (client, key) -> (first id, latest updated_at)
    for row_id, client_id, competitor, note, updated_at in rows:
        key = " ".join(competitor.split()).casefold()
        first = kept.get((client_id, key))
        if first is None:
            kept[(client_id, key)] = (row_id, updated_at)
            db.execute("UPDATE client_competitors SET competitor_key = ? WHERE id = ?", (key, row_id))
            continue
        if note and updated_at >= first[1]:
            db.execute(
                "UPDATE client_competitors SET note = ?, updated_at = ? WHERE id = ?", (note, updated_at, first[0])
            )
            kept[(client_id, key)] = (first[0], updated_at)
        db.execute("DELETE FROM client_competitors WHERE id = ?", (row_id,))
    _run(
        db,
        """
        DROP INDEX client_competitors_client;
        CREATE UNIQUE INDEX client_competitors_key ON client_competitors (client_id, competitor_key)
        """,
    )


def m011_search_promises_feedback_rivals(db) -> None:
    """Search finds follow-ups (title and note), feedback comments and competitor notes too: "what
    did I promise about the quote", "who complained of the portal", "who mentioned Globex"."""
    statements = []
    for position, (kind, table, title, text, columns) in enumerate(SEARCHED):
        if position < FIRST_SEARCHED:
            continue
        body = indexed_body(title, text)
        statements += [
            *_search_triggers(position, kind, table, title, columns, body),
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + {position}; END",
            index_rows(position, kind, table, title, body),
        ]
    _run(db, ";\n".join(statements))


def m012_reported_contact(db) -> None:
    """Each client keeps the last contact another system reported (a CRM's "Last Activity" read
    by an import) apart, so that removing an interaction logged by mistake falls back to it, not
    to "never". A book's last contacts ahead of its interactions came from such reports."""
    _run(
        db,
        """
        ALTER TABLE clients ADD COLUMN reported_contact_at TEXT;
        UPDATE clients SET reported_contact_at = last_contact_at
            WHERE last_contact_at > coalesce(last_interaction_at, '')
        """,
    )


def m013_ids_never_reused(db) -> None:
    """A removed record's id is not given to the next one: each table whose ids users see keeps
    the highest id removed from it in `_id_floor`, which new ids pass (see `Book.id_floor`)."""
    statements = ["CREATE TABLE _id_floor (tbl TEXT PRIMARY KEY, id INTEGER NOT NULL)"]
    for table in (
        "clients",
        "contacts",
        "interactions",
        "followups",
        "complaints",
        "contracts",
        "opportunities",
        "feedback",
    ):  # fmt: skip  (db.KEPT_IDS as of schema 13)
        statements.append(
            f"CREATE TRIGGER {table}_id_floor AFTER DELETE ON {table} "
            f"WHEN old.id > coalesce((SELECT max(id) FROM {table}), 0) BEGIN "
            f"INSERT INTO _id_floor VALUES ('{table}', old.id) "
            "ON CONFLICT (tbl) DO UPDATE SET id = max(id, excluded.id); END"
        )
    _run(db, ";\n".join(statements))


def m014_owner_clients_by_name(db) -> None:
    """An owner's clients in name order straight from an index: `client list --owner` sorted
    5,000 of a 100,000-client book's rows for every run (60 -> 35 ms of SQL)."""
    _run(db, "CREATE INDEX clients_owner_name ON clients (owner, name_key)")


def m015_report_indexes(db) -> None:
    """Indexes that answer the KPI's whole-book figures without reading every record behind them
    (100,000 clients, a year: docs/benchmarks.md):
    - whether each complaint opened in the period was responded to, escalated or reopened: its
      events were read to see their action (115 -> 50 ms);
    - the median days since contact: the middle of the active clients' last contacts, which were
      sorted for it (94 -> 4 ms);
    - coverage: the active clients whose latest interaction falls in the period, which read the
      whole clients table (51 -> 11 ms);
    - the terms ending in the period, and the clients who churned one: each term's row was read
      for its value, currency and client (80 -> 27 ms, 28 -> 11 ms).
    Each logged interaction moves its client's entries in the clients' two, as it already did in
    `clients_stale`."""
    _run(
        db,
        "CREATE INDEX complaint_events_action_of ON complaint_events (complaint_id, action, at);\n"
        "CREATE INDEX clients_touch ON clients (status, archived, last_touch);\n"
        "CREATE INDEX clients_interaction ON clients (status, archived, last_interaction_at);\n"
        "DROP INDEX contracts_end;\n"
        'CREATE INDEX contracts_end ON contracts ("end", status, currency, value, client_id)',
    )


MIGRATIONS: list[Migration] = [
    m001_daily_loop, m002_complaints, m003_contracts_and_growth, m004_import_history, m005_targets, m006_search,
    m007_search_copy_apart, m008_last_interaction, m009_target_currency, m010_competitor_keys,
    m011_search_promises_feedback_rivals, m012_reported_contact, m013_ids_never_reused, m014_owner_clients_by_name,
    m015_report_indexes,
]  # fmt: skip
