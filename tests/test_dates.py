from datetime import date, datetime, timedelta

import pytest

from relmgr import dates
from relmgr.errors import BadInput

REF = datetime(2026, 11, 22, 10, 0).astimezone()  # Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 22)),
        ("Tomorrow", date(2026, 11, 23)),
        ("yesterday", date(2026, 11, 21)),
        ("+3d", date(2026, 11, 25)),
        ("-2w", date(2026, 11, 8)),
        ("+1m", date(2026, 12, 22)),
        ("+1y", date(2027, 11, 22)),
        ("fri", date(2026, 11, 27)),
        ("friday", date(2026, 11, 27)),
        ("sun", date(2026, 11, 29)),  # the next one, never today
        ("mon", date(2026, 11, 23)),
        ("2026-12-01", date(2026, 12, 1)),
        ("1 Dec 2026", date(2026, 12, 1)),
        ("5 grudnia 2026", date(2026, 12, 5)),  # Polish, as written in a date
        ("1 październik 2026", date(2026, 10, 1)),
        ("17 Agustus 2026", date(2026, 8, 17)),  # Indonesian
        ("5 Mei 2027", date(2027, 5, 5)),
        # in words, as people say them
        ("next friday", date(2026, 11, 27)),  # the next one, as `fri`
        ("next sun", date(2026, 11, 29)),
        ("last fri", date(2026, 11, 20)),
        ("last sunday", date(2026, 11, 15)),  # the last one, never today
        ("in 3 days", date(2026, 11, 25)),
        ("+3 days", date(2026, 11, 25)),
        ("in 1 month", date(2026, 12, 22)),
        ("2 weeks ago", date(2026, 11, 8)),
        ("next week", date(2026, 11, 29)),
        ("last month", date(2026, 10, 22)),
        ("next year", date(2027, 11, 22)),
        ("20261130", date(2026, 11, 30)),  # ISO without dashes is a day too, not its midnight
        # an amount without a sign is ahead: `--due 3d`; never a time of day ("1m" was 00:01)
        ("3d", date(2026, 11, 25)),
        ("2w", date(2026, 12, 6)),
        ("1m", date(2026, 12, 22)),
        ("1 week", date(2026, 11, 29)),
        ("2weeks", date(2026, 12, 6)),
    ],
)
def test_dates_people_type(text, expected):
    assert dates.parse_when(text, reference=REF) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("30d", date(2026, 10, 23)), ("2 weeks", date(2026, 11, 8)), ("1m", date(2026, 10, 22)),
     ("2 weeks ago", date(2026, 11, 8)), ("+1d", date(2026, 11, 23)), ("3h", REF - timedelta(hours=3))],
)  # fmt: skip
def test_an_amount_without_a_sign_looks_back_for_since_and_at(text, expected):
    assert dates.parse_when(text, reference=REF, past=True) == expected


def test_month_shift_clamps_at_month_end():
    jan31 = datetime(2026, 1, 31, 9, 0).astimezone()
    assert dates.parse_when("+1m", reference=jan31) == date(2026, 2, 28)
    leap = datetime(2028, 1, 31, 9, 0).astimezone()
    assert dates.parse_when("+1m", reference=leap) == date(2028, 2, 29)


def test_times_are_aware_and_local():
    value = dates.parse_when("2026-12-01 15:30", reference=REF)
    assert isinstance(value, datetime) and value.tzinfo is not None
    assert (value.hour, value.minute) == (15, 30)
    assert dates.parse_when("+4h", reference=REF) == REF + timedelta(hours=4)


@pytest.mark.parametrize(
    "text", ["", "soonish", "+3x", "+3 dayz", "in days", "next blursday", "2026-13-45", "31/31/2026"]
)
def test_unreadable_dates_are_bad_input(text):
    with pytest.raises(BadInput) as caught:
        dates.parse_when(text, reference=REF, what="--due")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "why"),
    [("2026-11-31", "November 2026 has 30 days"), ("2027-02-29", "February 2027 has 28 days"),
     ("2026-04-31T10:00", "April 2026 has 30 days"), ("2026-13-01", "there is no month 13"),
     ("31 Nov", "the month has no such day"), ("30 lutego 2027", "the month has no such day")],
)  # fmt: skip
def test_a_day_the_calendar_lacks_is_refused_saying_why(text, why):
    with pytest.raises(BadInput) as caught:
        dates.parse_when(text, reference=REF, what="--due")
    assert why in str(caught.value) and "--due" in str(caught.value)
    assert dates.parse_when("2028-02-29", reference=REF) == date(2028, 2, 29)


def test_durations():
    assert dates.parse_duration("30d") == timedelta(days=30)
    assert dates.parse_duration("4h") == timedelta(hours=4)
    assert dates.parse_duration("2w") == timedelta(weeks=2)
    assert dates.parse_duration("90min") == timedelta(minutes=90)
    with pytest.raises(BadInput):
        dates.parse_duration("soon")
    assert dates.format_duration(timedelta(days=2, hours=4)) == "2d 4h"
    assert dates.format_duration(timedelta(minutes=45)) == "45min"


@pytest.mark.parametrize(
    ("now", "text", "days"),
    [("2026-11-22T10:00", "90d", 90), ("2026-11-22T10:00", "2w", 14), ("2026-11-22T10:00", "3m", 92),
     ("2027-01-31T10:00", "1m", 28), ("2028-01-31T10:00", "1 month", 29), ("2027-01-31T10:00", "1y", 365),
     ("2028-02-29T10:00", "1y", 365), ("2026-11-22T10:00", "6 months", 181)],
)  # fmt: skip
def test_windows_ahead_in_calendar_months_and_years(monkeypatch, now, text, days):
    """`renewals --within 6m`: to the same day six months on, the month's end when it has none."""
    monkeypatch.setenv("RELMGR_NOW", now)
    assert dates.window_days(text) == days


@pytest.mark.parametrize(
    "text",
    ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31", "0001-01-01T10:00", "+99999y", "-1000y", "+9999999999d"],
)
def test_a_date_outside_the_years_relmgr_keeps_is_refused(text):
    """0001-01-01 has no UTC time east of Greenwich, and a year after 9999 no date at all: without
    a bound, an agenda or a renewal a century on from such a day would fail half-way."""
    with pytest.raises(BadInput) as caught:
        dates.parse_when(text, reference=REF, what="--due")
    assert str(caught.value) == f"--due {text!r} is out of range (relmgr keeps dates from 1900 to 2999)"
    assert dates.parse_when("1900-01-01", reference=REF) == date(1900, 1, 1)
    assert dates.parse_when("2999-12-31", reference=REF) == date(2999, 12, 31)


@pytest.mark.parametrize(("text", "window"), [("36526d", True), ("876601h", False), ("101y", True),
                                              ("1201m", True), ("5300w", True)])  # fmt: skip
def test_a_span_longer_than_a_hundred_years_is_refused(text, window):
    with pytest.raises(BadInput, match="is longer than a hundred years"):
        (dates.window_days if window else dates.parse_duration)(text)
    assert dates.parse_duration("36525d").days == 36525


def test_a_window_without_a_unit_is_refused():
    with pytest.raises(BadInput, match="90d, 12w, 6m, 1y"):
        dates.window_days("6")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("tomorrow 15:00", (23, 15, 0)), ("fri 9:30", (27, 9, 30)), ("yesterday 3pm", (21, 15, 0)),
     ("+2d 10.15am", (24, 10, 15)), ("today 12am", (22, 0, 0)), ("next fri 15:00", (27, 15, 0)),
     ("last mon 9am", (16, 9, 0)), ("in 2 days 10:00", (24, 10, 0))],
)  # fmt: skip
def test_a_day_word_with_a_time(text, expected):
    value = dates.parse_when(text, reference=REF)
    assert isinstance(value, datetime) and (value.day, value.hour, value.minute) == expected


def test_a_day_word_with_a_bad_time():
    with pytest.raises(BadInput):
        dates.parse_when("tomorrow teatime", reference=REF)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-03-12T10:15:00.000Z", "2024-03-12T10:15:00+00:00"),
     ("2026-11-10 08:00:00 +0530", "2026-11-10T08:00:00+05:30"),
     ("2026-10-01T09:00:00Z", "2026-10-01T09:00:00+00:00"),
     ("2026-10-01T09:00:00.1-0500", "2026-10-01T09:00:00.100000-05:00"),
     ("2026-10-01 09:00", "2026-10-01T09:00:00"),
     ("2026-10-01T09:00:00,25+01", "2026-10-01T09:00:00.250000+01:00"),
     ("2026-11-05 14:22:00 UTC", "2026-11-05T14:22:00+00:00"), ("2026-11-05 14:22 gmt", "2026-11-05T14:22:00+00:00"),
     ("2026-11-05 14:22:00 UTC+3", None),
     ("20261001", None), ("2026-13-01T09:00:00Z", None), ("yesterday", None)],
)  # fmt: skip
def test_iso_times_python_3_10_refuses_are_read_on_every_python(text, expected):
    """Salesforce writes `.000Z`, Zendesk `+0530` after a space: Python 3.11's fromisoformat reads
    them, 3.10's does not, so imports on 3.10 refused whole files. iso_time reads them the same
    on both, and the ` UTC` that Ruby's Time#to_s ends a time with."""
    found = dates.iso_time(text)
    assert (found.isoformat() if found else None) == expected
