"""Client health, the meeting brief, the timeline and search (issue #6)."""

import pytest


@pytest.fixture
def book(run, monkeypatch):
    monkeypatch.setenv("RELMGR_NOW", "2026-06-01T09:00:00")
    run("client", "add", "Acme Manufacturing", "--tier", "A", "--notes", "Loves long lunches")
    run("client", "add", "Globex", "--tier", "B")
    run("client", "add", "Quiet Co", "--tier", "A")
    monkeypatch.setenv("RELMGR_NOW", "2026-11-22T10:00:00")
    run("contact", "add", "Acme", "Dana Whitfield", "--title", "VP Operations", "--key")
    run(
        "log", "Acme", "Discussed the renewal and the analytics add-on", "--contact", "Dana", "--at", "2026-11-20 10:00"
    )
    run("log", "Globex", "Quarterly review", "--at", "2026-11-01 10:00")
    run("log", "Quiet Co", "Intro", "--at", "2026-09-01 10:00")  # 82 days: A allows 30
    run("complaint", "add", "Acme", "Late delivery", "--severity", "high", "--at", "2026-11-18 10:00")  # breached
    run("complaint", "escalate", "1", "--reason", "Line stopped", "--at", "2026-11-19 10:00")
    run("feedback", "add", "Acme", "--csat", "2", "--at", "2026-11-21 10:00")
    run("feedback", "add", "Acme", "--nps", "6", "--at", "2026-11-21 10:00")
    run("contract", "add", "Acme", "--value", "1000", "--start", "2026-01-01", "--end", "2026-12-31")  # decide 1 Nov
    run("opportunity", "add", "Acme", "Analytics add-on", "--kind", "upsell", "--value", "500", "--at", "2026-11-20")
    run("client", "competitor", "Acme", "Initech", "--note", "Cheaper by 10%")
    return run


def test_health_score_and_its_reasons(book):
    health = book.json("client", "show", "Acme")["health"]
    # complaints: high (10) doubled when breached = 20; satisfaction: the worse of CSAT 2 and NPS 6 = 20 (not both);
    # renewal decision passed = 10; escalations: 1 in 90 days = 5. 100 - 55 = 45
    assert health["score"] == 45
    assert {f["factor"]: f["points"] for f in health["factors"]} == {
        "complaints": 20, "satisfaction": 20, "renewal": 10, "escalations": 5}  # fmt: skip
    reasons = {f["factor"]: f["why"] for f in health["factors"]}
    assert (reasons["complaints"], reasons["escalations"]) == (
        "1 open complaint, 1 breached",
        "1 escalation in the last 90 days",
    )
    quiet = book.json("client", "show", "Quiet Co")["health"]
    # silence: 82 days, A allows 30: (82 - 30) / 30 of the weight 30, capped at 30
    assert quiet["score"] == 70 and quiet["factors"][0]["factor"] == "contact"
    assert book.json("client", "show", "Globex")["health"] == {"score": 100, "factors": []}


def test_health_points_are_rounded_as_people_round(book, monkeypatch):
    # Globex (B, 60 days) last heard from on 1 November; on 5 January that is 65 days: 5 past its
    # cadence, 5/60 of the contact weight 30 = 2.5 points, which round to 3 (not to the even 2)
    monkeypatch.setenv("RELMGR_NOW", "2027-01-05T10:00:00")
    health = book.json("client", "show", "Globex")["health"]
    assert health["score"] == 97 and health["factors"][0]["points"] == 3
    book("config", "set", "health.weights", "contact 30, complaints 30, satisfaction 10, renewal 10, escalations 10")
    # NPS 7-8 takes a quarter of the satisfaction weight: 10 / 4 = 2.5 -> 3
    book("feedback", "add", "Globex", "--nps", "8", "--at", "2027-01-04")
    factors = {f["factor"]: f["points"] for f in book.json("client", "show", "Globex")["health"]["factors"]}
    assert factors == {"contact": 3, "satisfaction": 3}


def test_health_weights_are_a_setting(book):
    book("config", "set", "health.weights", "contact 0, complaints 50, satisfaction 0, renewal 0, escalations 0")
    assert book.json("client", "show", "Acme")["health"]["score"] == 80
    assert "health weight" in book.error("config", "set", "health.weights", "contact lots", code=2)


def test_sort_by_health_and_agenda_flags_low_health(book):
    listed = book.json("client", "list", "--sort", "health")
    assert [c["name"] for c in listed] == ["Acme Manufacturing", "Quiet Co", "Globex"]
    assert listed[0]["health"]["score"] == 45
    table = book("client", "list", "--sort", "Health").stdout  # as any sort is typed: the scores shown
    assert table.splitlines()[0].split()[-2:] == ["health", "why"] and " 45 " in table.splitlines()[1]
    book("config", "set", "health.at_risk", "50")
    stale = book.json("agenda")["stale"]
    assert [(s["client"], s["health"]) for s in stale] == [("Quiet Co", None), ("Acme Manufacturing", 45)]
    assert any("breached" in why for why in stale[1]["why"])
    book("config", "set", "health.at_risk", "40")
    assert [s["client"] for s in book.json("agenda")["stale"]] == ["Quiet Co"]


def test_brief_has_everything_worth_knowing(book):
    detail = book.json("brief", "Acme")
    assert detail["health"]["score"] == 45
    assert detail["contacts"][0]["key"] is True
    assert detail["recent_interactions"][0]["summary"].startswith("Discussed the renewal")
    assert detail["open_complaints"][0]["breached"] is True
    assert detail["contracts"][0]["decision_date"] == "2026-11-01"
    assert detail["open_opportunities"][0]["title"] == "Analytics add-on"
    assert detail["latest_feedback"]["csat"]["score"] == 2
    assert detail["competitors"][0]["competitor"] == "Initech"
    text = book("brief", "Acme").stdout
    for words in ("45/100", "Dana Whitfield", "BREACHED", "decide by", "Analytics add-on", "Initech"):
        assert words in text


def test_the_brief_says_how_late_a_promise_is(run):
    run("client", "add", "Acme")
    run("followup", "add", "Acme", "Send the quote", "--due", "2026-11-19")
    run("followup", "add", "Acme", "Call back", "--due", "today 16:00")
    lines = run("brief", "Acme").stdout.splitlines()
    assert any(line.startswith("2026-11-19 (3d late)") and "Send the quote" in line for line in lines)
    assert any(line.startswith("2026-11-22 16:00 ") and "late" not in line for line in lines)


def test_the_brief_stays_one_screen_with_many_promises(run):
    run("client", "add", "Acme")
    for day in range(10, 0, -1):
        run("followup", "add", "Acme", f"Promise {day}", "--due", f"+{day}d")
    shown = run("brief", "Acme").stdout
    assert [f"Promise {day}" in shown for day in range(1, 11)] == [True] * 8 + [False] * 2  # the soonest
    assert "and 2 more: relmgr followup list --client 1" in shown
    assert len(run.json("followup", "list", "--client", "1")) == 10
    assert len(run.json("brief", "Acme")["open_followups"]) == 10  # scripts get them all


def test_timeline_keeps_the_order_of_one_instant(run):
    """The test clock stands still, so all of this happens at one instant: the timeline must tell
    it in the order it happened, not in the alphabetical order of the event names."""
    run("client", "add", "Acme")
    run("complaint", "add", "Acme", "Late")
    run("complaint", "respond", "1", "On it")
    run("complaint", "escalate", "1", "--reason", "VIP")
    run("complaint", "resolve", "1", "--resolution", "Shipped")
    run("opportunity", "add", "Acme", "Analytics", "--kind", "upsell", "--value", "100")
    run("opportunity", "forward", "1", "--to", "sam")
    run("opportunity", "won", "1")
    assert [e["type"] for e in run.json("timeline", "Acme")] == [
        "complaint opened", "complaint responded", "complaint escalated", "complaint resolved",
        "upsell identified", "upsell forwarded", "upsell won",
    ]  # fmt: skip


def test_timeline_in_time_order(book):
    events = book.json("timeline", "Acme")
    kinds = [e["type"] for e in events]
    assert kinds[0] == "term started" and events[0]["at"].startswith("2026-01-01T00:00:00+05:30")
    assert kinds.index("complaint opened") < kinds.index("complaint escalated") < kinds.index("call")
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    recent = book.json("timeline", "Acme", "--since", "2026-11-20")
    assert all(e["at"] >= "2026-11-20" for e in recent) and "upsell identified" in [e["type"] for e in recent]
    noted = [e for e in events if e["type"] == "competitor noted"]
    assert [(e["at"], e["summary"]) for e in noted] == [("2026-11-22T10:00:00+05:30", "Initech: Cheaper by 10%")]
    assert "Timeline of Acme Manufacturing" in book("timeline", "Acme").stdout
    sheet = book("timeline", "Acme", "--csv").stdout.splitlines()
    assert sheet[0] == "at,type,id,summary" and len(sheet) == len(events) + 1
    assert sheet[1].startswith("2026-01-01T00:00:00+05:30,term started,")


def test_search_ranks_and_stays_in_step(book):
    found = book.json("search", "renewal analytics")
    assert found[0]["kind"] == "interaction" and found[0]["client"] == "Acme Manufacturing"
    assert {r["kind"] for r in book.json("search", "analytics")} >= {"interaction", "opportunity"}
    assert book.json("search", "LUNCH")[0]["kind"] == "client"  # prefix, any case
    assert book.json("search", "zzzz") == []
    book("client", "edit", "Acme", "--notes", "Prefers breakfast")
    assert book.json("search", "lunches") == [] and book.json("search", "breakfast")[0]["id"] == 1
    assert "at least one word" in book.error("search", "***", code=2)
    sheet = book("search", "breakfast", "--csv").stdout.splitlines()
    assert sheet[0] == "kind,id,client_id,client,title,snippet"
    assert sheet[1].startswith("client,1,1,Acme Manufacturing,") and "Prefers breakfast" in sheet[1]


def test_search_puts_words_as_typed_before_words_they_begin(run):
    run("client", "add", "Renewco")
    run("log", "Renewco", "Renewal call planned")  # "renew" only begins a word here
    run("log", "Renewco", "Renew the call plan")  # both words as typed
    found = run.json("search", "renew call")
    assert [r["id"] for r in found if r["kind"] == "interaction"] == [2, 1]
    assert [r["id"] for r in run.json("search", "renew call", "--limit", "1")] == [2]
    assert [r["id"] for r in run.json("search", "renewal call")] == [1]
    assert {r["id"] for r in run.json("search", "ren cal")} == {1, 2}  # every word may be a prefix


def test_search_puts_the_last_word_as_typed_before_the_words_it_begins(run):
    run("client", "add", "Orderly")
    run("log", "Orderly", "Orders orders orders for the spring")  # ranks higher, but "order" only begins it
    run("log", "Orderly", "One order for the spring")
    assert [r["id"] for r in run.json("search", "order", "--limit", "1")] == [2]
    assert [r["id"] for r in run.json("search", "spring order") if r["kind"] == "interaction"] == [2, 1]
    assert [r["id"] for r in run.json("search", "ord") if r["kind"] == "interaction"] == [1, 2]  # half-typed
    assert [r["id"] for r in run.json("search", "spring orders", "--limit", "1")] == [1]


def test_search_with_more_matches_than_it_ranks_ranks_the_newest(run, monkeypatch):
    from relmgr import search

    monkeypatch.setattr(search, "RANKED", 3)
    run("client", "add", "Busy")
    for n in range(1, 7):
        run("log", "Busy", f"Order {n}" + (" order order order" if n == 1 else ""))
    ids = [r["id"] for r in run.json("search", "order") if r["kind"] == "interaction"]
    assert sorted(ids) == [4, 5, 6]  # the oldest (and best-matching) interaction is past the newest 3
    monkeypatch.setattr(search, "RANKED", 100)
    assert run.json("search", "order")[0]["id"] == 1  # ranked among all, it comes first


def test_search_finds_imported_records_and_forgets_undone_ones(book, tmp_path):
    sheet = tmp_path / "i.csv"
    sheet.write_text("client,summary\nGlobex,Negotiated the Łódź warehouse lease\n", encoding="utf-8")
    book("import", "interactions", str(sheet))
    assert book.json("search", "łódź")[0]["client"] == "Globex"
    assert book.json("search", "lodz warehouse")[0]["client"] == "Globex"  # Ł typed as L
    book("import", "undo", "1")
    assert book.json("search", "warehouse") == []


def test_search_finds_promises_feedback_and_rival_notes_and_keeps_them_in_step(run, tmp_path):
    run("client", "add", "Acme")
    run("followup", "add", "Acme", "Send the revised quote", "--due", "fri")
    run("feedback", "add", "Acme", "--csat", "2", "--comment", "The portal keeps logging us out")
    run("client", "competitor", "Acme", "Globex", "--note", "Offered a 10% discount on freight")
    found = {(r["kind"], r["id"], r["title"], r["snippet"]) for q in ("quote", "portal", "freight", "globex")
             for r in run.json("search", q)}  # fmt: skip
    assert found == {("followup", 1, "Send the revised quote", "Send the revised quote"),
                     ("feedback", 1, "CSAT 2", "The portal keeps logging us out"),
                     ("competitor", 1, "Globex", "Offered a 10% discount on freight"),
                     ("competitor", 1, "Globex", "Globex")}  # the name matched, the name shown  # fmt: skip
    run("followup", "done", "1", "--note", "Quote sent with the Łódź depot prices")
    assert [r["kind"] for r in run.json("search", "lodz depot")] == ["followup"]
    run("client", "competitor", "Acme", "Globex", "--remove")
    assert run.json("search", "freight") == []
    (tmp_path / "f.csv").write_text("client,title,due\nAcme,Book the warehouse visit,2026-12-01\n")
    run("import", "followups", str(tmp_path / "f.csv"))
    assert [r["id"] for r in run.json("search", "warehouse")] == [2]
    run("import", "undo", "1")
    assert run.json("search", "warehouse") == []


def test_search_shows_polish_text_as_written(run):
    """The index holds a copy of Polish text with Ł/ł spelled L/l (so "lodz" finds Łódź); results
    show the text as written, never the copy beside it."""
    run("client", "add", "Łódź Logistics", "--notes", "Depot in Łódź, near the ring road")
    run("contact", "add", "Łódź", "Zofia Łukasiewicz", "--title", "Kierownik zakupów")
    for query in ("lodz", "łódź", "ring road", "lukasiewicz"):
        for found in run.json("search", query):
            assert "Lodz" not in found["snippet"] and "\u2060" not in found["snippet"], (query, found["snippet"])
    assert run.json("search", "lodz depot")[0]["snippet"] == "Depot in Łódź, near the ring road"
    assert run.json("search", "lukasiewicz")[0]["kind"] == "contact"
    # typed with its Ł, a word finds the same records as typed with L: an email's lodz too
    run("contact", "add", "Łódź", "Paweł Nowak", "--email", "pawel@lodz.example.pl")
    typed = {query: sorted(r["title"] for r in run.json("search", query)) for query in ("Łódź", "lodz", "Paweł")}
    assert typed["Łódź"] == typed["lodz"] == ["Paweł Nowak", "Łódź Logistics"]
    assert typed["Paweł"] == ["Paweł Nowak"]


def test_a_book_indexed_before_the_copy_was_set_apart_is_indexed_again(book_env, run):
    from relmgr import db, migrations

    old = db.open_book(book_env, migrations=migrations.MIGRATIONS[:6])  # search as first released
    with old.atomic():
        old.execute(
            "INSERT INTO clients (name, name_key, owner, notes, last_touch, created_at, updated_at) VALUES "
            "('Łódź Textiles', 'łódź textiles', 'alice', 'Mills in Łódź', '2026-01-01T00:00:00+00:00', "
            "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
        )
    assert "\u2060" not in old.value("SELECT body FROM search_index")
    old.close()
    found = run.json("search", "lodz")
    assert [r["id"] for r in found] == [1] and "Lodz" not in found[0]["snippet"] and "Łódź" in found[0]["snippet"]
    run("log", "Łódź", "Visited the Łódź mill")  # the new triggers keep new records apart too
    assert {r["snippet"] for r in run.json("search", "lodz mill")} >= {"Visited the Łódź mill"}


def test_promises_feedback_and_rivals_of_an_older_book_are_indexed_when_it_is_migrated(book_env, run):
    from relmgr import db, migrations

    old = db.open_book(book_env, migrations=migrations.MIGRATIONS[:10])  # before follow-ups were searched
    stamp = "2026-01-01T00:00:00+00:00"
    with old.atomic():
        old.execute("INSERT INTO clients (name, name_key, owner, last_touch, created_at, updated_at) "
                    "VALUES ('Acme', 'acme', 'alice', ?, ?, ?)", (stamp, stamp, stamp))  # fmt: skip
        old.execute("INSERT INTO followups (client_id, title, due, due_day, owner, created_at, updated_at) "
                    "VALUES (1, 'Send the revised quote', '2026-12-01', '2026-12-01', 'alice', ?, ?)",
                    (stamp, stamp))  # fmt: skip
        old.execute("INSERT INTO feedback (client_id, kind, score, at, comment, by, created_at, updated_at) "
                    "VALUES (1, 'nps', 4, ?, 'Support is slow', 'alice', ?, ?)", (stamp, stamp, stamp))  # fmt: skip
    old.close()
    assert [(r["kind"], r["title"]) for r in run.json("search", "quote")] == [("followup", "Send the revised quote")]
    assert [(r["kind"], r["title"]) for r in run.json("search", "slow support")] == [("feedback", "NPS 4")]


def test_search_index_is_kept_in_step_by_rowid_not_by_scanning(book, book_env):
    """A write must find its index row by rowid: deleting by the UNINDEXED kind/ref columns reads the
    whole index, which made every `log` on a big book take seconds."""
    import sqlite3

    conn = sqlite3.connect(book_env)
    triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%search%'"))
    assert len(triggers) == 24  # insert, update and delete for eight kinds of record
    for name, sql in triggers.items():
        if not name.endswith("_insert"):
            assert "WHERE rowid = old.id * 8 +" in sql, name
    assert "AFTER UPDATE OF name, notes" in triggers["clients_search_update"]  # not on every last-contact change
    row = conn.execute("SELECT rowid, kind, ref FROM search_index WHERE kind = 'client' AND ref = 1").fetchone()
    assert row == (8, "client", 1)
