"""Files in the shapes other CRMs and helpdesks export: what a new user brings on day one."""

import json
import sqlite3
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_salesforce_cases_keep_their_history_and_feed_the_kpis(run, book_env):
    run("import", "clients", str(EXAMPLES / "salesforce-accounts.csv"))
    result = run("import", "complaints", str(EXAMPLES / "salesforce-cases.csv"))
    assert "4 added" in result.stdout
    assert "ignoring unknown columns: Case Number, Case Origin" in result.stderr  # Date/Time Closed is known
    cases = {k["title"]: k for k in run.json("complaint", "list", "--all")}

    late = run.json("complaint", "show", str(cases["Late delivery to the Pune plant"]["id"]))
    # "Closed" at 10/29/2026 4:00 PM: that is when it was closed, and so when it was resolved
    assert (late["status"], late["closed_at"], late["resolved_at"]) == (
        "closed", "2026-10-29T16:00:00+05:30", "2026-10-29T16:00:00+05:30")  # fmt: skip
    assert [e["action"] for e in late["events"]] == ["opened", "resolved", "closed"]

    pallets = run.json("complaint", "show", str(cases["Damaged pallets at Surabaya warehouse"]["id"]))
    # "Escalated" with no level: it has been escalated once; "Urgent" is critical
    assert (pallets["status"], pallets["level"], pallets["severity"]) == ("escalated", 1, "critical")
    assert [(e["action"], e["level"]) for e in pallets["events"]] == [("opened", 0), ("escalated", 1)]

    # "Working" is responded, though the export has no time for it: its response clock is not breached
    portal = cases["Portal password reset loop"]
    assert portal["status"] == "responded" and portal["responded_at"] is None
    assert portal["breached"] is False
    agenda = run.json("agenda", "--owner", "priya")
    assert portal["id"] not in [k["id"] for k in agenda["complaints"]]

    # October, by hand: #Late opened 27 Oct 09:15, resolved 29 Oct 16:00 = 54.75 h, within its
    # 3-day (high) resolve-by; no response time in the file, so no first-response figures.
    october = run.json("kpi", "--period", "2026-10")["complaints"]
    assert (october["opened"], october["resolved"], october["median_resolution_h"]) == (1, 1, 54.75)
    assert (october["resolution_sla_met"], october["median_first_response_h"]) == (1.0, None)
    # November (as of 22 Nov 10:00): three opened; one escalated = 1/3; open now 3; breached now
    # 2 — VAT (medium, respond by 21 Nov 14:30) and pallets (critical, respond by 21 Nov 12:00),
    # not the portal case (answered; low resolves by 30 Nov 11:45).
    november = run.json("kpi", "--period", "2026-11")["complaints"]
    assert (november["opened"], november["escalation_rate"]) == (3, 1 / 3)
    assert (november["open_now"], november["breached_now"]) == (3, 2)

    again = run("import", "complaints", str(EXAMPLES / "salesforce-cases.csv")).stdout
    assert "0 added, 0 updated, 4 unchanged" in again


def test_a_helpdesk_export_opens_tickets_when_they_were_created(run, tmp_path):
    """Zendesk writes `Created at` and `Solved at`, no opened column: a ticket was opened when it
    was created, not when it was imported."""
    run("client", "add", "Acme")
    run("contact", "add", "Acme", "Dana Whitfield")
    sheet = write(tmp_path / "zendesk.csv",
                  "Id,Subject,Status,Priority,Requester,Organization,Created at,Solved at\n"
                  "501,Portal login fails,Solved,Urgent,Dana Whitfield,Acme,2026-11-10 08:00:00 +0530,"
                  "2026-11-10 11:30:00 +0530\n")  # fmt: skip
    run("import", "complaints", str(sheet))
    ticket = run.json("complaint", "show", "501")
    assert (ticket["opened_at"], ticket["resolved_at"]) == ("2026-11-10T08:00:00+05:30", "2026-11-10T11:30:00+05:30")
    assert ticket["respond_by"] == "2026-11-10T10:00:00+05:30"  # critical: 2 h from when it was opened
    assert ticket["contact"] == "Dana Whitfield" and ticket["status"] == "resolved"
    assert [(e["action"], e["at"]) for e in ticket["events"]] == [
        ("opened", "2026-11-10T08:00:00+05:30"), ("resolved", "2026-11-10T11:30:00+05:30")]  # fmt: skip
    assert run.json("kpi", "--period", "2026-11")["complaints"]["median_resolution_h"] == 3.5


def test_activities_without_a_time_column_happened_when_created(run, tmp_path):
    run("client", "add", "Acme")
    sheet = write(tmp_path / "activities.csv", "Subject,Related To,Assigned,Created Date\n"
                                               "Call with Dana,Acme,priya,2026-11-02 15:00\n")  # fmt: skip
    run("import", "interactions", str(sheet))
    (call,) = run.json("interaction", "list")
    assert (call["at"], call["by"], call["client"]) == ("2026-11-02T15:00:00+05:30", "priya", "Acme")


def test_two_columns_for_one_field_are_read_in_turn(run, book_env, tmp_path):
    """Salesforce contact exports carry both Phone and Mobile, account exports both Billing and
    Shipping City: the first is read, the second where the first is empty, and the user is told."""
    run("client", "add", "Acme")
    sheet = write(tmp_path / "contacts.csv",
                  "First Name,Last Name,Account Name,Mobile,Phone,Email\n"
                  "Dana,Whitfield,Acme,+1 555 0100,+1 555 0199,dana@acme.example\n"
                  "Sam,Ortiz,Acme,+1 555 0200,,sam@acme.example\n"
                  "Lee,Chan,Acme,,,lee@acme.example\n")  # fmt: skip
    result = run("import", "contacts", str(sheet))
    assert "'Mobile' is read for phone only where 'Phone' is empty (--map 'Mobile=ignore' to drop it)" in result.stderr
    phones = {c["name"]: c["phone"] for c in run.json("contact", "list")}
    assert phones == {"Dana Whitfield": "+1 555 0199", "Sam Ortiz": "+1 555 0200", "Lee Chan": None}

    # --map chooses which column leads
    run("import", "contacts", str(sheet), "--map", "Mobile=phone")
    phones = {c["name"]: c["phone"] for c in run.json("contact", "list")}
    assert phones == {"Dana Whitfield": "+1 555 0100", "Sam Ortiz": "+1 555 0200", "Lee Chan": None}

    accounts = write(tmp_path / "accounts.csv", "Account Name,Shipping City,Billing City\nGlobex,Pune,Mumbai\n"
                                                "Initech,Łódź,\n")  # fmt: skip
    run("import", "clients", str(accounts))
    cities = {c["name"]: c["city"] for c in run.json("client", "list")}
    assert (cities["Globex"], cities["Initech"]) == ("Mumbai", "Łódź")  # billing first, as aliases rank it

    # the same header twice is still refused, with nothing written
    twice = write(tmp_path / "twice.csv", "Account Name,City,city\nUmbrella,Pune,Mumbai\n")
    assert "has the column 'city' twice" in run.error("import", "clients", str(twice), code=1)
    assert sqlite3.connect(book_env).execute("SELECT count(*) FROM clients WHERE name = 'Umbrella'").fetchone() == (0,)


def test_a_bad_value_in_a_required_column_is_reported_once(run, tmp_path):
    run("client", "add", "Acme")
    sheet = write(tmp_path / "opportunities.csv", "Opportunity Name,Account Name,Type,Stage\n"
                                                  "Analytics,Acme,Existing Customer - Upgrade,Closed Won\n"
                                                  "Cold storage,Acme,Partnership,Prospecting\n"
                                                  "Training,Acme,,Prospecting\n")  # fmt: skip
    result = run("import", "opportunities", str(sheet), code=1)
    assert result.stderr.count("line 3:") == 1 and "line 3: kind: 'Partnership' is not one of" in result.stderr
    assert "line 4" not in result.stderr  # an opportunity without a kind is an upsell
    run("import", "opportunities", str(sheet), "--skip-invalid")
    kinds = {o["title"]: (o["kind"], o["status"]) for o in run.json("opportunity", "list")}
    assert kinds == {"Analytics": ("upsell", "won"), "Training": ("upsell", "identified")}


def test_odoo_companies_and_their_people_come_from_one_list(run, tmp_path):
    """Odoo exports companies and people as one list of partners, told apart by `Is a Company`
    and naming a person "Company, Person": each import takes its own rows and counts the rest."""
    sheet = write(tmp_path / "partners.csv",
                  '"Display Name","Email","Is a Company","Related Company","Job Position","Salesperson"\n'
                  '"Mueller & Soehne GmbH","info@mueller.example",True,"","","priya"\n'
                  '"Mueller & Soehne GmbH, Jürgen Müller","jm@mueller.example",False,"Mueller & Soehne GmbH",'
                  '"Geschäftsführer","priya"\n'
                  '"PT Sinar Jaya","",1,"","","priya"\n')  # fmt: skip
    clients = run("import", "clients", str(sheet))
    assert "2 added, 0 updated, 0 unchanged, 0 rejected; 1 skipped (people: `relmgr import contacts" in clients.stdout
    assert sorted(c["name"] for c in run.json("client", "list")) == ["Mueller & Soehne GmbH", "PT Sinar Jaya"]
    contacts = run("import", "contacts", str(sheet), "--json")
    counts = json.loads(contacts.stdout)["entities"][0]
    assert (counts["added"], counts["skipped"], counts["rejected"]) == (1, 2, 0)
    (person,) = run.json("contact", "list")
    assert (person["name"], person["client"], person["title"]) == (
        "Jürgen Müller", "Mueller & Soehne GmbH", "Geschäftsführer")  # fmt: skip

    bad = write(tmp_path / "bad.csv", "Display Name,Is a Company\nInitech,perhaps\n")
    result = run("import", "clients", str(bad), code=1)
    assert "line 2: is_company: 'perhaps' is not yes or no" in result.stderr


def test_pipedrive_headers_name_their_record_first(run, tmp_path):
    sheet = write(tmp_path / "organizations.csv",
                  "Organization - Name,Organization - Owner,Organization - Label,Organization - ID,"
                  "Organization - Last activity date,Organization - City/town/village/locality,"
                  "Organization - Address - Country\n"
                  "Acme Manufacturing,priya,Customer,17,2026-11-12,Łódź,Poland\n")  # fmt: skip
    run("import", "clients", str(sheet))
    acme = run.json("client", "show", "Acme")
    assert (acme["owner"], acme["tags"], acme["external_id"]) == ("priya", ["Customer"], "17")  # its id is Pipedrive's
    assert (acme["city"], acme["country"]) == ("Łódź", "Poland")  # Pipedrive's address parts
    assert acme["last_contact_at"].startswith("2026-11-12")
    people = write(tmp_path / "people.csv",
                   "Person - Name,Person - Organization,Person - Email - Work,Person - Phone - Work,"
                   "Person - Phone - Mobile\n"
                   "Dana Whitfield,Acme Manufacturing,dana@acme.example,,+1 312 555 0199\n")  # fmt: skip
    result = run("import", "contacts", str(people))
    assert "'Person - Phone - Mobile' is read for phone only where 'Person - Phone - Work' is empty" in result.stderr
    (dana,) = run.json("contact", "list")
    assert (dana["email"], dana["phone"]) == ("dana@acme.example", "+1 312 555 0199")


def test_pipedrive_deals_keep_their_currency_creation_and_close(run, tmp_path):
    """Pipedrive writes a deal's currency as "Currency of Value", its creation as "Deal created" and
    its close as its won or lost time: the deals came in as USD, created and never closed today,
    so the KPI counted no deal won or lost in any period."""
    run("client", "add", "Acme Manufacturing")
    deals = write(
        tmp_path / "deals.csv",
        "Deal - ID,Deal - Title,Deal - Value,Deal - Currency of Value,Deal - Organization,Deal - Status,"
        "Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Lost reason,Deal - Expected close date\n"
        '101,Second plant,"120,000",EUR,Acme Manufacturing,Open,2026-10-01 09:00:00,,,,2026-12-31\n'
        "102,Spare parts,4500,EUR,Acme Manufacturing,Won,2026-09-01 09:00:00,2026-11-10 12:00:00,,,\n"
        "103,Training,900,EUR,Acme Manufacturing,Lost,2026-08-01 09:00:00,,2026-11-15 12:00:00,Price,\n",
    )
    result = run("import", "opportunities", str(deals))
    assert "3 added" in result.stdout and "without a currency" not in result.stderr
    got = {o["title"]: (o["status"], o["value"], o["currency"], o["identified_at"], o["closed_at"], o["notes"])
           for o in run.json("opportunity", "list", "--all")}  # fmt: skip
    assert got == {
        "Second plant": (
            "identified",
            120000,
            "EUR",
            "2026-10-01T09:00:00+05:30",
            None,
            "Expected to close 2026-12-31",
        ),
        "Spare parts": ("won", 4500, "EUR", "2026-09-01T09:00:00+05:30", "2026-11-10T12:00:00+05:30", None),
        "Training": ("lost", 900, "EUR", "2026-08-01T09:00:00+05:30", "2026-11-15T12:00:00+05:30", None),
    }
    growth = run.json("kpi", "--period", "2026-11")["growth"]
    assert (growth["won"], growth["lost"], growth["won_value"], growth["win_rate"]) == (1, 1, {"EUR": 4500}, 0.5)


def test_zoho_and_salesforce_deal_stages_and_closing_dates(run, tmp_path):
    """Zoho's deals close on their "Closing Date" and may be "Closed Lost to Competition";
    Salesforce's and Zoho's standard stages include "Id. Decision Makers" and "Perception
    Analysis": each was a bad row, or a deal that never closed."""
    run("client", "add", "Acme Manufacturing")
    deals = write(tmp_path / "Deals_2026.csv",
                  "Record Id,Deal Name,Amount,Closing Date,Account Name,Stage,Type,Created Time,Currency\n"
                  "zcrm_1,Second plant,120000,2026-12-31,Acme Manufacturing,Perception Analysis,New Business,"
                  "2026-10-01 09:00:00,INR\n"
                  "zcrm_2,Spare parts,4500,2026-11-10,Acme Manufacturing,Closed Won,Existing Business,"
                  "2026-09-01 09:00:00,INR\n"
                  "zcrm_3,Training,900,2026-11-15,Acme Manufacturing,Closed Lost to Competition,Existing Business,"
                  "2026-08-01 09:00:00,INR\n"
                  "zcrm_4,Audit,700,2026-12-20,Acme Manufacturing,Id. Decision Makers,Existing Business,"
                  "2026-11-01 09:00:00,INR\n")  # fmt: skip
    assert "4 added" in run("import", "opportunities", str(deals)).stdout
    got = {o["title"]: (o["status"], o["closed_at"], o["notes"]) for o in run.json("opportunity", "list", "--all")}
    assert got == {"Second plant": ("forwarded", None, "Expected to close 2026-12-31"),
                   "Spare parts": ("won", "2026-11-10T00:00:00+05:30", None),
                   "Training": ("lost", "2026-11-15T00:00:00+05:30", None),
                   "Audit": ("forwarded", None, "Expected to close 2026-12-20")}  # fmt: skip
    assert run.json("kpi", "--period", "2026-11")["growth"]["win_rate"] == 0.5


def test_pipedrive_address_parts_as_its_newer_exports_name_them(run, tmp_path):
    """Pipedrive's newer exports say "City/town/village/locality of Address", "Web domain", "Add time"."""
    sheet = write(tmp_path / "organizations.csv",
                  "Organization - ID,Organization - Name,Organization - Address,"
                  "Organization - City/town/village/locality of Address,Organization - Country of Address,"
                  "Organization - Web domain,Organization - Add time,Organization - Update time\n"
                  '12,Acme Manufacturing,"1 Main St, Chicago, IL",Chicago,United States,acme.com,'
                  "2026-01-05 09:00:00,2026-11-02 10:11:12\n")  # fmt: skip
    result = run("import", "clients", str(sheet))
    assert "ignoring unknown column: Organization - Address\n" in result.stderr  # the whole address, in parts too
    acme = run.json("client", "show", "Acme")
    assert (acme["city"], acme["country"], acme["website"]) == ("Chicago", "United States", "acme.com")
    assert (acme["created_at"], acme["updated_at"]) == ("2026-01-05T09:00:00+05:30", "2026-11-02T10:11:12+05:30")


def test_hubspot_deals_and_tickets(run, tmp_path):
    run("client", "add", "Acme Manufacturing")
    deals = write(tmp_path / "deals.csv",
                  "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Associated Company,Deal Type\n"
                  "9001,Analytics add-on,Closed won,36000,2026-10-15 12:00,2026-08-01 09:00,Acme Manufacturing,"
                  "Existing Business\n"
                  "9002,Second plant,Contract sent,120000,,2026-11-01 09:00,Acme Manufacturing,"
                  "New Business\n")  # fmt: skip
    run("config", "set", "currency", "INR")
    warned = run("import", "opportunities", str(deals)).stderr  # HubSpot writes amounts without their currency
    assert "2 amounts without a currency taken as INR, the book's currency" in warned
    assert {o["currency"] for o in run.json("opportunity", "list")} == {"INR"}
    priced = write(
        tmp_path / "priced.csv",
        "client,title,value,currency\n"
        "Acme Manufacturing,Spares,€1.200,\nAcme Manufacturing,Service,900,EUR\nAcme Manufacturing,Idea,,\n",
    )
    assert "currency" not in run("import", "opportunities", str(priced)).stderr  # each says its own, or has no amount
    found = {o["title"]: o for o in run.json("opportunity", "list")}
    assert (found["Analytics add-on"]["kind"], found["Analytics add-on"]["status"]) == ("upsell", "won")
    assert (found["Second plant"]["kind"], found["Second plant"]["status"]) == ("cross-sell", "forwarded")
    assert found["Second plant"]["identified_at"] == "2026-11-01T09:00:00+05:30"  # when HubSpot created it

    tickets = write(tmp_path / "tickets.csv",
                    "Ticket name,Ticket status,Priority,Create date,Close date,Associated Company,Ticket owner\n"
                    "Login broken,Closed,HIGH,2026-11-02 10:00,2026-11-03 10:00,Acme Manufacturing,bob\n"
                    "Export slow,Waiting on us,MEDIUM,2026-11-20 10:00,,Acme Manufacturing,bob\n"
                    "Wrong invoice,Waiting on contact,LOW,2026-11-18 10:00,,Acme Manufacturing,bob\n")  # fmt: skip
    run("import", "complaints", str(tickets))
    found = {k["title"]: k for k in run.json("complaint", "list", "--all")}
    assert {title: (k["status"], k["assignee"]) for title, k in found.items()} == {
        "Login broken": ("closed", "bob"),
        "Export slow": ("open", "bob"),
        "Wrong invoice": ("responded", "bob"),
    }
    assert found["Login broken"]["resolved_at"] == "2026-11-03T10:00:00+05:30"


def test_freshdesk_statuses_that_wait_on_another_are_responded(run, tmp_path):
    """Freshdesk's "Waiting on Third Party" (a vendor's move, after a reply) was a bad row."""
    run("client", "add", "Acme Ltd")
    rows = "".join(f"{status} ticket,{status},Medium,2026-11-20 08:00:00,Acme Ltd\n"
                   for status in ("Open", "Pending", "Waiting on Customer", "Waiting on Third Party"))  # fmt: skip
    run(
        "import",
        "complaints",
        str(write(tmp_path / "tickets.csv", f"Subject,Status,Priority,Created time,Company\n{rows}")),
    )
    got = {k["title"]: k["status"] for k in run.json("complaint", "list", "--all")}
    assert got == {"Open ticket": "open", "Pending ticket": "responded", "Waiting on Customer ticket": "responded",
                   "Waiting on Third Party ticket": "responded"}  # fmt: skip


def test_salesforce_contracts_give_their_notice_in_days_and_may_await_approval(run, tmp_path):
    """Salesforce writes a contract's Owner Expiration Notice as "60 Days", and a term still in
    approval is "In Approval Process" (like a draft, not in effect): both were bad rows."""
    run("client", "add", "Acme Ltd")
    sheet = write(tmp_path / "contracts.csv",
                  "Contract Number,Account Name,Status,Contract Start Date,Contract End Date,"
                  "Owner Expiration Notice,Contract Value,Currency\n"
                  "00000101,Acme Ltd,Activated,1/1/2026,12/31/2026,60 Days,12000,EUR\n"
                  "00000102,Acme Ltd,In Approval Process,1/1/2027,12/31/2027,30 Days,12600,EUR\n"
                  "00000103,Acme Ltd,Activated,1/1/2026,12/31/2026,15 dni,100,EUR\n")  # fmt: skip
    assert "3 added" in run("import", "contracts", str(sheet), "--monthfirst").stdout
    got = sorted((t["status"], t["notice_days"], t["decision_date"]) for t in run.json("contract", "list"))
    assert got == [("active", 15, "2026-12-16"), ("active", 60, "2026-11-01"), ("cancelled", 30, "2027-12-01")]
    bad = write(tmp_path / "bad.csv", "client,value,start,end,notice_days\nAcme Ltd,1,2026-01-01,2026-12-31,60 weeks\n"
                                      "Acme Ltd,1,2026-01-01,2026-12-31,1.5 days\n")  # fmt: skip
    refused = run("import", "contracts", str(bad), code=1).stderr
    assert "line 2: notice_days: '60 weeks' is not a whole number" in refused
    assert "line 3: notice_days: '1.5 days' is not a whole number of days" in refused  # the cell as written


def test_a_column_that_says_utc_is_read_in_utc(run, tmp_path):
    """Survey tools and payment systems write `Created (UTC)`: the column was unknown, so an answer
    took the day of the import. Its times are UTC (here in Kolkata, 10:00 UTC is 15:30); a time
    that carries an offset keeps it, and a column so named that is not a time stays unknown."""
    run("client", "add", "Acme Ltd")
    answers = write(tmp_path / "responses.csv",
                    "Response ID,Score,Comment,Created (UTC),Company,Plan (UTC)\n"
                    "1001,9,Great support,2026-11-20 10:00:00,Acme Ltd,Pro\n"
                    "1002,7,Slow,11/20/2026 23:00,Acme Ltd,Pro\n"
                    "1003,10,Best,2026-11-20T10:00:00+05:30,Acme Ltd,Pro\n")  # fmt: skip
    result = run("import", "feedback", str(answers), "--map", "Score=nps", "--monthfirst")
    assert "3 added" in result.stdout and "Plan (UTC)" in result.stderr  # not a time: unknown
    assert sorted(f["at"] for f in run.json("feedback", "list")) == [
        "2026-11-20T10:00:00+05:30", "2026-11-20T15:30:00+05:30", "2026-11-21T04:30:00+05:30"]  # fmt: skip


def test_hubspot_tasks_are_follow_ups(run, tmp_path):
    """HubSpot names a task's title "Task Title" and its state "Task Status" (Zoho "Waiting for
    input"): the file had no column for title."""
    run("client", "add", "Acme Ltd")
    tasks = write(tmp_path / "tasks.csv",
                  "Record ID,Task Title,Due Date,Task Status,Associated Company,Assigned to,Notes,Completed at\n"
                  "501,Send revised quote,2026-11-25 09:00,Not started,Acme Ltd,priya,Volume discount,\n"
                  "502,Call about renewal,2026-11-18 11:00,Completed,Acme Ltd,priya,,2026-11-18 11:30\n"
                  "503,Waiting for PO,2026-11-20 10:00,Waiting,Acme Ltd,priya,,\n")  # fmt: skip
    assert "3 added" in run("import", "followups", str(tasks)).stdout
    got = {f["title"]: (f["status"], f["due"], f["done_at"]) for f in run.json("followup", "list", "--all")}
    assert got == {"Send revised quote": ("open", "2026-11-25T09:00:00+05:30", None),
                   "Call about renewal": ("done", "2026-11-18T11:00:00+05:30", "2026-11-18T11:30:00+05:30"),
                   "Waiting for PO": ("open", "2026-11-20T10:00:00+05:30", None)}  # fmt: skip


def test_a_help_desks_time_to_first_reply_is_when_it_was_answered(run, tmp_path):
    """Zendesk gives no time of a ticket's first reply, only "First reply time in minutes" (and
    Freshdesk "First response time (in hrs)" beside it): without it, the KPI had no first response
    for any imported ticket. A time of the reply, where the file has one, comes first."""
    run("client", "add", "Acme Ltd")
    zendesk = write(tmp_path / "zendesk.csv",
                    "Id,Subject,Status,Priority,Ticket type,Created at,Organization,Solved at,"
                    "First reply time in minutes\n"
                    "501,Invoice wrong,Solved,High,Incident,2026-11-02 09:15,Acme Ltd,2026-11-03 16:40,50\n"
                    "502,Delivery late,Open,Urgent,Problem,2026-11-20 08:00,Acme Ltd,,\n"
                    "503,Label missing,Open,Low,Question,2026-11-20 09:00,Acme Ltd,,15\n")  # fmt: skip
    assert "3 added" in run("import", "complaints", str(zendesk)).stdout
    got = {k["title"]: (k["status"], k["responded_at"], k["category"]) for k in run.json("complaint", "list", "--all")}
    assert got == {"Invoice wrong": ("resolved", "2026-11-02T10:05:00+05:30", "Incident"),
                   "Delivery late": ("open", None, "Problem"),
                   "Label missing": ("responded", "2026-11-20T09:15:00+05:30", "Question")}  # fmt: skip
    median = run.json("kpi", "--period", "2026-11")["complaints"]["median_first_response_h"]
    assert round(median, 2) == round((50 + 15) / 2 / 60, 2)  # 32.5 minutes
    freshdesk = write(tmp_path / "freshdesk.csv",
                      "Subject,Status,Created time,Initial response time,First response time (in hrs),Company Name\n"
                      "Wrong GST,Pending,2026-11-10 09:00:00,2026-11-10 09:30:00,0.5,Acme Ltd\n"
                      "No invoice,Pending,2026-11-11 09:00:00,,1.5,Acme Ltd\n"
                      "Bad count,Pending,2026-11-12 09:00:00,,soon,Acme Ltd\n")  # fmt: skip
    refused = run("import", "complaints", str(freshdesk), code=1).stderr
    assert "line 4: first_reply_hours: 'soon' is not a number" in refused
    run("import", "complaints", str(freshdesk), "--skip-invalid")
    got = {k["title"]: k["responded_at"] for k in run.json("complaint", "list", "--all")}
    assert (got["Wrong GST"], got["No invoice"]) == ("2026-11-10T09:30:00+05:30", "2026-11-11T10:30:00+05:30")


def test_hubspot_meetings_are_meetings_at_their_start(run, tmp_path):
    """HubSpot exports each kind of activity apart, with no kind column: its meetings came in as
    calls, dated the day of the import (its `Meeting start time` was unknown), and a meeting still
    to come as a call today. The headers give the kind; the start is the time, and a meeting to
    come is a bad row, without the advice to drop the column that would date it today."""
    run("client", "add", "Acme Ltd")
    meetings = write(tmp_path / "meetings.csv",
                     "Record ID,Meeting name,Meeting start time,Meeting description,Associated Company\n"
                     "1,QBR,2026-11-20 10:00,<p>Reviewed Q3</p>,Acme Ltd\n"
                     "2,Kickoff,2026-12-15 10:00,,Acme Ltd\n")  # fmt: skip
    refused = run("import", "interactions", str(meetings), code=1).stderr
    assert "line 3: at: 2026-12-15T10:00:00+05:30 is in the future" in refused
    assert refused.endswith("nothing was written (fix them and run it again, or pass --skip-invalid)\n")
    run("import", "interactions", str(meetings), "--skip-invalid")
    notes = write(tmp_path / "notes.csv", "Note body,Activity date,Associated Company\nAsked for a discount,"
                                          "2026-11-19 12:00,Acme Ltd\n")  # fmt: skip
    run("import", "interactions", str(notes))
    calls = write(tmp_path / "calls.csv", "Call title,Activity date,Associated Company\nCheck-in,2026-11-18 12:00,"
                                          "Acme Ltd\n")  # fmt: skip
    run("import", "interactions", str(calls))
    got = [(i["kind"], i["at"], i["summary"]) for i in run.json("interaction", "list")]
    assert got == [("meeting", "2026-11-20T10:00:00+05:30", "QBR — Reviewed Q3"),
                   ("note", "2026-11-19T12:00:00+05:30", "Asked for a discount"),
                   ("call", "2026-11-18T12:00:00+05:30", "Check-in")]  # fmt: skip


def test_salesforce_leads_are_prospects_with_their_people(run, tmp_path):
    """A Salesforce leads export gives each lead's state in "Lead Status" and its owner in "Lead
    Owner": both were unknown, so every lead became an active client of whoever imported it."""
    leads = write(tmp_path / "leads.csv",
                  "First Name,Last Name,Company,Title,Email,Lead Status,Lead Owner,City\n"
                  "Asha,Rao,Rao Textiles,CEO,asha@raotex.example,Open - Not Contacted,priya,Bengaluru\n"
                  "Jan,Nowak,Nowak Sp. z o.o.,Prezes,jan@nowak.example,Working - Contacted,priya,Warszawa\n"
                  "Ola,Lis,Lis i Syn,Owner,ola@lis.example,Closed - Not Converted,priya,Łódź\n")  # fmt: skip
    assert "3 added" in run("import", "clients", str(leads)).stdout
    got = {c["name"]: (c["status"], c["owner"]) for c in run.json("client", "list", "--all")}
    assert got == {"Rao Textiles": ("prospect", "priya"), "Nowak Sp. z o.o.": ("prospect", "priya"),
                   "Lis i Syn": ("prospect", "priya")}  # fmt: skip
    assert "3 added" in run("import", "contacts", str(leads)).stdout  # the same file: its people
    assert {(c["client"], c["name"], c["title"]) for c in run.json("contact", "list")} == {
        ("Rao Textiles", "Asha Rao", "CEO"),
        ("Nowak Sp. z o.o.", "Jan Nowak", "Prezes"),
        ("Lis i Syn", "Ola Lis", "Owner"),
    }


def test_a_contracts_history_from_another_system_keeps_its_renewals(run, tmp_path):
    """Other systems keep no link from a term to the one it renewed: a 2025 term marked renewed and
    its 2026 successor came in unlinked, so the KPI took the renewal's new value as nothing (GRR and
    NRR 0%). A term added by the import is linked to the client's renewed term, in its currency,
    that ended in the 32 days before it started. Globex's gap of three months and Initech's change
    of currency link nothing (their renewals count as lost, as before)."""
    for name in ("Acme Ltd", "Globex", "Initech"):
        run("client", "add", name)
    terms = write(tmp_path / "contracts.csv",
                  "client,title,value,currency,start,end,status\n"
                  "Acme Ltd,Supply 2025,1000,EUR,2025-01-01,2025-12-31,renewed\n"
                  "Acme Ltd,Supply 2026,1100,EUR,2026-01-01,2026-12-31,active\n"
                  "Globex,Support 2025,500,EUR,2025-01-01,2025-09-30,renewed\n"
                  "Globex,Support 2026,500,EUR,2026-01-01,2026-12-31,active\n"
                  "Initech,Licence 2025,800,EUR,2025-01-01,2025-12-31,renewed\n"
                  "Initech,Licence 2026,900,USD,2026-01-01,2026-12-31,active\n")  # fmt: skip
    run("import", "contracts", str(terms))
    links = {t["title"]: t["renewed_from"] for t in run.json("contract", "list")}
    titles = {t["id"]: t["title"] for t in run.json("contract", "list")}
    assert {title: titles.get(link) for title, link in links.items() if link} == {"Supply 2026": "Supply 2025"}
    renewals = run.json("kpi", "--period", "2025")["renewals"]
    # decided in 2025: 1000 + 500 + 800 = 2300 EUR; only Acme's renewal has a known new value
    assert renewals["by_currency"]["EUR"]["decided_value"] == 2300
    assert (round(renewals["grr"], 4), round(renewals["nrr"], 4)) == (round(1000 / 2300, 4), round(1100 / 2300, 4))
    later = write(tmp_path / "later.csv", "client,title,value,currency,start,end\nGlobex,Support 2027,550,EUR,"
                                          "2027-01-01,2027-12-31\n")  # fmt: skip
    run("import", "contracts", str(later))  # Globex's 2026 term is not marked renewed: nothing to link
    assert [t["renewed_from"] for t in run.json("contract", "list") if t["title"] == "Support 2027"] == [None]
    assert run("import", "undo", "1").stdout == "Undid import #1: removed 6 records\n"  # links and all
    assert [t["title"] for t in run.json("contract", "list")] == ["Support 2027"]


def test_sheets_kept_by_hand_in_polish_indonesian_and_hindi(run, tmp_path):
    firm = "Zakłady Mięsne Łódź"
    clients = write(tmp_path / "klienci.csv", "\ufeffNazwa firmy;Miasto;Opiekun;Telefon;Uwagi\n"
                                              f"{firm};Łódź;priya;+48 42 555 0100;Klient strategiczny\n")  # fmt: skip
    run("import", "clients", str(clients))
    client = run.json("client", "show", "Zakłady")
    assert (client["city"], client["owner"], client["phone"], client["notes"]) == (
        "Łódź", "priya", "+48 42 555 0100", "Klient strategiczny")  # fmt: skip
    polish = write(tmp_path / "dziennik.csv", f"Klient;Data;Rodzaj;Temat\n{firm};05.11.2026;Spotkanie;Przegląd\n")
    indonesian = write(
        tmp_path / "catatan.csv", f"Perusahaan,Tanggal,Jenis,Ringkasan\n{firm},2026-11-20,Kunjungan,Gudang\n"
    )
    hindi = write(tmp_path / "log.csv", f"ग्राहक,तारीख,प्रकार,सारांश\n{firm},2026-11-21,बैठक,तिमाही समीक्षा\n")
    run("import", "interactions", str(polish), "--dayfirst")
    run("import", "interactions", str(indonesian))
    run("import", "interactions", str(hindi))
    logged = [(i["at"][:10], i["kind"], i["summary"]) for i in run.json("interaction", "list")]
    assert logged == [("2026-11-21", "meeting", "तिमाही समीक्षा"), ("2026-11-20", "visit", "Gudang"),
                      ("2026-11-05", "meeting", "Przegląd")]  # fmt: skip
    header = "Klient;Temat;Priorytet;Data zgłoszenia\n"
    complaints = write(tmp_path / "reklamacje.csv", f"{header}{firm};Uszkodzone palety;Wysoki;2026-11-21 09:00\n")
    run("import", "complaints", str(complaints))
    (complaint,) = run.json("complaint", "list")
    assert (complaint["title"], complaint["severity"], complaint["opened_at"]) == (
        "Uszkodzone palety", "high", "2026-11-21T09:00:00+05:30")  # fmt: skip
    # terms, deals and answers: "12.000" in a Polish sheet is twelve thousand
    terms = write(tmp_path / "umowy.csv", "Klient;Umowa;Wartość;Waluta;Początek;Koniec;Okres wypowiedzenia\n"
                                          f"{firm};Dostawy 2026;12.000;PLN;01.01.2026;31.12.2026;90\n")  # fmt: skip
    run("import", "contracts", str(terms), "--dayfirst")
    (term,) = run.json("contract", "list")
    assert (term["title"], term["value"], term["currency"], term["start"], term["end"], term["notice_days"]) == (
        "Dostawy 2026", 12000, "PLN", "2026-01-01", "2026-12-31", 90)  # fmt: skip
    deals = write(tmp_path / "peluang.csv", f"Perusahaan,Peluang,Jenis,Nilai,Mata uang\n{firm},Modul gudang,"
                                            "upsell,Rp 750.000.000,IDR\n")  # fmt: skip
    run("import", "opportunities", str(deals))
    (deal,) = run.json("opportunity", "list")
    assert (deal["title"], deal["kind"], deal["value"], deal["currency"]) == ("Modul gudang", "upsell", 750000000,
                                                                              "IDR")  # fmt: skip
    answers = write(tmp_path / "राय.csv", f"ग्राहक,प्रकार,स्कोर,तारीख,टिप्पणी\n{firm},nps,9,2026-11-20,बहुत अच्छा\n")
    run("import", "feedback", str(answers))
    (answer,) = run.json("feedback", "list")
    assert (answer["kind"], answer["score"], answer["comment"]) == ("nps", 9, "बहुत अच्छा")
    # a score kept in a cell with one decimal, where the decimal mark is a comma: 4,0 is four
    rows = "".join(f"{firm};csat;{score};2026-11-21\n" for score in ("4,0", "4,5", "4,000"))
    ankiety = write(tmp_path / "ankiety.csv", f"Klient;Rodzaj;Ocena;Data\n{rows}")
    refused = run("import", "feedback", str(ankiety), code=1).stderr
    assert "line 3: score: '4,5' is not a whole number" in refused and "line 4: score: '4,000'" in refused
    run("import", "feedback", str(ankiety), "--skip-invalid")
    assert sorted(a["score"] for a in run.json("feedback", "list")) == [4, 9]


def test_a_salesforce_activities_report_says_each_activitys_kind_in_its_task_subtype(run, tmp_path):
    run("client", "add", "Acme Ltd")
    report = write(tmp_path / "activities.csv",
                   '"Subject","Date","Assigned","Company / Account","Task Subtype","Comments"\n'
                   '"Call","11/13/2026","Priya Sharma","Acme Ltd","Call","Discussed renewal pricing"\n'
                   '"Email: Quote for Q1","11/14/2026","Priya Sharma","Acme Ltd","Email","Sent the quote"\n'
                   '"Newsletter","11/15/2026","Priya Sharma","Acme Ltd","ListEmail",""\n'
                   '"Connected","11/16/2026","Priya Sharma","Acme Ltd","LinkedIn",""\n'
                   '"Prepare QBR deck","11/17/2026","Priya Sharma","Acme Ltd","Task",""\n')  # fmt: skip
    result = run("import", "interactions", str(report))
    assert "5 added" in result.stdout and "Task Subtype" not in result.stderr
    kinds = {i["summary"]: i["kind"] for i in run.json("interaction", "list")}
    assert kinds == {"Call — Discussed renewal pricing": "call", "Email: Quote for Q1 — Sent the quote": "email",
                     "Newsletter": "email", "Connected": "chat", "Prepare QBR deck": "note"}  # fmt: skip


def test_a_salesforce_report_footer_is_not_a_record(run, book_env, tmp_path):
    report = write(tmp_path / "report1700000000000.csv",
                   '"Account Name","Billing City","Type"\n'
                   '"Tata Steel Processing","Mumbai","Customer - Direct"\n'
                   '"Globex","Pune","Prospect"\n'
                   '""\n'
                   '"Grand Totals (2 records)","",""\n'
                   '"Grand Totals (1,204 records)"\n'
                   '"Confidential Information - Do Not Distribute"\n'
                   '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
                   '"Generated By:  Priya Sharma  11/22/2026 10:00 AM"\n'
                   '"Tata Group"\n')  # fmt: skip
    assert "2 added, 0 updated, 0 unchanged, 0 rejected" in run("import", "clients", str(report)).stdout
    assert sorted(c["name"] for c in run.json("client", "list", "--all")) == ["Globex", "Tata Steel Processing"]
    # a row of one cell elsewhere is still a row, and still checked
    odd = write(tmp_path / "odd.csv", '"Account Name","Billing City"\n"Initech"\n"Grand Totals Ltd","Leeds"\n')
    assert "2 added" in run("import", "clients", str(odd)).stdout


def test_dates_with_polish_indonesian_and_hindi_month_names(run, tmp_path):
    run("client", "add", "Acme")
    sheet = write(tmp_path / "log.csv", "Klient;Data;Temat\nAcme;5 listopada 2026 14:30;Spotkanie w Łodzi\n"
                                        "Acme;17 Agustus 2026;Kunjungan\n")  # fmt: skip
    run("import", "interactions", str(sheet))
    assert [i["at"] for i in run.json("interaction", "list")] == ["2026-11-05T14:30:00+05:30",
                                                                  "2026-08-17T00:00:00+05:30"]  # fmt: skip
    # Hindi, spelled with anusvara or half nasal, and फ़ with its nukta composed or not
    hindi = write(tmp_path / "hindi.csv", "ग्राहक,तारीख,सारांश\nAcme,3 सितंबर 2026 11:00,फ़ोन\n"
                                          "Acme,1 फ\u093cरवरी 2026,बैठक\nAcme,2 \u095eरवरी 2026,ईमेल\n"
                                          "Acme,4 नवम्बर 2026,कॉल\n")  # fmt: skip
    run("import", "interactions", str(hindi))
    run("log", "Acme", "Call", "--at", "5 नवंबर 2026 10:00")
    days = sorted(i["at"][:16] for i in run.json("interaction", "list"))
    assert days == ["2026-02-01T00:00", "2026-02-02T00:00", "2026-08-17T00:00", "2026-09-03T11:00",
                    "2026-11-04T00:00", "2026-11-05T10:00", "2026-11-05T14:30"]  # fmt: skip
    assert "cannot read" in run.error("log", "Acme", "Call", "--at", "5 दिसंबरी 2026", code=2)  # not a month


def test_a_subject_and_its_comments_are_both_kept(run, tmp_path):
    """A Salesforce task export has the call's Subject and, in Comments, what was said: both are
    the interaction's summary. Short fields still take one column (see above); free text joins."""
    run("client", "add", "Acme")
    sheet = write(tmp_path / "tasks.csv",
                  "Subject,Comments,Related To,Assigned,Date\n"
                  'Call,"Discussed the Q4 renewal;\nwants 10% off",Acme,priya,2026-11-02\n'
                  "Email,,Acme,priya,2026-11-03\n"
                  ",Left a voicemail,Acme,priya,2026-11-04\n"
                  "Meeting,Meeting,Acme,priya,2026-11-05\n")  # fmt: skip
    result = run("import", "interactions", str(sheet))
    assert "'Comments' is added to summary after 'Subject' (--map 'Comments=ignore' to drop it)" in result.stderr
    summaries = [i["summary"] for i in sorted(run.json("interaction", "list"), key=lambda i: i["at"])]
    assert summaries == ["Call — Discussed the Q4 renewal;\nwants 10% off", "Email", "Left a voicemail", "Meeting"]
    assert "4 unchanged" in run("import", "interactions", str(sheet)).stdout  # the same file again: no duplicates


def test_a_salesforce_data_loader_export_keeps_its_ids_as_external_ids(run, tmp_path):
    """Data Loader and Workbench write API names, and every file starts with Salesforce's own `Id`:
    not a relmgr id, but the account's id in Salesforce, by which its contacts name it."""
    accounts = write(tmp_path / "Account.csv",
                     '"Id","Name","Type","BillingCity","OwnerId","Rating","CreatedDate","LastActivityDate"\n'
                     '"0015g00000XyZabAAF","Acme Manufacturing","Customer - Direct","Chicago","0055g00000AbCdE",'
                     '"Hot","2024-03-12T10:15:00.000Z","2026-11-20"\n'
                     '"0015g00000XyZacAAF","Globex","Prospect","Springfield","0055g00000AbCdE","Cold",'
                     '"2025-03-12T10:15:00.000Z",""\n')  # fmt: skip
    result = run("import", "clients", str(accounts))
    assert "2 added" in result.stdout
    assert "'Id' holds another system's ids ('0015g00000XyZabAAF'): read as each client's external id" in result.stderr
    acme = run.json("client", "show", "Acme")
    assert (acme["external_id"], acme["rating"], acme["status"]) == ("0015g00000XyZabAAF", 5, "active")
    assert acme["created_at"] == "2024-03-12T15:45:00+05:30"
    globex = run.json("client", "show", "Globex")
    assert (globex["id"], globex["rating"], globex["status"]) == (2, 1, "prospect")  # ids are relmgr's own
    again = run("import", "clients", str(accounts)).stdout
    assert "0 added, 0 updated, 2 unchanged" in again  # matched by the Salesforce id

    contacts = write(tmp_path / "Contact.csv",
                     "Id,AccountId,FirstName,LastName,Email\n"
                     "0035g00000QwErTAAV,0015g00000XyZabAAF,Dana,Whitfield,dana@acme.example\n")  # fmt: skip
    result = run("import", "contacts", str(contacts))
    assert "'Id' holds another system's ids ('0035g00000QwErTAAV'): not kept" in result.stderr
    (dana,) = run.json("contact", "list")
    assert (dana["id"], dana["name"], dana["client"]) == (1, "Dana Whitfield", "Acme Manufacturing")


def test_accounts_that_are_not_clients_are_left_out_and_counted(run, tmp_path):
    """Salesforce's classic Type, Zoho's Account Type and Dynamics' Relationship Type also list
    competitors, the press, analysts and suppliers. They are not in an account manager's book."""
    sheet = write(tmp_path / "accounts.csv",
                  "Account Name,Account Type\n"
                  "Infosys BPM,Customer\nGlobex,Competitor\nThe Economic Times,Press\nInitech,Competitor\n"
                  "Chips Distribution,Reseller\n")  # fmt: skip
    result = run("import", "clients", str(sheet), "--dry-run", "--json")
    (counts,) = json.loads(result.stdout)["entities"]
    assert (counts["added"], counts["skipped"], counts["rejected"]) == (2, 3, 0)
    result = run("import", "clients", str(sheet))
    assert "2 added, 0 updated, 0 unchanged, 0 rejected; 3 skipped (not clients: 2 competitor, 1 press)" in (
        result.stdout
    )
    assert {c["name"]: c["status"] for c in run.json("client", "list")} == {
        "Infosys BPM": "active", "Chips Distribution": "active"}  # fmt: skip


def test_zohos_rating_of_account_states_is_left_out_with_a_warning(run, tmp_path):
    """Zoho's Rating is a list of its own words (Acquired, Market Failed), not a 1-5 rating."""
    sheet = write(tmp_path / "zoho.csv",
                  "Record Id,Account Name,Rating,Created Time,Modified Time,Last Activity Time\n"
                  "zcrm_4876876000000351001,Infosys BPM,Active,2024-03-12 10:15:00,2026-10-01 09:00:00,"
                  "2026-11-20 14:30:00\n"
                  "zcrm_4876876000000351002,Kowalski Logistyka,Market Failed,2025-01-05 08:00:00,,\n")  # fmt: skip
    result = run("import", "clients", str(sheet))
    assert result.stderr == (f"relmgr: warning: {sheet}: 'Rating' holds account states, not 1–5 ratings "
                             "(Active, Market Failed): not kept\n")  # fmt: skip
    infosys = run.json("client", "show", "Infosys")
    assert (infosys["external_id"], infosys["rating"]) == ("zcrm_4876876000000351001", None)
    assert (infosys["created_at"], infosys["last_contact_at"]) == (
        "2024-03-12T10:15:00+05:30", "2026-11-20T14:30:00+05:30")  # fmt: skip


def test_tags_of_a_multi_select_column_are_each_a_tag(run, tmp_path):
    """Salesforce, HubSpot and Zoho export multi-select values joined with ";"."""
    sheet = write(tmp_path / "tags.csv", 'Account Name,Tag\nInfosys BPM,"Key;Tier A; Renewal 2027"\nŻabka,Retail\n')
    run("import", "clients", str(sheet))
    assert run.json("client", "show", "Infosys")["tags"] == ["Key", "Tier A", "Renewal 2027"]
    assert [c["name"] for c in run.json("client", "list", "--tag", "Tier A")] == ["Infosys BPM"]
    assert run.json("client", "add", "Globex", "--tag", "key;pilot", "--tag", "pilot")["tags"] == ["key", "pilot"]
    out = tmp_path / "out.csv"
    run("export", "clients", "-o", str(out))
    assert "Key,Tier A,Renewal 2027" in out.read_text(encoding="utf-8")


def test_a_column_of_words_another_crm_keeps_can_be_left_out(run, tmp_path):
    sheet = write(tmp_path / "scored.csv", "Account Name,Rating\nInfosys BPM,A+\nKowalski Logistyka,B-\n")
    error = run("import", "clients", str(sheet), code=1).stderr.strip().splitlines()[-1]
    assert error == ("relmgr: import refused: 2 bad rows; nothing was written (fix them and run it again, "
                     "leave the column out with --map 'Rating=ignore', or pass --skip-invalid)")  # fmt: skip
    assert run.json("client", "list") == []
    run("import", "clients", str(sheet), "--map", "Rating=ignore")
    assert [c["rating"] for c in run.json("client", "list")] == [None, None]

    # no such hint for a column the record cannot do without, or bad cells in two columns
    calls = write(tmp_path / "calls.csv", "Client,Summary\nNobody Ltd,Call about the renewal\n")
    assert "--map" not in run("import", "interactions", str(calls), code=1).stderr
    two = write(tmp_path / "two.csv", "Account Name,Rating,Email\nAcme,7,acme.example\n")
    assert "--map" not in run("import", "clients", str(two), code=1).stderr


def test_a_dynamics_365_accounts_sheet(run, tmp_path):
    """Dynamics' "Export to Excel", saved as CSV: its hidden columns carry the record's GUID."""
    sheet = write(tmp_path / "Active Accounts.csv",
                  "(Do Not Modify) Account,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,Account Name,"
                  "Main Phone,Address 1: City,Address 1: Country/Region,Relationship Type,Primary Contact\n"
                  "7a0c9f2e-5b1d-4f0e-9a57-2f3c1d8e6b10,kP2x,2026-10-01T09:00:00Z,Fabrikam,+1 425 555 0100,"
                  "Redmond,USA,Customer,Maria Campbell\n"
                  "0b9e6a77-1c2d-4e3f-8a9b-0c1d2e3f4a5b,zQ9w,2026-10-01T09:00:00Z,Contoso Press,,Seattle,USA,"
                  "Press,\n")  # fmt: skip
    result = run("import", "clients", str(sheet))
    assert "1 added" in result.stdout and "1 skipped (not clients: 1 press)" in result.stdout
    assert "ignoring unknown columns: (Do Not Modify) Row Checksum, Primary Contact" in result.stderr
    fabrikam = run.json("client", "show", "Fabrikam")
    assert (fabrikam["external_id"], fabrikam["phone"], fabrikam["city"], fabrikam["country"]) == (
        "7a0c9f2e-5b1d-4f0e-9a57-2f3c1d8e6b10", "+1 425 555 0100", "Redmond", "USA")  # fmt: skip
    # the sheet says when each record last changed, not when it was made: it existed by then
    assert fabrikam["created_at"] == fabrikam["updated_at"] == "2026-10-01T14:30:00+05:30"
    people = write(tmp_path / "My Active Contacts.csv",
                   "(Do Not Modify) Contact,(Do Not Modify) Modified On,Full Name,Company Name,Job Title\n"
                   "6f1b2c3d-0000-0000-0000-000000000001,2026-10-02T10:00:00Z,Maria Campbell,Fabrikam,CFO\n"
                   "6f1b2c3d-0000-0000-0000-000000000002,,Alex Wu,Fabrikam,Buyer\n")  # fmt: skip
    run("import", "contacts", str(people))
    stamps = [(c["name"], c["created_at"], c["updated_at"]) for c in run.json("contact", "list", "Fabrikam")]
    assert sorted(stamps) == [("Alex Wu", "2026-11-22T10:00:00+05:30", "2026-11-22T10:00:00+05:30"),
                              ("Maria Campbell", "2026-10-02T15:30:00+05:30", "2026-10-02T15:30:00+05:30")]  # fmt: skip


def test_suitecrm_and_espocrm_accounts_and_contacts(run, tmp_path):
    """SuiteCRM (like SugarCRM) labels its export's columns ("Office Phone", "Assigned User Name")
    or, from its database, names them (`phone_office`, `email1`, `billing_address_city`,
    `date_entered`); EspoCRM spells an address part "Billing Address City"."""
    labels = write(tmp_path / "Accounts.csv",
                   '"ID","Name","Type","Billing Street","Billing City","Billing Country","Office Phone","Website",'
                   '"Email Address","Assigned User Name","Description","Date Created","Date Modified"\n'
                   '"5d2f0c9e-1a2b-4c3d-8e9f-000000000001","Acme Ltd","Customer","1 Main St","Chicago","USA",'
                   '"+1 312 555 0100","www.acme.example","info@acme.example","will","Key account",'
                   '"2024-03-01 10:00","2026-10-01 09:00"\n')  # fmt: skip
    result = run("import", "clients", str(labels))
    assert "1 added" in result.stdout and "ignoring unknown column: Billing Street\n" in result.stderr
    assert "config set user 'will'" in result.stderr  # the owner column was read, and said to be someone else
    acme = run.json("client", "show", "Acme")
    assert (acme["phone"], acme["email"], acme["owner"], acme["city"], acme["created_at"], acme["updated_at"]) == (
        "+1 312 555 0100", "info@acme.example", "will", "Chicago", "2024-03-01T10:00:00+05:30",
        "2026-10-01T09:00:00+05:30")  # fmt: skip
    fields = write(tmp_path / "accounts_raw.csv",
                   "id,name,account_type,billing_address_city,billing_address_country,phone_office,email1,"
                   "assigned_user_name,date_entered,date_modified\n"
                   "a2,Beta Corp,Customer,Pune,India,+91 20 5555 0101,hello@beta.example,sally,"
                   "2025-01-02 08:00:00,2025-01-02 08:00:00\n")  # fmt: skip
    assert run("import", "clients", str(fields)).stderr.count("ignoring unknown columns") == 0
    beta = run.json("client", "show", "Beta")
    assert (beta["city"], beta["country"], beta["phone"], beta["email"], beta["owner"], beta["external_id"]) == (
        "Pune", "India", "+91 20 5555 0101", "hello@beta.example", "sally", "a2")  # fmt: skip
    espo = write(tmp_path / "Account.csv",
                 "Name,Website,Email,Phone,Type,Billing Address City,Billing Address Country,Created At\n"
                 "Gamma GmbH,gamma.example,info@gamma.example,+49 30 5555,Customer,Berlin,Germany,"
                 "2025-06-01 12:00\n")  # fmt: skip
    assert run("import", "clients", str(espo)).stderr == ""
    gamma = run.json("client", "show", "Gamma")
    assert (gamma["city"], gamma["country"]) == ("Berlin", "Germany")
    people = write(tmp_path / "Contacts.csv",
                   '"First Name","Last Name","Title","Account Name","Office Phone","Mobile Phone","Email Address"\n'
                   '"Dana","Whitfield","CFO","Acme Ltd","+1 312 555 0111","","dana@acme.example"\n'
                   '"Raj","Patel","Buyer","Beta Corp","","+91 98 0000 0000","raj@beta.example"\n')  # fmt: skip
    said = run("import", "contacts", str(people)).stderr  # two phones: one read where the other is empty
    assert said.endswith("'Mobile Phone' is read for phone only where 'Office Phone' is empty "
                         "(--map 'Mobile Phone=ignore' to drop it)\n") and said.count("\n") == 1  # fmt: skip
    phones = {c["name"]: c["phone"] for c in run.json("contact", "list")}
    assert phones == {"Dana Whitfield": "+1 312 555 0111", "Raj Patel": "+91 98 0000 0000"}


def test_a_hubspot_calls_export_keeps_title_notes_and_contact(run, tmp_path):
    """HubSpot exports calls apart from other activities: a title, notes kept as HTML, and the
    associated contact written with its email."""
    run("client", "add", "Acme Manufacturing")
    run("contact", "add", "Acme", "Dana Whitfield", "--email", "dana@acme.example")
    run("contact", "add", "Acme", "Dana Whitfield", "--email", "dana.w@acme.example")  # a namesake
    sheet = write(tmp_path / "calls.csv",
                  "Record ID,Call Title,Call notes,Activity date,Call direction,Associated Company,"
                  "Associated Contact,Activity assigned to\n"
                  '31234567890,Renewal check-in,"<p>Dana asked for the <b>Q1 volumes</b> quote &amp; terms.</p>'
                  '<ul><li>Send quote</li><li>Book visit</li></ul>",2026-11-18 14:32,Outbound,Acme Manufacturing,'
                  "Dana Whitfield (dana.w@acme.example),Priya Sharma\n"
                  '31234567891,,"<5% of orders late, she says",2026-11-20 10:05,Outbound,Acme Manufacturing,'
                  "Dana Whitfield <dana@acme.example>,Priya Sharma\n")  # fmt: skip
    result = run("import", "interactions", str(sheet))
    assert "2 added" in result.stdout
    assert "'Call notes' is added to summary after 'Call Title'" in result.stderr
    calls = {c["id"]: c for c in run.json("interaction", "list")}
    assert calls[1]["summary"] == ("Renewal check-in — Dana asked for the Q1 volumes quote & terms.\n"
                                   "- Send quote\n- Book visit")  # fmt: skip
    assert (calls[1]["contact_id"], calls[1]["by"]) == (2, "Priya Sharma")
    assert calls[2]["summary"] == "<5% of orders late, she says"  # not HTML: kept as written
    assert calls[2]["contact_id"] == 1
    assert "0 added, 0 updated, 2 unchanged" in run("import", "interactions", str(sheet)).stdout


def test_a_freshdesk_tickets_export_keeps_its_times(run, tmp_path):
    """Freshdesk names its times "Initial response time", "Resolved time", "Closed time" and its
    resolution deadline "Due by Time": the KPIs need every one of them."""
    run("client", "add", "Acme Manufacturing")
    sheet = write(tmp_path / "tickets.csv",
                  "Ticket ID,Subject,Status,Priority,Type,Agent,Created time,Due by Time,Resolved time,Closed time,"
                  "Last update time,Initial response time,Company name\n"
                  "1001,Late delivery to plant 2,Closed,High,Incident,Priya Sharma,2026-11-02 09:15:00,"
                  "2026-11-05 09:15:00,2026-11-03 16:00:00,2026-11-04 10:00:00,2026-11-04 10:00:00,"
                  "2026-11-02 11:00:00,Acme Manufacturing\n"
                  "1002,Invoice wrong,Open,Urgent,Question,Priya Sharma,2026-11-22 09:00:00,2026-11-22 17:00:00,,,"
                  "2026-11-22 09:00:00,,Acme Manufacturing\n")  # fmt: skip
    result = run("import", "complaints", str(sheet))
    assert "ignoring unknown column: Ticket ID\n" in result.stderr
    late = run.json("complaint", "show", "1")
    assert (late["responded_at"], late["resolved_at"], late["closed_at"], late["updated_at"]) == (
        "2026-11-02T11:00:00+05:30", "2026-11-03T16:00:00+05:30", "2026-11-04T10:00:00+05:30",
        "2026-11-04T10:00:00+05:30")  # fmt: skip
    assert [e["action"] for e in late["events"]] == ["opened", "responded", "resolved", "closed"]
    invoice = run.json("complaint", "show", "2")
    # Freshdesk's deadline to resolve, relmgr's to respond (critical: 2 hours); at 10:00 neither has passed
    assert (invoice["severity"], invoice["respond_by"], invoice["resolve_by"], invoice["breached"]) == (
        "critical", "2026-11-22T11:00:00+05:30", "2026-11-22T17:00:00+05:30", False)  # fmt: skip
    # November by hand: first response 1 h 45 min; resolved after 30 h 45 min, by its deadline
    november = run.json("kpi", "--period", "2026-11")["complaints"]
    assert (november["median_first_response_h"], november["median_resolution_h"]) == (1.75, 30.75)
    assert (november["response_sla_met"], november["resolution_sla_met"]) == (1.0, 1.0)


def test_an_open_ticket_already_answered_is_responded_and_its_requester_a_contact(run, tmp_path):
    """Freshdesk keeps a ticket "Open" after the first reply (its "Initial response time") and
    names the requester "Full name": the complaint is responded, from that person."""
    run("client", "add", "Acme")
    run("contact", "add", "Acme", "Dana Whitfield")
    sheet = write(tmp_path / "tickets.csv",
                  "Ticket ID,Subject,Status,Priority,Created time,Initial response time,Full name,Company Name\n"
                  "101,Late delivery,Open,High,2026-11-18 09:00:00,2026-11-18 11:00:00,Dana Whitfield,Acme\n"
                  "104,Portal login fails,Open,Medium,2026-11-20 16:00:00,,Dana Whitfield,Acme\n")  # fmt: skip
    run("import", "complaints", str(sheet))
    answered, waiting = run.json("complaint", "show", "1"), run.json("complaint", "show", "2")
    assert (answered["status"], answered["responded_at"], answered["contact"]) == (
        "responded", "2026-11-18T11:00:00+05:30", "Dana Whitfield")  # fmt: skip
    assert [e["action"] for e in answered["events"]] == ["opened", "responded"]
    assert (waiting["status"], waiting["responded_at"], waiting["contact"]) == ("open", None, "Dana Whitfield")


def test_help_desk_requesters_who_are_not_contacts_yet(run, tmp_path, book_env):
    """Zendesk names who raised each ticket; most requesters are not in the book. Without
    --create-clients that is a bad row, naming the way out; with it they are added as contacts
    of the ticket's client, and undo takes them away again."""
    run("client", "add", "Acme Manufacturing")
    run("contact", "add", "Acme", "Dana Whitfield", "--email", "dana@acme.example")
    sheet = write(tmp_path / "tickets.csv",
                  "Subject,Organization,Requester,Priority,Created at\n"
                  "Late delivery,Acme Manufacturing,Dana Whitfield,high,2026-11-20 09:00\n"
                  "Broken pallet,Acme Manufacturing,Sam Ortiz <sam@acme.example>,normal,2026-11-21 09:00\n"
                  "Broken pallet again,Acme Manufacturing,sam@acme.example,normal,2026-11-21 12:00\n")  # fmt: skip
    result = run("import", "complaints", str(sheet), code=1)
    assert ("line 3: contact: no contact named 'Sam Ortiz <sam@acme.example>' at this client "
            "(add it first, or pass --create-clients)") in result.stderr  # fmt: skip
    result = run("import", "complaints", str(sheet), "--create-clients")
    assert "tickets.csv: 3 added, 0 updated, 0 unchanged, 0 rejected, 1 contacts created" in result.stdout
    sam = [c for c in run.json("contact", "list") if c["name"] == "Sam Ortiz"]
    assert [(c["email"], c["client"]) for c in sam] == [("sam@acme.example", "Acme Manufacturing")]
    contacts = [k["contact"] for k in run.json("complaint", "list")]
    assert sorted(contacts) == ["Dana Whitfield", "Sam Ortiz", "Sam Ortiz"]  # the second found by email
    run("import", "undo", "1")
    assert [c["name"] for c in run.json("contact", "list")] == ["Dana Whitfield"]
    assert run.json("complaint", "list", "--all") == []


def test_a_salesforce_opportunity_competitors_report(run, tmp_path):
    """Salesforce keeps competitors on opportunities: Competitor Name, Strengths, Weaknesses. Each
    becomes a note at the account, its strengths and weaknesses joined; a rival named on two deals
    of one account is one note there."""
    run("client", "add", "Acme Manufacturing")
    sheet = write(tmp_path / "competitors.csv",
                  '"Opportunity Name","Account Name","Competitor Name","Strengths","Weaknesses"\n'
                  '"Acme renewal 2027","Acme Manufacturing","Globex","Cheaper, local warehouse","No 24/7 support"\n'
                  '"Acme analytics","Acme Manufacturing","Globex","Cheaper, local warehouse","No 24/7 support"\n'
                  '"Acme analytics","Acme Manufacturing","Initech","",""\n')  # fmt: skip
    result = run("import", "competitors", str(sheet))
    assert "ignoring unknown column: Opportunity Name" in result.stderr
    rivals = {r["competitor"]: r["at"] for r in run.json("competitors")}
    assert rivals["Globex"] == [
        {"client": "Acme Manufacturing", "note": "Cheaper, local warehouse — No 24/7 support",
         "noted_at": "2026-11-22T10:00:00+05:30"}
    ]  # fmt: skip
    assert [a["note"] for a in rivals["Initech"]] == [None] and len(rivals) == 2


def test_address_books_outlook_and_google_contacts(run, tmp_path):
    """An account manager's people often live in Outlook or Gmail. Outlook's Title is the
    salutation (its Job Title the job); Google writes the company as Organization Name, and
    numbered emails and phones."""
    run("client", "add", "Acme Manufacturing")
    run("client", "add", "Globex")
    outlook = write(tmp_path / "outlook.csv",
                    '"First Name","Middle Name","Last Name","Title","E-mail Address","Company","Job Title",'
                    '"Business Phone","Mobile Phone"\n'
                    '"Dana","","Whitfield","Ms.","dana@acme.example","Acme Manufacturing","VP Operations",'
                    '"+1 312 555 0100","+1 312 555 0199"\n')  # fmt: skip
    said = " ".join(run("import", "contacts", str(outlook)).stderr.split())
    assert "'Title' beside 'Job Title' is a salutation (Mr., Dr.): not kept" in said
    google = write(tmp_path / "contacts.csv",
                   "First Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,"
                   "Phone 1 - Label,Phone 1 - Value\n"
                   "Hans,Gruber,Globex,CFO,* Work,hans@globex.example,Mobile,+49 30 1234\n")  # fmt: skip
    run("import", "contacts", str(google))
    older = write(tmp_path / "google.csv",
                  "Name,Given Name,Family Name,Organization 1 - Name,Organization 1 - Title,E-mail 1 - Value\n"
                  "Hans Gruber,Hans,Gruber,Globex,CFO,hans@globex.example\n")  # fmt: skip
    assert "1 unchanged" in run("import", "contacts", str(older)).stdout  # the same person, matched by email
    people = {c["name"]: (c["client"], c["title"], c["email"], c["phone"]) for c in run.json("contact", "list")}
    assert people == {
        "Dana Whitfield": ("Acme Manufacturing", "VP Operations", "dana@acme.example", "+1 312 555 0100"),
        "Hans Gruber": ("Globex", "CFO", "hans@globex.example", "+49 30 1234"),
    }
    # a file whose only title is Title keeps it (Salesforce's Title is the job)
    sf = write(tmp_path / "sf.csv", "Account Name,First Name,Last Name,Title\nGlobex,Ana,Lopez,Buyer\n")
    run("import", "contacts", str(sf))
    assert next(c for c in run.json("contact", "list") if c["name"] == "Ana Lopez")["title"] == "Buyer"


def test_a_twenty_workspace_companies_people_and_opportunities(run, tmp_path):
    """Twenty writes a BOM, its own uuid `Id`, a composite field's parts as "Address / City", a
    phone's calling code apart from the number, a relation as "Company Id" (the company's uuid),
    and money as "Amount / Amount" and "Amount / Currency"."""
    acme, globex = "20202020-3ec3-4fe3-8997-b76aa0bfa408", "20202020-5d81-46d6-bf83-f7fd33ea6102"
    companies = write(tmp_path / "companies.csv", (
        "\ufeffId,Name,Domain Name / Primary Link Url,Employees,Address / City,Address / Country,"
        "Account Owner Id,Creation Date,Last Update\n"
        f"{acme},Acme Steel,https://acme.example,900,Pune,India,,2025-03-01T10:00:00.000Z,2025-06-01T10:00:00.000Z\n"
        f"{globex},Globex,https://globex.example,,Warszawa,Poland,,2025-04-01T08:00:00.000Z,2025-04-01T08:00:00.000Z\n"
    ))  # fmt: skip
    run("import", "clients", str(companies))
    shown = run.json("client", "show", "Acme Steel")
    assert (shown["website"], shown["city"], shown["country"], shown["external_id"]) == (
        "https://acme.example", "Pune", "India", acme)  # fmt: skip
    assert (shown["created_at"], shown["updated_at"]) == ("2025-03-01T15:30:00+05:30", "2025-06-01T15:30:00+05:30")
    people = write(tmp_path / "people.csv", (
        "\ufeffId,Name / First Name,Name / Last Name,Emails / Primary Email,Emails / Additional Emails,Job Title,"
        "Phones / Primary Phone Number,Phones / Primary Phone Country Code,Phones / Primary Phone Calling Code,"
        "Company Id,Creation Date\n"
        f"p-1,Priya,Nair,priya@acme.example,,CFO,9820012345,IN,+91,{acme},2025-03-02T10:00:00.000Z\n"
        f"p-2,Jan,Kowalski,jan@globex.example,,Buyer,22 555 01 02,PL,48,{globex},2025-04-02T10:00:00.000Z\n"
        f"p-3,Ana,Lima,ana@globex.example,,,+351 21 000 0000,PT,+351,{globex},2025-04-03T10:00:00.000Z\n"
        f"p-4,Ola,Nowak,ola@globex.example,,,,PL,+48,{globex},2025-04-03T10:00:00.000Z\n"
    ))  # fmt: skip
    result = run("import", "contacts", str(people))
    assert "4 added" in result.stdout
    assert "ignoring unknown columns: Emails / Additional Emails, Phones / Primary Phone Country Code" in result.stderr
    found = {c["name"]: (c["client"], c["title"], c["email"], c["phone"]) for c in run.json("contact", "list")}
    assert found == {
        "Priya Nair": ("Acme Steel", "CFO", "priya@acme.example", "+91 9820012345"),
        "Jan Kowalski": ("Globex", "Buyer", "jan@globex.example", "+48 22 555 01 02"),
        "Ana Lima": ("Globex", None, "ana@globex.example", "+351 21 000 0000"),  # already international
        "Ola Nowak": ("Globex", None, "ola@globex.example", None),  # a code without a number is no phone
    }
    deals = write(tmp_path / "opportunities.csv", (
        "\ufeffId,Name,Amount / Amount,Amount / Currency,Close Date,Stage,Company Id\n"
        f"o-1,Second plant,120000,INR,2026-12-15T00:00:00.000Z,PROPOSAL,{acme}\n"
        f"o-2,Support plan,1.5,EUR,,CUSTOMER,{globex}\n"
        f"o-3,Training,,,,SCREENING,{globex}\n"
    ))  # fmt: skip
    run("import", "opportunities", str(deals))
    got = {o["title"]: (o["client"], o["value"], o["currency"], o["status"]) for o in
           run.json("opportunity", "list", "--all")}  # fmt: skip
    assert got == {
        "Second plant": ("Acme Steel", 120000, "INR", "forwarded"),
        "Support plan": ("Globex", 1.5, "EUR", "won"),
        "Training": ("Globex", None, "USD", "identified"),
    }
    # the Close Date of a deal still open is when it is expected to close: in its notes, not its closed_at
    plant = next(o for o in run.json("opportunity", "list") if o["title"] == "Second plant")
    assert (plant["closed_at"], plant["notes"]) == (None, "Expected to close 2026-12-15")
    assert "0 added, 0 updated, 3 unchanged" in run("import", "opportunities", str(deals), "--dry-run").stdout
