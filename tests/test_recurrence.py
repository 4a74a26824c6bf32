from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relmgr import recurrence
from relmgr.errors import BadInput


def chain(rule, first, count, today=date(2000, 1, 1)):
    """The first `count` occurrences of a rule, each finished on time."""
    rule = recurrence.normalize(rule)
    found, current = [first], first
    for _ in range(count - 1):
        current = recurrence.next_occurrence(rule, first, current, today)
        found.append(current)
    return found


def test_monthly_from_the_31st_keeps_its_day():
    assert chain("monthly", date(2026, 1, 31), 4) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_quarterly_and_leap_years():
    assert chain("quarterly", date(2027, 11, 30), 2)[1] == date(2028, 2, 29)
    assert chain("yearly", date(2028, 2, 29), 5) == [
        date(2028, 2, 29),
        date(2029, 2, 28),
        date(2030, 2, 28),
        date(2031, 2, 28),
        date(2032, 2, 29),
    ]


def test_weekly_and_weekdays():
    assert chain("2w", date(2026, 12, 28), 2)[1] == date(2027, 1, 11)
    assert chain("weekdays", date(2026, 11, 27), 3) == [date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)]


def test_rrule():
    # first Monday of each month
    assert chain("FREQ=MONTHLY;BYDAY=1MO", date(2026, 11, 2), 3) == [
        date(2026, 11, 2),
        date(2026, 12, 7),
        date(2027, 1, 4),
    ]


def test_late_completion_skips_to_the_future():
    # due 1 Nov, weekly, finished on 20 Nov: the next one is after today, not three overdue copies
    assert recurrence.next_occurrence("1w", date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 20)) == date(
        2026, 11, 22
    )


def test_time_of_day_survives_dst(tz):
    tz("Europe/Warsaw")
    before = datetime(2026, 10, 23, 9, 0).astimezone()  # CEST, +02:00
    after = recurrence.next_occurrence("1w", before, before, date(2026, 1, 1))
    assert (after.hour, after.minute) == (9, 0)
    assert after.utcoffset().total_seconds() == 3600  # CET after 25 October


@pytest.mark.parametrize(
    ("rule", "why"),
    [("sometimes", "cannot read"), ("0w", "at least every 1"), ("every 0 days", "at least every 1"),
     ("FREQ=NEVER", "cannot read"), ("", "cannot read"), ("every", "cannot read"),
     ("FREQ=HOURLY", "repeats within a day"), ("FREQ=MINUTELY;INTERVAL=30", "repeats within a day"),
     ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never happens"), ("FREQ=WEEKLY;UNTIL=19990101", "never happens")],
)  # fmt: skip
def test_bad_rules(rule, why):
    with pytest.raises(BadInput, match=why):
        recurrence.normalize(rule)


@pytest.mark.parametrize(
    ("said", "stored"),
    [("every 2 weeks", "2w"), ("every other week", "2w"), ("6 months", "6mo"), ("every quarter", "3mo"),
     ("Every Day", "1d"), ("2 years", "24mo"), ("every monday", "FREQ=WEEKLY;BYDAY=MO"),
     ("fridays", "FREQ=WEEKLY;BYDAY=FR"), ("every thurs", "FREQ=WEEKLY;BYDAY=TH")],
)  # fmt: skip
def test_rules_said_in_words(said, stored):
    assert recurrence.normalize(said) == stored


def test_every_monday_falls_on_mondays(run):
    run("client", "add", "Acme")
    first = run.json("followup", "add", "Acme", "Pipeline call", "--due", "2026-11-24", "--every", "every monday")
    assert first["every"] == "FREQ=WEEKLY;BYDAY=MO"
    assert "next #2 due 2026-11-30" in run("followup", "done", "1").stdout  # 22 Nov is a Sunday: the next Monday


RULES = ["1d", "3d", "1w", "2w", "monthly", "quarterly", "yearly", "weekdays", "FREQ=MONTHLY;BYDAY=1MO"]


@given(
    rule=st.sampled_from(RULES),
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    late=st.integers(min_value=-40, max_value=400),
)
def test_next_occurrence_is_always_after_the_current_one_and_today(rule, first, late):
    canon = recurrence.normalize(rule)
    today = first + timedelta(days=late)
    nxt = recurrence.next_occurrence(canon, first, first, today)
    assert nxt > first and nxt > today
    if canon == "weekdays":
        assert nxt.weekday() < 5
    if canon == "1mo" and first.day <= 28:
        assert nxt.day == first.day  # month-based rules keep the anchor's day


def test_a_time_the_clocks_skip_is_read_an_hour_on(run, book_env, tz, tmp_path):
    """02:30 on 28 March 2027 does not exist in Warsaw (02:00 becomes 03:00). Calendars read it as
    03:30; Python's naive `astimezone()` reads it as 01:30, a reminder an hour early."""
    tz("Europe/Warsaw")
    run("client", "add", "Łódź Textil")
    spring = run.json("followup", "add", "Łódź", "Call the plant", "--due", "2027-03-28 02:30")
    assert spring["due"] == "2027-03-28T03:30:00+02:00"
    # a time the clocks go through twice is its first passing, still in summer time
    autumn = run.json("followup", "add", "Łódź", "Call again", "--due", "2026-10-25 02:30")
    assert autumn["due"] == "2026-10-25T02:30:00+02:00"
    # and the same in a file
    sheet = tmp_path / "calls.csv"
    sheet.write_text("client,at,summary\nŁódź Textil,2026-03-29 02:15,Night shift call\n", encoding="utf-8")
    run("import", "interactions", str(sheet))
    (call,) = run.json("interaction", "list")
    assert call["at"] == "2026-03-29T03:15:00+02:00"
    # a weekly 02:30 follow-up is at 03:30 on the night of the change, and at 02:30 the week after
    anchor = datetime(2027, 3, 21, 2, 30).astimezone()
    night = recurrence.next_occurrence("1w", anchor, anchor, date(2027, 3, 22))
    assert night.isoformat() == "2027-03-28T03:30:00+02:00"
    after = recurrence.next_occurrence("1w", anchor, night, date(2027, 3, 29))
    assert after.isoformat() == "2027-04-04T02:30:00+02:00"
    assert recurrence.next_occurrence("weekdays", anchor, night, date(2027, 3, 28)).isoformat() == (
        "2027-03-29T02:30:00+02:00"
    )


def test_one_occurrence_snoozed_does_not_move_the_series(run, book_env):
    run("client", "add", "Acme")
    run("followup", "add", "Acme", "Weekly call", "--due", "2026-11-27 09:00", "--every", "1w")
    run("followup", "snooze", "1", "--until", "2026-11-30 14:00")  # Friday's call moved to Monday afternoon
    run("followup", "done", "1")
    (following,) = run.json("followup", "list")
    assert following["due"] == "2026-12-04T09:00:00+05:30"  # back on Friday at nine
    run("followup", "add", "Acme", "Fortnightly report", "--due", "2026-11-24", "--every", "2w")
    run("followup", "snooze", "3", "--until", "2026-11-26")
    run("followup", "done", "3")
    assert [f["due"] for f in run.json("followup", "list")][-1] == "2026-12-08"
