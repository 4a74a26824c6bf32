"""Clients and contacts through the CLI, including names in Devanagari, Polish and Indonesian."""

import sqlite3

import pytest


def count(book_env, table):
    return sqlite3.connect(book_env).execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_add_and_show_with_every_field(run):
    added = run.json(
        "client",
        "add",
        "Acme Manufacturing",
        "--status",
        "Active",
        "--tier",
        "a",
        "--industry",
        "Steel",
        "--owner",
        "bob",
        "--backup",
        "carol",
        "--email",
        "ops@acme.example",
        "--phone",
        "+1 555",
        "--website",
        "acme.example",
        "--city",
        "Chicago",
        "--country",
        "USA",
        "--source",
        "fair",
        "--rating",
        "4",
        "--external-id",
        "SF-1",
        "--tag",
        "key",
        "--tag",
        "usd",
        "--notes",
        "Big one",
    )
    assert added["status"] == "active" and added["tier"] == "A" and added["tags"] == ["key", "usd"]
    shown = run.json("client", "show", "SF-1")
    for key in ("contacts", "open_complaints", "contracts", "open_followups", "competitors"):
        assert shown[key] == []
    assert shown["owner"] == "bob" and shown["rating"] == 4 and shown["archived"] is False
    assert shown["created_at"].endswith("+00:00") or "+" in shown["created_at"][-6:]


def test_client_show_gives_last_contact_to_the_local_minute_and_health_as_the_brief_does(run):
    run("client", "add", "Acme", "--tier", "A")
    run("log", "Acme", "Call", "--at", "2026-10-01 16:45")
    shown = run("client", "show", "Acme").stdout
    assert "last contact  2026-10-01 16:45\n" in shown  # not 2026-10-01T11:15:00+00:00
    why = "52 days since contact; tier A allows 30 (-22)"
    assert f"health        78/100: {why}\n" in shown
    assert f"health        78/100: {why}\n" in run("brief", "Acme").stdout


def test_one_line_confirmation_and_quiet_id(run):
    line = run("client", "add", "Acme").stdout.strip()
    assert line == "Added client #1 Acme (tier B, active, owner alice)"
    assert run("client", "add", "Globex", "-q").stdout.strip() == "2"


@pytest.mark.parametrize(
    ("name", "typed"),
    [("Przedsiębiorstwo Łódź", "PRZEDSIĘBIORSTWO ŁÓDŹ"), ("राजस्थान हस्तशिल्प निगम", "हस्तशिल्प"),
     ("PT Sinar Jaya Abadi", "sinar jaya"), ("Straße AG", "STRASSE AG")],
)  # fmt: skip
def test_unicode_names_are_found_case_insensitively(run, name, typed):
    run("client", "add", name)
    assert run.json("client", "show", typed)["name"] == name


def test_duplicate_names_are_refused_with_unicode_folding(run, book_env):
    run("client", "add", "Łódź Textiles")
    assert "already exists" in run.error("client", "add", "ŁÓDŹ TEXTILES", code=1)
    assert count(book_env, "clients") == 1


def test_duplicate_external_id_is_refused(run, book_env):
    run("client", "add", "A", "--external-id", "X1")
    assert "X1" in run.error("client", "add", "B", "--external-id", "X1", code=1)
    assert count(book_env, "clients") == 1


def test_resolution_by_id_name_external_id_and_part(run):
    run("client", "add", "Acme Manufacturing", "--external-id", "HS-9")
    run("client", "add", "Acme Labs")
    run("client", "add", "Globex")
    assert run.json("client", "show", "1")["name"] == "Acme Manufacturing"
    assert run.json("client", "show", "acme labs")["name"] == "Acme Labs"
    assert run.json("client", "show", "HS-9")["name"] == "Acme Manufacturing"
    assert run.json("client", "show", "glob")["name"] == "Globex"
    message = run.error("client", "show", "acme", code=1)
    assert "#1 Acme Manufacturing" in message and "#2 Acme Labs" in message
    assert "no client matches" in run.error("client", "show", "Initech", code=1)
    assert "did you mean: Acme Labs, Acme Manufacturing?" in run.error("client", "show", "Acmee", code=1)


def test_a_name_typed_without_accents_finds_the_client_and_contact_with_them(run, book_env):
    """On an English keyboard "zabka" and "lukasiewicz" are how Żabka and Łukasiewicz get typed."""
    run("client", "add", "Żabka Polska")
    run("client", "add", "Spółdzielnia Mleczarska Łowicz")
    run("contact", "add", "Żabka", "Wojciech Łukasiewicz")
    assert run.json("client", "show", "zabka")["name"] == "Żabka Polska"
    assert run.json("client", "show", "SPOLDZIELNIA")["name"] == "Spółdzielnia Mleczarska Łowicz"
    assert run("log", "zabka", "Rozmowa", "--contact", "lukasiewicz").stdout.startswith("Logged call #1 with Żabka")
    assert sqlite3.connect(book_env).execute("SELECT contact_id FROM interactions").fetchone() == (1,)
    assert [c["name"] for c in run.json("client", "list", "--search", "lowicz")] == ["Spółdzielnia Mleczarska Łowicz"]


def test_an_unaccented_part_naming_two_clients_is_ambiguous_but_typed_accents_are_meant(run):
    run("client", "add", "Łódź Textiles")
    run("client", "add", "Lodz Logistics")
    message = run.error("client", "show", "lodz", code=1)
    assert "#1 Łódź Textiles" in message and "#2 Lodz Logistics" in message
    assert run.json("client", "show", "łódź")["name"] == "Łódź Textiles"
    assert run.json("client", "show", "lodz log")["name"] == "Lodz Logistics"
    assert [c["name"] for c in run.json("client", "list", "--search", "łódź")] == ["Łódź Textiles"]
    assert "no client matches 'lodzz'" in run.error("client", "show", "lodzz", code=1)


def test_accents_are_set_aside_only_for_latin_letters():
    from relmgr.clients import plain

    assert plain("łódź żabka ñandú nguyễn øresund école") == "lodz zabka nandu nguyen oresund ecole"
    assert plain("राजस्थान हस्तशिल्प") == "राजस्थान हस्तशिल्प"  # vowel signs and viramas stay
    assert plain("a×b") == "a×b"


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["--status", "happy"], "status"), (["--tier", "D"], "tier"), (["--rating", "9"], "rating"),
     (["--rating", "x"], "rating"), (["--email", "nope"], "email 'nope' has no @"),
     (["--email", "sales@"], "email 'sales@' has nothing after the @"),
     (["--email", "@acme.example"], "email '@acme.example' has nothing before the @"),
     (["--bogus", "1"], "No such option"),
     (["--backup", "alice"], "alice owns the client: a backup is the colleague who covers")],
)  # fmt: skip
def test_bad_client_input_exits_2_and_writes_nothing(run, book_env, args, needle):
    run("init")
    assert needle in run.error("client", "add", "Acme", *args, code=2)
    assert count(book_env, "clients") == 0


def test_list_filters_and_sorts(run):
    run("client", "add", "Zeta", "--tier", "A", "--tag", "eu", "--city", "Gdańsk")
    run("client", "add", "Alpha", "--tier", "C", "--status", "prospect", "--owner", "bob")
    run("client", "add", "Mid", "--tag", "eu", "--notes", "loves cricket")
    run("log", "Zeta", "Call")
    assert [c["name"] for c in run.json("client", "list")] == ["Alpha", "Mid", "Zeta"]
    assert [c["name"] for c in run.json("client", "list", "--tag", "eu")] == ["Mid", "Zeta"]
    assert [c["name"] for c in run.json("client", "list", "--owner", "bob")] == ["Alpha"]
    assert [c["name"] for c in run.json("client", "list", "--status", "prospect")] == ["Alpha"]
    assert [c["name"] for c in run.json("client", "list", "--tier", "a")] == ["Zeta"]
    assert [c["name"] for c in run.json("client", "list", "--search", "CRICKET")] == ["Mid"]
    assert [c["name"] for c in run.json("client", "list", "--search", "gdańsk")] == ["Zeta"]
    assert [c["name"] for c in run.json("client", "list", "--sort", "last-contact")] == ["Alpha", "Mid", "Zeta"]
    assert "sort" in run.error("client", "list", "--sort", "size", code=2)


def test_an_owners_clients_come_in_name_order_from_an_index(run, book_env):
    """`client list --owner` reads the owner's clients in name order, without sorting them."""
    from relmgr import clients, db

    for name, owner in (("Zeta", "bob"), ("alpha", "bob"), ("Mid", "carol"), ("Ćma", "bob")):
        run("client", "add", name, "--owner", owner)
    assert [c["name"] for c in run.json("client", "list", "--owner", "bob")] == ["alpha", "Zeta", "Ćma"]
    book = db.open_book(book_env)
    statements = []
    book.conn.set_trace_callback(statements.append)
    clients.list_clients(book, owner="bob")
    book.conn.set_trace_callback(None)
    listing = next(s for s in statements if s.startswith("SELECT id, name, "))
    plan = [row[3] for row in book.execute("EXPLAIN QUERY PLAN " + listing)]
    assert plan == ["SEARCH clients USING INDEX clients_owner_name (owner=?)"]


def test_list_csv_neutralises_formulas(run):
    for listed in (["client", "list"], ["followup", "list"], ["complaint", "list"], ["contract", "list"]):
        assert run(*listed, "--csv").stdout == ""  # nothing: an empty file, not one blank line
    run("client", "add", "=cmd|' /C calc'!A0", "--notes", "+ok", "--phone", "-35")
    lines = run("client", "list", "--csv").stdout.splitlines()
    assert lines[0].startswith("id,name,status,tier")
    assert ",'=cmd|" in lines[1] and ",'+ok," in lines[1]
    assert ",'-35," in lines[1]  # text that looks like a number is still text


def test_edit_changes_clears_and_guards(run, book_env):
    run("client", "add", "Acme", "--city", "Chicago")
    run("client", "add", "Globex")
    edited = run.json("client", "edit", "Acme", "--tier", "A", "--city", "", "--name", "Acme Corp")
    assert edited["tier"] == "A" and edited["city"] is None and edited["name"] == "Acme Corp"
    assert "already exists" in run.error("client", "edit", "Acme Corp", "--name", "GLOBEX", code=1)
    assert "nothing to change" in run.error("client", "edit", "Acme Corp", code=2)
    assert "owner" in run.error("client", "edit", "Acme Corp", "--owner", "", code=2)


def test_a_backup_is_someone_other_than_the_owner(run, book_env):
    run("client", "add", "Acme", "--backup", "bob")
    assert "bob owns the client" in run.error("client", "edit", "Acme", "--owner", "bob", "--backup", "bob", code=2)
    assert "alice owns the client" in run.error("client", "edit", "Acme", "--backup", "alice", code=2)
    # the backup taking the client over leaves nobody covering it, and says so
    assert run("client", "edit", "Acme", "--owner", "bob").stdout.endswith(": owner, backup\n")
    acme = run.json("client", "show", "Acme")
    assert (acme["owner"], acme["backup"]) == ("bob", None)
    assert run.json("client", "edit", "Acme", "--owner", "carol", "--backup", "bob")["backup"] == "bob"


def test_archive_hides_and_restore_returns(run):
    assert run("client", "list").stdout == (
        "No clients yet: add one with `relmgr client add NAME`, or `relmgr import clients FILE`.\n")  # fmt: skip
    run("client", "add", "Acme")
    assert run("client", "list", "--tier", "A").stdout == "No clients match.\n"  # no "0 clients" under it
    run("client", "archive", "Acme")
    assert run.json("client", "list") == []
    # an empty list says why: the client is archived, not gone
    assert run("client", "list").stdout == "No clients but 1 archived one (--all includes them).\n"
    assert run("client", "list", "--tier", "B").stdout == (
        "No clients match (1 archived client left out: --all includes them).\n")  # fmt: skip
    assert [c["archived"] for c in run.json("client", "list", "--all")] == [True]
    run("client", "archive", "Acme", "--restore")
    assert [c["name"] for c in run.json("client", "list")] == ["Acme"]


def test_an_archived_clients_open_work_leaves_the_agenda_and_lists_until_restored(run):
    """The archive note says the open work no longer shows: complaints, renewals and deals too."""
    for name in ("Acme", "Globex"):
        run("client", "add", name)
        run("complaint", "add", name, "Late delivery", "--severity", "critical")
        run("contract", "add", name, "--value", "1000", "--start", "2026-01-01", "--end", "2026-12-31")
        deal = run("opportunity", "add", name, "Add-on", "--kind", "upsell", "--at", "2026-09-01", "-q").stdout.strip()
        run("opportunity", "forward", deal, "--to", "sales", "--at", "2026-10-01")

    def shown(*args):
        found = run.json(*args)
        if args == ("agenda",):
            found = found["complaints"] + found["renewals"] + found["opportunities"]
        return sorted({row["client"] for row in found})

    views = [["agenda"], ["complaint", "list"], ["renewals"], ["opportunity", "list"]]
    assert [shown(*view) for view in views] == [["Acme", "Globex"]] * 4
    run("client", "archive", "Globex")
    assert [shown(*view) for view in views] == [["Acme"]] * 4
    # still there when asked for: --all, or the client by name; every term in `contract list`
    assert shown("complaint", "list", "--all") == shown("opportunity", "list", "--all") == ["Acme", "Globex"]
    assert shown("complaint", "list", "--client", "Globex") == shown("opportunity", "list", "--client", "Globex")
    assert shown("contract", "list") == ["Acme", "Globex"]
    assert run("brief", "Globex").stdout.startswith("Globex — active, tier B, owner alice (archived)\n")
    again = run("client", "archive", "Globex")
    assert (again.stdout, again.stderr) == ("Client #2 Globex was already archived\n", "")
    assert run("client", "archive", "Globex", "--restore").stdout == "Restored client #2 Globex\n"
    assert run("client", "archive", "Globex", "--restore").stdout == "Client #2 Globex is not archived\n"
    assert [shown(*view) for view in views] == [["Acme", "Globex"]] * 4


def test_an_archived_client_takes_no_new_work_and_archiving_says_what_it_hides(run, book_env):
    """A promise made to an archived client would show nowhere: a promise forgotten."""
    run("client", "add", "Acme")
    run("followup", "add", "Acme", "Send quote", "--due", "fri")
    run("complaint", "add", "Acme", "Late", "--severity", "high")
    archived = run("client", "archive", "Acme")
    assert archived.stdout == "Archived client #1 Acme\n"
    assert archived.stderr == (
        "relmgr: note: 1 open follow-up, 1 open complaint of Acme no longer show in lists or the agenda; "
        "restore with `relmgr client archive 1 --restore`\n"
    )
    tables = ("followups", "complaints", "opportunities", "contracts", "interactions")
    before = [count(book_env, table) for table in tables]
    refusals = [
        ["followup", "add", "Acme", "Call back", "--due", "fri"],
        ["log", "Acme", "Called", "--followup", "fri"],  # the call is not logged without its promise
        ["complaint", "add", "Acme", "Wrong invoice"],
        ["opportunity", "add", "Acme", "Add-on", "--kind", "upsell"],
        ["contract", "add", "Acme", "--value", "10", "--start", "2026-01-01", "--end", "2026-12-31"],
    ]
    for args in refusals:
        message = run.error(*args, code=1)
        assert message.startswith("relmgr: Acme is archived: ") and "archive 1 --restore" in message, args
    assert [count(book_env, table) for table in tables] == before
    # history may still be filed: a call, a term that has ended
    run("log", "Acme", "Farewell call")
    run("contract", "add", "Acme", "--value", "10", "--start", "2025-01-01", "--end", "2025-12-31")
    assert run("client", "archive", "Acme", "--restore").stderr == ""
    assert run.json("followup", "add", "Acme", "Call back", "--due", "fri")["id"] == 2


def test_competitor_notes(run, book_env):
    run("client", "add", "Acme")
    run("client", "competitor", "Acme", "Globex Corp", "--note", "Undercut us by 8%")
    shown = run.json("client", "show", "Acme")
    assert shown["competitors"][0]["competitor"] == "Globex Corp"
    assert shown["competitors"][0]["note"] == "Undercut us by 8%"
    # noted again, in another case and spacing: the same competitor, its note replaced
    assert run("client", "competitor", "Acme", "GLOBEX  corp", "--note", "Now 10% below").stdout.startswith(
        "Updated competitor #1 Globex Corp at Acme"
    )
    assert run("client", "competitor", "Acme", "globex corp").stdout.startswith("Already noted: competitor #1")
    assert [(k["competitor"], k["note"]) for k in run.json("client", "show", "Acme")["competitors"]] == [
        ("Globex Corp", "Now 10% below")
    ]
    assert count(book_env, "client_competitors") == 1
    assert "'Initech' is not noted at Acme" in run.error("client", "competitor", "Acme", "Initech", "--remove", code=1)
    assert "missing NAME" in run.error("client", "competitor", "Acme", "  ", code=2)
    run("client", "competitor", "Acme", "globex corp", "--remove")
    assert run.json("client", "show", "Acme")["competitors"] == [] and count(book_env, "client_competitors") == 0


def test_competitors_across_the_book(run):
    """Notes at clients and terms lost to a competitor are one rival, however its name is written."""
    run("client", "add", "Acme", "--status", "active")
    run("client", "add", "Łódź Kable", "--status", "active", "--owner", "bob")
    run("client", "add", "Initech", "--status", "active")
    run("client", "competitor", "Acme", "Globex", "--note", "Quoted 8% below us")
    run("client", "competitor", "Łódź Kable", "GLOBEX", "--note", "Pilot in Kraków")
    run("client", "competitor", "Initech", "Contoso")
    run("contract", "add", "Initech", "--value", "12000.50", "--start", "2025-01-01", "--end", "2025-12-31")
    run("contract", "add", "Initech", "--value", "€3000", "--start", "2025-01-01", "--end", "2025-12-31")
    run("contract", "add", "Acme", "--value", "5000", "--start", "2026-01-01", "--end", "2026-12-31")
    run("contract", "churn", "1", "--lost-to", "globex ")
    run("contract", "churn", "2", "--lost-to", "Globex")
    rivals = run.json("competitors")
    # Globex: noted at 2 clients and took 2 terms, first; Contoso: at 1 client
    assert [(r["competitor"], r["present_at"], r["lost_terms"]) for r in rivals] == [
        ("Globex", 2, 2),
        ("Contoso", 1, 0),
    ]
    globex = rivals[0]
    assert globex["lost_value"] == {"EUR": 3000, "USD": 12000.5}
    assert [(a["client"], a["note"]) for a in globex["at"]] == [
        ("Acme", "Quoted 8% below us"),
        ("Łódź Kable", "Pilot in Kraków"),
    ]
    assert [(t["contract"], t["client"], t["end"]) for t in globex["lost"]] == [
        (1, "Initech", "2025-12-31"),
        (2, "Initech", "2025-12-31"),
    ]
    assert [r["competitor"] for r in run.json("competitors", "glob")] == ["Globex"]
    assert run.json("competitors", "nobody") == []
    assert "No competitor matches 'nobody'." in run("competitors", "nobody").stdout
    mine = run.json("competitors", "--owner", "bob")
    assert [(r["competitor"], r["present_at"], r["lost_terms"]) for r in mine] == [("GLOBEX", 1, 0)]  # as written there
    table = run("competitors", "globex").stdout
    assert "Pilot in Kraków" in table and "took contract #1 (ended 2025-12-31)" in table
    assert "12,000.50 USD" in table and "3,000 EUR" in table
    lines = run("competitors", "--csv").stdout.splitlines()
    assert lines[0] == "competitor,present_at,lost_terms,lost_value,last_seen,clients"
    assert lines[1].startswith("Globex,2,2,3000 EUR; 12000.5 USD,") and lines[1].endswith(",Acme; Initech; Łódź Kable")
    run("client", "archive", "Łódź Kable")
    assert run.json("competitors")[0]["present_at"] == 1  # an archived client's notes are left out


def test_contacts_lifecycle(run, book_env):
    run("client", "add", "PT Sinar Jaya")
    first = run.json("contact", "add", "sinar", "Budi Santoso", "--title", "Direktur", "--key", "--email", "budi@sj.id")
    run("contact", "add", "sinar", "Siti Rahayu")
    assert first["key"] is True and first["client"] == "PT Sinar Jaya"
    assert [c["name"] for c in run.json("contact", "list", "--key")] == ["Budi Santoso"]
    assert len(run.json("contact", "list", "PT Sinar Jaya")) == 2
    edited = run.json("contact", "edit", str(first["id"]), "--title", "CFO", "--not-key")
    assert run("contact", "edit", str(first["id"]), "--title", "CFO", "--phone", "+62 21 555").stdout == (
        "Updated contact #1 Budi Santoso, CFO at PT Sinar Jaya: phone\n"
    )
    assert run("contact", "edit", str(first["id"]), "--not-key").stdout.startswith("Nothing to change in contact #1")
    assert edited["title"] == "CFO" and edited["key"] is False
    run("log", "sinar", "Call with Budi", "--contact", "budi@sj.id")
    run("log", "sinar", "Email to Budi", "--kind", "email", "--contact", "Budi")
    run("complaint", "add", "sinar", "Late invoice", "--contact", "Budi")
    run("feedback", "add", "sinar", "--nps", "9", "--contact", "Budi")
    siti = run.json("contact", "remove", str(run.json("contact", "list", "sinar")[1]["id"]))
    assert siti["name"] == "Siti Rahayu" and siti["unlinked"] == {}
    run("contact", "add", "sinar", "Siti Rahayu")
    assert run("contact", "remove", str(first["id"])).stdout == (
        "Removed contact #1 Budi Santoso, CFO at PT Sinar Jaya; kept 2 interactions, 1 complaint and 1 feedback"
        " that named them, now without a contact\n"
    )
    assert run.json("complaint", "show", "1")["contact"] is None
    assert [c["name"] for c in run.json("contact", "list")] == ["Siti Rahayu"]
    logged = run.json("interaction", "list")
    assert sorted(i["summary"] for i in logged) == ["Call with Budi", "Email to Budi"]
    assert [i["contact"] for i in logged] == [None, None]
    assert "no contact #99" in run.error("contact", "remove", "99", code=1)
    assert "email" in run.error("contact", "add", "sinar", "X", "--email", "bad", code=2)
    assert "email 'budi@' has nothing after the @" in run.error("contact", "add", "sinar", "X", "--email", "budi@",
                                                                code=2)  # fmt: skip
    assert count(book_env, "contacts") == 1


def test_contact_show_is_what_the_book_knows_of_one_person(run):
    run("client", "add", "PT Sinar Jaya")
    budi = run.json("contact", "add", "sinar", "Budi Santoso", "--title", "Direktur", "--key", "--email", "budi@sj.id")
    run("contact", "add", "sinar", "Siti Rahayu")
    for day in range(1, 8):  # seven calls with Budi, one with Siti
        run("log", "sinar", f"Call {day} with Budi", "--contact", "Budi", "--at", f"2026-11-{day:02d} 10:00")
    run("log", "sinar", "Call with Siti", "--contact", "Siti", "--at", "2026-11-10 10:00")
    run("followup", "add", "sinar", "Send Budi the price list", "--due", "2026-11-25", "--contact", "Budi")
    run("followup", "add", "sinar", "Send Siti the catalogue", "--due", "2026-11-26", "--contact", "Siti")
    run("followup", "add", "sinar", "Kept already", "--due", "2026-11-20", "--contact", "Budi")
    run("followup", "done", "3")
    run("complaint", "add", "sinar", "Late invoice", "--contact", "Budi", "--at", "2026-11-05 09:00")
    run("feedback", "add", "sinar", "--nps", "9", "--contact", "Budi", "--comment", "Responsive")
    card = run.json("contact", "show", str(budi["id"]))
    assert (card["name"], card["title"], card["key"]) == ("Budi Santoso", "Direktur", True)
    assert card["interaction_count"] == 7
    assert [i["summary"] for i in card["recent_interactions"]] == [f"Call {d} with Budi" for d in (7, 6, 5, 4, 3)]
    assert [f["title"] for f in card["open_followups"]] == ["Send Budi the price list"]
    assert [(k["title"], k["status"]) for k in card["complaints"]] == [("Late invoice", "open")]
    assert [(f["kind"], f["score"], f["comment"]) for f in card["feedback"]] == [("nps", 9, "Responsive")]
    text = run("contact", "show", str(budi["id"])).stdout
    assert text.startswith("#1 Budi Santoso, Direktur at PT Sinar Jaya (key)\n")
    assert "last contact  2026-11-07 10:00" in text and "7 interactions" in text and "Call with Siti" not in text
    siti = run("contact", "show", "2").stdout
    assert "Call with Siti" in siti and "Feedback\n  none" in siti and "Late invoice" not in siti
    assert "no contact #9" in run.error("contact", "show", "9", code=1)


def test_one_person_is_not_added_twice_at_a_client(run, book_env):
    run("client", "add", "Acme")
    run("client", "add", "Globex")
    run("contact", "add", "Acme", "Dana Whitfield", "--email", "dana@acme.example")
    assert run.error("contact", "add", "Acme", "Dana W.", "--email", "DANA@acme.example", code=1) == (
        "relmgr: Acme already has a contact with dana@acme.example: #1 Dana Whitfield "
        "(change it with `relmgr contact edit 1`)"
    )
    assert run.error("contact", "add", "Acme", "DANA  WHITFIELD", code=1) == (
        "relmgr: Acme already has a contact of that name: #1 Dana Whitfield "
        "(change it with `relmgr contact edit 1`, or give each person their own --email)"
    )
    assert count(book_env, "contacts") == 1
    run("contact", "add", "Acme", "John Smith", "--email", "john.smith@acme.example")
    run("contact", "add", "Acme", "John Smith", "--email", "jsmith@acme.example")  # two people, told apart
    run("contact", "add", "Globex", "Dana Whitfield", "--email", "dana@acme.example")  # another client's record
    assert "already has a contact with" in run.error(
        "contact", "edit", "3", "--email", "John.Smith@acme.example", code=1
    )
    run("contact", "add", "Acme", "Sam")
    assert "already has a contact of that name" in run.error("contact", "edit", "5", "--name", "Dana Whitfield", code=1)
    assert count(book_env, "contacts") == 5
    assert run.json("contact", "edit", "1", "--name", "Dana Whitfield-Jones")["name"] == "Dana Whitfield-Jones"


def test_a_new_owner_takes_over_the_open_work_the_old_one_held(run, book_env):
    """`client edit --owner` is a lasting hand-over: the old owner's open promises and complaints
    for that client go with it (in one transaction); a colleague's, and finished work, stay."""
    run("client", "add", "Acme", "--owner", "alice")
    run("client", "add", "Globex", "--owner", "alice")
    run("followup", "add", "Acme", "Send the quote", "--due", "fri")
    run("followup", "add", "Acme", "Demo for the plant", "--due", "fri", "--owner", "sam")  # sales: stays sam's
    run("followup", "add", "Acme", "Old promise", "--due", "fri")
    run("followup", "done", "3")  # kept: stays alice's
    run("followup", "add", "Globex", "Globex's", "--due", "fri")  # another client: stays alice's
    run("complaint", "add", "Acme", "Late")
    run("complaint", "add", "Acme", "Broken")
    run("complaint", "escalate", "2", "--reason", "VIP", "--assignee", "tina")  # with the team lead: stays
    line = run("client", "edit", "Acme", "--owner", "bob").stdout.strip()
    assert line == "Updated client #1 Acme (tier B, active, owner bob): owner; bob takes over 1 open follow-up " \
                   "and 1 open complaint"  # fmt: skip
    owners = {f["title"]: f["owner"] for f in run.json("followup", "list", "--all")}
    assert owners == {"Send the quote": "bob", "Demo for the plant": "sam", "Old promise": "alice",
                      "Globex's": "alice"}  # fmt: skip
    assert {k["id"]: k["assignee"] for k in run.json("complaint", "list")} == {1: "bob", 2: "tina"}
    note = run.json("complaint", "show", "1")["events"][-1]
    assert (note["action"], note["by"], note["note"]) == ("note", "alice", "assigned to bob: Acme is now bob's client")
    assert [f["title"] for f in run.json("agenda", "--owner", "bob", "--days", "7")["upcoming"]] == ["Send the quote"]
    # the same owner again, or another field, moves nothing
    assert run.json("client", "edit", "Acme", "--owner", "bob")["moved"] == {}
    assert (
        run("client", "edit", "Acme", "--tier", "A", "--city", "Pune").stdout.strip()
        == "Updated client #1 Acme (tier A, active, owner bob): tier, city"
    )
    stamp = run.json("client", "show", "Acme")["updated_at"]
    assert (
        run("client", "edit", "Acme", "--tier", "a", "--city", " Pune ", "--name", "Acme").stdout.strip()
        == "Nothing to change in client #1 Acme (tier A, active, owner bob)"
    )
    assert run.json("client", "show", "Acme")["updated_at"] == stamp  # an import undo still sees it untouched


def test_a_list_of_clients_is_shown_as_each_client_is(run, book_env):
    """`records.present_all` converts rows read with the fields in order where they stand, and
    presents any other rows one by one: the same records either way."""
    from relmgr import clients, db, records

    run("client", "add", "Acme", "--tag", "key,usd", "--city", "Łódź")
    run("client", "add", "Beta")
    run("log", "Acme", "Called", "--at", "2026-11-20 09:00")
    book = db.open_book(book_env)
    one_by_one = [records.present("client", row) for row in book.rows(f"{clients.SELECT} ORDER BY id")]
    assert one_by_one[0]["tags"] == ["key", "usd"] and one_by_one[0]["last_contact_at"].endswith("+05:30")
    assert records.present_all("client", book.rows(f"{clients.LISTED} ORDER BY id")) == one_by_one
    assert records.present_all("client", book.rows(f"{clients.SELECT} ORDER BY id")) == one_by_one
