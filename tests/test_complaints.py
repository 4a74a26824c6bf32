"""Complaints (issue #3): SLA clocks, every transition, escalation, sweep, history, agenda."""

import json
import sqlite3
from datetime import datetime, timedelta

import pytest

# The test clock: 2026-11-22 10:00 in Asia/Kolkata (+05:30), see conftest.


def stored(book_env, sql, params=()):
    conn = sqlite3.connect(book_env)
    conn.row_factory = sqlite3.Row
    return [dict(r) for r in conn.execute(sql, params)]


def count(book_env, table):
    return stored(book_env, f"SELECT count(*) AS n FROM {table}")[0]["n"]


@pytest.fixture
def acme(run):
    run("client", "add", "Acme", "--owner", "alice")
    run("contact", "add", "Acme", "Sam Ortiz", "--title", "Plant manager")
    return run


@pytest.mark.parametrize(
    ("severity", "respond_by", "resolve_by"),
    [("critical", "2026-11-22T12:00:00+05:30", "2026-11-23T10:00:00+05:30"),
     ("high", "2026-11-22T18:00:00+05:30", "2026-11-25T10:00:00+05:30"),
     ("medium", "2026-11-23T10:00:00+05:30", "2026-11-29T10:00:00+05:30"),
     ("low", "2026-11-25T10:00:00+05:30", "2026-12-06T10:00:00+05:30")],
)  # fmt: skip
def test_sla_deadlines_for_every_severity(acme, severity, respond_by, resolve_by):
    added = acme.json("complaint", "add", "Acme", "Late delivery", "--severity", severity.upper())
    assert (added["respond_by"], added["resolve_by"]) == (respond_by, resolve_by)
    assert added["status"] == "open" and added["level"] == 0 and added["level_name"] == "account manager"
    assert added["opened_at"] == "2026-11-22T10:00:00+05:30" and added["assignee"] == "alice"
    assert added["breached"] is False


def test_sla_settings_change_new_complaints(acme):
    acme("config", "set", "sla.high.respond", "4h")
    acme("config", "set", "sla.high.resolve", "2d")
    added = acme.json("complaint", "add", "Acme", "Late", "--severity", "high")
    assert added["respond_by"] == "2026-11-22T14:00:00+05:30"
    assert added["resolve_by"] == "2026-11-24T10:00:00+05:30"


def test_sla_across_a_month_end(acme, monkeypatch):
    monkeypatch.setenv("RELMGR_NOW", "2026-01-31T20:00:00")
    added = acme.json("complaint", "add", "Acme", "Late", "--severity", "critical")
    assert added["respond_by"] == "2026-01-31T22:00:00+05:30"
    assert added["resolve_by"] == "2026-02-01T20:00:00+05:30"
    monkeypatch.setenv("RELMGR_NOW", "2028-03-01T00:00:00")
    feb = acme.json("complaint", "add", "Acme", "Later", "--severity", "high", "--at", "2028-02-27 09:00")
    assert feb["resolve_by"] == "2028-03-01T09:00:00+05:30"  # 2028 is a leap year


def test_sla_across_a_dst_change(run, tz, monkeypatch):
    tz("Europe/Warsaw")  # clocks go back at 03:00 on 25 October 2026
    monkeypatch.setenv("RELMGR_NOW", "2026-10-24T12:00:00")
    run("client", "add", "Łódź Textiles")
    added = run.json("complaint", "add", "Łódź", "Wadliwa partia", "--severity", "high")
    assert added["opened_at"] == "2026-10-24T12:00:00+02:00"
    # three days of calendar time are 72 real hours: 11:00 local once winter time has begun
    assert added["resolve_by"] == "2026-10-27T11:00:00+01:00"
    opened = datetime.fromisoformat(added["opened_at"])
    assert datetime.fromisoformat(added["resolve_by"]) - opened == timedelta(hours=72)


def test_add_line_contact_description_and_category(acme):
    line = acme("complaint", "add", "Acme", "Late delivery", "--severity", "high").stdout.strip()
    assert line == "Added complaint #1 for Acme (high, resolve by 2026-11-25 10:00)"
    full = acme.json("complaint", "add", "Acme", "Broken pallet", "--contact", "sam", "--description",
                     "Two pallets crushed", "--category", "delivery")  # fmt: skip
    assert (full["contact"], full["description"], full["category"]) == ("Sam Ortiz", "Two pallets crushed", "delivery")


def test_a_complaint_taken_by_phone_is_logged_later(acme):
    added = acme.json("complaint", "add", "Acme", "Late", "--severity", "critical", "--at", "2026-11-22 06:00")
    assert added["opened_at"] == "2026-11-22T06:00:00+05:30"
    assert added["breached"] is True and added["breach"] == "respond"  # 2h to respond ran out at 08:00
    assert added["time_left"] == "respond overdue 2h"


def test_the_whole_life_of_a_complaint(acme, book_env, monkeypatch):
    """Taken by phone, answered, escalated to the team lead, breached and swept, resolved, closed."""
    monkeypatch.setenv("RELMGR_NOW", "2026-11-20T12:00:00")
    acme("complaint", "add", "Acme", "Late delivery", "--severity", "high", "--at", "2026-11-20 09:00")
    responded = acme.json(
        "complaint", "respond", "1", "Apologised, checking with logistics", "--at", "2026-11-20 10:30"
    )
    assert responded["status"] == "responded" and responded["responded_at"] == "2026-11-20T10:30:00+05:30"
    monkeypatch.setenv("RELMGR_NOW", "2026-11-21T09:00:00")
    escalated = acme.json("complaint", "escalate", "1", "--reason", "Line stopped again", "--assignee", "tina")
    assert (escalated["status"], escalated["level"], escalated["assignee"]) == ("escalated", 1, "tina")
    assert escalated["level_name"] == "team lead"
    monkeypatch.setenv("RELMGR_NOW", "2026-11-23T10:00:00")  # resolve_by was 2026-11-23 09:00
    assert [k["id"] for k in acme.json("complaint", "list", "--breached")] == [1]
    assert acme("complaint", "sweep").stdout.startswith("Escalated complaint #1 for Acme to level 2")
    resolved = acme.json("complaint", "resolve", "1", "--resolution", "Credit note and new carrier")
    assert resolved["status"] == "resolved" and resolved["breached"] is False
    closed = acme.json("complaint", "close", "1", "--note", "Client confirmed")
    assert closed["status"] == "closed" and closed["closed_at"] == "2026-11-23T10:00:00+05:30"
    shown = acme.json("complaint", "show", "1")
    assert [e["action"] for e in shown["events"]] == ["opened", "responded", "escalated", "escalated", "resolved",
                                                      "closed"]  # fmt: skip
    assert [e["level"] for e in shown["events"]] == [0, 0, 1, 2, 2, 2]
    assert [e["by"] for e in shown["events"]] == ["alice", "alice", "alice", "relmgr sweep", "alice", "alice"]
    assert set(shown["events"][0]) == {"at", "action", "by", "level", "note"}
    assert shown["events"][1]["at"] == "2026-11-20T10:30:00+05:30"
    assert "breached" in shown["events"][3]["note"]


@pytest.mark.parametrize(
    ("steps", "refused", "code", "needle"),
    [
        ([], ["complaint", "close", "1"], 1, "resolve it first"),
        ([], ["complaint", "reopen", "1", "--reason", "x"], 1, "cannot reopen"),
        ([["complaint", "resolve", "1", "--resolution", "done"]], ["complaint", "resolve", "1", "--resolution", "y"],
         1, "complaint #1 is already resolved"),
        ([["complaint", "resolve", "1", "--resolution", "done"], ["complaint", "close", "1"]],
         ["complaint", "close", "1"], 1, "complaint #1 is already closed"),
        ([["complaint", "resolve", "1", "--resolution", "done"]], ["complaint", "respond", "1", "late"], 1,
         "cannot respond"),
        ([["complaint", "resolve", "1", "--resolution", "done"], ["complaint", "close", "1"]],
         ["complaint", "resolve", "1", "--resolution", "again"], 1, "reopen it first"),
        ([["complaint", "resolve", "1", "--resolution", "done"], ["complaint", "close", "1"]],
         ["complaint", "escalate", "1", "--reason", "x"], 1, "cannot escalate"),
        ([["complaint", "escalate", "1", "--reason", "a", "--to-level", "3"]],
         ["complaint", "escalate", "1", "--reason", "b"], 1, "already at the top"),
        ([["complaint", "escalate", "1", "--reason", "a", "--to-level", "2"]],
         ["complaint", "escalate", "1", "--reason", "b", "--to-level", "1"], 1, "only goes up"),
        ([["complaint", "escalate", "1", "--reason", "a"]],
         ["complaint", "escalate", "1", "--reason", "b", "--to-level", "1"], 1, "only goes up"),
        ([], ["complaint", "escalate", "1", "--reason", "b", "--to-level", "4"], 2, "level 4"),
        ([], ["complaint", "escalate", "1", "--reason", "b", "--to-level", "-1"], 2, "level -1"),
        ([], ["complaint", "escalate", "1"], 2, "--reason"),
        ([], ["complaint", "resolve", "1"], 2, "--resolution"),
        ([], ["complaint", "respond", "1", "x", "--at", "2026-11-21 09:00"], 2, "before the complaint was opened"),
        ([], ["complaint", "respond", "1", "x", "--at", "+2h"], 2, "future"),
        ([], ["complaint", "escalate", "1", "--reason", "x", "--at", "tomorrow"], 2, "future"),
        ([], ["complaint", "respond", "9", "x"], 1, "no complaint #9"),
    ],
)  # fmt: skip
def test_refused_transitions_write_nothing(acme, book_env, steps, refused, code, needle):
    acme("complaint", "add", "Acme", "Late", "--severity", "high")
    for step in steps:
        acme(*step)
    before = (stored(book_env, "SELECT * FROM complaints"), count(book_env, "complaint_events"))
    assert needle in acme.error(*refused, code=code)
    assert (stored(book_env, "SELECT * FROM complaints"), count(book_env, "complaint_events")) == before


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [(["--severity", "dire"], 2, "severity"), (["--at", "yesterday-ish"], 2, "--at"),
     (["--at", "tomorrow 09:00"], 2, "future"), (["--contact", "Nobody"], 1, "no contact")],
)  # fmt: skip
def test_bad_complaint_input(acme, book_env, args, code, needle):
    assert needle in acme.error("complaint", "add", "Acme", "Late", *args, code=code)
    assert count(book_env, "complaints") == 0 and count(book_env, "complaint_events") == 0


def test_escalate_to_level_and_level_names_from_settings(acme):
    acme("config", "set", "escalation.levels", "AM, Lead, Director, CEO")
    acme("complaint", "add", "Acme", "Late")
    line = acme("complaint", "escalate", "1", "--reason", "VIP client", "--to-level", "2").stdout.strip()
    assert line == "Escalated complaint #1 for Acme to level 2 (Director)"
    assert acme.json("complaint", "show", "1")["level_name"] == "Director"


def test_lines_say_who_has_it_and_whether_the_sla_was_kept(acme, monkeypatch):
    acme("complaint", "add", "Acme", "Late", "--severity", "critical")  # respond by 12:00, resolve by 23rd 10:00
    line = acme("complaint", "escalate", "1", "--reason", "VIP", "--assignee", "tina").stdout.strip()
    assert line == "Escalated complaint #1 for Acme to level 1 (team lead), assigned to tina"
    line = acme("complaint", "resolve", "1", "--resolution", "Shipped").stdout.strip()
    assert line == "Resolved complaint #1 for Acme (within its SLA)"
    monkeypatch.setenv("RELMGR_NOW", "2026-11-25T09:00:00")
    line = acme("complaint", "reopen", "1", "--reason", "Wrong parts").stdout.strip()
    assert line == "Reopened complaint #1 for Acme (resolve by 2026-11-26 09:00)"  # the clock starts again
    monkeypatch.setenv("RELMGR_NOW", "2026-11-27T12:20:00")
    line = acme("complaint", "resolve", "1", "--resolution", "Right parts").stdout.strip()
    assert line == "Resolved complaint #1 for Acme (1d 3h late)"  # 27 h 20 min after 26th 09:00
    shown = acme("complaint", "show", "1").stdout
    assert "2026-11-26 09:00  (resolved 2026-11-27 12:20, 1d 3h late)\n" in shown
    assert "2026-11-25 11:00\n" in shown  # respond by: no response after reopening, nothing to say


def test_reopen_resets_the_clock(acme, monkeypatch):
    acme("complaint", "add", "Acme", "Late", "--severity", "critical")
    acme("complaint", "respond", "1", "On it")
    acme("complaint", "resolve", "1", "--resolution", "Shipped")
    monkeypatch.setenv("RELMGR_NOW", "2026-11-25T09:00:00")
    reopened = acme.json("complaint", "reopen", "1", "--reason", "Wrong parts")
    assert reopened["status"] == "open" and reopened["resolved_at"] is None and reopened["resolution"] is None
    assert reopened["respond_by"] == "2026-11-25T11:00:00+05:30"
    assert reopened["resolve_by"] == "2026-11-26T09:00:00+05:30"
    assert reopened["opened_at"] == "2026-11-22T10:00:00+05:30"  # the first opening stays
    assert [e["action"] for e in acme.json("complaint", "show", "1")["events"]][-1] == "reopened"


def test_a_complaint_taken_down_wrong_is_mended_and_a_new_severity_moves_its_clocks(acme, book_env, monkeypatch):
    acme("complaint", "add", "Acme", "Late delivry", "--severity", "low", "--category", "billing")
    monkeypatch.setenv("RELMGR_NOW", "2026-11-22T11:30:00")
    line = acme("complaint", "edit", "1", "--severity", "critical").stdout.strip()
    # critical: 2h to respond, 1 day to resolve, from the opening at 10:00 (not from the edit)
    assert line == ("Updated complaint #1 for Acme: severity (respond by 2026-11-22 12:00, "
                    "resolve by 2026-11-23 10:00)")  # fmt: skip
    mended = acme.json("complaint", "edit", "1", "--title", "Late  delivery", "--category", "delivery",
                       "--contact", "Sam", "--description", "Pallets missing", "--assignee", "bob")  # fmt: skip
    assert (mended["title"], mended["category"], mended["contact"], mended["description"], mended["assignee"]) == (
        "Late delivery", "delivery", "Sam Ortiz", "Pallets missing", "bob")  # fmt: skip
    notes = [e["note"] for e in acme.json("complaint", "show", "1")["events"] if e["action"] == "note"]
    assert notes == ["severity low → critical: respond by 2026-11-22T12:00:00+05:30, resolve by "
                     "2026-11-23T10:00:00+05:30", "assigned to bob"]  # fmt: skip
    monkeypatch.setenv("RELMGR_NOW", "2026-11-22T12:30:00")  # past the new response deadline
    assert [k["id"] for k in acme.json("complaint", "list", "--breached")] == [1]
    assert acme.json("complaint", "edit", "1", "--contact", "")["contact"] is None
    assert acme("complaint", "edit", "1", "--severity", "CRITICAL").stdout.strip() == (
        "Nothing to change in complaint #1 for Acme")  # fmt: skip


def test_a_reopened_complaints_new_severity_counts_from_the_reopening(acme, monkeypatch):
    acme("complaint", "add", "Acme", "Late", "--severity", "low")
    acme("complaint", "resolve", "1", "--resolution", "Shipped")
    monkeypatch.setenv("RELMGR_NOW", "2026-11-25T09:00:00")
    acme("complaint", "reopen", "1", "--reason", "Wrong parts")
    edited = acme.json("complaint", "edit", "1", "--severity", "high")
    assert (edited["respond_by"], edited["resolve_by"]) == ("2026-11-25T17:00:00+05:30", "2026-11-28T09:00:00+05:30")


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [([], 2, "nothing to change"), (["--severity", "huge"], 2, "not one of: low, medium, high, critical"),
     (["--title", " "], 2, "needs a title"), (["--assignee", ""], 2, "always someone's"),
     (["--contact", "Nobody"], 1, "no contact matching 'Nobody'")],
)  # fmt: skip
def test_bad_complaint_edits_change_nothing(acme, book_env, args, code, needle):
    acme("complaint", "add", "Acme", "Late")
    before = stored(book_env, "SELECT * FROM complaints"), count(book_env, "complaint_events")
    assert needle in acme.error("complaint", "edit", "1", *args, code=code)
    assert (stored(book_env, "SELECT * FROM complaints"), count(book_env, "complaint_events")) == before


def test_a_closed_complaint_is_not_handed_over(acme):
    acme("complaint", "add", "Acme", "Late")
    acme("complaint", "resolve", "1", "--resolution", "Shipped")
    assert "resolved: there is nothing left to hand over" in acme.error(
        "complaint", "edit", "1", "--assignee", "bob", code=1)  # fmt: skip
    assert acme.json("complaint", "edit", "1", "--title", "Late delivery")["title"] == "Late delivery"
    acme("complaint", "add", "Acme", "Wrong invoice")
    handed = acme("complaint", "edit", "2", "--assignee", "bob")  # a name new to the book: noted once it is done
    assert handed.stdout.strip() == "Updated complaint #2 for Acme: assignee"
    assert "'bob' owns nothing in this book" in handed.stderr


def test_sweep_is_idempotent_and_dry_run_writes_nothing(acme, book_env, monkeypatch):
    acme("complaint", "add", "Acme", "Late", "--severity", "critical")  # resolve by 2026-11-23 10:00
    acme("complaint", "add", "Acme", "Fine", "--severity", "low")  # resolve by 2026-12-06
    monkeypatch.setenv("RELMGR_NOW", "2026-11-23T11:00:00")
    dry = acme.json("complaint", "sweep", "--dry-run")
    assert [(a["id"], a["from_level"], a["to_level"]) for a in dry] == [(1, 0, 1)]
    assert count(book_env, "complaint_events") == 2
    assert acme("complaint", "sweep", "-q").stdout.split() == ["1"]
    assert acme("complaint", "sweep", "-q").stdout == ""  # once per breach
    assert acme("complaint", "sweep").stdout.strip() == "No complaint needs escalating."
    assert acme.json("complaint", "show", "1")["level"] == 1
    assert count(book_env, "complaint_events") == 3


def test_sweep_again_after_reopen_and_note_at_the_top(acme, monkeypatch):
    acme("complaint", "add", "Acme", "Late", "--severity", "critical")
    acme("complaint", "escalate", "1", "--reason", "CEO involved", "--to-level", "3")
    monkeypatch.setenv("RELMGR_NOW", "2026-11-23T11:00:00")
    acme("complaint", "sweep")
    shown = acme.json("complaint", "show", "1")
    assert shown["level"] == 3 and shown["events"][-1]["action"] == "note"
    assert "top level" in shown["events"][-1]["note"]
    acme("complaint", "sweep")
    assert len(acme.json("complaint", "show", "1")["events"]) == 3
    acme("complaint", "resolve", "1", "--resolution", "Fixed")
    acme("complaint", "reopen", "1", "--reason", "Back")
    monkeypatch.setenv("RELMGR_NOW", "2026-11-24T12:00:00")
    assert acme.json("complaint", "sweep", "--dry-run")[0]["id"] == 1  # a new deadline, a new breach


def test_history_is_append_only(acme, book_env):
    acme("complaint", "add", "Acme", "Late")
    conn = sqlite3.connect(book_env)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE complaint_events SET note = 'rewritten'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM complaint_events")


def test_history_is_in_time_order(acme):
    acme("complaint", "add", "Acme", "Late", "--at", "2026-11-22 08:00")
    acme("complaint", "note", "1", "Called back at nine", "--at", "2026-11-22 09:00")
    acme("complaint", "respond", "1", "Told them by email", "--at", "2026-11-22 08:30")
    events = acme.json("complaint", "show", "1")["events"]
    assert [e["action"] for e in events] == ["opened", "responded", "note"]


def test_a_past_time_may_not_put_the_history_out_of_order(acme, book_env):
    """Resolved at 09:00 but escalated at 10:00 for want of a resolution cannot both be true."""
    acme("complaint", "add", "Acme", "Late", "--severity", "high", "--at", "2026-11-20 09:00")
    acme("complaint", "escalate", "1", "--reason", "line stopped", "--at", "2026-11-21 10:00")
    before = count(book_env, "complaint_events")
    message = acme.error("complaint", "resolve", "1", "--resolution", "shipped", "--at", "2026-11-21 09:00", code=2)
    assert message.startswith("relmgr: --at 2026-11-21T09:00:00+05:30 is before the complaint was escalated")
    assert "(2026-11-21T10:00:00+05:30)" in message
    assert count(book_env, "complaint_events") == before
    # A response recorded late may precede the escalation; the earliest one is the first response.
    acme("complaint", "respond", "1", "Called the plant", "--at", "2026-11-20 12:00")
    acme("complaint", "respond", "1", "Emailed them first", "--at", "2026-11-20 11:00")
    shown = acme.json("complaint", "show", "1")
    assert (shown["status"], shown["responded_at"]) == ("escalated", "2026-11-20T11:00:00+05:30")
    acme("complaint", "note", "1", "Plant manager rang", "--at", "2026-11-20 10:00")
    acme("complaint", "resolve", "1", "--resolution", "shipped", "--at", "2026-11-21 12:00")
    assert "before the complaint was resolved" in acme.error(
        "complaint", "reopen", "1", "--reason", "again", "--at", "2026-11-21 11:00", code=2
    )
    assert "before the complaint was resolved" in acme.error(
        "complaint", "close", "1", "--at", "2026-11-21 11:30", code=2
    )
    acme("complaint", "close", "1", "--at", "2026-11-21 13:00")
    assert "before the complaint was closed" in acme.error(
        "complaint", "reopen", "1", "--reason", "again", "--at", "2026-11-21 12:30", code=2
    )
    events = acme.json("complaint", "show", "1")["events"]
    assert [e["action"] for e in events] == [
        "opened", "note", "responded", "responded", "escalated", "resolved", "closed",
    ]  # fmt: skip
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)


def test_list_filters_and_urgency(acme, monkeypatch):
    acme("client", "add", "Globex", "--owner", "bob")
    acme("complaint", "add", "Acme", "Low one", "--severity", "low")
    acme("complaint", "add", "Globex", "Critical one", "--severity", "critical")
    acme("complaint", "add", "Acme", "Old high", "--severity", "high", "--at", "2026-11-18 10:00")
    acme("complaint", "add", "Acme", "Done", "--severity", "medium")
    acme("complaint", "resolve", "4", "--resolution", "ok")
    listed = acme.json("complaint", "list")
    assert [k["title"] for k in listed] == ["Old high", "Critical one", "Low one"]
    assert listed[0]["breached"] and listed[0]["time_left"] == "resolve overdue 1d"
    assert listed[1]["time_left"] == "respond due in 2h"
    assert len(acme.json("complaint", "list", "--all")) == 4
    assert [k["title"] for k in acme.json("complaint", "list", "--severity", "critical")] == ["Critical one"]
    assert [k["title"] for k in acme.json("complaint", "list", "--owner", "bob")] == ["Critical one"]
    assert [k["title"] for k in acme.json("complaint", "list", "--breached")] == ["Old high"]
    acme("complaint", "escalate", "2", "--reason", "x")
    assert [k["title"] for k in acme.json("complaint", "list", "--level", "1")] == ["Critical one"]
    assert [k["title"] for k in acme.json("complaint", "list", "--client", "Globex")] == ["Critical one"]
    assert "severity" in acme.error("complaint", "list", "--severity", "bad", code=2)
    assert "level 7" in acme.error("complaint", "list", "--level", "7", code=2)
    text = acme("complaint", "list").stdout
    assert "BREACHED resolve overdue 1d" in text and "respond due in 2h" in text


def test_agenda_complaints_section(acme, monkeypatch):
    acme("client", "add", "Globex", "--owner", "bob")
    acme("complaint", "add", "Acme", "Breached", "--severity", "high", "--at", "2026-11-18 10:00")
    acme("complaint", "add", "Acme", "Due soon", "--severity", "medium", "--at", "2026-11-15 12:00")
    acme("complaint", "respond", "2", "Looking into it", "--at", "2026-11-15 13:00")
    acme("complaint", "add", "Acme", "Not yet", "--severity", "low")
    acme("complaint", "respond", "3", "ok")
    acme("complaint", "add", "Globex", "Bob's", "--severity", "critical")
    plan = acme.json("agenda")
    assert [k["title"] for k in plan["complaints"]] == ["Breached", "Due soon"]
    assert plan["complaints"][0]["level"] == 0 and plan["complaints"][0]["breached"] is True
    assert plan["complaints"][1]["time_left"] == "resolve due in 2h"
    assert [k["title"] for k in acme.json("agenda", "--owner", "bob")["complaints"]] == ["Bob's"]
    acme("complaint", "escalate", "4", "--reason", "x", "--assignee", "alice")
    assert "Bob's" in [k["title"] for k in acme.json("agenda")["complaints"]]  # assigned to alice now
    assert "Complaints breached or due within 24 h (3)" in acme("agenda").stdout


def test_client_show_lists_open_complaints(acme):
    acme("complaint", "add", "Acme", "Open one")
    acme("complaint", "add", "Acme", "Settled")
    acme("complaint", "resolve", "2", "--resolution", "ok")
    shown = acme.json("client", "show", "Acme")
    assert [k["title"] for k in shown["open_complaints"]] == ["Open one"]
    assert "Open complaints" in acme("client", "show", "Acme").stdout


def test_followup_tied_to_a_complaint(acme, book_env):
    acme("client", "add", "Globex")
    acme("complaint", "add", "Acme", "Late")
    tied = acme.json("followup", "add", "Acme", "Call Sam back", "--due", "tomorrow", "--complaint", "1")
    assert tied["complaint_id"] == 1
    assert "not Globex's" in acme.error("followup", "add", "Globex", "X", "--due", "fri", "--complaint", "1", code=1)
    assert "no complaint #5" in acme.error("followup", "add", "Acme", "X", "--due", "fri", "--complaint", "5", code=1)
    assert count(book_env, "followups") == 1


def test_real_program_complaint_by_phone_and_cron_sweep(sh, monkeypatch):
    sh("client", "add", "Acme")
    line = sh("complaint", "add", "Acme", "Late delivery", "--severity", "critical", "--at", "2026-11-21 09:00").stdout
    assert line.strip() == "Added complaint #1 for Acme (critical, resolve by 2026-11-22 09:00)"
    assert sh("complaint", "sweep", "-q").stdout.split() == ["1"]
    assert sh("complaint", "sweep", "-q").stdout == ""
    shown = json.loads(sh("complaint", "show", "1", "--json").stdout)
    assert shown["level"] == 1 and shown["breached"] is True
    done = sh("complaint", "escalate", "1", "--reason", "x", "--to-level", "9", code=2)
    assert done.stderr.startswith("relmgr: level 9 does not exist") and "Traceback" not in done.stderr


def test_demo_has_breached_escalated_and_resolved_complaints(run, tmp_path):
    demo = tmp_path / "demo.db"
    run("--db", str(demo), "demo")
    listed = run.json("--db", str(demo), "complaint", "list", "--all")
    assert any(k["breached"] for k in listed)
    assert any(k["level"] >= 1 for k in listed)
    assert any(k["status"] in ("resolved", "closed") for k in listed)
    assert run.json("--db", str(demo), "agenda", "--all")["complaints"]
