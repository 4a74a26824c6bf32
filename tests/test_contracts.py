"""Contracts and renewals (issue #4): terms, chains, churn, the renewals window, exact money."""

import sqlite3

import pytest


def count(book_env, table):
    return sqlite3.connect(book_env).execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def acme(run):
    run("client", "add", "Acme", "--status", "prospect")
    return run


def test_add_a_term(acme):
    term = acme.json("contract", "add", "Acme", "--value", "120,000.50", "--start", "2026-01-01", "--end",
                     "2026-12-31", "--title", "Platform", "--auto-renew")  # fmt: skip
    assert term["value"] == 120000.5 and term["currency"] == "USD" and term["notice_days"] == 60
    assert term["decision_date"] == "2026-11-01" and term["auto_renew"] is True and term["status"] == "active"
    assert acme.json("client", "show", "Acme")["status"] == "active"  # a signed prospect is a client
    line = acme("contract", "add", "Acme", "--value", "5", "--start", "2027-01-01", "--end", "2027-06-30",
                "--currency", "eur", "--notice-days", "30").stdout.strip()  # fmt: skip
    assert line == "Added contract #2 for Acme, 2027-01-01 to 2027-06-30, 5 EUR/yr (decide by 2027-05-31)"


def test_default_currency_is_a_setting(acme):
    acme("config", "set", "currency", "inr")
    assert acme.json("contract", "add", "Acme", "--value", "1", "--start", "today", "--end", "+1y")["currency"] == "INR"


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["--value", "-5"], "negative"), (["--value", "lots"], "not an amount"), (["--value", "NaN"], "not an amount"),
     (["--end", "2025-12-31"], "before --start"), (["--currency", "EURO"], "ISO 4217"),
     (["--currency", "€"], "ISO 4217"), (["--notice-days", "-1"], "negative"), (["--start", "whenever"], "--start")],
)  # fmt: skip
def test_bad_contract_input_is_exit_2_and_writes_nothing(acme, book_env, args, needle):
    base = {"--value": "100", "--start": "2026-01-01", "--end": "2026-12-31"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [part for pair in base.items() for part in pair]
    assert needle in acme.error("contract", "add", "Acme", *flat, code=2)
    assert count(book_env, "contracts") == 0


def test_renew_opens_the_next_term_as_long_and_of_the_same_value(acme):
    acme("contract", "add", "Acme", "--value", "1000", "--start", "2026-01-01", "--end", "2026-12-31")
    renewed = acme.json("contract", "renew", "1")
    assert (renewed["start"], renewed["end"], renewed["value"]) == ("2027-01-01", "2027-12-31", 1000)
    assert renewed["renewed_from"] == 1 and renewed["renewed"]["status"] == "renewed"
    third = acme.json("contract", "renew", str(renewed["id"]), "--value", "1100", "--end", "2029-12-31")
    assert (third["start"], third["end"], third["value"]) == ("2028-01-01", "2029-12-31", 1100)
    chain = acme.json("contract", "show", "1")["chain"]
    assert [(t["id"], t["status"]) for t in chain] == [(1, "renewed"), (2, "renewed"), (3, "active")]
    assert len(acme.json("contract", "list", "Acme")) == 3  # every term is kept
    assert [t["id"] for t in acme.json("contract", "list", "--status", "active")] == [3]


@pytest.mark.parametrize(
    ("start", "end", "next_start", "next_end"),
    [("2023-03-01", "2024-02-29", "2024-03-01", "2025-02-28"),  # a term ending on 29 Feb
     ("2024-03-01", "2028-02-29", "2028-03-01", "2032-02-29"),  # four years, leap to leap
     ("2026-02-01", "2026-02-28", "2026-03-01", "2026-03-31"),  # a month stays a month
     ("2026-01-15", "2026-07-14", "2026-07-15", "2027-01-14")],
)  # fmt: skip
def test_default_term_lengths_around_month_ends_and_leap_days(acme, start, end, next_start, next_end):
    acme("contract", "add", "Acme", "--value", "1", "--start", start, "--end", end)
    renewed = acme.json("contract", "renew", "1")
    assert (renewed["start"], renewed["end"]) == (next_start, next_end)


def test_renew_with_an_uplift_or_a_discount(acme, book_env):
    acme("contract", "add", "Acme", "--value", "12345", "--start", "2026-01-01", "--end", "2026-12-31")
    up = acme.json("contract", "renew", "1", "--value", "+3%")
    assert up["value"] == 12715.35  # 12345 x 1.03 = 12715.35
    down = acme.json("contract", "renew", str(up["id"]), "--value", "-2,5 %")
    assert down["value"] == 12397.47  # 12715.35 x 0.975 = 12397.466... to the cent, half up
    whole = acme.json("contract", "renew", str(down["id"]), "--value", "-100%")
    assert whole["value"] == 0
    stored = [r[0] for r in sqlite3.connect(book_env).execute("SELECT value FROM contracts ORDER BY id")]
    assert stored == ["12345", "12715.35", "12397.47", "0"]  # exact decimal text, no float noise
    assert "below zero" in acme.error("contract", "renew", str(whole["id"]), "--value", "-101%", code=2)
    assert "not an amount" in acme.error("contract", "renew", str(whole["id"]), "--value", "+3 percent", code=2)
    assert count(book_env, "contracts") == 4


def test_renewing_a_closed_term_is_refused(acme, book_env):
    acme("contract", "add", "Acme", "--value", "1", "--start", "2026-01-01", "--end", "2026-12-31")
    acme("contract", "renew", "1")
    assert acme.error("contract", "renew", "1", code=1) == "relmgr: contract #1 is already renewed; the next term is #2"
    assert "is renewed (renewed as #2); only an active term" in acme.error("contract", "churn", "1", code=1)
    acme("contract", "churn", "2")
    assert "is churned; only an active term can be renewed" in acme.error("contract", "renew", "2", code=1)
    assert acme.error("contract", "churn", "2", code=1) == "relmgr: contract #2 is already churned"
    assert "no contract #9" in acme.error("contract", "churn", "9", code=1)
    assert count(book_env, "contracts") == 2


def test_renew_end_before_start_is_bad_input(acme):
    acme("contract", "add", "Acme", "--value", "1", "--start", "2026-01-01", "--end", "2026-12-31")
    assert "before the new term starts" in acme.error("contract", "renew", "1", "--end", "2026-06-01", code=2)
    assert "negative" in acme.error("contract", "renew", "1", "--value", "-1", code=2)


def test_churn_makes_a_client_without_active_terms_churned(acme):
    acme("contract", "add", "Acme", "--value", "1", "--start", "2026-01-01", "--end", "2026-12-31")
    acme("contract", "add", "Acme", "--value", "2", "--start", "2026-01-01", "--end", "2027-12-31")
    first = acme.json("contract", "churn", "1", "--reason", "Price", "--lost-to", "Globex")
    assert first["client_churned"] is False and first["lost_to"] == "Globex" and first["reason"] == "Price"
    assert "  outcome     2026-11-22 10:00\n" in acme("contract", "show", "1").stdout  # local, to the minute
    assert acme.json("client", "show", "Acme")["status"] == "active"
    line = acme("contract", "churn", "2", "--lost-to", "Initech").stdout.strip()
    assert line == "Churned contract #2 for Acme (lost to Initech); Acme has no active term left and is now churned"
    shown = acme.json("client", "show", "Acme")
    assert shown["status"] == "churned"
    assert shown["competitors"][0]["competitor"] == "Globex" and "#1" in shown["competitors"][0]["note"]
    assert [k["competitor"] for k in shown["competitors"]] == ["Globex", "Initech"]


def test_sweep_renews_auto_renewing_terms_past_their_end_as_often_as_they_renewed(acme, book_env):
    """Today is 2026-11-22. A yearly auto-renewing term that ended 2025-02-28 with no notice given
    renewed on 1 Mar 2025 and again on 1 Mar 2026; a term without auto-renew, or one still
    running, is left alone."""
    acme("contract", "add", "Acme", "--value", "1200", "--start", "2024-03-01", "--end", "2025-02-28", "--auto-renew",
         "--title", "SaaS")  # fmt: skip
    acme("contract", "add", "Acme", "--value", "500", "--start", "2025-11-01", "--end", "2026-10-31")  # no auto-renew
    acme("contract", "add", "Acme", "--value", "90", "--start", "2026-01-01", "--end", "2026-12-31", "--auto-renew")
    preview = acme("contract", "sweep", "--dry-run").stdout
    assert preview == (
        "Would renew contract #1 for Acme: no notice was given by its end (2025-02-28); the next term would run "
        "2025-03-01 to 2026-02-28\n  and again: the term after would run 2026-03-01 to 2027-02-28\n"
    )
    assert acme("contract", "sweep", "--dry-run", "-q").stdout == "1\n"
    assert count(book_env, "contracts") == 3
    assert "yes: ended, `contract sweep` renews it" in acme("renewals").stdout
    swept = acme("contract", "sweep").stdout.splitlines()
    assert acme.json("contract", "show", "5")["renewed_from"] == 4
    assert swept == [
        "Renewed contract #1 for Acme: no notice was given by its end (2025-02-28); term #4 runs 2025-03-01 to "
        "2026-02-28",
        "Renewed contract #4 for Acme: no notice was given by its end (2026-02-28); term #5 runs 2026-03-01 to "
        "2027-02-28",
    ]
    terms = {t["id"]: t for t in acme.json("contract", "list")}
    assert [terms[n]["status"] for n in (1, 2, 3, 4, 5)] == ["renewed", "active", "active", "renewed", "active"]
    assert (terms[5]["value"], terms[5]["auto_renew"], terms[5]["renewed_from"]) == (1200, True, 4)
    assert terms[1]["reason"] == "automatic: no notice given"
    assert terms[1]["outcome_at"] == "2025-03-01T00:00:00+05:30"  # renewed when the next term began
    renewals = acme.json("kpi", "--period", "2025")["renewals"]
    assert (renewals["decided"], renewals["renewed"], renewals["nrr"]) == (1, 1, 1.0)
    assert "SaaS renewed (automatic: no notice given)" in acme("timeline", "Acme").stdout
    assert acme("contract", "sweep").stdout == "No auto-renewing term has passed its end.\n"  # once only
    assert acme.json("contract", "sweep") == []


def test_renewals_window_edges(run):
    # today is 2026-11-22; decision date = end - notice days
    run("client", "add", "Acme")
    run("client", "add", "Globex", "--owner", "bob")
    for end, client in [("2027-04-21", "Acme"), ("2027-04-22", "Acme"), ("2026-12-01", "Globex"),
                        ("2026-11-01", "Acme"), ("2027-01-21", "Acme")]:  # fmt: skip
        run("contract", "add", client, "--value", "10", "--start", "2026-01-01", "--end", end)
    listed = run.json("renewals")  # within 90 days: decisions up to 2027-02-20
    assert [(t["id"], t["days_left"]) for t in listed] == [(4, -81), (3, -51), (5, 0), (1, 90)]
    assert [t["id"] for t in run.json("renewals", "--within", "91d")] == [4, 3, 5, 1, 2]
    assert [t["id"] for t in run.json("renewals", "--within", "3m")] == [4, 3, 5, 1, 2]  # to 2027-02-22
    assert [t["id"] for t in run.json("renewals", "--within", "2m")] == [4, 3, 5]  # to 2027-01-22
    assert [t["id"] for t in run.json("renewals", "--owner", "bob")] == [3]
    assert "--within" in run.error("renewals", "--within", "soon", code=2)
    text = run("renewals").stdout
    assert "81 past" in text and "40 USD" in text
    # in a spreadsheet, days left is a number to sort by: -81 is not a formula to neutralise
    rows = run("renewals", "--csv").stdout.splitlines()
    days = rows[0].split(",").index("days_left")
    assert [row.split(",")[days] for row in rows[1:]] == ["-81", "-51", "0", "90"]


def test_agenda_renewals_are_the_next_30_days_or_past(run):
    run("client", "add", "Acme")
    run("contract", "add", "Acme", "--value", "10", "--start", "2026-01-01", "--end", "2027-01-21")  # decide in 0d
    run("contract", "add", "Acme", "--value", "10", "--start", "2026-01-01", "--end", "2027-02-20")  # 30d
    run("contract", "add", "Acme", "--value", "10", "--start", "2026-01-01", "--end", "2027-02-21")  # 31d
    assert [t["id"] for t in run.json("agenda")["renewals"]] == [1, 2]


def test_money_is_exact_and_totals_never_mix_currencies(run, book_env):
    run("client", "add", "Acme")
    run(
        "contract", "add", "Acme", "--value", "0.1", "--start", "2026-01-01", "--end", "2026-12-31", "--currency", "EUR"
    )
    run(
        "contract", "add", "Acme", "--value", "0.2", "--start", "2026-01-01", "--end", "2026-12-31", "--currency", "EUR"
    )
    run("contract", "add", "Acme", "--value", "1000000000000.01", "--start", "2026-01-01", "--end", "2026-12-31",
        "--currency", "IDR")  # fmt: skip
    note = run("contract", "list").stdout.splitlines()[-1]
    assert note == "Active value per year: 0.30 EUR; 1,000,000,000,000.01 IDR"  # cents as written
    values = [r[0] for r in sqlite3.connect(book_env).execute("SELECT value FROM contracts ORDER BY id")]
    assert values == ["0.1", "0.2", "1000000000000.01"]
    assert [t["value"] for t in run.json("contract", "list")] == [0.1, 0.2, 1000000000000.01]


def test_rupee_amounts_are_shown_in_lakhs_and_crores(run):
    """45,00,000 INR, as Indian account managers write it; other currencies in thousands."""
    run("client", "add", "Tata")
    run("contract", "add", "Tata", "--value", "₹45,00,000", "--start", "2026-01-01", "--end", "2026-12-31")
    run("contract", "add", "Tata", "--value", "1,23,45,678.5", "--currency", "INR", "--start", "2026-01-01",
        "--end", "2026-12-31")  # fmt: skip
    run("contract", "add", "Tata", "--value", "4500000", "--currency", "USD", "--start", "2026-01-01",
        "--end", "2026-12-31")  # fmt: skip
    listed = run("contract", "list").stdout
    assert "45,00,000 INR" in listed and "1,23,45,678.50 INR" in listed and "4,500,000 USD" in listed
    assert listed.splitlines()[-1] == "Active value per year: 1,68,45,678.50 INR; 4,500,000 USD"
    due = run("renewals", "--within", "400d").stdout  # only what the list shows is summed, and said so
    assert due.splitlines()[-1] == "Up for decision, per year: 1,68,45,678.50 INR; 4,500,000 USD"
    assert run("renewals", "--within", "400d", "--owner", "nobody").stdout.startswith("No renewal decisions")
    assert [t["value"] for t in run.json("contract", "list")] == [4500000, 12345678.5, 4500000]


def test_a_made_up_currency_is_refused(acme, book_env):
    assert "ISO 4217" in acme.error("contract", "add", "Acme", "--value", "1", "--start", "2026-01-01",
                                    "--end", "2026-12-31", "--currency", "EUO", code=2)  # fmt: skip
    assert "ISO 4217" in acme.error("config", "set", "currency", "ABC", code=2)
    assert count(book_env, "contracts") == 0


@pytest.mark.parametrize(
    ("written", "stored", "code"),
    [("1200", "1200", "USD"), ("1,200.50", "1200.50", "USD"), ("1.200,50", "1200.50", "USD"),
     ("1 234,56", "1234.56", "USD"), ("1'234.50", "1234.50", "USD"), ("12,5", "12.5", "USD"),
     ("1,250,000", "1250000", "USD"), ("Rp 1.250.000.000", "1250000000", "IDR"), ("€48.000,50", "48000.50", "EUR"),
     ("0.1", "0.1", "USD"), ("USD 99.99", "99.99", "USD"), ("1,25,000", "125000", "USD"),
     ("Rs. 12,50,000", "1250000", "INR"), ("₹1,00,00,000.50", "10000000.50", "INR"), ("12,50", "12.50", "USD"),
     ("350 000,50 zł", "350000.50", "PLN"), ("1200 pln", "1200", "PLN"), ("£80,000", "80000", "GBP"),
     ("$1,200", "1200", "USD"),
     # one group of three after a lone separator is thousands: money has no third decimal...
     ("€12.000", "12000", "EUR"), ("12.000 zł", "12000", "PLN"), ("Rp 750.000", "750000", "IDR"),
     ("1.250", "1250", "USD"), ("0.125", "0.125", "USD"), ("0,125", "0.125", "USD"), ("1234.567", "1234.567", "USD"),
     # ...but in the currencies counted in thousandths
     ("1.250 KWD", "1.250", "KWD"), ("OMR 12.500", "12.500", "OMR")],
)  # fmt: skip
def test_amounts_as_people_in_different_countries_write_them(acme, book_env, written, stored, code):
    """The amount, and the currency when it is written with one: a euro amount is not filed in dollars."""
    acme("contract", "add", "Acme", "--value", written, "--start", "2026-01-01", "--end", "2026-12-31")
    assert sqlite3.connect(book_env).execute("SELECT value, currency FROM contracts").fetchone() == (stored, code)


def test_a_value_written_in_one_currency_is_not_filed_in_another(acme, book_env, tmp_path):
    acme("config", "set", "currency", "SGD")
    # "$" is the book's own dollar
    assert acme.json("opportunity", "add", "Acme", "Analytics", "--kind", "upsell", "--value", "$5,000")[
        "currency"
    ] == ("SGD")
    error = acme.error("contract", "add", "Acme", "--value", "€500", "--currency", "GBP", "--start", "2026-01-01",
                       "--end", "2026-12-31", code=2)  # fmt: skip
    assert error == "relmgr: --value '€500' is in EUR but --currency says GBP (give one currency)"
    acme("contract", "add", "Acme", "--value", "€500", "--currency", "eur", "--start", "2026-01-01", "--end",
         "2026-12-31")  # fmt: skip
    error = acme.error("contract", "renew", "1", "--value", "£600", code=2)
    assert error == ("relmgr: --value '£600' is in GBP, but contract #1 is in EUR "
                     "(amounts of one record are in one currency)")  # fmt: skip
    assert "is in USD, but opportunity #1 is in SGD" in acme.error("opportunity", "won", "1", "--value", "USD 5200",
                                                                   code=2)  # fmt: skip
    assert count(book_env, "contracts") == 1

    sheet = tmp_path / "terms.csv"
    sheet.write_text('client,value,currency,start,end\nAcme,"€1.234,50",,2026-01-01,2026-12-31\n'
                     "Acme,\"₹12,50,000\",INR,2026-01-01,2026-12-31\nAcme,1200 PLN,,2026-01-01,2026-12-31\n"
                     "Acme,1500,,2026-01-01,2026-12-31\nAcme,EUR 9,USD,2026-01-01,2026-12-31\n",
                     encoding="utf-8")  # fmt: skip
    result = acme("import", "contracts", str(sheet), code=1)
    assert "line 6: value: is written in EUR but the currency is USD" in result.stderr
    acme("import", "contracts", str(sheet), "--skip-invalid")
    terms = [(t["value"], t["currency"]) for t in acme.json("contract", "list")][1:]
    assert terms == [(1234.5, "EUR"), (1250000, "INR"), (1200, "PLN"), (1500, "SGD")]
    assert "1,234.50 EUR" in acme("contract", "list").stdout  # cents as people write them


def test_imported_amounts_with_a_decimal_comma(run, tmp_path):
    run("client", "add", "Łódź Textiles")
    sheet = tmp_path / "umowy.csv"
    sheet.write_text("client;value;currency;start;end\nŁódź Textiles;\"350 000,50\";PLN;2026-01-01;2026-12-31\n",
                     encoding="utf-8")  # fmt: skip
    run("import", "contracts", str(sheet))
    assert run.json("contract", "list")[0]["value"] == 350000.5


def test_edit_mends_a_term_entered_wrong_and_the_decision_date_follows(acme, book_env):
    acme("contract", "add", "Acme", "--value", "12000", "--start", "2026-01-01", "--end", "2026-12-31")
    line = acme("contract", "edit", "1", "--end", "2027-03-31", "--notice-days", "90").stdout.strip()
    assert line == "Updated contract #1 for Acme: end, notice (decide by 2026-12-31)"
    term = acme.json("contract", "edit", "1", "--value", "€12.500", "--no-auto-renew", "--title", "Platform")
    assert (term["value"], term["currency"], term["title"], term["auto_renew"]) == (12500, "EUR", "Platform", False)
    assert acme.json("contract", "edit", "1", "--currency", "gbp")["value"] == 12500  # a wrong currency alone
    assert acme.json("contract", "edit", "1", "--auto-renew")["auto_renew"] is True
    unchanged = acme("contract", "edit", "1", "--end", "2027-03-31").stdout.strip()
    assert unchanged == "Nothing to change in contract #1 for Acme"
    # the renewals window reads the new decision date (today is 2026-11-22: 39 days ahead)
    assert [t["id"] for t in acme.json("renewals", "--within", "30d")] == []
    assert [t["id"] for t in acme.json("renewals", "--within", "45d")] == [1]
    stored = sqlite3.connect(book_env).execute('SELECT "end", decision_date, currency FROM contracts').fetchone()
    assert stored == ("2027-03-31", "2026-12-31", "GBP")


@pytest.mark.parametrize(
    ("args", "needle", "code"),
    [([], "nothing to change", 2), (["--end", "2025-06-30"], "end (2025-06-30) before it starts", 2),
     (["--value", "lots"], "not an amount", 2), (["--notice-days", "-3"], "negative", 2),
     (["--value", "€5", "--currency", "USD"], "is in EUR but --currency says USD", 2),
     (["--reason", "price"], "active: a reason is kept for a term that ended", 1),
     (["--lost-to", "Contoso"], "only a churned term was lost to someone", 1)],
)  # fmt: skip
def test_bad_edits_are_refused_and_change_nothing(acme, book_env, args, needle, code):
    acme("contract", "add", "Acme", "--value", "100", "--start", "2026-01-01", "--end", "2026-12-31")
    before = sqlite3.connect(book_env).execute("SELECT * FROM contracts").fetchall()
    assert needle in acme.error("contract", "edit", "1", *args, code=code)
    assert sqlite3.connect(book_env).execute("SELECT * FROM contracts").fetchall() == before
    assert "no contract #9" in acme.error("contract", "edit", "9", "--value", "5", code=1)


def test_a_renewal_chain_stays_unbroken_by_edits(acme):
    acme("contract", "add", "Acme", "--value", "100", "--start", "2026-01-01", "--end", "2026-12-31")
    acme("contract", "renew", "1")
    assert "renewed as #2, which starts the day after it ends" in acme.error(
        "contract", "edit", "1", "--end", "2026-11-30", code=1)  # fmt: skip
    assert "renewed #1 and starts the day after it ended" in acme.error(
        "contract", "edit", "2", "--start", "2027-02-01", code=1)  # fmt: skip
    assert acme.json("contract", "edit", "1", "--value", "90")["value"] == 90  # history may be mended
    assert acme.json("contract", "edit", "2", "--end", "2028-06-30")["decision_date"] == "2028-05-01"


def test_churned_terms_keep_a_mendable_reason_and_competitor_and_a_wrong_churn_is_taken_back(acme):
    acme("contract", "add", "Acme", "--value", "100", "--start", "2026-01-01", "--end", "2026-12-31")
    acme("contract", "churn", "1", "--lost-to", "Contso")
    assert acme.json("client", "show", "Acme")["status"] == "churned"
    line = acme("contract", "edit", "1", "--lost-to", "Contoso", "--reason", "price").stdout.strip()
    assert line == "Updated contract #1 for Acme: reason, lost to"
    assert [c["competitor"] for c in acme.json("competitors")] == ["Contoso"]
    line = acme("contract", "reopen", "1").stdout.strip()
    assert line.endswith("; Acme is active again")
    term = acme.json("contract", "show", "1")
    assert (term["status"], term["lost_to"], term["reason"], term["outcome_at"]) == ("active", None, None, None)
    assert acme.json("client", "show", "Acme")["status"] == "active"
    assert "already active" in acme.error("contract", "reopen", "1", code=1)
    acme("contract", "renew", "1")
    assert "`relmgr contract remove 2`" in acme.error("contract", "reopen", "1", code=1)


def test_remove_takes_a_term_from_the_end_of_its_chain_and_undoes_a_wrong_renewal(acme, book_env):
    acme("contract", "add", "Acme", "--value", "100", "--start", "2026-01-01", "--end", "2026-12-31")
    acme("contract", "renew", "1", "--value", "+10%")
    assert "remove #2 first" in acme.error("contract", "remove", "1", code=1)
    removed = acme.json("contract", "remove", "2")
    assert (removed["id"], removed["value"], removed["reopened"]) == (2, 110, 1)
    term = acme.json("contract", "show", "1")
    assert (term["status"], term["outcome_at"], [t["id"] for t in term["chain"]]) == ("active", None, [1])
    again = acme.json("contract", "renew", "1")  # renewable again
    line = acme("contract", "remove", str(again["id"])).stdout.strip()
    assert line.startswith(f"Removed contract #{again['id']} for Acme, 2027-01-01 to 2027-12-31") and line.endswith(
        "#1 is active again")  # fmt: skip
    last = acme("contract", "remove", "1").stdout.strip()
    assert last == "Removed contract #1 for Acme, 2026-01-01 to 2026-12-31, 100 USD/yr"
    assert count(book_env, "contracts") == 0
    assert "no contract #1" in acme.error("contract", "remove", "1", code=1)
