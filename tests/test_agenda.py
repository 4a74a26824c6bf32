"""The agenda (SPEC §8): sections, order, owners, limits, stale clients by tier cadence."""

import pytest

KEYS = {"overdue", "today", "complaints", "renewals", "stale", "opportunities", "upcoming"}


@pytest.fixture
def book(run, monkeypatch):
    # Clients added long ago, so the stale clock runs from their last contact.
    monkeypatch.setenv("RELMGR_NOW", "2026-06-01T09:00:00")
    for name, tier, owner in [("Acme", "A", "alice"), ("Globex", "B", "alice"), ("Initech", "C", "alice"),
                              ("Umbrella", "A", "bob")]:  # fmt: skip
        run("client", "add", name, "--tier", tier, "--owner", owner)
    monkeypatch.setenv("RELMGR_NOW", "2026-11-22T10:00:00")
    run("log", "Acme", "Call", "--at", "2026-10-20")  # 33 days ago: A cadence 30d, 3 days overdue
    run("log", "Globex", "Call", "--at", "2026-10-01")  # 52 days: within B's 60d
    run("log", "Initech", "Call", "--at", "2026-07-01")  # 144 days: C 90d, 54 overdue
    run("log", "Umbrella", "Call", "--at", "2026-09-01")  # bob's
    run("followup", "add", "Acme", "Overdue 2", "--due", "2026-11-20")
    run("followup", "add", "Globex", "Overdue 5", "--due", "2026-11-17")
    run("followup", "add", "Acme", "Today", "--due", "today")
    run("followup", "add", "Acme", "In 3 days", "--due", "+3d")
    run("followup", "add", "Acme", "In 10 days", "--due", "+10d")
    run("followup", "add", "Umbrella", "Bob's", "--due", "2026-11-19", "--owner", "bob")
    return run


def test_sections_in_order_and_most_urgent_first(book):
    plan = book.json("agenda")
    assert KEYS <= set(plan)
    assert [f["title"] for f in plan["overdue"]] == ["Overdue 5", "Overdue 2"]
    assert [f["days_overdue"] for f in plan["overdue"]] == [5, 2]
    assert [f["title"] for f in plan["today"]] == ["Today"]
    assert [f["title"] for f in plan["upcoming"]] == ["In 3 days"]
    assert [(s["client"], s["days_overdue"]) for s in plan["stale"]] == [("Initech", 54), ("Acme", 3)]
    assert plan["complaints"] == plan["renewals"] == plan["opportunities"] == []


def test_owner_all_days_and_date(book):
    assert [f["title"] for f in book.json("agenda", "--owner", "bob")["overdue"]] == ["Bob's"]
    assert [s["client"] for s in book.json("agenda", "--owner", "bob")["stale"]] == ["Umbrella"]
    assert len(book.json("agenda", "--all")["overdue"]) == 3
    assert [f["title"] for f in book.json("agenda", "--days", "14")["upcoming"]] == ["In 3 days", "In 10 days"]
    tomorrow = book.json("agenda", "--date", "tomorrow")
    assert [f["title"] for f in tomorrow["overdue"]] == ["Overdue 5", "Overdue 2", "Today"]


def test_limit_counts_the_rest(book):
    plan = book.json("agenda", "--limit", "1")
    assert len(plan["overdue"]) == 1 and plan["totals"]["overdue"] == 2
    text = book("agenda", "--limit", "1").stdout
    assert "and 1 more" in text
    assert len(book.json("agenda", "--limit", "0")["overdue"]) == 2


def test_done_followups_leave_and_archived_clients_hide(book):
    book("followup", "done", "1")
    book("client", "archive", "Initech")
    plan = book.json("agenda")
    assert [f["title"] for f in plan["overdue"]] == ["Overdue 5"]
    assert [s["client"] for s in plan["stale"]] == ["Acme"]


def test_cadence_is_a_setting(book):
    book("config", "set", "cadence.B", "30d")
    assert [s["client"] for s in book.json("agenda")["stale"]] == ["Initech", "Globex", "Acme"]


def test_a_new_client_is_not_stale_until_its_cadence_passes(run):
    run("client", "add", "Fresh", "--tier", "A")
    assert run.json("agenda")["stale"] == []
    assert [s["client"] for s in run.json("agenda", "--date", "+31d")["stale"]] == ["Fresh"]


def test_text_agenda(book):
    text = book("agenda").stdout
    assert "Overdue follow-ups (2)" in text and "Gone quiet (2)" in text
    assert "Overdue 5" in text and "\x1b[" not in text and "─" not in text


def test_bad_agenda_input(book):
    assert "--date" in book.error("agenda", "--date", "someday", code=2)
    assert book.error("agenda", "--limit", "-1", code=2)


def test_agenda_queries_use_indexes_and_never_read_history(book, book_env):
    """The agenda must not grow with the book: no table scans, no interaction history."""
    from relmgr import agenda, db

    opened = db.open_book(book_env)
    statements = []
    opened.conn.set_trace_callback(statements.append)
    for owners in (["alice"], None):
        agenda.build(opened, owners=owners)
    opened.conn.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "settings" not in s]
    assert selects
    for statement in selects:
        assert "interactions" not in statement
        plan = " | ".join(row[3] for row in opened.execute("EXPLAIN QUERY PLAN " + statement))
        for step in plan.split(" | "):
            if step.startswith("SCAN"):
                assert step == "SCAN clients USING INDEX clients_archived", f"{step} in {statement}"


def test_an_empty_agenda_names_whose_it_is_and_a_stranger_is_noted(run):
    run("client", "add", "Acme", "--owner", "priya")
    assert "Nothing needs you." in run("agenda").stdout
    theirs = run("agenda", "--owner", "priya")
    assert "Nothing needs priya." in theirs.stdout and theirs.stderr == ""
    assert "Nothing needs anyone." in run("agenda", "--all").stdout
    typo = run("agenda", "--owner", "priay")
    assert "Nothing needs priay." in typo.stdout
    assert typo.stderr.startswith("relmgr: note: 'priay' owns nothing in this book")
