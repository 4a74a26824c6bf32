"""Recurring follow-ups: reading `--every` rules and finding the next occurrence.

Month-based rules count from the series' first due date (its anchor), not from the previous
occurrence, so "monthly from 31 January" gives 28/29 February and then 31 March instead of
drifting to the 28th for ever; "yearly from 29 February" comes back to the 29th in leap years.
The next occurrence is always after the current one and after today: finishing a weekly
follow-up three weeks late opens one for next week, not three already overdue. Its day and time
are the series' own: one occurrence snoozed from Friday 09:00 to Monday 14:00, or pushed from
02:30 to 03:30 on the night the clocks go forward, does not move the ones after it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from relmgr.dates import WEEKDAYS, When, day_of, localize
from relmgr.errors import BadInput

_NAMED = {
    "daily": "1d", "weekly": "1w", "biweekly": "2w", "fortnightly": "2w",
    "monthly": "1mo", "quarterly": "3mo", "yearly": "12mo", "annually": "12mo",
    # after "every": every day, every week, every other week, every quarter
    "day": "1d", "week": "1w", "other week": "2w", "month": "1mo", "other month": "2mo", "quarter": "3mo",
    "year": "12mo",
}  # fmt: skip
_STEP = re.compile(r"^(\d+)\s*(d|days?|w|wks?|weeks?|m|mo|mos|months?|y|yrs?|years?)$")
_BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
_TOO_OFTEN = ("HOURLY", "MINUTELY", "SECONDLY")
HINT = "use 1w, 2w, 10d, monthly, quarterly, yearly, weekdays or an RRULE such as FREQ=MONTHLY;BYDAY=1MO"


def normalize(text: str) -> str:
    """Check a rule and return the form stored in the book; raise BadInput if unreadable.

    Words read as people say them: `every 2 weeks`, `6 months`, `every other week`, `every monday`
    (a weekly RRULE on that day)."""
    raw = (text or "").strip()
    key = " ".join(raw.lower().split()).removeprefix("every ")
    if key in _NAMED:
        return _NAMED[key]
    if key == "weekdays":
        return "weekdays"
    if _weekday(key):
        return f"FREQ=WEEKLY;BYDAY={_BYDAY[key[:3]]}"
    match = _STEP.match(key)
    if match:
        count, unit = int(match.group(1)), match.group(2)[0]
        if count < 1:
            raise BadInput(f"recurrence {raw!r} must repeat at least every 1", HINT)
        if unit in ("d", "w"):
            return f"{count}{unit}"
        return f"{count * (12 if unit == 'y' else 1)}mo"
    if key.startswith(("freq=", "rrule:")):
        rule = (raw.split(":", 1)[1] if key.startswith("rrule:") else raw).upper()
        series = _rrule(rule, date(2000, 1, 1))
        if any(f"FREQ={often}" in rule for often in _TOO_OFTEN):
            raise BadInput(f"recurrence {raw!r} repeats within a day", "a follow-up repeats daily at the most")
        if series.after(datetime(2000, 1, 1), inc=True) is None:  # 30 February
            raise BadInput(f"recurrence {raw!r} never happens", HINT)
        return rule
    raise BadInput(f"cannot read recurrence {raw!r}", HINT)


def _weekday(key: str) -> bool:
    """`monday`, `mon`, `mondays`: a day of the week, whole or cut short."""
    return key in WEEKDAYS or key.removesuffix("s") in WEEKDAYS


def describe(rule: str | None) -> str:
    """Say a stored rule in words for tables."""
    if not rule:
        return ""
    for word, canon in (("monthly", "1mo"), ("quarterly", "3mo"), ("yearly", "12mo")):
        if rule == canon:
            return word
    return rule


def next_occurrence(rule: str, anchor: When, current: When, today: date) -> When | None:
    """The first occurrence of `rule` after `current` whose day is also after `today` (None when
    an RRULE with COUNT or UNTIL has no more)."""
    keep_time = isinstance(current, datetime)

    def later(candidate: When) -> bool:
        return _key(candidate) > _key(current) and day_of(candidate) > today

    if rule == "weekdays":
        candidate = current
        while True:
            candidate = candidate + timedelta(days=1)
            if day_of(candidate).weekday() < 5 and later(candidate):
                return _same_clock(candidate, keep_time, anchor)
    match = re.match(r"^(\d+)(d|w|mo)$", rule)
    if match and match.group(2) in ("d", "w"):
        step = timedelta(days=int(match.group(1)) * (7 if match.group(2) == "w" else 1))
        candidate = anchor if type(anchor) is type(current) else current  # the series' own days
        while not later(candidate):
            candidate = candidate + step
        return _same_clock(candidate, keep_time, anchor)
    if match:
        from dateutil.relativedelta import relativedelta

        months = int(match.group(1))
        base = _naive(anchor if type(anchor) is type(current) else current)
        k = 1
        while True:
            candidate = _back(base + relativedelta(months=k * months), keep_time)
            if later(candidate):
                return candidate
            k += 1
    start = _naive(anchor)
    series = _rrule(rule, start)
    probe = max(_naive(current), datetime.combine(today, datetime.max.time()))
    found = series.after(probe)
    return None if found is None else _back(found, keep_time)  # None: a rule with COUNT/UNTIL has ended


def _rrule(rule: str, start: When):
    from dateutil.rrule import rrulestr

    try:
        return rrulestr(rule, dtstart=_naive(start))
    except (ValueError, TypeError):
        raise BadInput(f"cannot read recurrence rule {rule!r}", HINT) from None


def _naive(value: When) -> datetime:
    if isinstance(value, datetime):
        return localize(value).replace(tzinfo=None)
    return datetime.combine(value, datetime.min.time())


def _back(value: datetime, keep_time: bool) -> When:
    return localize(value) if keep_time else value.date()


def _same_clock(value: When, keep_time: bool, anchor: When) -> When:
    # Stepping an aware time by whole days keeps its old offset; reading the series' wall-clock
    # time on that day in the local zone keeps a 09:00 follow-up at 09:00 across a DST change.
    if keep_time and isinstance(value, datetime):
        clock = _naive(anchor if isinstance(anchor, datetime) else value).time()
        return localize(datetime.combine(_naive(value).date(), clock))
    return value


def _key(value: When) -> datetime:
    return _naive(value) if not isinstance(value, datetime) else localize(value).replace(tzinfo=None)
