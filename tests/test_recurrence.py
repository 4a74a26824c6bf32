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


@pytest.mark.parametrize("rule", ["sometimes", "0w", "FREQ=NEVER", ""])
def test_bad_rules(rule):
    with pytest.raises(BadInput):
        recurrence.normalize(rule)


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
