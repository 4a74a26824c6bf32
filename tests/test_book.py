"""The book file: where it lives, how it is created, checked, migrated, refused and backed up."""

import os
import sqlite3
import stat
import threading
import time

import pytest

from relmgr import db, migrations


def test_first_use_creates_a_private_book_with_its_folders(run, tmp_path):
    path = tmp_path / "deep" / "er" / "my.db"
    said = run("--db", str(path), "init").stdout.splitlines()
    assert said[0] == f"Book ready at {path} (schema {len(migrations.MIGRATIONS)})"
    assert said[1].startswith("You are 'alice': what you add is yours") and "relmgr client add NAME" in said[2]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    run("--db", str(path), "client", "add", "Acme")
    assert len(run("--db", str(path), "init").stdout.splitlines()) == 1  # a book in use: where it is
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID


def test_env_and_flag_choose_the_book(run, tmp_path, book_env):
    run("client", "add", "FromEnv")
    other = tmp_path / "other.db"
    run("--db", str(other), "client", "add", "FromFlag")
    assert [c["name"] for c in run.json("client", "list")] == ["FromEnv"]
    assert [c["name"] for c in run.json("--db", str(other), "client", "list")] == ["FromFlag"]


def test_connection_settings():
    book = db.open_book(os.environ["RELMGR_DB"])
    assert book.value("PRAGMA foreign_keys") == 1
    assert book.value("PRAGMA busy_timeout") >= 5000
    names = {r["name"] for r in book.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"clients", "contacts", "interactions", "followups", "settings", "_migrations"} <= names
    assert [r["name"] for r in book.rows("SELECT name FROM _migrations")] == [m.__name__ for m in migrations.MIGRATIONS]


def test_a_text_file_is_refused_and_left_untouched(run, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my shopping list\n" * 100)
    before = path.read_bytes()
    message = run.error("--db", str(path), "client", "list", code=1)
    assert "not a relmgr book" in message
    assert path.read_bytes() == before
    assert not (tmp_path / "notes.txt-wal").exists()


def test_another_apps_database_is_refused_and_left_untouched(run, tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    message = run.error("--db", str(path), "agenda", code=1)
    assert "another application's" in message
    assert path.read_bytes() == before


def test_a_folder_is_refused(run, tmp_path):
    assert "folder" in run.error("--db", str(tmp_path), "client", "list", code=1)


def test_a_newer_book_is_refused(run, book_env):
    run("init")
    conn = sqlite3.connect(book_env)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    assert "newer relmgr" in run.error("client", "list", code=1)


def test_an_older_book_is_backed_up_then_migrated(book_env):
    first = db.open_book(book_env, migrations=migrations.MIGRATIONS)
    first.execute("INSERT INTO settings VALUES ('currency', 'EUR', '2026-01-01T00:00:00+00:00')")
    first.close()
    old = len(migrations.MIGRATIONS)

    def m999_add_column(book):
        book.execute("ALTER TABLE clients ADD COLUMN extra TEXT")

    upgraded = db.open_book(book_env, migrations=[*migrations.MIGRATIONS, m999_add_column])
    assert upgraded.schema_version() == old + 1
    assert "extra" in {r["name"] for r in upgraded.rows("PRAGMA table_info(clients)")}
    saved = book_env.with_name(f"{book_env.name}.bak-{old}")
    assert saved.exists() and stat.S_IMODE(saved.stat().st_mode) == 0o600
    copy = sqlite3.connect(saved)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == old
    assert copy.execute("SELECT value FROM settings WHERE key = 'currency'").fetchone()[0] == "EUR"


def test_a_failed_migration_leaves_the_book_as_it_was(book_env):
    db.open_book(book_env).close()

    def m999_broken(book):
        book.execute("ALTER TABLE clients ADD COLUMN half TEXT")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        db.open_book(book_env, migrations=[*migrations.MIGRATIONS, m999_broken])
    again = db.open_book(book_env)
    assert "half" not in {r["name"] for r in again.rows("PRAGMA table_info(clients)")}
    assert again.schema_version() == len(migrations.MIGRATIONS)


def test_doctor_passes_a_healthy_book_and_fails_a_readable_one(run, book_env):
    # a mistyped path is not a new, healthy book: doctor and backup create nothing
    for command in (["doctor"], ["doctor", "--repair"], ["backup"]):
        assert run.error(*command, code=1) == f"relmgr: no book at {book_env} (check --db or RELMGR_DB; " \
                                              "`relmgr init` creates one)"  # fmt: skip
    assert not os.path.exists(book_env)
    run("init")
    report = run.json("doctor")
    assert report["ok"] is True
    assert {c["name"] for c in report["checks"]} >= {"integrity", "foreign keys", "schema", "file mode"}
    os.chmod(book_env, 0o644)
    result = run("doctor", code=1)
    assert "FAIL  file mode" in result.stdout


def test_backup_writes_a_consistent_private_copy(run, tmp_path):
    run("client", "add", "Łódź Textiles")
    target = tmp_path / "copies" / "book-copy.db"
    assert run.json("backup", str(target))["path"] == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [c["name"] for c in run.json("--db", str(target), "client", "list")] == ["Łódź Textiles"]
    assert "already exists" in run.error("backup", str(target), code=1)


def test_config_set_get_list_unset(run):
    assert run("config", "get", "currency").stdout.strip() == "USD"
    assert "set in this book" not in run("config", "list").stdout  # nothing is marked
    run("config", "set", "currency", "inr")
    assert "INR *" in run("config", "list").stdout and "* set in this book" in run("config", "list").stdout
    assert run("config", "get", "currency").stdout.strip() == "INR"
    listed = {row["key"]: row for row in run.json("config", "list")}
    assert listed["currency"]["set"] is True and listed["cadence.A"]["value"] == "30d"
    run("config", "unset", "currency")
    assert run("config", "get", "currency").stdout.strip() == "USD"


def test_config_get_user_says_who_relmgr_takes_you_to_be(run, monkeypatch):
    """Unset, `config get user` printed an empty line, though relmgr takes you to be someone."""
    monkeypatch.delenv("RELMGR_USER")
    monkeypatch.setattr("getpass.getuser", lambda: "priya")
    done = run("config", "get", "user")
    assert (done.stdout, done.stderr) == ("priya\n", "relmgr: note: your login name; `relmgr config set user NAME` "
                                                     "to be someone else\n")  # fmt: skip
    run("config", "set", "user", "Priya Sharma")
    done = run("config", "get", "user")
    assert (done.stdout, done.stderr) == ("Priya Sharma\n", "")
    monkeypatch.setenv("RELMGR_USER", "bob")
    done = run("config", "get", "user")
    assert (done.stdout, done.stderr) == ("bob\n", "relmgr: note: from RELMGR_USER, which wins over the setting\n")


@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [("colour", "blue", "unknown setting"), ("currency", "euro", "ISO 4217 code"), ("cadence.A", "soon", "duration"),
     ("user", " ", "the value of user is empty (to go back to its default, `relmgr config unset user`)"),
     ("sla.low.resolve", "", "`relmgr config unset sla.low.resolve`"),
     ("cadence.A", "30m", "minutes or months? (write 30min for minutes"),
     ("cadence.C", "3 months", "months and years differ in length (give days or weeks, e.g. 30d)")],
)  # fmt: skip
def test_config_refuses_bad_keys_and_values(run, key, value, needle):
    assert needle in run.error("config", "set", key, value, code=2)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("3 Hours", "3h"), ("180 minutes", "180min"), ("2 weeks", "2w"), ("45 d", "45d"), ("4hrs", "4h")],
)
def test_durations_may_be_written_in_words_and_are_kept_short(run, typed, stored):
    assert run("config", "set", "sla.critical.resolve", typed).stdout.strip() == f"Set sla.critical.resolve = {stored}"
    assert run("config", "get", "sla.critical.resolve").stdout.strip() == stored


def test_an_sla_that_answers_after_it_resolves_is_refused(run):
    """High: respond 8h, resolve 3d by default. Answering in 5d would make every high complaint
    late to resolve before it was late to answer."""
    message = run.error("config", "set", "sla.high.respond", "5d", code=2)
    assert message == ("relmgr: high complaints would be due an answer in 5d but resolved in 3d (the respond "
                       "deadline comes first: set sla.high.resolve later, or respond sooner)")  # fmt: skip
    assert "but resolved in 4h" in run.error("config", "set", "sla.high.resolve", "4h", code=2)
    run("config", "set", "sla.high.resolve", "10d")
    run("config", "set", "sla.high.respond", "5d")
    assert "but resolved in 3d" in run.error("config", "unset", "sla.high.resolve", code=2)  # the default
    assert run("config", "get", "sla.high.resolve").stdout == "10d\n"
    run("config", "set", "sla.high.respond", "72h")  # as long as the default resolve: allowed
    run("config", "unset", "sla.high.resolve")
    assert run("config", "get", "sla.high.resolve").stdout == "3d\n"


def test_current_user_precedence(run, monkeypatch):
    run("config", "set", "user", "bob")
    assert run.json("client", "add", "A")["owner"] == "alice"  # RELMGR_USER wins
    monkeypatch.delenv("RELMGR_USER")
    assert run.json("client", "add", "B")["owner"] == "bob"
    run("config", "unset", "user")
    assert run.json("client", "add", "C")["owner"] not in ("alice", "bob", "")


def test_a_book_from_the_first_release_migrates_with_its_data(book_env, run):
    first = db.open_book(book_env, migrations=migrations.MIGRATIONS[:1])
    with first.atomic():
        first.execute(
            "INSERT INTO clients (name, name_key, owner, last_touch, created_at, updated_at) "
            "VALUES ('Łódź Textiles', 'łódź textiles', 'alice', '2026-01-01T00:00:00+00:00', "
            "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
        )
    first.close()
    shown = run.json("client", "show", "ŁÓDŹ")
    assert shown["name"] == "Łódź Textiles" and shown["contracts"] == [] and shown["open_complaints"] == []
    assert book_env.with_name(f"{book_env.name}.bak-1").exists()
    assert sqlite3.connect(book_env).execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)


def test_the_latest_interaction_is_filled_in_when_an_older_book_is_migrated(book_env, run):
    old = db.open_book(book_env, migrations=migrations.MIGRATIONS[:7])
    with old.atomic():
        stamp = "2026-01-01T00:00:00+00:00"
        for name in ("Acme", "Globex"):
            old.execute(
                "INSERT INTO clients (name, name_key, owner, last_touch, created_at, updated_at) "
                "VALUES (?, ?, 'alice', ?, ?, ?)",
                (name, name.lower(), stamp, stamp, stamp),
            )
        for at in ("2026-03-01T10:00:00+00:00", "2026-05-01T10:00:00+00:00", "2026-04-01T10:00:00+00:00"):
            old.execute(
                "INSERT INTO interactions (client_id, kind, at, summary, by, created_at, updated_at) "
                "VALUES (1, 'call', ?, 'Call', 'alice', ?, ?)",
                (at, stamp, stamp),
            )
    old.close()
    run("init")
    latest = dict(sqlite3.connect(book_env).execute("SELECT name, last_interaction_at FROM clients"))
    assert latest == {"Acme": "2026-05-01T10:00:00+00:00", "Globex": None}


def test_a_crm_last_activity_of_an_older_book_is_kept_apart_when_it_is_migrated(book_env, run):
    """Schema 12 keeps a reported last contact apart; in an older book it is the last contact
    that is ahead of every interaction (only an import could have set it)."""
    old = db.open_book(book_env, migrations=migrations.MIGRATIONS[:11])
    with old.atomic():
        stamp = "2026-01-01T00:00:00+00:00"
        for name, contact, interaction in (("Acme", "2026-11-15T00:00:00+00:00", "2026-11-01T00:00:00+00:00"),
                                           ("Globex", "2026-11-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00"),
                                           ("Initech", "2026-10-01T00:00:00+00:00", None),
                                           ("Umbrella", None, None)):  # fmt: skip
            old.execute(
                "INSERT INTO clients (name, name_key, owner, last_contact_at, last_interaction_at, last_touch, "
                "created_at, updated_at) VALUES (?, ?, 'alice', ?, ?, ?, ?, ?)",
                (name, name.lower(), contact, interaction, contact or stamp, stamp, stamp),
            )
    old.close()
    run("init")
    reported = dict(sqlite3.connect(book_env).execute("SELECT name, reported_contact_at FROM clients"))
    assert reported == {"Acme": "2026-11-15T00:00:00+00:00", "Globex": None,
                        "Initech": "2026-10-01T00:00:00+00:00", "Umbrella": None}  # fmt: skip


def test_an_import_from_before_schema_12_is_undone_after_the_upgrade(book_env, run):
    """Its saved "before" has the last contact but no reported one: undoing it takes the report
    back too (the migration had read the imported last activity as a report)."""
    old = db.open_book(book_env, migrations=migrations.MIGRATIONS[:11])
    call, crm, stamp = "2026-11-01T10:00:00+00:00", "2026-11-15T00:00:00+00:00", "2026-11-16T00:00:00+00:00"
    with old.atomic():
        old.execute(
            "INSERT INTO clients (name, name_key, owner, last_contact_at, last_interaction_at, last_touch, "
            "created_at, updated_at) VALUES ('Acme', 'acme', 'alice', ?, ?, ?, ?, ?)",
            (crm, call, crm, stamp, stamp),
        )
        old.execute(
            "INSERT INTO interactions (client_id, kind, at, summary, by, created_at, updated_at) "
            "VALUES (1, 'call', ?, 'Call', 'alice', ?, ?)",
            (call, call, call),
        )
        old.execute("INSERT INTO imports (entity, file, at, by, counts) VALUES ('clients', 'crm.csv', ?, 'alice', ?)",
                    (stamp, '{"clients": {"added": 0, "updated": 1}}'))  # fmt: skip
        old.execute(
            "INSERT INTO import_changes (import_id, entity, record_id, before, after_updated_at) "
            "VALUES (1, 'clients', 1, ?, ?)",
            (
                f'{{"last_contact_at": "{call}", "last_touch": "{call}", "updated_at": "{call}", "import_id": null}}',
                stamp,
            ),
        )
    old.close()
    assert run("import", "undo", "1").stdout.startswith("Undid import #1: restored 1 record")
    clocks = sqlite3.connect(book_env).execute("SELECT last_contact_at, last_touch FROM clients").fetchone()
    assert clocks == (call, call)
    assert "ok    contact clocks" in run("doctor").stdout


def test_money_targets_of_an_older_book_are_in_its_currency(book_env, run):
    old = db.open_book(book_env, migrations=migrations.MIGRATIONS[:8])
    with old.atomic():
        stamp = "2026-01-01T00:00:00+00:00"
        old.execute("INSERT INTO settings VALUES ('currency', 'INR', ?)", (stamp,))
        for metric, value in (("upsell_won_value", "1000000.0"), ("nrr", "1.05")):
            old.execute(
                "INSERT INTO targets (owner, period, metric, value, created_at, updated_at) "
                "VALUES ('all', '2026', ?, ?, ?, ?)",
                (metric, value, stamp, stamp),
            )
    old.close()
    shown = {t["metric"]: t for t in run.json("target", "list")}
    assert shown["upsell_won_value"]["currency"] == "INR" and "currency" not in shown["nrr"]


def test_competitors_noted_twice_in_an_older_book_are_merged(book_env, run):
    """Before schema 10 noting "Globex" and then "GLOBEX" at one client made two notes."""
    old = db.open_book(book_env, migrations=migrations.MIGRATIONS[:9])
    with old.atomic():
        stamp = "2026-01-01T00:00:00+00:00"
        old.execute(
            "INSERT INTO clients (name, name_key, owner, last_touch, created_at, updated_at) "
            "VALUES ('Acme', 'acme', 'alice', ?, ?, ?)",
            (stamp, stamp, stamp),
        )
        for name, note, at in (("Globex", "Quoted 8% below", "2026-01-01T00:00:00+00:00"),
                               ("GLOBEX ", "Now 10% below", "2026-03-01T00:00:00+00:00"),
                               ("globex", None, "2026-04-01T00:00:00+00:00"),
                               ("Initech", None, "2026-02-01T00:00:00+00:00")):  # fmt: skip
            old.execute(
                "INSERT INTO client_competitors (client_id, competitor, note, created_at, updated_at) "
                "VALUES (1, ?, ?, ?, ?)",
                (name, note, at, at),
            )
    old.close()
    shown = run.json("client", "show", "Acme")["competitors"]
    assert [(k["id"], k["competitor"], k["note"]) for k in shown] == [
        (1, "Globex", "Now 10% below"),
        (4, "Initech", None),
    ]
    run("client", "competitor", "Acme", "gLoBeX", "--note", "Pilot")
    assert len(run.json("client", "show", "Acme")["competitors"]) == 2


def test_doctor_finds_and_repairs_clocks_changed_outside_relmgr(book_env, run):
    run("client", "add", "Acme")
    run("client", "add", "Globex")
    run("log", "Acme", "Call", "--at", "2026-11-20 10:00")
    assert "ok    contact clocks" in run("doctor").stdout
    conn = sqlite3.connect(book_env)
    with conn:  # someone edits the book with the sqlite3 shell
        conn.execute("UPDATE clients SET last_contact_at = NULL, last_interaction_at = NULL WHERE name = 'Acme'")
    conn.close()
    report = run.json("doctor", code=1)
    assert [c["name"] for c in report["checks"] if not c["ok"]] == ["contact clocks"]
    assert "1 client disagrees" in run("doctor", code=1).stdout
    repaired = run("doctor", "--repair")
    assert "Repaired the contact clocks of 1 client." in repaired.stderr and "FAIL" not in repaired.stdout
    clocks = (
        sqlite3.connect(book_env)
        .execute("SELECT last_contact_at, last_interaction_at, last_touch FROM clients WHERE name = 'Acme'")
        .fetchone()
    )
    assert clocks == ("2026-11-20T04:30:00+00:00",) * 3
    assert "Repaired the contact clocks of 0 clients." in run("doctor", "--repair").stderr


def test_doctor_keeps_a_last_contact_nothing_explains_as_a_reported_one(book_env, run):
    """A last contact later than every interaction and report (written by a script) is a report
    the book did not record: doctor says so, and --repair keeps it as one rather than losing it."""
    run("client", "add", "Acme")
    run("log", "Acme", "Call", "--at", "2026-11-20 10:00")
    with sqlite3.connect(book_env) as conn:
        conn.execute("UPDATE clients SET last_contact_at = '2026-11-21T00:00:00+00:00', "
                     "last_touch = '2026-11-21T00:00:00+00:00'")  # fmt: skip
    assert "1 client disagrees" in run("doctor", code=1).stdout
    assert "Repaired the contact clocks of 1 client." in run("doctor", "--repair").stderr
    kept = sqlite3.connect(book_env).execute("SELECT last_contact_at, reported_contact_at FROM clients").fetchone()
    assert kept == ("2026-11-21T00:00:00+00:00",) * 2
    assert "ok    contact clocks" in run("doctor").stdout
    run("interaction", "remove", "1")  # the call goes; the kept report stays the last contact
    assert sqlite3.connect(book_env).execute("SELECT last_contact_at FROM clients").fetchone()[0] == kept[0]


def _counting(book: db.Book) -> tuple[int, int]:
    return threading.get_ident(), book.value("SELECT count(*) FROM notes")


def _book_with_notes(tmp_path) -> db.Book:
    book = db.open_book(tmp_path / "book.db")
    book.execute("CREATE TABLE notes (text TEXT)")
    book.execute("INSERT INTO notes VALUES ('one')")
    return book


def _writer(tmp_path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "book.db", isolation_level=None, timeout=0)


def test_parts_read_together_in_two_threads_see_one_state_and_hold_writers_out(tmp_path):
    book, writer = _book_with_notes(tmp_path), _writer(tmp_path)
    tried = []

    def first(book: db.Book):  # a commit now would fall between the two parts' reads
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            writer.execute("INSERT INTO notes VALUES ('two')")
        tried.append(True)
        return _counting(book)

    (here, counted_here), (there, counted_there) = book.read_together(first, _counting)
    assert tried and here == threading.get_ident() != there
    assert counted_here == counted_there == 1
    writer.execute("INSERT INTO notes VALUES ('two')")  # let in once the parts are done
    assert not book.conn.in_transaction and book.value("SELECT count(*) FROM notes") == 2


def test_parts_are_read_one_after_another_while_a_writer_is_at_work(tmp_path):
    book, writer = _book_with_notes(tmp_path), _writer(tmp_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO notes VALUES ('not yet')")
    started = time.monotonic()
    parts = book.read_together(_counting, _counting)
    assert time.monotonic() - started < db.BUSY_TIMEOUT_MS / 1000 / 3  # did not wait for the writer
    assert parts == [(threading.get_ident(), 1)] * 2  # here, at the last committed state
    writer.execute("COMMIT")
    assert book.value("SELECT count(*) FROM notes") == 2  # and the book waits for writers again


@pytest.mark.parametrize("failing", [0, 1])
def test_a_part_that_fails_fails_the_whole_and_lets_writers_in(tmp_path, failing):
    book = _book_with_notes(tmp_path)

    def fail(book: db.Book):
        raise ValueError("no such figure")

    parts = [_counting, _counting]
    parts[failing] = fail
    with pytest.raises(ValueError, match="no such figure"):
        book.read_together(*parts)
    assert not book.conn.in_transaction
    _writer(tmp_path).execute("INSERT INTO notes VALUES ('two')")


def test_kpi_reads_alone_while_an_import_holds_the_book(run, book_env):
    run("client", "add", "Acme")
    run("complaint", "add", "Acme", "Late", "--at", "2026-11-20 09:00")
    alone = run.json("kpi", "--explain")
    writer = sqlite3.connect(book_env, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE complaints SET opened_at = '2020-01-01T00:00:00+00:00'")  # not committed: unseen
    assert run.json("kpi", "--explain") == alone
    writer.execute("ROLLBACK")
