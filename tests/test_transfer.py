"""CSV import and export (issue #5): real CRM exports in, lossless round trips out, never half a file."""

import csv
import json
import os
import signal
import sqlite3
import stat
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import relmgr_command

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ENTITIES = [
    "clients", "contacts", "interactions", "followups", "complaints", "contracts", "opportunities", "feedback",
    "competitors",
]  # fmt: skip


def count(db, table):
    return sqlite3.connect(db).execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def write(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _errors(result) -> list[str]:
    """The lines of a refused import's report, without its warnings (the book's currency taken)."""
    return [line for line in result.stderr.splitlines() if not line.startswith("relmgr: warning:")]


@pytest.fixture
def full_book(run, tmp_path):
    """The demo book plus records with every awkward thing a cell can hold."""
    db = tmp_path / "full.db"
    run("--db", str(db), "demo")
    run("--db", str(db), "client", "add", "=HYPERLINK(\"evil\")", "--notes", 'Said "yes", then\nno; 50% off, ₹ & zł',
        "--phone", "+48 42 555 0199", "--tag", "a", "--tag", "b")  # fmt: skip
    run("--db", str(db), "contract", "add", "HYPERLINK", "--value", "0.1", "--currency", "EUR", "--start", "2026-01-01",
        "--end", "2026-12-31")  # fmt: skip
    run("--db", str(db), "contract", "add", "HYPERLINK", "--value", "0.2", "--currency", "EUR", "--start", "2026-01-01",
        "--end", "2026-12-31")  # fmt: skip
    run("--db", str(db), "log", "HYPERLINK", "@mention\tand a tab", "--kind", "note")
    thread = 'Re: order for दिल्ली and Łódź, "as agreed", 50% off\n' * 4000  # 200,000 characters: past csv's limit
    run("--db", str(db), "log", "HYPERLINK", thread, "--kind", "email", "--at", "2026-11-19 09:00")
    for _ in range(2):  # twins: records alike but for their ids, which must both come back
        run("--db", str(db), "log", "HYPERLINK", "Called twice", "--at", "2026-11-20 10:00")
        run("--db", str(db), "followup", "add", "HYPERLINK", "Same promise", "--due", "2026-12-01")
        run("--db", str(db), "feedback", "add", "HYPERLINK", "--csat", "5", "--at", "2026-11-20 10:00")
    return db


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_export_import_export_is_identical_for_every_entity(run, full_book, tmp_path, fmt):
    first, second, again = tmp_path / "first", tmp_path / "second", tmp_path / "again.db"
    run("--db", str(full_book), "export", "all", "-o", str(first), "--format", "csv")
    run("--db", str(again), "import", "all", str(first))
    run("--db", str(again), "export", "all", "-o", str(second), "--format", "csv")
    for entity in ENTITIES:
        assert (first / f"{entity}.csv").read_bytes() == (second / f"{entity}.csv").read_bytes(), entity
    if fmt != "csv":  # the other formats carry the same records
        for db, folder in ((full_book, tmp_path / "a"), (again, tmp_path / "b")):
            run("--db", str(db), "export", "all", "-o", str(folder), "--format", fmt)
        for entity in ENTITIES:
            assert (tmp_path / "a" / f"{entity}.{fmt}").read_bytes() == (
                tmp_path / "b" / f"{entity}.{fmt}"
            ).read_bytes()
    assert count(again, "complaint_events") == count(full_book, "complaint_events")
    if fmt == "csv":  # the same files again change nothing, twins included
        assert "Nothing changed" in run("--db", str(again), "import", "all", str(first)).stdout
        for table in ("interactions", "followups", "feedback"):
            assert count(again, table) == count(full_book, table)


def test_a_cell_past_the_limit_is_named_with_the_likely_cause(run, tmp_path, monkeypatch):
    """A quote left open reads on to the end of the file, or to the longest cell relmgr reads (16 Mi
    characters; 40 here): one line naming where, and nothing written."""
    from relmgr import tablefile

    monkeypatch.setattr(tablefile, "CELL_LIMIT", 40)
    sheet = write(tmp_path / "c.csv", 'name,notes\nAcme,short\nGlobex,"an open quote\nInitech,runs on\nUmbrella,on\n')
    refused = run("import", "clients", str(sheet), code=1)
    assert refused.stderr == ("relmgr: line 3: a cell runs past 40 characters (a quote left open runs on to the end "
                              "of the file: check the quoting on that line)\n")  # fmt: skip
    assert run.json("client", "list") == []


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_what_json_exports_hold_imports_back(run, full_book, tmp_path, fmt):
    """A script's round trip (export --format jsonl | jq ... | import -) loses nothing: the CSV of
    the book it makes is the original's, but for money written with trailing zeros (48000.50 is the
    JSON number 48000.5: the same amount)."""
    run("--db", str(full_book), "export", "all", "-o", str(tmp_path / "json"), "--format", fmt)
    again = tmp_path / "again.db"
    run("--db", str(again), "import", "all", str(tmp_path / "json"))
    for db, folder in ((full_book, "before"), (again, "after")):
        run("--db", str(db), "export", "all", "-o", str(tmp_path / folder))
    csv.field_size_limit(1 << 24)  # the long email thread, read here as relmgr reads it
    for entity in ENTITIES:
        before, after = (list(csv.reader((tmp_path / side / f"{entity}.csv").open(encoding="utf-8", newline="")))
                         for side in ("before", "after"))  # fmt: skip
        if "value" in before[0]:
            at = before[0].index("value")
            for row in before[1:] + after[1:]:
                row[at] = str(Decimal(row[at]).normalize()) if row[at] else ""
        assert before == after, entity
    names = [c["name"] for c in run.json("--db", str(again), "client", "list")]
    assert '=HYPERLINK("evil")' in names  # a JSON string is taken as it is: no quote to strip
    again_too = run("--db", str(again), "import", "all", str(tmp_path / "json")).stdout
    assert "Nothing changed" in again_too  # the twins too


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_json_exports_of_empty_tables_import_as_nothing(run, tmp_path, fmt):
    """A book with one client exports `[]` (or an empty .jsonl) for every other table."""
    run("client", "add", "Acme")
    run("export", "all", "-o", str(tmp_path / "out"), "--format", fmt)
    assert (tmp_path / "out" / f"contacts.{fmt}").read_text() == ("[]\n" if fmt == "json" else "")
    copy = str(tmp_path / "copy.db")
    said = run("--db", copy, "import", "all", str(tmp_path / "out")).stdout
    assert f"contacts.{fmt}: 0 added, 0 updated, 0 unchanged, 0 rejected" in said  # as a CSV of a header alone
    assert [c["name"] for c in run.json("--db", copy, "client", "list")] == ["Acme"]
    (tmp_path / "out" / "clients.csv").write_text("name\nGlobex\n")  # two files for one table: which?
    assert "holds clients.csv and clients." in run.error("--db", copy, "import", "all", str(tmp_path / "out"), code=1)


def test_json_lines_from_a_script(run, book_env, tmp_path):
    """Records as a script writes them: the first record's keys in any order, or left out; strings
    taken as they are."""
    run("client", "add", "Acme")
    lines = ('{"name": "Globex", "notes": null, "tags": ["eu", "key"], "rating": 4}\n\n'
             '{"rating": null, "name": "\'=quoted", "notes": "=1+1"}\n')  # fmt: skip
    piped = run("import", "clients", "-", input=lines)
    assert "2 added" in piped.stdout
    found = {c["name"]: c for c in run.json("client", "list")}
    assert found["Globex"]["tags"] == ["eu", "key"] and found["Globex"]["rating"] == 4
    assert found["'=quoted"]["notes"] == "=1+1"
    calls = write(tmp_path / "calls.json", '[{"client": "Acme", "summary": "Renewal call", "at": "2026-11-20 10:00",'
                                           ' "kind": "call"},\n {"client": "Acme", "summary": "Follow-up mail",'
                                           ' "kind": "email", "by": "bob"}]')  # fmt: skip
    assert "2 added" in run("import", "interactions", str(calls)).stdout  # an array's records: any keys
    assert [(i["kind"], i["by"]) for i in run.json("interaction", "list")] == [("email", "bob"), ("call", "alice")]


def test_json_as_scripts_and_apis_write_it(run, book_env, tmp_path):
    """A list wrapped in an object (`{"data": [...]}`) and an object written over many lines were
    refused ("no column names a field" and "is not JSON Lines")."""
    wrapped = write(tmp_path / "api.json", '{\n  "data": [\n    {"name": "Globex"},\n'
                                           '    {"name": "Initech", "rating": 9}\n  ]\n}\n')  # fmt: skip
    refused = run("import", "clients", str(wrapped), code=1).stderr
    assert refused.splitlines()[0] == "line 4: rating: 9 is not from 1 to 5"
    wrapped.write_text('{"clients": [{"name": "Globex"}, {"name": "Initech", "city": "Łódź"}]}')
    assert "2 added" in run("import", "clients", str(wrapped)).stdout
    single = write(tmp_path / "one.json", '{\n  "name": "Umbrella",\n  "tags": ["key"]\n}\n')
    assert "1 added" in run("import", "clients", str(single)).stdout
    found = {c["name"]: c for c in run.json("client", "list")}
    assert found["Initech"]["city"] == "Łódź" and found["Umbrella"]["tags"] == ["key"]
    # JSON Lines are records a line each: a line that wraps a list is one record, not a list
    lines = write(tmp_path / "wrapped.jsonl", '{"data": [{"name": "Hooli"}]}\n')
    assert "no column of" in run.error("import", "clients", str(lines), code=1)
    assert count(book_env, "clients") == 3


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [("a.jsonl", '{"name": "A"}\n{"name": "B",}\n', "line 2: "),
     ("a.json", '{\n  "data": [\n    {"name": "A"}\n    {"name": "B"}\n  ]\n}', "line 4: "),
     ("a.json", '{\n  "name": "A",\n  "city": \n}', "a.json is not JSON (Expecting value)"),
     ("a.json", '[{"name": "A"},\n {"name": "B"}\n {"name": "C"}]', "line 3: "),  # where the comma was wanted
     ("a.jsonl", '{"name": "A"}\n\n{"name": "B", "colour": "red"}', "line 3: 'colour' is not a key of the first"),
     ("a.json", "[1, 2]", "holds no JSON records"), ("a.json", '[{}, {"name": "A"}]', "holds no JSON records"),
     ("a.jsonl", '{"name": "A"}\n["B"]\n', "line 2: a record is a JSON object"),
     ("a.json", '[{"name": "A"}', "does not end with ]"),
     ("a.json", '{"nom": "A"}', "no column of")],
)  # fmt: skip
def test_json_relmgr_cannot_use_is_refused_with_one_line(run, book_env, tmp_path, name, content, needle):
    run("init")
    assert needle in run.error("import", "clients", str(write(tmp_path / name, content)), code=1)
    assert count(book_env, "clients") == 0 and count(book_env, "imports") == 0


def test_export_neutralises_formulas_and_keeps_money_exact(run, full_book, tmp_path):
    out = tmp_path / "clients.csv"
    out.write_text("last week's export, left readable by all")
    out.chmod(0o644)
    run("--db", str(full_book), "export", "clients", "-o", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # an old file written over is made private too
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    evil = next(r for r in rows if "HYPERLINK" in r["name"])
    assert evil["name"] == '\'=HYPERLINK("evil")' and evil["phone"] == "'+48 42 555 0199"
    assert evil["notes"] == 'Said "yes", then\nno; 50% off, ₹ & zł' and evil["tags"] == "a,b"
    assert evil["rating"] == "" and evil["archived"] == "false"
    values = [json.loads(line)["value"] for line in
              run("--db", str(full_book), "export", "contracts", "--format", "jsonl").stdout.splitlines()]  # fmt: skip
    assert values[-2:] == [0.1, 0.2]
    listing = json.loads(run("--db", str(full_book), "export", "complaints", "--format", "json").stdout)
    assert isinstance(listing[0]["events"], list) and listing[0]["events"][0]["action"] == "opened"


def test_export_bad_input(run, tmp_path):
    assert "unknown entity" in run.error("export", "accounts", code=2)
    assert "unknown format" in run.error("export", "clients", "--format", "xlsx", code=2)
    assert "needs -o" in run.error("export", "all", code=2)
    assert "folder" in run.error("export", "clients", "-o", str(tmp_path), code=1)


def test_export_for_excel_begins_with_a_byte_order_mark_and_comes_back_the_same(run, full_book, tmp_path):
    """Excel reads a CSV without a BOM in the local code page: Łódź would open as ÅÃ³dÅº."""
    plain, marked = tmp_path / "plain.csv", tmp_path / "excel.csv"
    run("--db", str(full_book), "export", "clients", "-o", str(plain))
    run("--db", str(full_book), "export", "clients", "-o", str(marked), "--excel")
    assert marked.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert run("--db", str(full_book), "export", "contacts", "--excel").stdout.startswith("\ufeffid,")
    run("--db", str(full_book), "export", "all", "-o", str(tmp_path / "all"), "--excel")
    assert (tmp_path / "all" / "feedback.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    fresh = tmp_path / "fresh.db"
    run("--db", str(fresh), "import", "clients", str(marked))
    run("--db", str(fresh), "export", "clients", "-o", str(tmp_path / "again.csv"))
    assert (tmp_path / "again.csv").read_bytes() == plain.read_bytes()
    assert "--excel is for CSV, not json" in run.error("export", "clients", "--format", "json", "--excel", code=2)


def test_salesforce_accounts_export(run, book_env):
    result = run("import", "clients", str(EXAMPLES / "salesforce-accounts.csv"))
    assert "5 added" in result.stdout and "ignoring unknown columns: Annual Revenue, Employees" in result.stderr
    # all five are priya's, and the user is alice: her agenda would leave the whole file out
    assert ("'Account Owner' names 'priya' as the owner, not you (alice), so your agenda leaves these clients out: "
            "if that is you, `relmgr config set user 'priya'`; to own them yourself, import with "
            "--map 'Account Owner=ignore'") in " ".join(result.stderr.split())  # fmt: skip
    by_name = {c["name"]: c for c in run.json("client", "list", "--all")}
    tata = by_name["Tata Steel Processing"]
    assert (tata["status"], tata["external_id"], tata["owner"], tata["city"]) == ("active", "0015g00000AbCdE",
                                                                                 "priya", "Mumbai")  # fmt: skip
    assert tata["created_at"].startswith("2023-04-11")
    assert by_name["Eco Pure India"]["status"] == "prospect"
    assert by_name["Eco Pure India"]["notes"] == "Met at the Bengaluru fair\nFollow up in Q1"
    assert by_name["Northwind Traders"]["status"] == "churned"
    assert by_name["Przedsiębiorstwo Łódź Sp. z o.o."]["notes"] == 'Renewal talks every autumn, "always" by visit'
    again = run("import", "clients", str(EXAMPLES / "salesforce-accounts.csv"))
    assert "0 added, 0 updated, 5 unchanged" in again.stdout
    assert "Account Owner" not in again.stderr  # priya is known now
    assert count(book_env, "clients") == 5


def test_an_import_of_someone_elses_clients_says_so(run, tmp_path):
    sheet = tmp_path / "team.csv"
    rows = ["Account Name,Account Owner", *(f"Client {n},Owner {n % 5}" for n in range(12))]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    warned = " ".join(run("import", "clients", str(sheet), "--dry-run").stderr.split())
    assert ("'Account Owner' names 5 owners, none of them you (alice): Owner 0 (3), Owner 1 (3), Owner 2 (2) "
            "and 2 more; your agenda leaves their clients out") in warned  # fmt: skip
    # one row of the user's own (any case) is enough: the others are colleagues
    sheet.write_text("\n".join([*rows, "Client 99,ALICE"]) + "\n", encoding="utf-8")
    assert "owner" not in run("import", "clients", str(sheet)).stderr
    # a file without an owner column is the user's: nothing to say
    plain = tmp_path / "plain.csv"
    plain.write_text("Account Name\nSolo Ltd\n", encoding="utf-8")
    assert run("import", "clients", str(plain)).stderr == ""
    assert run.json("client", "show", "Solo Ltd")["owner"] == "alice"


def test_hubspot_companies_then_contacts_with_first_and_last_names(run):
    run("import", "clients", str(EXAMPLES / "hubspot-companies.csv"))
    run("import", "contacts", str(EXAMPLES / "hubspot-contacts.csv"))
    people = {c["name"]: c for c in run.json("contact", "list")}
    assert (
        people["Dana Whitfield"]["client"] == "Acme Manufacturing"
        and people["Dana Whitfield"]["title"] == "VP Operations"
    )
    assert people["सुनीता शर्मा"]["client"] == "राजस्थान हस्तशिल्प निगम"
    statuses = {c["name"]: c["status"] for c in run.json("client", "list")}
    assert statuses["CV Maju Bersama"] == "prospect" and statuses["Acme Manufacturing"] == "active"
    assert run.json("client", "show", "9012345001")["name"] == "Acme Manufacturing"  # Record ID is the external id


def test_contacts_match_by_email_then_client_and_name(run, tmp_path):
    run("client", "add", "Acme")
    first = write(tmp_path / "a.csv", "client,name,email,title\nAcme,Dana W,dana@acme.example,VP\nAcme,Sam,,Manager\n")
    run("import", "contacts", str(first))
    second = write(tmp_path / "b.csv", "client,name,email,title\nAcme,Dana Whitfield,DANA@acme.example,COO\n"
                                       "Acme,sam,,Plant manager\n")  # fmt: skip
    assert "0 added, 2 updated, 0 unchanged" in run("import", "contacts", str(second)).stdout
    assert {(c["name"], c["title"]) for c in run.json("contact", "list")} == {("Dana Whitfield", "COO"),
                                                                             ("sam", "Plant manager")}  # fmt: skip


def test_an_email_two_clients_share_is_two_contacts(run, book_env, tmp_path):
    """relmgr lets two clients each have a contact at info@... (or one consultant working for
    both); the import matched the second row to the first client's contact and moved it, so an
    export of such a book did not import back."""
    run("client", "add", "Acme")
    run("client", "add", "Beta")
    run("contact", "add", "Acme", "Front desk", "--email", "info@group.example")
    run("contact", "add", "Beta", "Reception", "--email", "INFO@group.example")
    exported = run("export", "contacts").stdout
    sheet = write(tmp_path / "contacts.csv", exported)
    assert "0 added, 0 updated, 2 unchanged" in run("import", "contacts", str(sheet)).stdout
    fresh = tmp_path / "fresh.db"
    run("--db", str(fresh), "import", "clients", str(write(tmp_path / "c.csv", run("export", "clients").stdout)))
    assert "2 added, 0 updated" in run("--db", str(fresh), "import", "contacts", str(sheet)).stdout
    assert run("--db", str(fresh), "export", "contacts").stdout == exported
    moved = write(tmp_path / "moved.csv", "client,name,email,title\nBeta,Front desk,info@group.example,Lobby\n")
    assert "0 added, 1 updated" in run("import", "contacts", str(moved)).stdout  # at Beta: its own, by email
    assert {(c["client"], c["name"], c["title"]) for c in run.json("contact", "list")} == {
        ("Acme", "Front desk", None),
        ("Beta", "Front desk", "Lobby"),
    }


def test_two_people_of_one_name_at_a_client_stay_two(run, tmp_path):
    """Two Jan Kowalskis at one client, each with an email, are two contacts (`contact add` lets
    them be); the import matched the second to the first by name and merged them, so such a book
    did not come back from its own export."""
    run("client", "add", "Acme")
    run("contact", "add", "Acme", "Jan Kowalski", "--email", "jan.k@acme.example", "--title", "CFO")
    run("contact", "add", "Acme", "Jan Kowalski", "--email", "jkowalski@acme.example")
    run("contact", "add", "Acme", "Sam")
    exported = run("export", "contacts").stdout
    fresh = tmp_path / "fresh.db"
    run("--db", str(fresh), "client", "add", "Acme")
    assert (
        "3 added, 0 updated"
        in run("--db", str(fresh), "import", "contacts", str(write(tmp_path / "p.csv", exported))).stdout
    )
    assert run("--db", str(fresh), "export", "contacts").stdout == exported
    # a row without an email, or a contact without one, still matches by name
    later = write(tmp_path / "later.csv", "client,name,email,title\nAcme,Sam,sam@acme.example,Buyer\n")
    assert "0 added, 1 updated" in run("import", "contacts", str(later)).stdout
    assert len(run.json("contact", "list")) == 3


def test_a_contacts_email_outweighs_another_contacts_name(run, tmp_path):
    """A row whose email is one contact's and whose name is another's (Dana Lee, now married,
    beside a Dana Whitfield the book has without an email) updates the contact with the email."""
    run("client", "add", "Acme")
    run("contact", "add", "Acme", "Dana Lee", "--email", "dana@acme.example")
    run("contact", "add", "Acme", "Dana Whitfield")
    row = write(tmp_path / "c.csv", "client,name,email,title\nAcme,Dana Whitfield,DANA@acme.example,CFO\n")
    assert "0 added, 1 updated" in run("import", "contacts", str(row)).stdout
    people = {(c["name"], c["email"], c["title"]) for c in run.json("contact", "list")}
    assert people == {("Dana Whitfield", "DANA@acme.example", "CFO"), ("Dana Whitfield", None, None)}


def test_a_file_listing_a_record_twice_imports_and_undoes(run, book_env, tmp_path):
    """A CRM export listing a company twice: the second row updates what the first added. The
    search index took the record from the update trigger and again at the end of the import:
    `database error: constraint failed`, and no import at all."""
    run("client", "add", "Acme", "--notes", "as it was")
    sheet = write(tmp_path / "clients.csv", "name,notes\nBeta,first\nBeta,second\nAcme,fresh\nAcme,newer\n")
    done = run("import", "clients", str(sheet))
    assert "1 added, 3 updated, 0 unchanged" in done.stdout
    assert "2 clients are on more than one line ('Acme', 'Beta'): the last line wins" in done.stderr
    assert [hit["client"] for hit in run.json("search", "second")] == ["Beta"]
    assert run.json("search", "first") == [] and run.json("search", "fresh") == []
    assert [hit["client"] for hit in run.json("search", "newer")] == ["Acme"]
    assert run("import", "undo", "1").stdout.startswith("Undid import #1: removed 1 record and restored 1 record")
    assert [c["name"] for c in run.json("client", "list")] == ["Acme"]
    assert [hit["client"] for hit in run.json("search", "as it was")] == ["Acme"]
    assert run.json("search", "second") == [] and run.json("search", "newer") == []
    assert count(book_env, "search_index") == 1


def test_day_first_sheet_is_refused_without_an_option(run, book_env):
    run("import", "clients", str(EXAMPLES / "hubspot-companies.csv"))
    run("import", "contacts", str(EXAMPLES / "hubspot-contacts.csv"))
    result = run("import", "interactions", str(EXAMPLES / "excel-daybook.csv"), code=1)
    assert "line 2: at: '05.03.2026' could be day-first or month-first; pass --dayfirst" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("relmgr: import refused: 2 bad rows; nothing was written")
    assert count(book_env, "interactions") == 0 and count(book_env, "imports") == 2
    run("import", "interactions", str(EXAMPLES / "excel-daybook.csv"), "--dayfirst")
    logged = {i["summary"]: i for i in run.json("interaction", "list")}
    assert logged["Quarterly review call, asked about analytics"]["at"].startswith("2026-03-05T00:00:00")
    assert logged["Sent pricing; waiting for PO"]["at"].startswith("2026-04-28T14:30:00")
    assert logged["Tanya stok untuk Lebaran"]["kind"] == "chat"  # WhatsApp
    assert logged["Service contract scope"]["contact"] == "Jürgen Müller"
    assert run.json("client", "show", "Acme")["last_contact_at"].startswith("2026-04-28T14:30:00")


def test_month_first_and_unambiguous_dates(run, tmp_path):
    run("client", "add", "Acme")
    sheet = write(tmp_path / "us.csv", "client,date,subject\nAcme,03/05/2026,March call\nAcme,12/31/2025,Year end\n")
    run("import", "interactions", str(sheet), "--monthfirst")
    assert {i["at"][:10] for i in run.json("interaction", "list")} == {"2026-03-05", "2025-12-31"}
    clear = write(tmp_path / "clear.csv", "client,date,subject\nAcme,31/01/2026,Day first by itself\n"
                                          "Acme,05/05/2026,Reads the same both ways\n")  # fmt: skip
    run("import", "interactions", str(clear))
    assert {"2026-01-31", "2026-05-05"} <= {i["at"][:10] for i in run.json("interaction", "list")}
    assert "contradict" in run.error("import", "interactions", str(clear), "--dayfirst", "--monthfirst", code=2)


def test_bad_rows_are_reported_by_file_line_and_nothing_is_written(run, book_env, tmp_path):
    run("client", "add", "Acme")
    sheet = write(tmp_path / "complaints.csv",
                  'client,title,severity,description\n'
                  'Acme,Late delivery,Critical,"two\nlines"\n'
                  'Acme,Broken,urgent-ish,fine\n'
                  'Nobody,Lost,HIGH,x\n'
                  'Acme,,low,empty title\n'
                  'Acme,Too many,low,x,extra\n')  # fmt: skip
    result = run("import", "complaints", str(sheet), code=1)
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("line 4: severity: 'urgent-ish' is not one of: critical, high, low, medium")
    assert lines[1].startswith("line 5: client: no client named 'Nobody'")
    assert lines[2] == "line 6: title: is empty"
    assert lines[3] == "line 7: row: has 5 fields but the header has 4"
    assert count(book_env, "complaints") == 0 and count(book_env, "complaint_events") == 0


def test_numbers_sqlite_cannot_hold_are_bad_rows(run, book_env, tmp_path):
    """A notice of 10**21 days, or 1.5e400 (infinity), stopped the import with `internal error:
    OverflowError`; a notice past a hundred years put the decision before year 1900."""
    run("client", "add", "Acme")
    sheet = write(
        tmp_path / "contracts.csv",
        "client,value,start,end,notice_days,renewed_from\n"
        "Acme,100,2026-01-01,2026-12-31,999999999999999999999,\n"
        "Acme,100,2026-01-01,2026-12-31,1.5e400,\n"
        "Acme,100,2026-01-01,2026-12-31,40000,\n"
        "Acme,100,2026-01-01,2026-12-31,30,99999999999999999999\n"
        "Acme,100,2026-01-01,2026-12-31,30,\n",
    )
    assert _errors(run("import", "contracts", str(sheet), code=1))[:4] == [
        "line 2: notice_days: '999999999999999999999' is too large",
        "line 3: notice_days: '1.5e400' is not a whole number",
        "line 4: notice_days: 40000 is more than a hundred years",
        "line 5: renewed_from: '99999999999999999999' is too large",
    ]
    assert count(book_env, "contracts") == 0
    (report,) = run.json("import", "contracts", str(sheet), "--skip-invalid")["entities"]
    assert (report["added"], report["rejected"]) == (1, 4)
    assert count(book_env, "contracts") == 1


def test_a_date_outside_the_years_relmgr_keeps_is_a_bad_row(run, book_env, tmp_path):
    """An open-ended term written as ending 9999-12-31 (a habit of older systems) could never be
    renewed: the next term would start in year 10000."""
    run("client", "add", "Acme")
    sheet = write(
        tmp_path / "contracts.csv",
        "client,value,start,end\nAcme,100,2026-01-01,9999-12-31\n"
        "Acme,100,0001-01-01,2026-12-31\nAcme,100,2026-01-01,2026-12-31\n",
    )
    assert _errors(run("import", "contracts", str(sheet), code=1))[:2] == [
        "line 2: end: '9999-12-31' is out of range (relmgr keeps dates from 1900 to 2999)",
        "line 3: start: '0001-01-01' is out of range (relmgr keeps dates from 1900 to 2999)",
    ]
    calls = write(
        tmp_path / "calls.csv",
        "client,summary,at\nAcme,a,0001-01-01T10:00\nAcme,b,31/12/9999 23:59\nAcme,c,2999-12-31T23:00:00-05:00\n",
    )
    lines = run("import", "interactions", str(calls), "--dayfirst", code=1).stderr.splitlines()
    assert lines[:2] == [
        "line 2: at: '0001-01-01T10:00' is out of range (relmgr keeps dates from 1900 to 2999)",
        "line 3: at: '31/12/9999 23:59' is out of range (relmgr keeps dates from 1900 to 2999)",
    ]
    assert count(book_env, "contracts") == 0 and count(book_env, "interactions") == 0


def test_an_email_with_nothing_on_one_side_of_its_at_is_a_bad_row(run, tmp_path):
    run("client", "add", "Acme")
    sheet = write(
        tmp_path / "contacts.csv",
        "client,name,email\nAcme,Dana,dana@\nAcme,Sam,@acme.example\nAcme,Ola,ola@acme.example; o.nowak@acme.example\n",
    )
    assert run("import", "contacts", str(sheet), code=1).stderr.splitlines()[:2] == [
        "line 2: email: 'dana@' has nothing after the @",
        "line 3: email: '@acme.example' has nothing before the @",
    ]
    assert run.json("contact", "list") == []


def test_an_unknown_client_names_the_clients_it_may_mean(run, tmp_path):
    run("client", "add", "Tata Steel Processing Ltd.")
    run("client", "add", "Tatra Motors")
    sheet = write(tmp_path / "tickets.csv", "client,title\nTata Steel,Late\nTata Steel,Again\nZeta,Lost\n")
    lines = run("import", "complaints", str(sheet), code=1).stderr.strip().splitlines()
    assert lines[0] == ("line 2: client: no client named 'Tata Steel' (did you mean 'Tata Steel Processing Ltd.'? "
                        "add it first, or pass --create-clients)")  # fmt: skip
    assert lines[1].startswith("line 3: client: no client named 'Tata Steel' (did you mean 'Tata Steel")
    assert lines[2] == "line 4: client: no client named 'Zeta' (add it first, or pass --create-clients)"
    sheet.write_text("client,title\nTat,Late\n", encoding="utf-8")
    said = run("import", "complaints", str(sheet), code=1).stderr
    assert "did you mean 'Tata Steel Processing Ltd.' or 'Tatra Motors'?" in said


def test_skip_invalid_writes_good_rows_and_a_rejects_file(run, book_env, tmp_path):
    run("client", "add", "Acme")
    sheet = write(tmp_path / "feedback.csv", "client,kind,score,comment\nAcme,csat,5,great\nAcme,nps,11,too high\n"
                                             "Acme,NPS,9,\n")  # fmt: skip
    result = run("import", "feedback", str(sheet), "--skip-invalid")
    assert "2 added, 0 updated, 0 unchanged, 1 rejected" in result.stdout
    assert stat.S_IMODE((tmp_path / "feedback.csv.rejects.csv").stat().st_mode) == 0o600  # personal data
    rejects = list(csv.DictReader((tmp_path / "feedback.csv.rejects.csv").open(encoding="utf-8")))
    assert rejects == [{"client": "Acme", "kind": "nps", "score": "11", "comment": "too high",
                        "error": "score: 11 is not a nps score (0-10)"}]  # fmt: skip
    answers = run.json("feedback", "list")
    assert {a["score"] for a in answers} == {5, 9} and all(a["comment"] != "None" for a in answers)
    assert next(a for a in answers if a["score"] == 9)["comment"] is None
    # fixed, the rejects file goes back in as it is (its error column is not a field)
    fixed = tmp_path / "feedback.csv.rejects.csv"
    fixed.write_text(fixed.read_text(encoding="utf-8").replace(",11,", ",10,"), encoding="utf-8")
    again = run("import", "feedback", str(fixed))
    assert "1 added, 0 updated, 0 unchanged, 0 rejected" in again.stdout and "warning" not in again.stderr
    assert {a["score"] for a in run.json("feedback", "list")} == {5, 9, 10}


def test_rejects_are_written_as_their_file_was_for_the_sheet_it_came_from(run, tmp_path):
    """Excel in Poland saves `;`-separated UTF-8 with a byte order mark and opens a `,` file as one
    column; a file saved as cp1250 is re-imported with the same --encoding: the rejects follow."""
    run("client", "add", "Łódź Kable")
    excel = tmp_path / "rozmowy.csv"
    excel.write_bytes("\ufeffklient;temat;data\r\nŁódź Kable;Rozmowa o cenach;2026-11-20\r\n"
                      "Nikt;Zgubiona;2026-11-20\r\nŁódź Kable;Zła data;32/13/2026\r\n".encode())  # fmt: skip
    result = run("import", "interactions", str(excel), "--skip-invalid")
    assert "line 4: at: '32/13/2026' is not a real date" in result.stderr  # not "could be day-first"
    assert (tmp_path / "rozmowy.csv.rejects.csv").read_bytes().decode() == (
        "\ufeffklient;temat;data;error\r\n"
        "Nikt;Zgubiona;2026-11-20;client: no client named 'Nikt' (add it first, or pass --create-clients)\r\n"
        "Łódź Kable;Zła data;32/13/2026;at: '32/13/2026' is not a real date\r\n"
    )
    legacy = tmp_path / "stare.csv"
    legacy.write_bytes("client,summary,at\nNikt,Gęś,2026-11-21\n".encode("cp1250"))
    run("import", "interactions", str(legacy), "--encoding", "cp1250", "--skip-invalid")
    assert (
        (tmp_path / "stare.csv.rejects.csv")
        .read_bytes()
        .decode("cp1250")
        .startswith("client,summary,at,error\r\nNikt,Gęś,2026-11-21,")
    )
    mended = (tmp_path / "stare.csv.rejects.csv").read_bytes().decode("cp1250").replace("Nikt", "Łódź Kable")
    (tmp_path / "stare.csv.rejects.csv").write_bytes(mended.encode("cp1250"))
    run("import", "interactions", str(tmp_path / "stare.csv.rejects.csv"), "--encoding", "cp1250")
    assert "Gęś" in [i["summary"] for i in run.json("interaction", "list")]


def test_excels_separator_line_names_the_delimiter(run, tmp_path):
    """A file that begins `sep=;` (Excel's note of its delimiter, which some exports write) is read
    with that delimiter, its header on line 2; the rejects begin with the same note."""
    sheet = tmp_path / "firmy.csv"
    sheet.write_bytes("\ufeffsep=;\r\nNazwa firmy;Miasto;Tier\r\nŁódź Kable;Łódź;A\r\nWisła, Sp. z o.o.;Kraków;Z\r\n"
                      "Gdańsk Port;Gdańsk;B\r\n".encode())  # fmt: skip
    result = run("import", "clients", str(sheet), "--skip-invalid")
    assert "2 added" in result.stdout and "line 4: tier: 'Z' is not one of: A, B, C" in result.stderr
    assert {(c["name"], c["city"]) for c in run.json("client", "list")} == {("Łódź Kable", "Łódź"),
                                                                            ("Gdańsk Port", "Gdańsk")}  # fmt: skip
    assert (tmp_path / "firmy.csv.rejects.csv").read_bytes().decode() == (
        "\ufeffsep=;\r\nNazwa firmy;Miasto;Tier;error\r\n"
        "Wisła, Sp. z o.o.;Kraków;Z;tier: 'Z' is not one of: A, B, C\r\n"
    )
    hinted = write(tmp_path / "tabs.csv", "sep=\t\nname\tcity\nHooli, Inc.\tPune\n")
    assert "1 added" in run("import", "clients", str(hinted)).stdout
    assert "Hooli, Inc." in [c["name"] for c in run.json("client", "list")]


def test_dry_run_counts_and_writes_nothing(run, book_env, tmp_path):
    run("import", "clients", str(EXAMPLES / "salesforce-accounts.csv"))
    changed = (EXAMPLES / "salesforce-accounts.csv").read_text(encoding="utf-8").replace("Mumbai", "Pune")
    sheet = write(tmp_path / "sf.csv", changed + "NEW1,New Co,Prospect,,,,,,,,,,,2026-01-01\n")
    before = sqlite3.connect(book_env).execute("SELECT * FROM clients ORDER BY id").fetchall()
    out = run("import", "clients", str(sheet), "--dry-run").stdout
    assert "1 added, 1 updated, 4 unchanged, 0 rejected" in out and "Dry run: nothing was written." in out
    assert sqlite3.connect(book_env).execute("SELECT * FROM clients ORDER BY id").fetchall() == before
    assert count(book_env, "imports") == 1


def test_map_delimiters_bom_and_encodings(run, tmp_path):
    sheet = write(tmp_path / "odd.csv", "\ufeffFirma;Kundennummer;Ort\nMüller GmbH;K-1;München\n")
    result = run("import", "clients", str(sheet), "--map", "Firma=name", "--map", "kundennummer=external_id",
                 "--map", "Ort=city")  # fmt: skip
    assert "1 added" in result.stdout and result.stderr == ""
    assert run.json("client", "show", "K-1")["city"] == "München"
    tabbed = write(tmp_path / "tab.csv", "name\tcity\nŁódź Textiles\tŁódź\n")
    run("import", "clients", str(tabbed))
    polish = write(tmp_path / "cp1250.csv", "name,city\nGdańsk Logistyka,Gdańsk\n", encoding="cp1250")
    assert "not UTF-8" in run.error("import", "clients", str(polish), code=1)
    run("import", "clients", str(polish), "--encoding", "cp1250")
    assert run.json("client", "show", "Gdańsk Logistyka")["city"] == "Gdańsk"
    # Excel's "Unicode Text": UTF-16 with its byte order mark, tab-separated, Windows line ends
    unicode_text = write(tmp_path / "sheet.txt", "Name\tCity\r\nराजस्थान हस्तशिल्प\tजयपुर\r\n", encoding="utf-16")
    assert "1 added" in run("import", "clients", str(unicode_text)).stdout
    assert run.json("client", "show", "राजस्थान")["city"] == "जयपुर"
    without_mark = write(tmp_path / "le.txt", "Name\tCity\nPT Maju\tSurabaya\n", encoding="utf-16-le")
    assert "binary" in run.error("import", "clients", str(without_mark), code=1)
    run("import", "clients", str(without_mark), "--encoding", "utf-16-le")  # named, it is read
    assert run.json("client", "show", "PT Maju")["city"] == "Surabaya"
    # Excel's empty columns after the last one are counted, not listed as ", , "
    trailing = write(tmp_path / "trailing.csv", "name,city,,,Colour\nEco Pure,Pune,,,green\nGlobex,Delhi\n")
    result = run("import", "clients", str(trailing))
    assert result.stderr == (f"relmgr: warning: {trailing}: ignoring unknown column: Colour\n"
                             f"relmgr: warning: {trailing}: ignoring 2 columns without a name\n")  # fmt: skip


@pytest.mark.parametrize(
    ("content", "args", "code", "needle"),
    [(None, ["clients", "missing.csv"], 2, "no file"),
     ("folder", ["clients", "{dir}"], 2, "is a folder"),
     (b"\x89PNG\r\n\x1a\n\x00\x00\x00", ["clients", "{file}"], 1, "binary"),
     (b"", ["clients", "{file}"], 1, "is empty"),
     (b"Colour,Size\nred,9\n", ["clients", "{file}"], 1, "no column"),
     (b"name,name\nA,B\n", ["clients", "{file}"], 1, "has the column 'name' twice"),
     (b"Name,Account name,ACCOUNT NAME\nA,B,C\n", ["clients", "{file}"], 1, "has the column 'ACCOUNT NAME' twice"),
     (b"city\nParis\n", ["clients", "{file}"], 1, "no column for name"),
     (b"Company,Score\nAcme,9\n", ["feedback", "{file}"], 1,  # a survey tool's export
      "does not say which survey its scores answer (--map 'Score=nps' (0 to 10) or --map 'Score=csat' (1 to 5))"),
     (b"name\nA\n", ["accounts", "{file}"], 2, "unknown entity"),
     (b"name\nA\n", ["clients", "{file}", "--map", "name=colour"], 2, "no field 'colour'"),
     (b"name\nA\n", ["clients", "{file}", "--map", "Nope=city"], 2, "does not have"),
     (b'name\n"unterminated\n', ["clients", "{file}"], 1, "line 2"),
     (b"name\nA\n", ["clients", "{file}", "--encoding", "klingon"], 2, "unknown encoding")],
)  # fmt: skip
def test_files_relmgr_cannot_use_are_refused_with_one_line(run, book_env, tmp_path, content, args, code, needle):
    run("init")
    target = tmp_path / "in.csv"
    if isinstance(content, bytes):
        target.write_bytes(content)
    args = [a.replace("{file}", str(target)).replace("{dir}", str(tmp_path)) for a in args]
    assert needle in run.error("import", *args, code=code)
    assert count(book_env, "clients") == 0 and count(book_env, "imports") == 0


def test_rows_that_differ_only_in_what_the_file_derives_are_not_duplicates(run, tmp_path):
    """Three weekly calls of one title, timed only by the export's `Create date`, came in as one,
    and two NPS answers given in an `NPS` column as one: the rows were compared without the time
    and the score they give. Importing each file again still changes nothing."""
    run("client", "add", "Acme Ltd")
    calls = write(tmp_path / "calls.csv", "Company,Call title,Create date\n" + "".join(
        f"Acme Ltd,Weekly check-in,2026-11-{day:02d} 10:00\n" for day in (2, 9, 16)))  # fmt: skip
    answers = write(tmp_path / "nps.csv", "Company,NPS\nAcme Ltd,9\nAcme Ltd,7\nAcme Ltd,7\n")
    tickets = write(tmp_path / "tickets.csv", "Company,Subject,Created\nAcme Ltd,Late delivery,2026-11-03 09:00\n"
                                              "Acme Ltd,Late delivery,2026-11-17 09:00\n")  # fmt: skip
    assert "3 added, 0 updated, 0 unchanged" in run("import", "interactions", str(calls)).stdout
    assert "2 added, 0 updated, 1 unchanged" in run("import", "feedback", str(answers)).stdout  # 7 twice: alike
    assert "2 added, 0 updated, 0 unchanged" in run("import", "complaints", str(tickets)).stdout
    assert [i["at"][:10] for i in run.json("interaction", "list")] == ["2026-11-16", "2026-11-09", "2026-11-02"]
    assert sorted(f["score"] for f in run.json("feedback", "list")) == [7, 9]
    for entity, sheet in (("interactions", calls), ("feedback", answers), ("complaints", tickets)):
        assert "Nothing changed" in run("import", entity, str(sheet)).stdout
    # a deal of one title a year (the support plan, renewed as a new deal): told apart by when it was identified
    deals = write(
        tmp_path / "deals.csv",
        "Deal Name,Company,Deal Stage,Amount,Currency,Create Date,Close Date\n"
        "Support plan,Acme Ltd,Closed won,3000,EUR,2025-01-10 10:00,2025-02-01\n"
        "Support plan,Acme Ltd,Closed won,3300,EUR,2026-01-12 10:00,2026-02-03\n",
    )
    assert "2 added, 0 updated, 0 unchanged" in run("import", "opportunities", str(deals)).stdout
    assert "Nothing changed" in run("import", "opportunities", str(deals)).stdout


def test_unknown_clients_are_bad_rows_unless_created(run, book_env, tmp_path):
    sheet = write(tmp_path / "i.csv", "client,summary,date\nGlobex,Intro call,2026-11-01\n")
    assert "--create-clients" in run("import", "interactions", str(sheet), code=1).stderr
    out = run("import", "interactions", str(sheet), "--create-clients").stdout
    assert "1 added" in out and "1 clients created" in out
    assert run.json("client", "show", "Globex")["owner"] == "alice"


def test_stdin(run, tmp_path):
    run("client", "add", "Acme")
    result = run("import", "interactions", "-", input="client,summary,kind\nAcme,From a pipe,EMAIL\n")
    assert "1 added" in result.stdout
    assert run.json("interaction", "list")[0]["kind"] == "email"
    assert "--rejects" in run.error("import", "interactions", "-", "--skip-invalid", code=2)


def test_history_and_undo(run, book_env, tmp_path):
    run("import", "clients", str(EXAMPLES / "salesforce-accounts.csv"))
    changed = (EXAMPLES / "salesforce-accounts.csv").read_text(encoding="utf-8").replace("Mumbai", "Pune")
    second = run.json("import", "clients", str(write(tmp_path / "sf.csv", changed)))
    assert second["entities"][0]["updated"] == 1
    history = run.json("import", "history")
    assert [h["id"] for h in history] == [2, 1] and history[0]["counts"]["clients"]["updated"] == 1
    assert (history[1]["added"], history[0]["added"], history[0]["updated"]) == (5, 0, 1)
    sheet = run("import", "history", "--csv").stdout.splitlines()
    assert sheet[0] == "id,at,entity,file,by,added,updated,undone_at"
    assert sheet[1].startswith("2,2026-11-22T10:00:00+05:30,clients,") and sheet[1].endswith(",alice,0,1,")
    assert run("import", "undo", "2").stdout == "Undid import #2: restored 1 record\n"
    assert run.json("client", "show", "Tata")["city"] == "Mumbai"
    assert "already undone" in run.error("import", "undo", "2", code=1)
    run("client", "edit", "Eco Pure", "--tier", "A")
    assert "changed or removed since" in run.error("import", "undo", "1", code=1)
    assert count(book_env, "clients") == 5
    assert "no import #9" in run.error("import", "undo", "9", code=1)
    run("client", "edit", "Eco Pure", "--tier", "B")
    run("import", "clients", str(write(tmp_path / "new.csv", "name\nGlobex\n")))
    assert run("import", "undo", "3").stdout == "Undid import #3: removed 1 record\n"


def test_undo_refuses_when_new_records_refer_to_imported_ones(run, book_env):
    run("import", "clients", str(EXAMPLES / "hubspot-companies.csv"))
    run("log", "Acme", "Call after the import")
    assert "refer to clients" in run.error("import", "undo", "1", code=1)
    assert count(book_env, "clients") == 4


def test_undo_refuses_when_a_competitor_was_noted_at_an_imported_client(run, book_env):
    """It failed with "database error: FOREIGN KEY constraint failed"."""
    run("import", "clients", str(EXAMPLES / "hubspot-companies.csv"))
    run("client", "competitor", "Acme", "Globex", "--note", "Noted after the import")
    assert "undo refused: 1 competitor notes added since refer to clients from import #1" in run.error(
        "import", "undo", "1", code=1
    )
    assert count(book_env, "clients") == 4 and count(book_env, "client_competitors") == 1


def test_competitor_notes_are_imported_matched_and_undone(run, book_env, tmp_path):
    """One note per competitor at a client: a row for one already noted (in any case) updates its
    note; the same file twice changes nothing; undo puts the earlier note back."""
    run("client", "add", "Acme")
    run("client", "add", "Łódź Kable")
    run("client", "competitor", "Acme", "Globex", "--note", "Quoted 8% below us")
    sheet = write(tmp_path / "rivals.csv", "Account Name,Competitor,Notes\n"
                  "Acme,GLOBEX,Now 10% below us\n"  # noted already: its note is updated
                  "Łódź Kable,Raben Group,Faster on pallets\n"
                  "Łódź Kable,Raben Group,Faster on pallets\n")  # the same row twice in one file  # fmt: skip
    report = run.json("import", "competitors", str(sheet))["entities"][0]
    assert (report["added"], report["updated"], report["unchanged"]) == (1, 1, 1)
    notes = {(r["competitor"], a["client"]): a["note"] for r in run.json("competitors") for a in r["at"]}
    assert notes == {("GLOBEX", "Acme"): "Now 10% below us", ("Raben Group", "Łódź Kable"): "Faster on pallets"}
    again = run.json("import", "competitors", str(sheet))["entities"][0]
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)
    run("import", "undo", "1")
    assert [(k["competitor"], k["note"]) for k in run.json("client", "show", "Acme")["competitors"]] == [
        ("Globex", "Quoted 8% below us")
    ]
    assert count(book_env, "client_competitors") == 1
    bad = write(tmp_path / "bad.csv", "client,competitor,note\nAcme,,x\nNobody Inc,Globex,y\n")
    run("import", "competitors", str(bad), code=1)
    assert count(book_env, "client_competitors") == 1


def test_undo_of_interactions_puts_last_contacts_back(run, book_env, tmp_path):
    """Undo takes back the last contact an import moved, keeps one logged since, and is not
    blocked by an edit of the client (the last contact is derived, not the user's data)."""
    run("client", "add", "Acme", "--tier", "A")  # a 30-day cadence
    run("client", "add", "Beta")
    run("client", "add", "Gamma")
    run("log", "Acme", "Own call", "--at", "2026-10-01 09:00")
    sheet = write(tmp_path / "i.csv", "client,summary,at\nAcme,Imported,2026-11-20T10:00:00+00:00\n"
                  "Acme,Older,2026-09-01T10:00:00+00:00\nBeta,Hello,2026-11-01T10:00:00+00:00\n"
                  "Gamma,Hello,2026-11-02T10:00:00+00:00\n")  # fmt: skip
    run("import", "interactions", str(sheet))
    assert run.json("client", "show", "Acme")["last_contact_at"].startswith("2026-11-20")
    assert "Acme" not in {item["client"] for item in run.json("agenda")["stale"]}
    run("client", "edit", "Acme", "--notes", "Edited after the import")
    run("log", "Gamma", "Logged since", "--at", "2026-11-21 09:00")
    run("import", "undo", "1")
    last = {c["name"]: c["last_contact_at"] for c in run.json("client", "list")}
    assert last["Acme"].startswith("2026-10-01") and last["Beta"] is None and last["Gamma"].startswith("2026-11-21")
    assert "Acme" in {item["client"] for item in run.json("agenda")["stale"]}  # its own call was 52 days ago
    conn = sqlite3.connect(book_env)
    touched, added = conn.execute("SELECT last_touch, created_at FROM clients WHERE id = 2").fetchone()
    assert touched == added  # never contacted: silent since it was added
    latest = dict(conn.execute("SELECT name, last_interaction_at FROM clients"))
    assert latest == {"Acme": "2026-10-01T03:30:00+00:00", "Beta": None, "Gamma": "2026-11-21T03:30:00+00:00"}


def clocks(db: Path, name: str) -> tuple:
    return (
        sqlite3.connect(db)
        .execute("SELECT last_contact_at, last_interaction_at, last_touch FROM clients WHERE name = ?", (name,))
        .fetchone()
    )


def test_a_file_never_makes_a_client_look_silent(run, book_env, tmp_path):
    """A "Last Activity" column sets the last contact, but never earlier than an interaction in the
    book: an old export read again must not send a client called since back to the stale list."""
    run("client", "add", "Acme", "--tier", "A")  # a 30-day cadence
    run("log", "Acme", "Call", "--at", "2026-09-01 10:00")
    old = tmp_path / "old.csv"
    run("export", "clients", "-o", str(old))
    run("log", "Acme", "Called since", "--at", "2026-11-20 10:00")  # 20 Nov 04:30 UTC
    run("import", "clients", str(old))  # says the last contact was 1 Sep
    since = "2026-11-20T04:30:00+00:00"
    assert clocks(book_env, "Acme") == (since, since, since)
    assert "Acme" not in {item["client"] for item in run.json("agenda")["stale"]}
    run("import", "clients", str(write(tmp_path / "empty.csv", "name,last activity\nAcme,\n")))
    assert clocks(book_env, "Acme") == (since, since, since)  # an empty cell leaves it
    later = write(tmp_path / "later.csv", "name,last activity\nAcme,2026-11-21T08:00:00+00:00\n")
    assert "1 updated" in run("import", "clients", str(later)).stdout
    assert clocks(book_env, "Acme") == ("2026-11-21T08:00:00+00:00", since, "2026-11-21T08:00:00+00:00")
    run("log", "Acme", "Called after the import", "--at", "2026-11-22 09:00")  # 03:30 UTC
    run("import", "undo", "1")  # puts the file's last contact back; the call since stays the last contact
    latest = "2026-11-22T03:30:00+00:00"
    assert clocks(book_env, "Acme") == (latest, latest, latest)
    assert "contact clocks: every client" in run("doctor").stdout


def test_undone_imports_leave_the_last_contact_the_book_supports(run, book_env, tmp_path):
    """Found by a random sequence of commands: a clients import reported a last activity, an
    interactions import moved the last contact past it (saving the report as the "before"), the
    clients import was undone, then the interactions import: the undone report came back as the
    last contact, with no interaction or report behind it."""
    run("client", "add", "Acme")
    run("import", "clients", str(write(tmp_path / "crm.csv", "name,last activity\nAcme,2026-10-01\n")))
    run("import", "interactions", str(write(tmp_path / "calls.csv", "client,summary,at\nAcme,Call,2026-11-01\n")))
    run("import", "undo", "1")
    run("import", "undo", "2")
    assert clocks(book_env, "Acme")[:2] == (None, None)
    touch, created, reported = sqlite3.connect(book_env).execute(
        "SELECT last_touch, created_at, reported_contact_at FROM clients").fetchone()  # fmt: skip
    assert (touch, reported) == (created, None)
    # a last activity older than one read before does not lower the last contact
    run("import", "clients", str(write(tmp_path / "new.csv", "name,last activity\nAcme,2026-11-15\n")))
    assert "0 updated, 1 unchanged" in run("import", "clients", str(tmp_path / "crm.csv")).stdout
    assert clocks(book_env, "Acme")[0] == "2026-11-14T18:30:00+00:00"
    assert "contact clocks: every client" in run("doctor").stdout


def test_undo_removes_complaints_with_their_history(run, book_env, tmp_path):
    run("client", "add", "Acme")
    run("import", "complaints", str(write(tmp_path / "c.csv", "client,title,severity\nAcme,Late,high\n")))
    assert count(book_env, "complaint_events") == 1
    run("import", "undo", "1")
    assert count(book_env, "complaints") == 0 and count(book_env, "complaint_events") == 0
    conn = sqlite3.connect(book_env)
    run("complaint", "add", "Acme", "Still append-only")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM complaint_events")


def test_an_import_killed_half_way_leaves_the_book_as_it_was(run, book_env, tmp_path):
    run("client", "add", "Acme")
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("client,summary,date\n")
        for i in range(400_000):
            out.write(f"Acme,Call number {i},2026-01-01T10:{i % 60:02d}:00\n")
    env = {**os.environ}
    env.pop("RELMGR_DEBUG", None)
    process = subprocess.Popen([*relmgr_command(), "import", "interactions", str(big)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    time.sleep(1.5)
    assert process.poll() is None, "the import finished before it could be killed; make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert count(book_env, "interactions") == 0 and count(book_env, "imports") == 0
    assert run.json("doctor")["ok"] is True


from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t\"',;=+-@"), max_size=40
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=CELL.filter(lambda s: s.strip()), notes=CELL, city=CELL, tags=st.lists(CELL, max_size=3))
@example(name="'=already quoted", notes="'+1 555", city="''@x", tags=["'-"])
@example(name="0", notes="--no-input", city="", tags=[])
def test_any_text_survives_export_and_import(run, tmp_path_factory, name, notes, city, tags):
    folder = tmp_path_factory.mktemp("roundtrip")
    first, second = folder / "a.db", folder / "b.db"
    # values joined to their options, as a script passes any text (even "--no-input", which
    # relmgr takes as its flag wherever it stands alone)
    args = ["--db", str(first), "client", "add", f"--notes={notes}", f"--city={city}"]
    args += [f"--tag={tag}" for tag in tags]
    run(*args, "--", name)  # a name may start with a dash
    run("--db", str(first), "export", "clients", "-o", str(folder / "one.csv"))
    run("--db", str(second), "import", "clients", str(folder / "one.csv"))
    run("--db", str(second), "export", "clients", "-o", str(folder / "two.csv"))
    assert (folder / "one.csv").read_bytes() == (folder / "two.csv").read_bytes()
    original = run.json("--db", str(first), "client", "list")[0]
    copied = run.json("--db", str(second), "client", "list")[0]
    assert copied == original


def test_a_first_load_of_interactions_is_written_in_bulk_with_the_same_results(run, book_env, tmp_path):
    run("client", "add", "Acme")
    run("client", "add", "Globex")
    sheet = write(tmp_path / "first.csv", "client,summary,date\nAcme,Call,2026-01-05\nGlobex,Visit,2026-01-06\n"
                                         "Acme,Call,2026-01-05\nAcme,Call,2026-01-07\n")  # fmt: skip
    out = run("import", "interactions", str(sheet)).stdout
    assert "3 added, 0 updated, 1 unchanged" in out  # the repeated row is a duplicate
    conn = sqlite3.connect(book_env)
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'interactions' "
                                              "AND type = 'index' AND sql IS NOT NULL")}  # fmt: skip
    assert indexes == {"interactions_client_at", "interactions_at"}
    assert run.json("client", "show", "Acme")["last_contact_at"].startswith("2026-01-07")
    assert [r["client"] for r in run.json("search", "visit")] == ["Globex"]
    again = run("import", "interactions", str(sheet)).stdout  # not a first load: the row-by-row path
    assert "0 added, 0 updated, 4 unchanged" in again and "Nothing changed, so there is nothing to undo." in again
    assert [r["id"] for r in run.json("import", "history")] == [1]  # a no-op is not recorded
    bad = write(tmp_path / "bad.csv", "client,summary\nNobody,Call\n")
    run("import", "undo", "1")
    # twins are whole rows alike: the first of them is kept, whatever column tells the others apart
    day = "Call,2026-01-05"
    alike = write(
        tmp_path / "alike.csv",
        f"client,kind,summary,date,by\nAcme,call,{day},ann\nAcme,email,{day},ann\n"
        f"Acme,call,{day},bob\nAcme,call,{day},ann\nGlobex,call,{day},ann\n",
    )
    assert "4 added, 0 updated, 1 unchanged" in run("import", "interactions", str(alike)).stdout
    kept = conn.execute("SELECT id, kind, by FROM interactions WHERE client_id = 1 ORDER BY id").fetchall()
    assert [(kind, by) for _, kind, by in kept] == [("call", "ann"), ("email", "ann"), ("call", "bob")]
    assert [i for i, _, _ in kept] == sorted(i for i, _, _ in kept) and len({i for i, _, _ in kept}) == 3
    run("import", "undo", "2")
    timeless = write(tmp_path / "timeless.csv", "client,summary\nAcme,Call\nAcme,Call\nGlobex,Call\n")
    assert "2 added, 0 updated, 1 unchanged" in run("import", "interactions", str(timeless)).stdout
    run("import", "undo", "3")
    run("import", "interactions", str(bad), code=1)  # refused: the dropped indexes come back
    assert {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'interactions' "
                                           "AND type = 'index' AND sql IS NOT NULL")} == indexes  # fmt: skip


def test_a_first_load_of_clients_builds_their_indexes_once_with_the_same_results(run, book_env, tmp_path):
    def indexes() -> set[tuple[str, str]]:
        with sqlite3.connect(book_env) as conn:
            return set(
                conn.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'clients' AND type = 'index'")
            )

    run("init")
    before = indexes()
    assert {"clients_stale", "clients_owner_name", "clients_touch"} <= {name for name, _ in before}
    bad = write(tmp_path / "bad.csv", "name,owner,tier\nAcme,priya,A\nGlobex,priya,Z\n")
    run("import", "clients", str(bad), code=1)  # refused: the indexes set aside come back
    assert indexes() == before and run.json("client", "list") == []
    sheet = write(tmp_path / "clients.csv", "name,owner,tier,external_id\nAcme,priya,A,sf-1\nGlobex,ravi,B,sf-2\n"
                                            "acme,priya,C,sf-1\n")  # fmt: skip
    assert "2 added, 1 updated, 0 unchanged" in run("import", "clients", str(sheet)).stdout  # matched in the file
    assert indexes() == before
    assert [(c["name"], c["tier"]) for c in run.json("client", "list", "--owner", "priya")] == [("acme", "C")]
    assert run.json("kpi")["clients"]["active"] == 2 and run.json("agenda", "--all")["stale"] == []
    again = run("import", "clients", str(sheet)).stdout  # the row-by-row path; Acme's two lines each win once
    assert "0 added, 2 updated, 1 unchanged" in again
    assert indexes() == before


def test_a_first_load_matches_the_files_repeats_as_any_import_would(run, tmp_path):
    """A first load inserts each client before looking for it; a row naming one the file added
    before (by external id, or by name) is still matched and updated, and a row whose external id
    is one client's and name another's is still a bad row."""
    sheet = write(tmp_path / "clients.csv", "name,external_id,tier,city\nAcme,sf-1,A,Pune\nGlobex,,B,Łódź\n"
                                            "Acme Corp,sf-1,A,Pune\nGLOBEX,,C,Łódź\n")  # fmt: skip
    assert "2 added, 2 updated, 0 unchanged" in run("import", "clients", str(sheet)).stdout
    assert [(c["name"], c["external_id"], c["tier"]) for c in run.json("client", "list")] == [
        ("Acme Corp", "sf-1", "A"), ("GLOBEX", None, "C")]  # fmt: skip
    clash = write(tmp_path / "clash.csv", "name,external_id\nInitech,sf-9\nUmbrella,sf-8\nUmbrella,sf-9\n")
    run("--db", str(tmp_path / "other.db"), "init")
    refused = run("--db", str(tmp_path / "other.db"), "import", "clients", str(clash), code=1)
    assert "line 4: name: another client is already named 'Umbrella'" in refused.stderr
    assert run.json("--db", str(tmp_path / "other.db"), "client", "list") == []


@pytest.mark.parametrize("first", [True, False])
def test_only_a_first_load_of_clients_sets_their_indexes_aside(run, book_env, tmp_path, first):
    from relmgr import db, importing
    from relmgr.tablefile import Options

    run("init") if first else run("client", "add", "Initech")
    sheet = write(tmp_path / "clients.csv", "name,owner\nAcme,priya\nGlobex,ravi\n")
    book = db.open_book(book_env)
    statements = []
    book.conn.set_trace_callback(statements.append)
    importing.run(book, "clients", str(sheet), Options(), user="alice")
    book.conn.set_trace_callback(None)
    built = [s for s in statements if s.startswith("CREATE INDEX clients_")]
    assert sorted(built) == (
        sorted(
            sql
            for _, sql in book.tuples(
                "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'clients' AND sql LIKE 'CREATE INDEX%'"
            )
        )
        if first
        else []
    )


def test_progress_bar_shows_the_share_done_and_the_rows():
    """On a terminal, long imports and exports draw a bar on stderr (tests have no terminal, so the
    bar is drawn into a recording console)."""
    from rich.console import Console

    from relmgr.cli.transfer import _Progress

    console = Console(record=True, width=100, force_terminal=True)
    bar = _Progress("importing", console=console)
    bar(5_000, 0.5)
    bar(10_000, 0.9)
    bar.finish()
    drawn = console.export_text()
    assert "importing" in drawn and "100%" in drawn and "10,000 rows" in drawn
    unknown = _Progress("stdin", console=Console(record=True, width=100, force_terminal=True))
    unknown(5_000, None)  # standard input: no size, so a moving bar and the count
    unknown.finish()
    assert "5,000 rows" in unknown.console.export_text()


def test_import_and_export_tell_progress_how_far_they_are(run, tmp_path):
    from relmgr import db, exporting, importing
    from relmgr.tablefile import Options

    run("client", "add", "Acme")
    sheet = tmp_path / "i.csv"
    sheet.write_text("client,summary\n" + "".join(f"Acme,Call {n}\n" for n in range(12_000)), encoding="utf-8")
    told: list[tuple[int, float | None]] = []
    book = db.open_book(os.environ["RELMGR_DB"])
    importing.run(book, "interactions", str(sheet), Options(), user="alice", progress=lambda *a: told.append(a))
    assert [done for done, _ in told] == [5_000, 10_000]
    assert 0 < told[0][1] < told[1][1] <= 1.0  # shares of the file's bytes read so far
    told.clear()
    with open(tmp_path / "out.csv", "w", encoding="utf-8") as out:
        assert exporting.write(book, "interactions", out, "csv", lambda *a: told.append(a)) == 12_000
    assert told == [(10_000, 10_000 / 12_000)]


def test_counts_in_the_summary_have_thousands_separators(run, tmp_path):
    sheet = write(tmp_path / "many.csv", "name\n" + "".join(f"Client {i}\n" for i in range(1500)))
    assert f"clients from {sheet}: 1,500 added, 0 updated" in run("import", "clients", str(sheet)).stdout
    assert "Exported 1,500 clients" in run("export", "clients", "-o", str(tmp_path / "out.csv")).stderr
    run("opportunity", "add", "Client 1", "More seats", "--kind", "upsell")
    said = run("export", "all", "-o", str(tmp_path / "all")).stderr
    assert "Exported 1 opportunity to" in said and "Exported 0 feedback to" in said


def test_clients_renamed_and_re_identified_in_one_file_match_as_the_book_stands(run, tmp_path):
    """Clients are matched in memory as an import goes: a row renaming a client (found by its
    external id) frees the old name for a later row, and one giving a client a new external id
    frees the old id — as if each row looked the book up afresh."""
    run("client", "add", "Acme", "--external-id", "SF1")
    sheet = write(tmp_path / "moves.csv", "external_id,name,city\n"
                                          "SF1,Acme Renamed,Pune\n"  # found by id: renamed
                                          ",Acme,Łódź\n"  # the old name is free: a new client
                                          "SF2,Acme Renamed,Pune\n"  # found by name: its id is SF2 now
                                          "SF1,Gamma,Jakarta\n")  # SF1 is free: a new client  # fmt: skip
    assert "2 added, 2 updated, 0 unchanged" in run("import", "clients", str(sheet)).stdout
    rows = sorted((c["id"], c["name"], c["external_id"], c["city"]) for c in run.json("client", "list"))
    assert rows == [(1, "Acme Renamed", "SF2", "Pune"), (2, "Acme", None, "Łódź"), (3, "Gamma", "SF1", "Jakarta")]
    assert "0 added, 0 updated, 3 unchanged" in run("import", "clients", str(write(
        tmp_path / "again.csv", "external_id,name,city\nSF2,Acme Renamed,Pune\n,Acme,Łódź\nSF1,Gamma,Jakarta\n"
    ))).stdout  # fmt: skip
    taken = write(tmp_path / "taken.csv", "external_id,name\nSF1,Acme Renamed\n")  # Gamma's id, another's name
    assert "line 2: name: another client is already named 'Acme Renamed'" in run(
        "import", "clients", str(taken), code=1).stderr  # fmt: skip


def test_times_of_what_has_happened_cannot_be_in_the_future(run, tmp_path):
    """`relmgr log` refuses a call in the future; so does an import (a CRM's activity export lists
    meetings still to come). Such a time would make a client look spoken to, or new, for months:
    the agenda would not flag it and the median days since contact would go below zero."""
    sheet = write(tmp_path / "accounts.csv", "Account Name,Created Date,Last Activity\n"
                                             "Acme,2026-01-05,2026-11-20\nBeta,2027-03-01,\n"
                                             "Gamma,2026-02-01,2026-11-24\n")  # fmt: skip
    refused = run("import", "clients", str(sheet), code=1).stderr
    assert "line 3: created_at: 2027-03-01T00:00:00+05:30 is in the future" in refused
    assert "line 4: last_contact_at: 2026-11-24T00:00:00+05:30 is in the future" in refused
    assert run.json("client", "list") == []  # nothing written
    assert "1 added" in run("import", "clients", str(sheet), "--skip-invalid", "--rejects",
                            str(tmp_path / "bad.csv")).stdout  # fmt: skip
    calls = write(tmp_path / "calls.csv", "client,summary,at\nAcme,Held,2026-11-22 09:59\n"
                                          "Acme,Planned,2026-12-01 10:00\n"
                                          "Acme,Ahead of our clock,2026-11-23 09:00\n")  # a day's grace  # fmt: skip
    said = run("import", "interactions", str(calls), code=1).stderr
    assert "line 3: at: 2026-12-01T10:00:00+05:30 is in the future (a meeting still to come is a follow-up)" in said
    assert "line 4" not in said  # another system's clock or zone a few hours ahead is not a meeting to come
    answers = write(tmp_path / "nps.csv", "client,kind,score,at\nAcme,nps,9,2026-11-24\n")
    assert "line 2: at: 2026-11-24T00:00:00+05:30 is in the future" in run(
        "import", "feedback", str(answers), code=1).stderr  # fmt: skip
    assert run.json("kpi")["engagement"]["median_days_since_contact"] == 2  # Acme: 20 November, as reported
