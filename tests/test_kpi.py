"""KPIs (SPEC §9) on a small book whose figures are worked out by hand in the comments.

The clock is 2026-11-22 10:00 in Asia/Kolkata (+05:30); the period is 2026-Q3 (1 July to
30 September, local days), so the "now" figures are taken at its end, 2026-10-01 00:00.
"""

import json
import subprocess
import sys
import time

import pytest


@pytest.fixture
def book(run):
    add = run
    add("client", "add", "Acme", "--tier", "A")
    add("client", "add", "Globex", "--tier", "B")
    add("client", "add", "Initech", "--tier", "C", "--status", "prospect")
    add("client", "add", "Hooli", "--tier", "B", "--status", "at-risk")
    add("client", "add", "Umbrella", "--tier", "A", "--owner", "bob")
    # Terms ending in Q3: #1 Acme 100 -> renewed at 120 (#2); #3 Globex 200 -> renewed at 150 (#4);
    # #5 Hooli 100 -> churned (Hooli has no active term left: churned); #6 Acme 50 still active (pending);
    # #7 Umbrella (bob) 999 -> churned.
    add("contract", "add", "Acme", "--value", "100", "--start", "2025-10-01", "--end", "2026-09-30")
    add("contract", "renew", "1", "--value", "120")
    add("contract", "add", "Globex", "--value", "200", "--start", "2025-08-01", "--end", "2026-07-31")
    add("contract", "renew", "3", "--value", "150")
    add("contract", "add", "Hooli", "--value", "100", "--start", "2025-09-01", "--end", "2026-08-31")
    add("contract", "churn", "5", "--lost-to", "Rival")
    add("contract", "add", "Acme", "--value", "50", "--start", "2026-01-01", "--end", "2026-09-15")
    add("contract", "add", "Umbrella", "--value", "999", "--start", "2025-08-02", "--end", "2026-08-01")
    add("contract", "churn", "7")
    # Complaints at Acme:
    # #1 high, opened 1 Jul 09:00, answered after 3 h (due 8 h: met), resolved after 24 h (due 3 d: met)
    add("complaint", "add", "Acme", "Late", "--severity", "high", "--at", "2026-07-01 09:00")
    add("complaint", "respond", "1", "On it", "--at", "2026-07-01 12:00")
    add("complaint", "resolve", "1", "--resolution", "Shipped", "--at", "2026-07-02 09:00")
    # #2 critical, opened 10 Aug 10:00, answered after 3 h (due 2 h: missed), escalated,
    #    resolved after 48 h (due 1 d: missed)
    add("complaint", "add", "Acme", "Outage", "--severity", "critical", "--at", "2026-08-10 10:00")
    add("complaint", "respond", "2", "Looking", "--at", "2026-08-10 13:00")
    add("complaint", "escalate", "2", "--reason", "CEO call", "--at", "2026-08-10 14:00")
    add("complaint", "resolve", "2", "--resolution", "Fixed", "--at", "2026-08-12 10:00")
    # #3 low, opened 20 Sep 10:00, never answered: open and breached (respond by 23 Sep) at the end of Q3
    add("complaint", "add", "Acme", "Typo", "--severity", "low", "--at", "2026-09-20 10:00")
    # Feedback in Q3: CSAT 5, 4, 2 -> 2 of 3 satisfied, average 3.67; NPS 10, 9, 7, 3 -> (2 - 1) / 4 = 25
    for score in ("5", "4", "2"):
        add("feedback", "add", "Acme", "--csat", score, "--at", "2026-08-01")
    for score in ("10", "9", "7", "3"):
        add("feedback", "add", "Globex", "--nps", score, "--at", "2026-09-01")
    add("feedback", "add", "Acme", "--csat", "1", "--at", "2026-10-02")  # Q4: not counted
    # Interactions: Acme 5 Jul; Globex 30 Sep 23:30 (still Q3 locally, 18:00 UTC);
    # Acme 1 Oct 00:30 local (30 Sep 19:00 UTC, but Q4 here: not counted)
    add("log", "Acme", "QBR", "--at", "2026-07-05 10:00")
    add("log", "Globex", "Late call", "--at", "2026-09-30 23:30")
    add("log", "Acme", "Midnight mail", "--at", "2026-10-01 00:30", "--kind", "email")
    # Opportunities: #1 Acme upsell 1000, forwarded 2 Jul, won 1 Aug at 1200; #2 Globex cross-sell lost 1 Sep;
    # #3 Acme upsell identified in June, forwarded 5 Jul, still open
    add("opportunity", "add", "Acme", "Add-on", "--kind", "upsell", "--value", "1000", "--at", "2026-07-01")
    add("opportunity", "forward", "1", "--to", "marco", "--at", "2026-07-02")
    add("opportunity", "won", "1", "--value", "1200", "--at", "2026-08-01")
    add("opportunity", "add", "Globex", "Training", "--kind", "cross-sell", "--at", "2026-07-10")
    add("opportunity", "lost", "2", "--at", "2026-09-01")
    add("opportunity", "add", "Acme", "Support plan", "--kind", "upsell", "--at", "2026-06-15")
    add("opportunity", "forward", "3", "--to", "marco", "--at", "2026-07-05")
    add("target", "set", "nrr", "0.9", "--period", "2026-q3")
    add("target", "set", "csat", "80%", "--period", "2026-Q3")
    return run


def test_alices_quarter(book):
    k = book.json("kpi", "--period", "2026-Q3", "--owner", "alice")
    assert k["period"] == {"label": "2026-Q3", "from": "2026-07-01", "to": "2026-09-30"}
    assert k["as_of"] == "2026-10-01T00:00:00+05:30"
    assert k["clients"] == {"active": 2, "prospects": 1, "at_risk": 0, "churned_in_period": 1}
    r = k["renewals"]
    assert (r["decided"], r["renewed"], r["pending"]) == (3, 2, 1)
    assert r["renewal_rate"] == pytest.approx(2 / 3)
    assert r["grr"] == pytest.approx(250 / 400)  # min(120,100) + min(150,200) over 100 + 200 + 100
    assert r["nrr"] == pytest.approx(270 / 400)  # 120 + 150 over 400
    c = k["complaints"]
    assert (c["opened"], c["resolved"], c["open_now"], c["breached_now"]) == (3, 2, 1, 1)
    assert (c["median_first_response_h"], c["median_resolution_h"]) == (3, 36)
    assert (c["response_sla_met"], c["resolution_sla_met"]) == (0.5, 0.5)
    assert c["escalation_rate"] == pytest.approx(1 / 3) and c["reopen_rate"] == 0
    s = k["satisfaction"]
    assert s["csat"] == pytest.approx(2 / 3) and s["csat_avg"] == pytest.approx(3.67)
    assert (s["nps"], s["csat_responses"], s["nps_responses"]) == (25, 3, 4)
    e = k["engagement"]
    assert (e["interactions"], e["coverage"], e["stale"]) == (2, 1.0, 1)
    assert e["median_days_since_contact"] == 44.5  # Acme 88 days (5 Jul), Globex 1 day (30 Sep)
    g = k["growth"]
    assert (g["identified"], g["forwarded"], g["won"], g["lost"]) == (2, 2, 1, 1)
    assert g["win_rate"] == 0.5 and g["won_value"] == {"USD": 1200} and g["upsell_won_value"] == 1200
    explained = book.json("kpi", "--period", "2026-Q3", "--owner", "alice", "--explain")["explain"]
    assert explained["growth"]["upsell_won_value"]["note"] == "in USD"  # the table says which money
    targets = {t["metric"]: t for t in k["targets"]}
    assert targets["nrr"]["attainment"] == pytest.approx(0.675 / 0.9)
    assert targets["csat"]["target"] == 0.8 and targets["csat"]["attainment"] == pytest.approx((2 / 3) / 0.8)


def test_the_whole_book_counts_every_owner(book):
    k = book.json("kpi", "--period", "2026-Q3")
    assert k["renewals"]["decided"] == 4 and k["renewals"]["renewal_rate"] == 0.5
    assert k["renewals"]["grr"] == pytest.approx(250 / 1399)
    assert k["clients"]["active"] == 2 and k["clients"]["churned_in_period"] == 2  # Umbrella churned too
    assert k["targets"] == []


def test_owner_all_is_the_whole_book_as_for_targets_and_a_stranger_is_noted(book):
    assert book.json("kpi", "--period", "2026-Q3", "--owner", "all") == book.json("kpi", "--period", "2026-Q3")
    typo = book("kpi", "--period", "2026-Q3", "--owner", "alcie", "--json")
    assert typo.stderr == ("relmgr: note: 'alcie' owns nothing in this book (no clients, follow-ups, complaints, "
                           "deals or handovers); check the spelling\n")  # fmt: skip
    assert book("kpi", "--period", "2026-Q3", "--owner", "bob").stderr == ""


def test_explain_names_the_records(book):
    k = book.json("kpi", "--period", "2026-Q3", "--owner", "alice", "--explain")
    assert k["explain"]["renewals"]["renewal_rate"] == {"numerator": 2, "denominator": 3}
    assert sorted(k["explain"]["renewals"]["decided"]["ids"]) == [1, 3, 5]
    assert k["explain"]["complaints"]["breached_now"]["ids"] == [3]
    assert "explain" not in book.json("kpi", "--period", "2026-Q3")
    text = book("kpi", "--period", "2026-Q3", "--owner", "alice", "--explain").stdout
    assert "66.7%" in text and "2 of 3" in text and "ids #1, #3, #5" in text
    assert "250 USD of 400 USD" in text and "270 USD of 400 USD" in text  # GRR's and NRR's sums are money
    growth = {line.split()[0] + " " + line.split()[1]: line for line in text.splitlines() if "won value" in line}
    assert "1,200 USD" in growth["won value"] and "ids #" in growth["won value"]
    assert "1,200 USD" in growth["upsell won"] and "in USD" in growth["upsell won"]


def _without_ids(explained: dict) -> dict:
    return {section: {name: {k: v for k, v in basis.items() if k != "ids"} for name, basis in figures.items()}
            for section, figures in explained.items()}  # fmt: skip


# figures that are a number of the records `--explain` lists for them
COUNTED = {
    "clients": ("active", "prospects", "at_risk", "churned_in_period"),
    "renewals": ("decided", "renewed", "pending"),
    "complaints": ("opened", "resolved", "open_now", "breached_now"),
    "engagement": ("stale",),
    "growth": ("identified", "forwarded", "won", "lost"),
}


@pytest.mark.parametrize("period", ["2026-Q3", "2026", "2026-08", "2025"])
@pytest.mark.parametrize("owner", [[], ["--owner", "alice"], ["--owner", "bob"]])
@pytest.mark.parametrize("as_of", [[], ["--as-of", "2026-08-20"]])
def test_figures_counted_without_explain_are_the_records_explain_lists(book, book_env, period, owner, as_of):
    """Without --explain the figures are counted in SQL and no ids are read: the same figures."""
    args = ("kpi", "--period", period, *owner, *as_of)
    counted, explained = book.json(*args), book.json(*args, "--explain")
    assert counted == {k: v for k, v in explained.items() if k != "explain"}
    for section, names in COUNTED.items():
        for name in names:
            assert counted[section][name] == len(explained["explain"][section][name]["ids"]), (section, name)
    from relmgr import db, kpi, periods

    plain = kpi.compute(db.open_book(book_env), periods.parse(period), owner=owner[1] if owner else None, ids=False)
    assert _without_ids(plain["explain"]) == _without_ids(book.json("kpi", "--period", period, *owner, "--explain")[
        "explain"])  # fmt: skip


@pytest.mark.parametrize("period", ["2026", "2026-Q4", "2026-11", "2025"])
def test_the_demo_book_counts_what_explain_lists(run, book_env, period):
    run("--db", str(book_env), "demo")
    counted, explained = run.json("kpi", "--period", period), run.json("kpi", "--period", period, "--explain")
    assert counted == {k: v for k, v in explained.items() if k != "explain"}
    for section, names in COUNTED.items():
        for name in names:
            assert counted[section][name] == len(explained["explain"][section][name]["ids"]), (section, name)
    assert explained["explain"]["clients"]["active"]["ids"] == sorted(explained["explain"]["clients"]["active"]["ids"])


def test_whole_book_figures_come_from_indexes(book, book_env, monkeypatch):
    """A whole-book report reads no client or interaction table from end to end, and asks the
    complaint history and the last contacts through covering indexes (docs/benchmarks.md)."""
    from relmgr import db, kpi, periods

    opened = db.open_book(book_env)
    opened.execute("ANALYZE")
    statements = []
    opened.conn.set_trace_callback(statements.append)
    twin = db.Book._twin  # the parts read in another thread, on a connection of their own

    def traced(self):
        book = twin(self)
        book.conn.set_trace_callback(statements.append)
        return book

    monkeypatch.setattr(db.Book, "_twin", traced)
    kpi.compute(opened, periods.parse("2026"), ids=False)  # runs to now: last contacts as they stand
    opened.conn.set_trace_callback(None)
    plans = {
        statement: [row[3] for row in opened.execute("EXPLAIN QUERY PLAN " + statement)]
        for statement in statements
        if statement.lstrip().upper().startswith(("SELECT", "WITH"))
    }
    steps = [step for plan in plans.values() for step in plan]
    assert not [step for step in steps if step.startswith(("SCAN c", "SCAN clients", "SCAN i", "SCAN interactions"))]
    assert any("COVERING INDEX complaint_events_action_of" in step for step in steps)
    assert any("COVERING INDEX clients_touch" in step for step in steps)  # the median days since contact
    assert any("COVERING INDEX clients_interaction" in step for step in steps)  # coverage
    assert any("COVERING INDEX contracts_end" in step for step in steps)  # terms ending in the period
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in steps)


def test_from_to_equals_the_quarter(book):
    quarter = book.json("kpi", "--period", "2026-Q3", "--owner", "alice")
    custom = book.json("kpi", "--from", "2026-07-01", "--to", "2026-09-30", "--owner", "alice")
    for section in ("clients", "renewals", "complaints", "satisfaction", "engagement", "growth"):
        assert custom[section] == quarter[section]


def test_an_empty_period_has_no_rates_and_no_crash(book):
    k = book.json("kpi", "--period", "2025")
    assert k["renewals"]["renewal_rate"] is None and k["renewals"]["grr"] is None
    assert k["complaints"]["median_first_response_h"] is None and k["complaints"]["escalation_rate"] is None
    assert k["satisfaction"]["csat"] is None and k["satisfaction"]["nps"] is None
    assert k["growth"]["win_rate"] is None
    assert k["growth"]["won_value"] == {} and k["growth"]["upsell_won_value"] == 0
    table = book("kpi", "--period", "2025").stdout
    assert "—" in table
    # nothing won is worth 0, as the upsell line says; "—" is kept for figures without a basis
    assert [line.split()[-1] for line in table.splitlines() if "won value" in line] == ["0", "0"]


def test_a_future_period_and_a_year_crossing_range(book):
    future = book.json("kpi", "--period", "2027-Q1")
    assert future["as_of"] == "2026-11-22T10:00:00+05:30"  # a period that has not ended is seen as of now
    assert future["renewals"]["decided"] == 0
    crossing = book.json("kpi", "--from", "2026-09-30", "--to", "2026-10-02", "--owner", "alice")
    assert crossing["engagement"]["interactions"] == 2  # 30 Sep 23:30 and 1 Oct 00:30
    assert crossing["satisfaction"]["csat_responses"] == 1


def test_trend_shows_periods_side_by_side(book):
    k = book.json("kpi", "--period", "2026-Q3", "--owner", "alice", "--trend", "3")
    assert [t["period"] for t in k["trend"]] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert k["trend"][-1]["renewals.renewal_rate"] == pytest.approx(2 / 3)
    for args in (("--owner", "alice"), ()):  # each period as reported alone, for one owner and the whole book
        trend = book.json("kpi", "--period", "2026-Q4", *args, "--trend", "4")["trend"]
        for label, row in zip(("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"), trend, strict=True):
            alone = book.json("kpi", "--period", label, *args)
            assert row == {"period": label, **{key: alone[key.split(".")[0]][key.split(".")[1]]
                                               for key in row if key != "period"}}  # fmt: skip
    assert "Trend" in book("kpi", "--period", "2026-Q3", "--trend", "2").stdout


def test_csv_is_one_figure_a_row_for_a_spreadsheet(book):
    import csv
    import io

    text = book("kpi", "--period", "2026-Q3", "--owner", "alice", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["period", "from", "to", "owner", "section", "figure", "currency", "value"]
    got = {(r["section"], r["figure"], r["currency"]): r["value"] for r in rows}
    assert {r["period"] for r in rows} == {"2026-Q3"} and {r["owner"] for r in rows} == {"alice"}
    # the figures of test_alices_quarter, as --json writes them
    assert got["clients", "active", ""] == "2" and got["renewals", "nrr", ""] == "0.675"
    assert got["renewals", "by_currency.nrr", "USD"] == "0.675"
    assert got["renewals", "by_currency.decided_value", "USD"] == "400.0"
    assert got["growth", "won_value", "USD"] == "1200.0" and got["growth", "upsell_won_value", "USD"] == "1200.0"
    assert got["complaints", "median_resolution_h", ""] == "36.0" and got["satisfaction", "nps", ""] == "25"
    assert got["targets", "nrr.target", ""] == "0.9" and float(got["targets", "nrr.attainment", ""]) == pytest.approx(
        0.75)  # fmt: skip
    assert len(rows) == len(got)  # no figure twice
    # an empty quarter: no basis is an empty cell, nothing won is 0, and no renewal figures per currency
    empty = {(r["figure"], r["currency"]): r["value"] for r in csv.DictReader(io.StringIO(
        book("kpi", "--period", "2031-Q1", "--csv").stdout))}  # fmt: skip
    assert empty["renewal_rate", ""] == "" and empty["won_value", ""] == "0"
    assert not any(figure.startswith("by_currency") for figure, _ in empty)
    trend = list(csv.DictReader(io.StringIO(book("kpi", "--period", "2026-Q3", "--trend", "3", "--csv").stdout)))
    assert [r["period"] for r in trend if r["figure"] == "renewal_rate"] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert [r["period"] for r in trend if r["figure"] == "stale"] == ["2026-Q1", "2026-Q2", "2026-Q3"]  # every figure
    assert "--json --explain" in book.error("kpi", "--csv", "--explain", code=2)


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["--period", "Q5"], "cannot read period"), (["--period", "2026-13"], "cannot read period"),
     (["--period", "ma"], "cannot read period"), (["--period", "13/2026"], "cannot read period"),
     (["--from", "2026-07-01"], "go together"), (["--from", "2026-09-01", "--to", "2026-08-01"], "before"),
     (["--period", "2026", "--from", "2026-01-01", "--to", "2026-02-01"], "not both"),
     (["--period", "2027-W53"], "2027 has no week 53 (its ISO weeks run from 1 to 52)"),
     (["--period", "2026-W0"], "2026 has no week 0 (its ISO weeks run from 1 to 53)")],
)  # fmt: skip
def test_bad_periods(run, args, needle):
    assert needle in run.error("kpi", *args, code=2)


@pytest.mark.parametrize(
    ("now", "words", "label"),
    [("2026-11-22T10:00", "last month", "2026-10"), ("2026-11-22T10:00", "This Month", "2026-11"),
     ("2026-01-05T10:00", "last month", "2025-12"), ("2026-12-31T23:30", "next month", "2027-01"),
     ("2026-11-22T10:00", "this quarter", "2026-Q4"), ("2026-02-10T10:00", "previous quarter", "2025-Q4"),
     ("2026-11-22T10:00", "next  quarter", "2027-Q1"), ("2026-11-22T10:00", "last year", "2025"),
     # 22 November 2026 is the Sunday of ISO week 47; 1 January 2027 is in 2026's week 53
     ("2026-11-22T10:00", "this week", "2026-W47"), ("2026-11-23T10:00", "last week", "2026-W47"),
     ("2027-01-05T10:00", "last week", "2026-W53"), ("2026-12-28T10:00", "next week", "2027-W01")],
)  # fmt: skip
def test_a_period_in_words_is_the_one_it_means_today(run, monkeypatch, now, words, label):
    monkeypatch.setenv("RELMGR_NOW", now)
    assert run.json("kpi", "--period", words)["period"]["label"] == label
    assert run.json("target", "set", "nps", "40", "--period", words)["period"] == label


@pytest.mark.parametrize(
    ("now", "words", "label"),
    [("2026-11-22T10:00", "Q4 2026", "2026-Q4"), ("2026-11-22T10:00", "2025q2", "2025-Q2"),
     ("2026-11-22T10:00", "Q1 of 2026", None), ("2026-11-22T10:00", "Nov 2026", "2026-11"),
     ("2026-11-22T10:00", "september, 2025", "2025-09"), ("2026-11-22T10:00", "3/2026", "2026-03"),
     ("2026-11-22T10:00", "2026W05", "2026-W05"),
     # without a year: the latest one that has begun (reports look back)
     ("2026-11-22T10:00", "Q1", "2026-Q1"), ("2026-11-22T10:00", "q4", "2026-Q4"),
     ("2026-02-10T10:00", "Q4", "2025-Q4"), ("2026-04-01T00:10", "Q2", "2026-Q2"),
     ("2026-11-22T10:00", "dec", "2025-12"), ("2026-11-22T10:00", "November", "2026-11"),
     ("2026-11-22T10:00", "W47", "2026-W47"), ("2026-11-22T10:00", "W48", "2025-W48"),
     ("2026-11-23T10:00", "W48", "2026-W48")],
)  # fmt: skip
def test_a_period_as_people_write_it(run, monkeypatch, now, words, label):
    monkeypatch.setenv("RELMGR_NOW", now)
    if label is None:
        assert "cannot read period" in run.error("kpi", "--period", words, code=2)
        return
    assert run.json("kpi", "--period", words)["period"]["label"] == label
    assert run.json("target", "set", "nps", "40", "--period", words)["period"] == label


@pytest.mark.parametrize(
    ("words", "first"),
    [("ytd", "2026-01-01"), ("QTD", "2026-10-01"), ("mtd", "2026-11-01"), ("Year to date", "2026-01-01")],
)
def test_a_span_to_date_runs_to_today_and_takes_no_target(run, words, first):
    assert run.json("kpi", "--period", words)["period"] == {"label": f"{first}..2026-11-22", "from": first,
                                                            "to": "2026-11-22"}  # fmt: skip
    assert "a target is for a year, quarter, month or week" in run.error(
        "target", "set", "nps", "40", "--period", words, code=2
    )


@pytest.mark.parametrize(
    ("now", "words", "labels"),
    [("2026-11-22T10:00", "ytd", ["2024-01-01..2024-11-22", "2025-01-01..2025-11-22", "2026-01-01..2026-11-22"]),
     ("2026-11-22T10:00", "qtd", ["2026-04-01..2026-05-22", "2026-07-01..2026-08-22", "2026-10-01..2026-11-22"]),
     # a month's last day steps back to each earlier month's last day
     ("2026-03-31T10:00", "mtd", ["2026-01-01..2026-01-31", "2026-02-01..2026-02-28", "2026-03-01..2026-03-31"]),
     ("2028-02-29T10:00", "ytd", ["2026-01-01..2026-02-28", "2027-01-01..2027-02-28", "2028-01-01..2028-02-29"])],
)  # fmt: skip
def test_a_span_to_date_trends_against_the_same_span_before(run, monkeypatch, now, words, labels):
    """Year to date in November is compared with January to the same day of November last year,
    not with the 326 days before this January."""
    monkeypatch.setenv("RELMGR_NOW", now)
    assert [t["period"] for t in run.json("kpi", "--period", words, "--trend", "3")["trend"]] == labels


def test_an_iso_week_runs_monday_to_sunday_across_a_year_end(book):
    week = book.json("kpi", "--period", "2026-w53")["period"]
    assert week == {"label": "2026-W53", "from": "2026-12-28", "to": "2027-01-03"}
    # week 40 runs from Monday 28 September to Sunday 4 October, local days: Globex's call of
    # 30 September 23:30 and Acme's mail of 1 October 00:30, and a call late on the Sunday; the
    # one half an hour later (still Sunday in UTC) is in week 41
    book("log", "Acme", "Sunday night", "--at", "2026-10-04 23:30")
    book("log", "Acme", "Monday, just", "--at", "2026-10-05 00:30")
    assert book.json("kpi", "--period", "2026-W40")["engagement"]["interactions"] == 3
    assert book.json("kpi", "--period", "2026-W41")["engagement"]["interactions"] == 1
    assert book.json("kpi", "--period", "2026-W27", "--owner", "alice")["complaints"]["opened"] == 1  # 1 July
    trend = book.json("kpi", "--period", "2027-W01", "--trend", "3")["trend"]
    assert [t["period"] for t in trend] == ["2026-W52", "2026-W53", "2027-W01"]


def test_targets(run):
    row = run.json("target", "set", "renewal_rate", "90%", "--period", "2026-q4", "--owner", "all")
    assert (row["metric"], row["value"], row["period"], row["owner"]) == ("renewal_rate", 0.9, "2026-Q4", "all")
    run("target", "set", "renewal_rate", "0.95", "--period", "2026-Q4", "--owner", "all")  # replaces
    run("target", "set", "nps", "40", "--period", "2026-Q4")
    assert [(t["metric"], t["value"]) for t in run.json("target", "list")] == [("nps", 40.0), ("renewal_rate", 0.95)]
    assert "metrics: renewal_rate" in run.error("target", "set", "revenue", "5", "--period", "2026", code=2)
    assert "not a number" in run.error("target", "set", "nps", "lots", "--period", "2026", code=2)
    assert "cannot read period" in run.error("target", "set", "nps", "10", "--period", "soon", code=2)
    line = run("target", "remove", "NPS", "--period", "2026-q4").stdout.strip()
    assert line == "Removed target #2: nps 40 for alice in 2026-Q4"
    assert [t["metric"] for t in run.json("target", "list")] == ["renewal_rate"]
    assert "no nps target for alice in 2026-Q4" in run.error("target", "remove", "nps", "--period", "2026-Q4", code=1)
    assert "no renewal_rate target for alice" in run.error("target", "remove", "renewal_rate", "--period", "2026-Q4",
                                                           code=1)  # the book's target is --owner all  # fmt: skip
    assert "did you mean nps" in run.error("target", "remove", "npss", "--period", "2026-Q4", code=2)
    assert run.json("target", "remove", "renewal_rate", "--period", "2026-Q4", "--owner", "all")["value"] == 0.95
    assert run.json("target", "list") == []


def test_a_money_target_is_met_in_its_own_currency(run):
    """An upsell target of ₹10,00,000 is compared with the upsell won in rupees only: deals won in
    dollars, and cross-sell won in rupees, do not count towards it."""
    run("client", "add", "Tata Motors")
    target = run.json("target", "set", "upsell_won_value", "₹10,00,000", "--period", "2026-11", "--owner", "all")
    assert (target["value"], target["currency"]) == (1000000.0, "INR")
    run("target", "set", "upsell_won_value", "5000", "--period", "2026-10", "--owner", "all")  # the book's: USD
    for title, kind, value in [("Fleet upgrade", "upsell", "₹2,50,000"), ("Telematics", "cross-sell", "₹4,00,000"),
                               ("Analytics", "upsell", "$9,000")]:  # fmt: skip
        added = run.json(
            "opportunity", "add", "Tata Motors", title, "--kind", kind, "--value", value, "--at", "2026-11-02"
        )
        run("opportunity", "won", str(added["id"]), "--at", "2026-11-20")
    figures = run.json("kpi", "--period", "2026-11")
    assert figures["growth"]["upsell_won_by_currency"] == {"INR": 250000, "USD": 9000}
    assert figures["growth"]["upsell_won_value"] is None  # two currencies: no one sum
    # 2,50,000 of 10,00,000 = 25 %
    assert figures["targets"] == [
        {"metric": "upsell_won_value", "target": 1000000.0, "currency": "INR", "actual": 250000, "attainment": 0.25}
    ]
    table = run("kpi", "--period", "2026-11").stdout
    assert "10,00,000 INR" in table and "2,50,000 INR" in table and "25.0%" in table  # grouped in lakhs
    assert "2,50,000 INR; 9,000 USD" in table  # the upsell won, per currency
    assert [(t["period"], t["currency"]) for t in run.json("target", "list")] == [
        ("2026-11", "INR"),
        ("2026-10", "USD"),
    ]
    assert "in USD but --currency says EUR" in run.error(
        "target", "set", "upsell_won_value", "5000 USD", "--period", "2026", "--currency", "EUR", code=2
    )
    assert "not an ISO 4217 code" in run.error(
        "target", "set", "upsell_won_value", "5000", "--period", "2026", "--currency", "EUO", code=2
    )
    assert "the nps target has no currency" in run.error(
        "target", "set", "nps", "30", "--period", "2026", "--currency", "EUR", code=2
    )


@pytest.mark.parametrize("value", ["1.5", "150%", "101"])
def test_a_share_target_cannot_pass_100_percent(run, value):
    assert "at most 100%" in run.error("target", "set", "coverage", value, "--period", "2026", code=2)
    assert run.json("target", "list") == []
    assert run.json("target", "set", "nrr", value, "--period", "2026")["value"] in (1.5, 1.01)  # NRR can


@pytest.mark.parametrize("value", ["4.5", "5", "4"])
def test_a_csat_target_written_as_an_average_score_is_refused(run, value):
    """csat is the share of answers 4 or 5 (SPEC §9): "4.5" would be a target of 4.5%."""
    message = run.error("target", "set", "csat", value, "--period", "2026", code=2)
    assert message == (f"relmgr: a csat target of {value} reads like an average score, but csat is the share of "
                       "CSAT answers of 4 or 5 (give that share, e.g. 0.9 or 90%)")  # fmt: skip
    assert run.json("target", "list") == []
    assert run.json("target", "set", "csat", "4.5%", "--period", "2026")["value"] == 0.045  # if truly meant


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("retention_rate", "; for retention, see grr or nrr (value kept) or renewal_rate (terms kept)"),
     ("satisfaction", "; for satisfaction, see csat or nps"), ("renewel_rate", "; did you mean renewal_rate?"),
     ("revenue", "")],
)  # fmt: skip
def test_an_unknown_metric_points_to_the_one_meant(run, typed, hint):
    message = run.error("target", "set", typed, "90%", "--period", "2026", code=2)
    assert message == (f"relmgr: unknown metric {typed!r}{hint} (metrics: renewal_rate, nrr, grr, csat, nps, "
                       "upsell_won_value, coverage)")  # fmt: skip


def test_a_reopened_complaint_counts_by_its_latest_state(run):
    """Opened 1 Oct 09:00 (medium: respond in 1d, resolve in 7d), answered 10:00, resolved 2 Oct,
    reopened 3 Nov 09:00 (clocks start again), answered 4 Nov 09:00, resolved 5 Nov 09:00."""
    run("client", "add", "Acme")
    run("complaint", "add", "Acme", "Wrong invoice", "--at", "2026-10-01 09:00")
    run("complaint", "respond", "1", "Checking", "--at", "2026-10-01 10:00")
    run("complaint", "resolve", "1", "--resolution", "Credit note", "--at", "2026-10-02 09:00")
    run("complaint", "reopen", "1", "--reason", "Credit note wrong too", "--at", "2026-11-03 09:00")
    run("complaint", "respond", "1", "Fixing", "--at", "2026-11-04 09:00")
    run("complaint", "resolve", "1", "--resolution", "Corrected", "--at", "2026-11-05 09:00")
    october = run.json("kpi", "--period", "2026-10")["complaints"]
    # the October resolution did not hold: nothing resolved in October; the first answer came in 1 h
    assert (october["opened"], october["resolved"], october["reopen_rate"]) == (1, 0, 1.0)
    assert october["median_first_response_h"] == 1.0 and october["resolution_sla_met"] is None
    november = run.json("kpi", "--period", "2026-11")["complaints"]
    # resolved 5 Nov, 2 days after the reopening's new deadline start: within 7 d; answered in 24 h: on time
    assert (november["opened"], november["resolved"]) == (0, 1)
    assert (november["resolution_sla_met"], november["response_sla_met"]) == (1.0, 1.0)


def test_complaint_figures_at_their_edges(run):
    """Medium complaints (respond in 1 d, resolve in 7 d), times local (+05:30):
    #1 opened 20 Aug, answered, resolved, reopened and escalated 2 Sep: not opened in September;
    #2 opened 1 Sep 10:00, answered after 90 min, resolved 8 Sep 10:00, exactly at its deadline;
    #3 opened 1 Sep 10:00, answered 5 Sep 10:00 (due 2 Sep 10:00)."""
    run("client", "add", "Acme")
    run("complaint", "add", "Acme", "Late parcel", "--at", "2026-08-20 10:00")
    run("complaint", "respond", "1", "Tracing it", "--at", "2026-08-20 11:00")
    run("complaint", "resolve", "1", "--resolution", "Found", "--at", "2026-08-21 10:00")
    run("complaint", "reopen", "1", "--reason", "Lost again", "--at", "2026-09-02 10:00")
    run("complaint", "escalate", "1", "--reason", "Second loss", "--at", "2026-09-02 11:00")
    run("complaint", "add", "Acme", "Wrong size", "--at", "2026-09-01 10:00")
    run("complaint", "respond", "2", "Swapping", "--at", "2026-09-01 11:30")
    run("complaint", "resolve", "2", "--resolution", "Swapped", "--at", "2026-09-08 10:00")
    run("complaint", "add", "Acme", "Broken lid", "--at", "2026-09-01 10:00")
    run("complaint", "respond", "3", "Sorry", "--at", "2026-09-05 10:00")
    september = run.json("kpi", "--period", "2026-09")["complaints"]
    assert september["opened"] == 2  # #1 was opened in August: not in these two rates
    assert (september["reopen_rate"], september["escalation_rate"]) == (0.0, 0.0)
    assert september["median_first_response_h"] == 48.75  # (1.5 h + 96 h) / 2
    assert september["resolution_sla_met"] == 1.0  # resolved at its deadline is in time
    assert september["response_sla_met"] == 0.5  # #3 answered three days late
    # On 3 Sep (00:00) #3 had no answer yet and was past its respond-by: breached, although it
    # has been answered since; #1's clocks started again on 2 Sep: open, not breached
    early = run.json("kpi", "--period", "2026-09", "--as-of", "2026-09-03", "--explain")
    assert early["complaints"]["open_now"] == 3
    assert early["explain"]["complaints"]["breached_now"]["ids"] == [3]


def test_a_complaint_imported_as_answered_without_a_time_is_not_late_to_answer(run, tmp_path):
    run("client", "add", "Acme")
    sheet = tmp_path / "tickets.csv"
    sheet.write_text(  # medium: respond by 21 Nov 09:00, resolve by 27 Nov 09:00
        "client,title,status,opened_at\nAcme,Invoice at old rate,responded,2026-11-20T09:00:00+00:00\n",
        encoding="utf-8",
    )
    run("import", "complaints", str(sheet))
    figures = run.json("kpi", "--period", "2026-11")["complaints"]  # now: 22 Nov
    assert (figures["open_now"], figures["breached_now"]) == (1, 0)


def test_as_of_moves_the_now_figures(book):
    # Mid-September, complaint #3 (opened 20 Sep) did not exist yet; #1 and #2 were resolved by then
    early = book.json("kpi", "--period", "2026-Q3", "--owner", "alice", "--as-of", "2026-09-15")
    assert early["as_of"] == "2026-09-15T00:00:00+05:30"
    assert (early["complaints"]["open_now"], early["complaints"]["breached_now"]) == (0, 0)
    late = book.json("kpi", "--period", "2026-Q3", "--owner", "alice", "--as-of", "2026-09-24")
    assert (late["complaints"]["open_now"], late["complaints"]["breached_now"]) == (1, 1)  # respond by 23 Sep


def test_complaints_imported_as_settled_without_a_time(run, tmp_path):
    """A help-desk export may mark a ticket solved without saying when. It still counts as opened in
    the period, and not as open or breached now (as `complaint list` and the agenda see it)."""
    run("client", "add", "Acme")
    sheet = tmp_path / "tickets.csv"
    sheet.write_text(
        "client,title,severity,status,opened_at\n"
        "Acme,Portal login fails,normal,Solved,2026-11-02T10:00:00+00:00\n"  # settled, time unknown
        "Acme,Invoice at old rate,urgent,Open,2026-11-20T09:00:00+00:00\n",  # 2h/1d: breached by 22 Nov
        encoding="utf-8",
    )
    run("import", "complaints", str(sheet))
    figures = run.json("kpi", "--period", "2026-11")["complaints"]
    assert figures["opened"] == 2  # both opened in November
    assert figures["resolved"] == 0  # no resolution time, so not resolved *in* the period
    assert (figures["open_now"], figures["breached_now"]) == (1, 1)  # only the open one
    assert [c["id"] for c in run.json("complaint", "list")] == [2]


def test_plain_kpi_says_where_your_own_targets_are_compared(run):
    run("client", "add", "Acme")
    run("target", "set", "csat", "90%", "--period", "2026-Q4")  # without --owner: alice's
    drawn = run("kpi", "--period", "2026-Q4").stdout
    assert "none for the whole book (yours: relmgr kpi --period 2026-Q4 --owner alice)" in drawn
    assert run.json("kpi", "--period", "2026-Q4")["targets"] == []  # the JSON stays as SPEC §9 says
    assert run.json("kpi", "--period", "2026-Q4", "--owner", "alice")["targets"][0]["metric"] == "csat"
    assert "none set (relmgr target set" in run("kpi", "--period", "2026-Q3").stdout


def test_coverage_counts_interactions_not_a_crm_last_activity(run, tmp_path):
    """Coverage asks whether a client has an interaction in the period (SPEC §9). A CRM's "Last
    Activity" moves the last contact (and so days since contact) but is not an interaction."""
    sheet = tmp_path / "accounts.csv"
    sheet.write_text(
        "Account Name,Last Activity\n"
        "Acme,2026-08-20\n"  # a CRM activity in Q3, no interaction in the book
        "Globex,\n"
        "Initech,\n"
        "Hooli,\n",
        encoding="utf-8",
    )
    run("import", "clients", str(sheet))
    run("log", "Globex", "Q3 call", "--at", "2026-07-02 10:00")
    run("log", "Globex", "Q4 call", "--at", "2026-11-02 10:00")  # its latest is after Q3: Q3 must look back
    run("log", "Initech", "Q4 only", "--at", "2026-10-15 10:00")
    run("log", "Hooli", "Before Q3", "--at", "2026-06-30 23:59")
    # Q3: of 4 active clients only Globex had an interaction (Hooli's was the day before Q3 began, locally)
    for args in ((), ("--owner", "alice")):  # the whole book and one owner take the same path
        q3 = run.json("kpi", "--period", "2026-Q3", "--explain", *args)
        assert (q3["engagement"]["interactions"], q3["engagement"]["coverage"]) == (1, 0.25)
        assert q3["explain"]["engagement"]["coverage"]["ids"] == [2]
    # Q4 so far: Globex and Initech; Acme's CRM activity is still in Q3
    q4 = run.json("kpi", "--period", "2026-Q4", "--explain")
    assert q4["engagement"]["coverage"] == 0.5 and q4["explain"]["engagement"]["coverage"]["ids"] == [2, 3]


def test_a_past_period_ends_at_its_last_midnight_for_coverage_and_for_silence(run):
    """A past month's coverage comes from each client's last interaction up to the month's end;
    a call logged at midnight beginning the next month sits exactly on that end. It is
    the client's last contact as of then (0 days ago) but not an interaction of the month."""
    for name in ("Acme", "Beta", "Gamma"):
        run("client", "add", name, "--tier", "A")  # cadence 14 days
    run("log", "Acme", "September call", "--at", "2026-09-10 10:00")
    run("log", "Acme", "On the 1st", "--at", "2026-10-01 00:00")  # local midnight: the end of September
    run("log", "Beta", "On the 1st", "--at", "2026-10-01 00:00")  # its only call: none in September
    run("log", "Gamma", "August", "--at", "2026-08-01 10:00")
    run("log", "Gamma", "November", "--at", "2026-11-01 10:00")  # after the month: looked back past it
    september = run.json("kpi", "--period", "2026-09", "--explain")
    engagement, why = september["engagement"], september["explain"]["engagement"]
    assert (engagement["interactions"], engagement["coverage"], why["coverage"]["ids"]) == (1, 1 / 3, [1])
    # as of 1 October 00:00: Acme and Beta spoken to that instant (0 days), Gamma 61 days before
    assert (engagement["median_days_since_contact"], engagement["stale"], why["stale"]["ids"]) == (0, 1, [3])
    assert run.json("kpi", "--period", "2026-09")["engagement"] == engagement  # counted, not listed: the same
    assert why["median_days_since_contact"]["denominator"] == 3
    # two clients added since (today, 22 November), never called: not in the book as of September's
    # end, so no days since contact then (not -52), and not stale; still active clients for coverage
    run("client", "add", "Zeta", "--tier", "A")
    run("client", "add", "Eta", "--tier", "A")
    september = run.json("kpi", "--period", "2026-09", "--explain")
    engagement, why = september["engagement"], september["explain"]["engagement"]
    assert (engagement["median_days_since_contact"], why["median_days_since_contact"]["denominator"]) == (0, 3)
    assert (engagement["stale"], engagement["coverage"]) == (1, 1 / 5)
    run("log", "Gamma", "Backdated", "--at", "2026-09-05 10:00")
    run("log", "Zeta", "Backdated", "--at", "2026-08-02 10:00")  # added since, but called by then: it counts
    # days as of 1 October: Zeta 60, Gamma 26, Acme 0, Beta 0 -> (26 + 0) / 2 (Eta, in, would make it 0)
    assert run.json("kpi", "--period", "2026-09")["engagement"]["median_days_since_contact"] == 13
    # clients who are not active, or archived, are not covered, however often they were called
    run("client", "add", "Delta", "--status", "prospect")
    run("client", "add", "Epsilon")
    for name in ("Delta", "Epsilon"):
        run("log", name, "September call", "--at", "2026-09-20 10:00")
    run("client", "archive", "Epsilon")
    assert run.json("kpi", "--period", "2026-09")["engagement"]["coverage"] == 2 / 5  # Acme and Gamma
    # in a trend the month before is counted from its own interactions: the same figure
    trend = run.json("kpi", "--period", "2026-10", "--trend", "2")["trend"]
    assert [(row["period"], row["engagement.coverage"]) for row in trend] == [("2026-09", 2 / 5), ("2026-10", 2 / 5)]


def test_many_clients_on_a_past_periods_end_are_each_looked_back_on(run, book_env):
    """A day's calls imported by date alone all sit on local midnight: 1,200 clients called on
    1 October, half of them also in September. Those are looked up 500 at a time (SQLite takes
    a bounded number of parameters a statement)."""
    from relmgr import db

    run("init")
    book = db.open_book(book_env)
    stamp, midnight, mid_september = (
        "2026-01-01T00:00:00+00:00",
        "2026-09-30T18:30:00+00:00",
        "2026-09-15T04:30:00+00:00",
    )
    with book.atomic():
        book.conn.executemany(
            "INSERT INTO clients (id, name, name_key, owner, last_touch, last_interaction_at, created_at, updated_at) "
            "VALUES (?, ?, ?, 'alice', ?, ?, ?, ?)",
            [(n, f"Client {n}", f"client {n}", midnight, midnight, stamp, stamp) for n in range(1, 1201)],
        )
        calls = [(n, midnight) for n in range(1, 1201)] + [(n, mid_september) for n in range(2, 1201, 2)]
        book.conn.executemany(
            "INSERT INTO interactions (client_id, kind, at, summary, by, created_at, updated_at) "
            "VALUES (?, 'call', ?, 'Call', 'alice', ?, ?)",
            [(n, at, stamp, stamp) for n, at in calls],
        )
    book.close()
    september = run.json("kpi", "--period", "2026-09", "--explain")
    assert september["engagement"]["coverage"] == 0.5
    assert september["explain"]["engagement"]["coverage"]["ids"] == list(range(2, 1201, 2))
    assert september["engagement"]["median_days_since_contact"] == 0 and september["engagement"]["stale"] == 0


def test_figures_are_rounded_as_a_spreadsheet_rounds_them(run, monkeypatch):
    """Ties go away from zero, as Excel's ROUND and a hand calculation do; Python's round() sends
    them to the even neighbour of the binary value (NPS 12.5 -> 12, 3.125 -> 3.12, 6.25% -> 6.2%)."""
    run("client", "add", "Acme")
    run("client", "add", "Globex")
    # Acme: 8 NPS answers, 3 promoters (9, 10, 9) and 2 detractors (3, 6): 37.5% - 25% = 12.5 -> 13
    for score in ("9", "10", "9", "7", "8", "8", "3", "6"):
        run("feedback", "add", "Acme", "--nps", score, "--at", "2026-10-05")
    # CSAT 3,3,3,3,3,3,4,3: average 25/8 = 3.125 -> 3.13; 1 of 8 satisfied = 12.5%.
    # 16 answers in November, 1 satisfied: 6.25% -> 6.3%
    for score in ("3", "3", "3", "3", "3", "3", "4", "3"):
        run("feedback", "add", "Acme", "--csat", score, "--at", "2026-10-06")
    for score in ("4",) + ("2",) * 15:
        run("feedback", "add", "Globex", "--csat", score, "--at", "2026-11-02")
    # Globex: 2 promoters, 3 detractors of 8 = -12.5 -> -13
    for score in ("9", "9", "0", "5", "6", "7", "7", "8"):
        run("feedback", "add", "Globex", "--nps", score, "--at", "2026-11-03")
    october = run.json("kpi", "--period", "2026-10")["satisfaction"]
    assert (october["nps"], october["csat_avg"], october["csat"]) == (13, 3.13, 0.125)
    november = run.json("kpi", "--period", "2026-11")["satisfaction"]
    assert (november["nps"], november["csat"]) == (-13, 0.0625)
    basis = run.json("kpi", "--period", "2026-11", "--explain")["explain"]["satisfaction"]["nps"]["note"]
    assert basis == "2 promoters − 3 detractors"
    run("feedback", "add", "Acme", "--nps", "2", "--at", "2026-09-01")
    basis = run.json("kpi", "--period", "2026-09", "--explain")["explain"]["satisfaction"]["nps"]["note"]
    assert basis == "0 promoters − 1 detractor"
    table = run("kpi", "--period", "2026-11").stdout
    assert "6.3%" in table and "6.2%" not in table

    # a complaint answered after 2 h 40 min 30 s: 2.675 h -> 2.68 (the float 2.675 is 2.67499...)
    monkeypatch.setenv("RELMGR_NOW", "2026-11-10T12:00:00+05:30")
    run("complaint", "add", "Acme", "Invoice wrong", "--at", "2026-11-10 09:00")
    run("complaint", "respond", "1", "Checking", "--at", "2026-11-10 11:40:30")
    assert run.json("kpi", "--period", "2026-11")["complaints"]["median_first_response_h"] == 2.68


HOLD_THE_BOOK = """
import sqlite3, sys
writer = sqlite3.connect(sys.argv[1], isolation_level=None)
writer.execute("BEGIN IMMEDIATE")
writer.execute("UPDATE complaints SET opened_at = '2020-01-01T00:00:00+00:00'")  # never committed
print("holding", flush=True)
sys.stdin.read()
writer.execute("ROLLBACK")
"""


def test_the_real_program_gives_one_report_whether_or_not_a_writer_holds_the_book(book, book_env, sh):
    expected = book.json("kpi", "--period", "2026-Q3", "--explain")
    assert json.loads(sh("kpi", "--period", "2026-Q3", "--explain", "--json").stdout) == expected
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_BOOK, str(book_env)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline() == "holding\n"
        started = time.monotonic()
        assert json.loads(sh("kpi", "--period", "2026-Q3", "--explain", "--json").stdout) == expected
        assert time.monotonic() - started < 10  # read alone at once, not after the 15 s busy timeout
    finally:
        writer.communicate("", timeout=30)
    assert writer.returncode == 0
