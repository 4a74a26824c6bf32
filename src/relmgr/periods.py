"""Reporting periods: `2026`, `2026-Q4`, `2026-11`, an ISO week `2026-W47` (Monday to Sunday),
or an inclusive --from/--to range.

`last month`, `this quarter`, `next year`, `last week` and the like name the period they mean
today, by its label: the manager's report for the month just ended is `kpi --period "last month"`,
the Monday review's `kpi --period "last week"`. A period is also read as people write it:
`Q4 2026`, `2026Q4`, `Nov 2026`, `November 2026`, `11/2026`; without a year (`Q3`, `nov`, `W47`)
it is the latest one that has begun, since reports look back: `Q4` in February is last year's.
`ytd`, `qtd` and `mtd` (or `year to date`...) run from the start of this year, quarter or month
to today.

A period is a span of local calendar days; in SQL it is compared as the UTC times of its first
local midnight (inclusive) and of the midnight after its last day (exclusive), so a call at
23:30 on 31 December in Kolkata falls in December however it is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from relmgr import dates
from relmgr.db import to_utc
from relmgr.errors import BadInput

HINT = 'use 2026, 2026-Q4, 2026-11, 2026-W47, "last month", "last week", ytd, or --from DATE --to DATE'
_STEPS = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")  # fmt: skip
_TO_DATE = {"YTD": "year", "QTD": "quarter", "MTD": "month"}


@dataclass(frozen=True)
class Period:
    label: str
    first: date
    last: date
    to_date: str = ""  # "year", "quarter" or "month" for `ytd`, `qtd`, `mtd`

    @cached_property  # reports compare thousands of times against it
    def start(self) -> str:
        """UTC text of the period's first local midnight."""
        return to_utc(dates.start_of(self.first))

    @cached_property
    def end(self) -> str:
        """UTC text of the local midnight after the period's last day (exclusive)."""
        return to_utc(dates.start_of(self.last + timedelta(days=1)))

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if re.fullmatch(r"\d{4}", self.label):
            return parse(str(int(self.label) - 1))
        if "-Q" in self.label:
            year, quarter = int(self.label[:4]), int(self.label[-1])
            return parse(f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}")
        if re.fullmatch(r"\d{4}-\d{2}", self.label):
            prior = self.first - timedelta(days=1)
            return parse(f"{prior.year}-{prior.month:02d}")
        if "-W" in self.label:
            return parse(_week(self.first - timedelta(days=7)))
        if self.to_date:  # this year to date against the last year to the same day
            months = {"year": 12, "quarter": 3, "month": 1}[self.to_date]
            first, last = _months_back(self.first, months), _months_back(self.last, months)
            return Period(f"{first}..{last}", first, last, self.to_date)
        length = (self.last - self.first).days + 1
        return Period(f"{self.first - timedelta(days=length)}..{self.first - timedelta(days=1)}",
                      self.first - timedelta(days=length), self.first - timedelta(days=1))  # fmt: skip


def parse(text: str) -> Period:
    """A period from `2026`, `2026-Q4`, `2026-11`, or words such as `last month`."""
    period = _read(text)
    if dates.out_of_range(period.first) or dates.out_of_range(period.last):
        raise BadInput(f"period {(text or '').strip()!r} is out of range", dates.RANGE_HINT)
    return period


def _read(text: str) -> Period:
    raw = " ".join((text or "").strip().upper().replace(",", " ").split())
    words = re.fullmatch(r"(LAST|PREVIOUS|THIS|CURRENT|NEXT) (WEEK|MONTH|QUARTER|YEAR)", raw)
    if words:
        raw = _label(_STEPS[words.group(1).lower()], words.group(2).lower())
    to_date = re.fullmatch(r"([YQM])TD|(YEAR|QUARTER|MONTH) TO DATE", raw)
    if to_date:
        kind = _TO_DATE[f"{to_date.group(1)}TD"] if to_date.group(1) else to_date.group(2).lower()
        span = between(parse(_label(0, kind)).first, dates.today())
        return Period(span.label, span.first, span.last, kind)
    raw = _written(raw)
    if re.fullmatch(r"\d{4}", raw):
        year = int(raw)
        return Period(raw, date(year, 1, 1), date(year, 12, 31))
    match = re.fullmatch(r"(\d{4})-Q([1-4])", raw)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        first = date(year, 3 * quarter - 2, 1)
        following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return Period(raw, first, following - timedelta(days=1))
    match = re.fullmatch(r"(\d{4})-(\d{2})", raw)
    if match and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2))
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return Period(raw, date(year, month, 1), following - timedelta(days=1))
    match = re.fullmatch(r"(\d{4})-W(\d{1,2})", raw)
    if match:
        year, week = int(match.group(1)), int(match.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the year's last week
            raise BadInput(f"{year} has no week {week}", f"its ISO weeks run from 1 to {weeks}") from None
        return Period(f"{year}-W{week:02d}", monday, monday + timedelta(days=6))
    raise BadInput(f"cannot read period {text!r}", HINT)


def _written(raw: str) -> str:
    """`Q4 2026`, `2026Q4`, `Nov 2026`, `11/2026`, `W47` and the like as the labels `parse` reads."""
    match = re.fullmatch(r"(\d{4})[ /-]?Q([1-4])|Q([1-4])[ /-]?(\d{4})?", raw)
    if match:
        quarter = int(match.group(2) or match.group(3))
        year = match.group(1) or match.group(4) or _latest_year(date(2000, 3 * quarter - 2, 1))
        return f"{year}-Q{quarter}"
    match = re.fullmatch(r"(\d{4})[ /-]?W(\d{1,2})|W(\d{1,2})", raw)
    if match:
        if match.group(1):
            return f"{match.group(1)}-W{match.group(2)}"
        week, today = int(match.group(3)), dates.today()
        year = today.isocalendar().year
        try:
            begun = date.fromisocalendar(year, week, 1) <= today
        except ValueError:
            begun = False
        return f"{year if begun else year - 1}-W{week}"
    match = re.fullmatch(r"(\d{1,2})[/.](\d{4})|(\d{4})/(\d{1,2})", raw)
    if match:
        return f"{match.group(2) or match.group(3)}-{int(match.group(1) or match.group(4)):02d}"
    match = re.fullmatch(r"([A-Z]{3,})\.?(?: (\d{4}))?|(\d{4}) ([A-Z]{3,})", raw)
    if match:
        word = (match.group(1) or match.group(4)).lower()
        named = [number for number, name in enumerate(_MONTHS, 1) if name.startswith(word)]
        if named:  # three letters name one month at most
            year = match.group(2) or match.group(3) or _latest_year(date(2000, named[0], 1))
            return f"{year}-{named[0]:02d}"
    return raw


def _months_back(day: date, months: int) -> date:
    """The same day `months` months earlier; a month's last day is the earlier month's last day
    (so month to date on 31 March steps back through 28 February to 31 January)."""
    import calendar

    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    days = calendar.monthrange(year, month + 1)[1]
    whole = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month + 1, days if whole else min(day.day, days))


def _latest_year(first: date) -> int:
    """The year of the latest period beginning on `first`'s month and day that has begun."""
    today = dates.today()
    return today.year if first.replace(year=today.year) <= today else today.year - 1


def _label(step: int, kind: str) -> str:
    """The label of this (0), the last (-1) or the next (1) month, quarter or year."""
    today = dates.today()
    if kind == "week":
        return _week(today + timedelta(weeks=step))
    if kind == "year":
        return str(today.year + step)
    if kind == "quarter":
        count = today.year * 4 + (today.month - 1) // 3 + step
        return f"{count // 4}-Q{count % 4 + 1}"
    count = today.year * 12 + today.month - 1 + step
    return f"{count // 12}-{count % 12 + 1:02d}"


def _week(day: date) -> str:
    """The label of the ISO week `day` falls in: 2026-W47 (its year may not be the day's)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def between(first: date, last: date) -> Period:
    if dates.out_of_range(first) or dates.out_of_range(last):
        raise BadInput(f"{first}..{last} is out of range", dates.RANGE_HINT)
    if last < first:
        raise BadInput(f"--to {last} is before --from {first}")
    return Period(f"{first}..{last}", first, last)


def current_month() -> Period:
    today = dates.today()
    return parse(f"{today.year}-{today.month:02d}")
