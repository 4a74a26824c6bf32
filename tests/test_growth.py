"""Opportunities, feedback, handovers and the calendar (issue #4)."""

import sqlite3
import stat

import pytest
from icalendar import Calendar


def count(book_env, table):
    return sqlite3.connect(book_env).execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def acme(run):
    run("client", "add", "Acme")
    run("contact", "add", "Acme", "Dana Whitfield", "--key")
    return run


def test_opportunity_from_identified_to_won(acme):
    added = acme.json("opportunity", "add", "Acme", "Analytics add-on", "--kind", "Upsell", "--value", "36000",
                      "--at", "2026-11-01")  # fmt: skip
    assert (added["kind"], added["status"], added["value"], added["currency"]) == ("upsell", "identified", 36000, "USD")
    forwarded = acme.json("opportunity", "forward", "1", "--to", "marco", "--note", "Pricing asked in QBR")
    assert forwarded["status"] == "forwarded" and forwarded["forwarded_to"] == "marco"
    assert forwarded["forwarded_at"] == "2026-11-22T10:00:00+05:30" and "Pricing" in forwarded["notes"]
    won = acme.json("opportunity", "won", "1", "--value", "38000.50")
    assert won["status"] == "won" and won["value"] == 38000.5 and won["closed_at"]
    refused = "relmgr: opportunity #1 is already won; cannot mark it"
    assert acme.error("opportunity", "lost", "1", code=1) == f"{refused} lost"
    assert acme.error("opportunity", "won", "1", code=1) == f"{refused} won"
    assert "already won; cannot forward it" in acme.error("opportunity", "forward", "1", "--to", "x", code=1)


def test_opportunity_lost_and_bad_input(acme, book_env):
    acme("opportunity", "add", "Acme", "Water plan", "--kind", "cross-sell")
    lost = acme.json("opportunity", "lost", "1", "--reason", "No budget")
    assert lost["status"] == "lost" and lost["reason"] == "No budget" and lost["value"] is None
    assert "kind" in acme.error("opportunity", "add", "Acme", "X", "--kind", "resell", code=2)
    assert "--kind" in acme.error("opportunity", "add", "Acme", "X", code=2)
    assert "negative" in acme.error("opportunity", "add", "Acme", "X", "--kind", "upsell", "--value", "-1", code=2)
    assert "future" in acme.error("opportunity", "add", "Acme", "X", "--kind", "upsell", "--at", "+2d", code=2)
    assert "status" in acme.error("opportunity", "list", "--status", "maybe", code=2)
    assert count(book_env, "opportunities") == 1


def test_an_opportunity_entered_wrong_is_mended_or_removed(acme, book_env):
    acme("opportunity", "add", "Acme", "Analytcs", "--kind", "upsell", "--value", "3600")
    line = acme("opportunity", "edit", "1", "--title", " Analytics  add-on ", "--value", "€36.000").stdout.strip()
    assert line == "Updated opportunity #1 at Acme: title, value, currency"
    mended = acme.json("opportunity", "edit", "1", "--kind", "Cross-Sell", "--notes", "seats: 20")
    assert (mended["title"], mended["kind"], mended["value"], mended["currency"], mended["notes"]) == (
        "Analytics add-on", "cross-sell", 36000, "EUR", "seats: 20")  # fmt: skip
    assert acme("opportunity", "edit", "1", "--kind", "cross-sell").stdout.strip() == (
        "Nothing to change in opportunity #1 at Acme")  # fmt: skip
    assert "never forwarded" in acme.error("opportunity", "edit", "1", "--to", "marco", code=1)
    assert "a reason is kept for one that was lost" in acme.error("opportunity", "edit", "1", "--reason", "x", code=1)
    assert "nothing to change" in acme.error("opportunity", "edit", "1", code=2)
    assert "needs a title" in acme.error("opportunity", "edit", "1", "--title", "  ", code=2)
    assert "not an amount" in acme.error("opportunity", "edit", "1", "--value", "lots", code=2)
    acme("opportunity", "forward", "1", "--to", "marc")
    assert acme.json("opportunity", "edit", "1", "--to", "marco")["forwarded_to"] == "marco"
    acme("opportunity", "lost", "1", "--reason", "budgte")
    assert acme.json("opportunity", "edit", "1", "--reason", "budget")["reason"] == "budget"
    assert [hit["id"] for hit in acme.json("search", "Analytics")] == [1]
    removed = acme("opportunity", "remove", "1").stdout.strip()
    assert removed == "Removed opportunity #1 cross-sell at Acme: Analytics add-on, 36,000 EUR"
    assert count(book_env, "opportunities") == 0
    assert acme.json("search", "Analytics") == []  # the search index forgets it too
    assert "no opportunity #1" in acme.error("opportunity", "remove", "1", code=1)


def test_an_outcome_cannot_be_dated_before_the_hand_off(acme, book_env):
    acme("opportunity", "add", "Acme", "Analytics add-on", "--kind", "upsell", "--at", "2026-11-01")
    assert "before the opportunity was identified" in acme.error(
        "opportunity", "forward", "1", "--to", "marco", "--at", "2026-10-31", code=2
    )
    acme("opportunity", "forward", "1", "--to", "marco", "--at", "2026-11-10 09:00")
    message = acme.error("opportunity", "won", "1", "--at", "2026-11-05", code=2)
    assert "is before the opportunity was forwarded (2026-11-10T09:00:00+05:30)" in message
    assert acme.json("opportunity", "list")[0]["status"] == "forwarded"
    assert acme.json("opportunity", "won", "1", "--at", "2026-11-20")["closed_at"].startswith("2026-11-20")


def test_hand_offs_age_into_the_agenda_after_30_days(acme):
    acme("opportunity", "add", "Acme", "Old hand-off", "--kind", "upsell", "--at", "2026-10-01")
    acme("opportunity", "forward", "1", "--to", "marco", "--at", "2026-10-22 09:00")  # 31 days ago
    acme("opportunity", "add", "Acme", "Recent hand-off", "--kind", "upsell", "--at", "2026-10-01")
    acme("opportunity", "forward", "2", "--to", "marco", "--at", "2026-10-24 09:00")  # 29 days ago
    acme("opportunity", "add", "Acme", "Not handed off", "--kind", "upsell", "--at", "2026-09-01")
    waiting = acme.json("agenda")["opportunities"]
    assert [(o["title"], o["days_waiting"]) for o in waiting] == [("Old hand-off", 31)]
    acme("opportunity", "won", "1")
    assert acme.json("agenda")["opportunities"] == []
    assert [o["status"] for o in acme.json("opportunity", "list")] == ["forwarded", "identified", "won"]


def test_feedback(acme, book_env):
    csat = acme.json("feedback", "add", "Acme", "--csat", "4", "--contact", "Dana", "--comment", "Good")
    assert (csat["kind"], csat["score"], csat["contact"]) == ("csat", 4, "Dana Whitfield")
    line = acme("feedback", "add", "Acme", "--nps", "10", "--at", "2026-11-01").stdout.strip()
    assert line == "Recorded feedback #2 for Acme: NPS 10"
    acme("feedback", "add", "Acme", "--nps", "0")
    assert [f["score"] for f in acme.json("feedback", "list", "--kind", "nps")] == [0, 10]
    latest = acme.json("client", "show", "Acme")["latest_feedback"]
    assert latest["csat"]["score"] == 4 and latest["nps"]["score"] == 0
    for args, needle in [(["--csat", "6"], "out of range"), (["--csat", "0"], "out of range"),
                         (["--nps", "11"], "out of range"), (["--nps", "-1"], "out of range"),
                         ([], "exactly one"), (["--csat", "3", "--nps", "3"], "exactly one")]:  # fmt: skip
        assert needle in acme.error("feedback", "add", "Acme", *args, code=2)
    assert count(book_env, "feedback") == 3


def test_feedback_recorded_by_mistake_is_removed_from_reports_and_search(acme, book_env):
    acme("feedback", "add", "Acme", "--nps", "9", "--at", "2026-11-02", "--comment", "Quick answers")
    acme("feedback", "add", "Acme", "--nps", "1", "--at", "2026-11-03", "--comment", "Typo: meant ten")
    assert acme.json("kpi", "--period", "2026-11")["satisfaction"]["nps"] == 0  # 1 promoter, 1 detractor of 2
    line = acme("feedback", "remove", "2").stdout
    assert line == "Removed feedback #2 for Acme: NPS 1 of 2026-11-03\n"
    assert acme.json("kpi", "--period", "2026-11")["satisfaction"]["nps"] == 100
    assert acme.json("client", "show", "Acme")["latest_feedback"]["nps"]["score"] == 9
    assert acme.json("search", "typo") == [] and len(acme.json("search", "quick")) == 1
    assert "no feedback #2" in acme.error("feedback", "remove", "2", code=1)
    assert "abc" in acme.error("feedback", "remove", "abc", code=2)
    assert acme("feedback", "remove", "1", "-q").stdout == "1\n"
    assert count(book_env, "feedback") == 0


def test_handover_routes_the_absent_owners_book(run):
    run("client", "add", "Acme", "--owner", "priya")
    run("client", "add", "Mine", "--owner", "alice")
    run("followup", "add", "Acme", "Priya's promise", "--due", "today", "--owner", "priya")
    run("followup", "add", "Mine", "My promise", "--due", "today")
    run("complaint", "add", "Acme", "Late", "--severity", "critical")
    run("contract", "add", "Acme", "--value", "10", "--start", "2026-01-01", "--end", "2026-12-31")
    made = run.json("handover", "priya", "alice", "--start", "2026-11-20", "--end", "2026-11-27", "--note", "Leave")
    assert (made["from"], made["to"], made["start"], made["end"]) == ("priya", "alice", "2026-11-20", "2026-11-27")
    assert [k["title"] for k in made["brief"]["complaints"]] == ["Late"]
    assert [t["id"] for t in made["brief"]["renewals"]] == [1]
    assert [f["title"] for f in made["brief"]["followups"]] == ["Priya's promise"]
    plan = run.json("agenda")
    assert plan["covering"] == ["priya"]
    assert {(f["title"], f["cover_for"]) for f in plan["today"]} == {("Priya's promise", "priya"), ("My promise", None)}
    assert plan["complaints"][0]["cover_for"] == "priya" and plan["renewals"][0]["cover_for"] == "priya"
    assert "(covering priya)" in run("agenda").stdout and "priya (cover)" in run("agenda").stdout
    assert [f["title"] for f in run.json("agenda", "--date", "2026-11-28")["overdue"]] == ["My promise"]
    assert [f["title"] for f in run.json("agenda", "--owner", "priya")["today"]] == ["Priya's promise"]
    run("handover", "end", "1")
    assert [f["title"] for f in run.json("agenda")["today"]] == ["My promise"]
    assert run.json("handover", "list") == [] and len(run.json("handover", "list", "--all")) == 1


def test_handover_text_brief_and_bad_input(run, book_env):
    run("client", "add", "Acme", "--owner", "priya")
    run("complaint", "add", "Acme", "Late", "--severity", "high")
    run("contract", "add", "Acme", "--value", "10", "--start", "2026-01-01", "--end", "2026-12-31", "--auto-renew")
    out = run("handover", "priya", "alice", "--start", "today", "--end", "+7d").stdout
    assert out.startswith("Added handover #1: alice covers priya's book from 2026-11-22 to 2026-11-29")
    # drawn as the agenda draws them: a blank line before each part, the level named, yes/no
    assert "\n\npriya's open complaints\n" in out and "\n\nRenewal decisions in the window\n" in out
    assert "  0 account manager  " in out and out.split("auto-renew\n")[1].split("\n")[0].endswith("  yes")
    assert "before --start" in run.error("handover", "priya", "alice", "--start", "fri", "--end", "today", code=2)
    assert "own book" in run.error("handover", "alice", "alice", "--start", "today", "--end", "fri", code=2)
    assert "--end" in run.error("handover", "priya", "alice", "--start", "today", code=2)
    ended = run("handover", "end", "1") and run.error("handover", "end", "1", code=1)
    assert ended == "relmgr: handover #1 already ended on 2026-11-22 (see `relmgr handover list --all`)"
    assert count(book_env, "handovers") == 1


def test_ending_a_handover_before_it_starts_calls_it_off_and_after_it_is_over_is_refused(run, book_env):
    run("handover", "priya", "alice", "--start", "2026-12-01", "--end", "2026-12-10")
    run("handover", "priya", "bob", "--start", "2026-11-01", "--end", "2026-11-10")
    said = run("handover", "end", "1").stdout
    assert said == "Called off handover #1: it was to start on 2026-12-01; priya keeps their book\n"
    assert run.json("handover", "list") == []
    again = run.error("handover", "end", "1", code=1)  # called off, not ended: it never began
    assert again == "relmgr: handover #1 was called off on 2026-11-22 (see `relmgr handover list --all`)"
    message = run.error("handover", "end", "2", code=1)
    assert message == "relmgr: handover #2 is already over: it ran to 2026-11-10"
    assert [h["ended_at"] for h in run.json("handover", "list", "--all")] == [None, "2026-11-22T10:00:00+05:30"]


def test_handover_to_a_name_the_book_has_never_seen_is_noted(run):
    run("client", "add", "Acme", "--owner", "priya")
    run("client", "add", "Globex", "--owner", "alice")
    known = run("handover", "priya", "alice", "--start", "today", "--end", "+7d")
    assert known.stderr == ""
    typo = run(
        "handover", "priya", "alcie", "--start", "today", "--end", "+7d"
    )  # still added: a new colleague is no error
    assert typo.stderr == ("relmgr: note: 'alcie' is new to this book (no clients, follow-ups, complaints, deals or "
                           "handovers); check the spelling, or `relmgr handover end 2`\n"
                           "relmgr: note: alice also covers priya's book from 2026-11-22 to 2026-11-29 (handover #1); "
                           "both see its items on the days they share\n")  # fmt: skip
    assert "'priay' is new" in run("handover", "priay", "alice", "--start", "today", "--end", "+7d").stderr


def test_the_same_colleague_cannot_cover_the_same_days_twice(run, book_env):
    run("handover", "priya", "alice", "--start", "2026-11-23", "--end", "2026-11-30")
    message = run.error("handover", "priya", "alice", "--start", "2026-11-30", "--end", "2026-12-04", code=1)
    assert message == (
        "relmgr: alice already covers priya's book from 2026-11-23 to 2026-11-30 (handover #1) "
        "(to change the days, `relmgr handover end 1` and add it again)"
    )
    assert count(book_env, "handovers") == 1
    assert run("handover", "priya", "alice", "--start", "2026-12-01", "--end", "2026-12-04").stderr == ""
    run("handover", "end", "1")
    assert run("handover", "priya", "alice", "--start", "2026-11-23", "--end", "2026-11-30", "-q").stdout == "3\n"


def test_ics_calendar_is_valid_stable_and_escaped(run, tmp_path):
    run("client", "add", "Acme; Sons, Ltd")
    run("followup", "add", "Acme", "Send quote, with \\ backslash; and a very long title " + "x" * 80, "--due", "fri")
    run("followup", "add", "Acme", "Call at three", "--due", "tomorrow 15:00")
    run("followup", "add", "Acme", "Someone else's", "--due", "fri", "--owner", "bob")
    run("contract", "add", "Acme", "--value", "1200.50", "--currency", "EUR", "--start", "2026-01-01",
        "--end", "2026-12-31", "--auto-renew")  # fmt: skip
    path = tmp_path / "agenda.ics"
    path.write_text("an old calendar, readable by all")
    path.chmod(0o644)
    result = run("agenda", "--ics", str(path))
    assert "Wrote 2 follow-ups and 1 renewal decision to" in result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # client names and promises: personal data
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line ends with CRLF
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"followup-1@relmgr", "followup-2@relmgr", "contract-1-decision@relmgr"}
    first = events["followup-1@relmgr"]
    assert str(first["SUMMARY"]).startswith("Acme; Sons, Ltd: Send quote, with \\ backslash; and a very long")
    assert str(first["SUMMARY"]).endswith("x" * 80)
    assert first.decoded("DTSTART").isoformat() == "2026-11-27"
    timed = events["followup-2@relmgr"].decoded("DTSTART")
    assert timed.isoformat() == "2026-11-23T09:30:00+00:00"  # 15:00 in Kolkata
    decision = events["contract-1-decision@relmgr"]
    assert decision.decoded("DTSTART").isoformat() == "2026-11-01" and "1,200.50 EUR" in str(decision["SUMMARY"])
    again = tmp_path / "again.ics"
    run("agenda", "--ics", str(again))
    assert {str(e["UID"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")} == set(events)
    assert "folder" in run.error("agenda", "--ics", str(tmp_path), code=1)
