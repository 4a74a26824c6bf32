"""Logging interactions and keeping promises: log, interaction list, followup add/list/done/snooze/cancel."""

import sqlite3

import pytest


def rows(book_env, sql):
    conn = sqlite3.connect(book_env)
    conn.row_factory = sqlite3.Row
    return [dict(r) for r in conn.execute(sql)]


@pytest.fixture
def acme(run):
    run("client", "add", "Acme", "--tier", "A")
    run("contact", "add", "Acme", "Jane Roe", "--title", "CFO", "--key")
    return "Acme"


def test_log_with_followup_is_one_write(run, acme, book_env):
    logged = run.json("log", "acme", "Call with CFO about invoice", "--contact", "jane", "--followup", "fri")
    assert logged["kind"] == "call" and logged["contact"] == "Jane Roe" and logged["by"] == "alice"
    assert logged["at"] == "2026-11-22T10:00:00+05:30"  # shown in local time (TZ=Asia/Kolkata)
    assert logged["followup"]["title"] == "Call with CFO about invoice"
    assert logged["followup"]["due"] == "2026-11-27" and logged["followup"]["owner"] == "alice"
    client = rows(book_env, "SELECT last_contact_at FROM clients")[0]
    assert client["last_contact_at"] == "2026-11-22T04:30:00+00:00"  # stored in UTC


def test_log_confirmation_line(run, acme):
    line = run("log", "Acme", "Sent the deck", "--kind", "EMAIL", "--followup", "+3d").stdout.strip()
    assert line == "Logged email #1 with Acme; follow-up #1 due 2026-11-25"


def test_kinds_and_severities_in_the_words_imports_read(run, acme):
    """What a file may say, a command may say: WhatsApp is a chat, `urgent` critical, `Wysoki` high."""
    for typed, kind in [("WhatsApp", "chat"), ("e-mail", "email"), ("Spotkanie", "meeting"), ("zoom", "meeting")]:
        assert run.json("log", "Acme", f"By {typed}", "--kind", typed)["kind"] == kind
    assert len(run.json("interaction", "list", "--kind", "whatsapp")) == 1
    assert run.json("complaint", "add", "Acme", "Down", "--severity", "urgent")["severity"] == "critical"
    assert run.json("complaint", "add", "Acme", "Late", "--severity", "Wysoki")["severity"] == "high"
    assert run.json("opportunity", "add", "Acme", "Add-on", "--kind", "add-on")["kind"] == "cross-sell"
    assert "is not one of: call, email" in run.error("log", "Acme", "x", "--kind", "fax", code=2)
    assert "is not one of: low, medium" in run.error("complaint", "add", "Acme", "x", "--severity", "p9", code=2)


def test_backdated_interaction_and_last_contact_keeps_the_latest(run, acme, book_env):
    run("log", "Acme", "Today's call")
    run("log", "Acme", "Old meeting", "--kind", "meeting", "--at", "2026-10-01 09:30")
    assert rows(book_env, "SELECT last_contact_at FROM clients")[0]["last_contact_at"].startswith("2026-11-22")
    listed = run.json("interaction", "list", "Acme")
    assert [i["summary"] for i in listed] == ["Today's call", "Old meeting"]
    assert [i["summary"] for i in run.json("interaction", "list", "--since", "2026-11-01")] == ["Today's call"]
    assert [i["summary"] for i in run.json("interaction", "list", "--kind", "meeting")] == ["Old meeting"]
    assert len(run.json("interaction", "list", "--limit", "1")) == 1
    # an amount without a sign looks back where the option is about the past, ahead where not
    run("log", "Acme", "Call two hours ago", "--at", "2h")
    recent = run.json("interaction", "list", "--since", "3h")
    assert [(i["summary"], i["at"][11:16]) for i in recent] == [("Today's call", "10:00"),
                                                                 ("Call two hours ago", "08:00")]  # fmt: skip
    assert len(run.json("interaction", "list", "--since", "30d")) == 2  # from 23 October: not the old meeting
    assert run.json("followup", "add", "Acme", "Send the quote", "--due", "3d")["due"] == "2026-11-25"


def clocks(book_env):
    return {r["name"]: (r["last_contact_at"], r["last_touch"])
            for r in rows(book_env, "SELECT name, last_contact_at, last_touch FROM clients")}  # fmt: skip


def test_an_interaction_logged_wrong_is_mended_and_the_clocks_follow(run, acme, book_env):
    run("client", "add", "Globex")
    run("log", "Acme", "Old meeting", "--kind", "meeting", "--at", "2026-10-01 09:30")
    run("log", "Acme", "Call about the invoce", "--contact", "Jane", "--at", "2026-11-20 15:00")
    said = run("interaction", "edit", "2", "--summary", "Call about the invoice").stdout
    assert said == "Updated call #2 with Acme: summary\n"
    assert [h["id"] for h in run.json("search", "invoice")] == [2] and run.json("search", "invoce") == []
    # logged at the wrong client: Jane is Acme's, so the move asks who it was with at Globex
    message = run.error("interaction", "edit", "2", "--client", "Globex", code=2)
    assert message == ("relmgr: Jane Roe is a contact at Acme, not Globex (name who it was at Globex with "
                       "--contact NAME, or none with --contact '')")  # fmt: skip
    moved = run.json("interaction", "edit", "2", "--client", "Globex", "--contact", "")
    assert (moved["client"], moved["contact"]) == ("Globex", None)
    assert clocks(book_env) == {"Acme": ("2026-10-01T04:00:00+00:00",) * 2,  # back to the old meeting
                                "Globex": ("2026-11-20T09:30:00+00:00",) * 2}  # fmt: skip
    assert run("interaction", "edit", "2", "--at", "2026-11-21 08:00").stdout == "Updated call #2 with Globex: at\n"
    assert clocks(book_env)["Globex"] == ("2026-11-21T02:30:00+00:00",) * 2
    assert run("interaction", "edit", "2", "--kind", "call").stdout == "Nothing to change in call #2 with Globex\n"
    assert "ok    contact clocks" in run("doctor").stdout


def test_removing_an_interaction_moves_the_last_contact_back(run, acme, book_env):
    run("log", "Acme", "Old meeting", "--kind", "meeting", "--at", "2026-10-01 09:30")
    run("log", "Acme", "Call by mistake")
    assert run("interaction", "remove", "2").stdout == "Removed call #2 with Acme of 2026-11-22 10:00\n"
    assert clocks(book_env)["Acme"] == ("2026-10-01T04:00:00+00:00",) * 2
    assert run.json("agenda")["stale"][0]["days_since_contact"] == 52  # tier A allows 30: stale again
    run("interaction", "remove", "1")
    created = rows(book_env, "SELECT created_at FROM clients")[0]["created_at"]
    assert clocks(book_env)["Acme"] == (None, created) and run.json("interaction", "list") == []
    assert run.json("search", "mistake") == []
    assert "ok    contact clocks" in run("doctor").stdout


def test_a_last_activity_from_a_crm_outlives_removing_an_older_interaction(run, book_env, tmp_path):
    (tmp_path / "c.csv").write_text("Account Name,Last Activity\nAcme,2026-11-15\n")
    run("import", "clients", str(tmp_path / "c.csv"))
    run("log", "Acme", "Call", "--at", "2026-11-10 12:00")
    before = clocks(book_env)["Acme"]
    assert before[0].startswith("2026-11-1") and before[0] > "2026-11-10T06:30"  # the CRM's, not the call's
    run("interaction", "remove", "1")
    assert clocks(book_env)["Acme"] == before


def test_a_last_activity_from_a_crm_outlives_removing_a_later_interaction(run, book_env, tmp_path):
    """A call logged on the wrong client of an imported book, then removed, left the client
    "never" contacted (and, created years ago in the CRM, gone quiet in the agenda): the CRM's
    Last Activity was overwritten by the call and nothing kept it."""
    (tmp_path / "c.csv").write_text("Account Name,Created Date,Last Activity\nAcme,2020-01-06,2026-11-15\n")
    run("import", "clients", str(tmp_path / "c.csv"))
    crm = clocks(book_env)["Acme"]
    run("log", "Acme", "Call on the wrong client")
    assert clocks(book_env)["Acme"][0] == "2026-11-22T04:30:00+00:00"
    run("interaction", "remove", "1")
    assert clocks(book_env)["Acme"] == crm == ("2026-11-14T18:30:00+00:00", "2026-11-14T18:30:00+00:00")
    assert run.json("agenda")["stale"] == []
    # moved earlier than the CRM's report, a call leaves the report as the last contact
    call = run.json("log", "Acme", "Call", "--at", "2026-11-20 10:00")
    run("interaction", "edit", str(call["id"]), "--at", "2026-11-01 10:00")
    assert clocks(book_env)["Acme"] == crm
    assert "ok    contact clocks" in run("doctor").stdout
    # and its own export, read again, changes nothing
    (tmp_path / "own.csv").write_text(run("export", "clients").stdout)
    assert "0 added, 0 updated, 1 unchanged" in run("import", "clients", str(tmp_path / "own.csv")).stdout


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [(["9", "--summary", "x"], 1, "no interaction #9"), (["1"], 2, "nothing to change"),
     (["1", "--summary", " "], 2, "needs a summary"),
     (["1", "--kind", "fax"], 2, "not one of"), (["1", "--at", "tomorrow"], 2, "in the future"),
     (["1", "--at", "whenever"], 2, "--at"), (["1", "--contact", "Nobody"], 1, "no contact matching"),
     (["1", "--client", "Initech"], 1, "no client matches")],
)  # fmt: skip
def test_bad_interaction_edits_change_nothing(run, acme, book_env, args, code, needle):
    run("log", "Acme", "A call", "--contact", "Jane")
    before = rows(book_env, "SELECT * FROM interactions") + rows(book_env, "SELECT * FROM clients")
    assert needle in run.error("interaction", "edit", *args, code=code)
    assert rows(book_env, "SELECT * FROM interactions") + rows(book_env, "SELECT * FROM clients") == before
    assert "no interaction #9" in run.error("interaction", "remove", "9", code=1)


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [(["--kind", "fax"], 2, "kind"), (["--at", "tomorrow 15:00"], 2, "future"), (["--at", "whenever"], 2, "--at"),
     (["--contact", "Nobody"], 1, "no contact"), (["--followup", "someday"], 2, "--followup"),
     (["--followup", "2026-11-31"], 2, "November 2026 has 30 days")],
)  # fmt: skip
def test_bad_log_input_writes_nothing(run, acme, book_env, args, code, needle):
    assert needle in run.error("log", "Acme", "A call", *args, code=code)
    assert rows(book_env, "SELECT count(*) AS n FROM interactions")[0]["n"] == 0
    assert rows(book_env, "SELECT count(*) AS n FROM followups")[0]["n"] == 0


def test_unknown_client_in_log(run, acme):
    assert "no client matches" in run.error("log", "Initech", "Call", code=1)


def test_followup_add_list_done(run, acme):
    added = run.json("followup", "add", "Acme", "Send revised quote", "--due", "2026-11-20")
    run("followup", "add", "Acme", "Book QBR", "--due", "in 10 days", "--owner", "bob")
    assert run.json("followup", "list", "--owner", "bob")[0]["due"] == "2026-12-02"
    assert added["status"] == "open" and added["due"] == "2026-11-20"
    assert [f["title"] for f in run.json("followup", "list")] == ["Send revised quote", "Book QBR"]
    assert [f["title"] for f in run.json("followup", "list", "--overdue")] == ["Send revised quote"]
    assert [f["title"] for f in run.json("followup", "list", "--owner", "bob")] == ["Book QBR"]
    done = run.json("followup", "done", "1", "--note", "sent by email")
    assert done["status"] == "done" and done["done_at"] and done["note"] == "sent by email" and "next" not in done
    assert [f["title"] for f in run.json("followup", "list")] == ["Book QBR"]
    assert len(run.json("followup", "list", "--all")) == 2
    assert "already done" in run.error("followup", "done", "1", code=1)
    assert "no follow-up #42" in run.error("followup", "done", "42", code=1)


def test_followup_with_a_time(run, acme):
    added = run.json("followup", "add", "Acme", "Call back", "--due", "2026-11-23 15:30")
    assert added["due"].startswith("2026-11-23T15:30:00")


def test_recurring_followup_opens_the_next_one(run, acme, book_env):
    run("followup", "add", "Acme", "Monthly check-in", "--due", "2026-11-30", "--every", "monthly")
    done = run.json("followup", "done", "1")
    assert done["next"]["due"] == "2026-12-30" and done["next"]["every"] == "1mo"
    assert done["next"]["status"] == "open"
    second = run.json("followup", "done", str(done["next"]["id"]))
    assert second["next"]["due"] == "2027-01-30"
    chain = rows(book_env, "SELECT id, previous_id FROM followups ORDER BY id")
    assert [(r["id"], r["previous_id"]) for r in chain] == [(1, None), (2, 1), (3, 2)]


def test_recurring_month_end_anchor_through_the_cli(run, acme, monkeypatch):
    monkeypatch.setenv("RELMGR_NOW", "2026-01-30T09:00:00")
    run("followup", "add", "Acme", "Invoice run", "--due", "2026-01-31", "--every", "monthly")
    feb = run.json("followup", "done", "1")["next"]
    assert feb["due"] == "2026-02-28"
    monkeypatch.setenv("RELMGR_NOW", "2026-02-27T09:00:00")
    assert run.json("followup", "done", str(feb["id"]))["next"]["due"] == "2026-03-31"


def test_bad_recurrence_is_refused(run, acme, book_env):
    assert "recurrence" in run.error("followup", "add", "Acme", "X", "--due", "fri", "--every", "often", code=2)
    assert rows(book_env, "SELECT count(*) AS n FROM followups")[0]["n"] == 0


def test_followup_edit_mends_the_title_and_hands_one_promise_to_a_colleague(run, acme, book_env):
    run("client", "add", "Globex", "--owner", "priya")
    run("followup", "add", "Acme", "Send qoute", "--due", "fri")
    said = run("followup", "edit", "1", "--title", "Send  quote", "--owner", "priya", "--contact", "jane")
    assert said.stdout == "Updated follow-up #1 for Acme: title, owner, contact (now priya's)\n"
    assert said.stderr == ""  # priya is known: she owns Globex
    assert [f["title"] for f in run.json("agenda", "--owner", "priya")["upcoming"]] == ["Send quote"]
    assert run.json("agenda")["upcoming"] == []
    assert run.json("search", "quote")[0]["title"] == "Send quote"
    cleared = run.json("followup", "edit", "1", "--contact", "", "--note", "Prices in EUR")
    assert (cleared["contact"], cleared["note"], cleared["due"]) == (None, "Prices in EUR", "2026-11-27")
    assert run("followup", "edit", "1", "--owner", "priya").stdout == "Nothing to change in follow-up #1 for Acme\n"
    assert "'prya' owns nothing" in run("followup", "edit", "1", "--owner", "prya").stderr  # changed, and noted
    before = rows(book_env, "SELECT * FROM followups")
    assert "nothing to change" in run.error("followup", "edit", "1", code=2)
    assert "needs a title" in run.error("followup", "edit", "1", "--title", "  ", code=2)
    assert "no contact matching" in run.error("followup", "edit", "1", "--contact", "Nobody", code=1)
    assert "no follow-up #9" in run.error("followup", "edit", "9", "--title", "x", code=1)
    run("followup", "done", "1")
    assert "nothing left to hand over" in run.error("followup", "edit", "1", "--owner", "alice", code=1)
    assert "nothing left to hand over" in run.error("followup", "edit", "1", "--owner", "zed", code=1)  # one line
    assert rows(book_env, "SELECT title, owner, contact_id, note FROM followups") == [
        {k: before[0][k] for k in ("title", "owner", "contact_id", "note")}
    ]


def test_snooze_and_cancel(run, acme):
    run("followup", "add", "Acme", "Chase PO", "--due", "yesterday")
    assert run.json("followup", "snooze", "1", "--until", "mon")["due"] == "2026-11-23"
    assert "--until" in run.error("followup", "snooze", "1", "--until", "later", code=2)
    assert run.error("followup", "snooze", "1", "--until", "yesterday", code=2) == (
        "relmgr: --until 2026-11-21 is in the past (snoozing moves a follow-up later: give today or a later day)"
    )
    assert run.json("followup", "snooze", "1", "--until", "today 18:00")["due"] == "2026-11-22T18:00:00+05:30"
    assert run.json("followup", "cancel", "1")["status"] == "cancelled"
    assert "already cancelled" in run.error("followup", "snooze", "1", "--until", "mon", code=1)


def test_snooze_takes_the_new_date_as_it_is_said(run, acme):
    """`followup snooze 1 fri` is how it is said; it was "unexpected extra argument"."""
    run("followup", "add", "Acme", "Chase PO", "--due", "yesterday")
    assert run.json("followup", "snooze", "1", "fri")["due"] == "2026-11-27"
    assert run.json("followup", "snooze", "#1", "2026-12-01 09:30")["due"] == "2026-12-01T09:30:00+05:30"
    assert run.error("followup", "snooze", "1", "fri", "--until", "mon", code=2) == (
        "relmgr: two new dates ('fri' and --until 'mon') (give one: `snooze ID WHEN` or --until WHEN)"
    )
    assert "cannot read --until 'later'" in run.error("followup", "snooze", "1", "later", code=2)
    assert run.json("followup", "list")[0]["due"] == "2026-12-01T09:30:00+05:30"


def test_missing_required_input_without_a_terminal_is_exit_2(run, acme):
    assert "--due" in run.error("followup", "add", "Acme", "Send quote", code=2)
    assert "TITLE" in run.error("followup", "add", "Acme", code=2)
    assert "CLIENT" in run.error("log", code=2)
    assert "NAME" in run.error("--no-input", "client", "add", code=2)
    assert "NAME" in run.error("client", "add", "--no-input", code=2)


def test_a_finite_rrule_ends_its_series(run, acme):
    run("followup", "add", "Acme", "Twice", "--due", "2026-11-23", "--every", "FREQ=WEEKLY;COUNT=2")
    second = run.json("followup", "done", "1")["next"]
    assert second["due"] == "2026-11-30"
    assert run("followup", "done", str(second["id"])).stdout == (
        "Done follow-up #2 for Acme: Twice; that was the last of its series\n"
    )
    last = run.json("followup", "list", "--all")[-1]
    assert last["status"] == "done" and "next" not in last
    assert [f["status"] for f in run.json("followup", "list", "--all")] == ["done", "done"]


def test_skip_passes_over_one_occurrence_and_the_series_goes_on(run, acme, book_env):
    """The client is closed for the holidays: December's review is skipped, January's stays on its day."""
    run("followup", "add", "Acme", "Monthly review", "--due", "2026-11-30", "--every", "monthly")
    run("followup", "snooze", "1", "--until", "2026-12-02")
    said = run("followup", "skip", "1", "--note", "closed for the holidays")
    assert said.stdout == "Skipped follow-up #1 for Acme: Monthly review; next #2 due 2026-12-30\n"
    skipped = run.json("followup", "list", "--all")
    assert [(f["id"], f["due"], f["status"]) for f in skipped] == [(1, "2026-12-02", "cancelled"),
                                                                    (2, "2026-12-30", "open")]  # fmt: skip
    assert skipped[0]["note"] == "closed for the holidays"
    assert rows(book_env, "SELECT previous_id FROM followups WHERE id = 2") == [{"previous_id": 1}]
    assert run.json("followup", "skip", "2", "--json")["next"]["due"] == "2027-01-30"
    assert run("followup", "skip", "3", "-q").stdout == "3\n"  # the one skipped, as `done -q` prints
    # one that does not repeat has nothing to skip to; a closed one cannot be skipped; nothing written
    run("followup", "add", "Acme", "Send quote", "--due", "fri")
    before = rows(book_env, "SELECT * FROM followups")
    assert run.error("followup", "skip", "5", code=1) == (
        "relmgr: follow-up #5 does not repeat: there is no next one to skip to (cancel it, or snooze it to a later day)"
    )
    assert "already cancelled; cannot skip it" in run.error("followup", "skip", "1", code=1)
    assert "no follow-up #9" in run.error("followup", "skip", "9", code=1)
    assert rows(book_env, "SELECT * FROM followups") == before


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["agenda", "--date", "9999-12-31"], "--date '9999-12-31' is out of range"),
     (["kpi", "--period", "9999"], "period '9999' is out of range"),
     (["kpi", "--from", "0001-01-01", "--to", "2026-01-01"], "--from '0001-01-01' is out of range"),
     (["kpi", "--trend", "121"], "not in the range 0<=x<=120"),
     (["renewals", "--within", "99999999d"], "--within '99999999d' is longer than a hundred years"),
     (["timeline", "Acme", "--since", "0001-01-01"], "--since '0001-01-01' is out of range"),
     (["followup", "add", "Acme", "x", "--due", "+99999y"], "--due '+99999y' is out of range"),
     (["config", "set", "cadence.A", "99999999d"], "is longer than a hundred years")],
)  # fmt: skip
def test_dates_and_spans_past_the_calendar_are_refused_in_one_line(run, acme, book_env, args, needle):
    """Each of these stopped with `internal error: OverflowError` (or year 0)."""
    assert needle in run.error(*args, code=2)
    assert rows(book_env, "SELECT count(*) AS n FROM followups") == [{"n": 0}]


HUGE = "999999999999999999999"  # past SQLite's largest integer (2**63 - 1)


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["complaint", "show", HUGE], "Invalid value for 'ID': " + HUGE + " is larger than any id"),
     (["followup", "done", HUGE], "is larger than any id"),
     (["contact", "edit", HUGE, "--title", "CEO"], "is larger than any id"),
     (["import", "undo", HUGE], "is larger than any id"),
     (["followup", "add", "Acme", "x", "--due", "fri", "--complaint", HUGE], "'--complaint': " + HUGE + " is larger"),
     (["complaint", "show", "abc"], "Invalid value for 'ID': 'abc' is not an id (ids are whole numbers)"),
     (["followup", "done", "²"], "'²' is not an id"),
     (["agenda", "--limit", HUGE], "not in the range 0<=x<=1000000000"),
     (["agenda", "--days", "99999999"], "not in the range 0<=x<=36525"),
     (["demo", "--days", "-1"], "not in the range 0<=x<=36525"),
     (["interaction", "list", "--limit", HUGE], "not in the range 0<=x<=1000000000"),
     (["search", "acme", "--limit", HUGE], "not in the range 1<=x<=1000000000")],
)  # fmt: skip
def test_numbers_no_record_could_have_are_refused_in_one_line(run, acme, book_env, args, needle):
    """Typer read these as ints and SQLite (or the date arithmetic) failed on them: `internal
    error: OverflowError`. `²` passed `str.isdigit` and failed `int()`."""
    assert needle in run.error(*args, code=2)
    assert rows(book_env, "SELECT count(*) AS n FROM followups") == [{"n": 0}]


def test_ids_are_written_as_lists_show_them(run, acme):
    run("followup", "add", "Acme", "Send quote", "--due", "fri")
    assert run.json("followup", "done", "#1")["status"] == "done"
    assert run.json("contact", "show", "१")["name"] == "Jane Roe"  # Devanagari digits are digits


@pytest.mark.parametrize("ref", [HUGE, "²", "#" + HUGE])
def test_a_client_written_as_an_impossible_id_is_looked_up_by_name(run, acme, ref):
    assert f"no client matches {ref!r}" in run.error("log", ref, "Call", code=1)
    assert f"no client matches {ref!r}" in run.error("contact", "add", ref, "Dana", code=1)
    assert "no contact" in run.error("log", "Acme", "Call", "--contact", ref, code=1)


def test_a_notice_period_past_a_hundred_years_is_refused(run, acme, book_env):
    base = ["contract", "add", "Acme", "--start", "2026-01-01", "--end", "2026-12-31", "--value", "100"]
    assert "--notice-days 36526 is more than a hundred years" in run.error(*base, "--notice-days", "36526", code=2)
    assert "is more than a hundred years" in run.error(*base, "--notice-days", HUGE, code=2)
    assert run.json(*base, "--notice-days", "36525")["decision_date"] == "1926-12-31"


def test_a_removed_record_s_id_is_never_given_to_another(run, acme, book_env, tmp_path):
    """Removing the newest interaction (a call logged by mistake, the usual reason) handed its id
    to the next one logged: `#2` in a note or a script then named another call."""
    run("log", "Acme", "First call")
    mistaken = run.json("log", "Acme", "Call on the wrong client")
    run("interaction", "remove", str(mistaken["id"]))
    assert run.json("log", "Acme", "The right call")["id"] == mistaken["id"] + 1
    newest = run.json("contact", "add", "Acme", "Dana Roe")
    run("contact", "remove", str(newest["id"]))
    assert run.json("contact", "add", "Acme", "Sam Ortiz")["id"] == newest["id"] + 1
    # imports too, a first load in bulk included, and after an undo
    calls = tmp_path / "calls.csv"
    calls.write_text("client,summary,at\nAcme,Imported one,2026-11-01\nAcme,Imported two,2026-11-02\n")
    run("import", "interactions", str(calls))
    run("import", "undo", "1")
    run("import", "interactions", str(calls))
    assert sorted(i["id"] for i in run.json("interaction", "list")) == [1, 3, 6, 7]
    for interaction in run.json("interaction", "list"):
        run("interaction", "remove", str(interaction["id"]))
    run("import", "interactions", str(calls))  # an empty table: the bulk path
    assert sorted(i["id"] for i in run.json("interaction", "list")) == [8, 9]
    # an id in relmgr's own export, free in the book, still brings its record back as it was
    exported = tmp_path / "back.csv"
    exported.write_text("id,client,summary,at\n2,Acme,Call on the wrong client,2026-11-22T10:00:00+05:30\n")
    run("import", "interactions", str(exported))
    assert sorted(i["id"] for i in run.json("interaction", "list")) == [2, 8, 9]
