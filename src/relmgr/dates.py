"""Dates, times, durations and recurrence as account managers type them.

Everything stored is ISO 8601 text: dates as `YYYY-MM-DD`, times with their UTC offset. All
arithmetic is on aware datetimes in the machine's local zone (which `TZ` sets), so a deadline
computed across a DST change is still the right instant. "Now" comes from `now()`, which tests
freeze with `RELMGR_NOW` or `set_clock`; nothing else in relmgr reads the system clock.

`dateutil` is imported only where ISO parsing and the short forms cannot read a value: it
costs start-up time that most commands never need.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from relmgr.errors import BadInput

When = date | datetime

_clock: Callable[[], datetime] | None = None


def _month_first() -> str:
    return ""


def _say_nothing(message: str) -> None:
    pass


# How a typed date that reads both ways (5/12/2026) is read: "day-first", "month-first", or ""
# (month first, as dateutil reads it, with a note). The command line points these at the book's
# `dates.order` setting and at stderr; they are called only for such a date.
_order: Callable[[], str] = _month_first
_note: Callable[[str], None] = _say_nothing

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip

_RELATIVE = re.compile(r"^([+-])\s*(\d+)\s*([a-z]+)$")
# The units a relative date may be written in, short or as words (`+3d`, `+3 days`, `in 2 weeks`).
_UNITS = {
    "min": "min", "mins": "min", "minute": "min", "minutes": "min", "h": "h", "hr": "h", "hrs": "h", "hour": "h",
    "hours": "h", "d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "m": "m", "mo": "m", "month": "m", "months": "m", "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
}  # fmt: skip
_BARE = re.compile(r"(\d+)([a-z]+)")  # 3d, 2weeks: an amount without a sign
_DURATION = re.compile(r"^(\d+)\s*([a-z]+)$")
_UNIT_SECONDS = {"min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
DATE_HINT = "use YYYY-MM-DD, an ISO time, today, tomorrow, +3d, -2w, +1m, in 3 days or a weekday such as fri"


_ISO_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?", re.I
)
_UTC_WORDS = ("Z", "UTC", "GMT")  # Ruby's Time#to_s, and scripts and reports made with it, end ` UTC`


def iso_time(text: str) -> datetime | None:
    """An ISO 8601 time that `datetime.fromisoformat` of Python 3.10 refuses (3.11 reads most of
    them): `Z` for UTC, an offset without a colon or after a space (`08:00:00 +0530`), a fraction
    of other than 3 or 6 digits (`10:15:00.1Z`), and one that ends ` UTC` or ` GMT`; None if the
    text is no such time."""
    match = _ISO_TIME.fullmatch(text.strip())
    if not match:
        return None
    day, clock, fraction, zone = match.groups()
    clean = f"{day}T{clock}" + (f".{(fraction + '00000')[:6]}" if fraction else "")
    if zone:
        clean += "+00:00" if zone.upper() in _UTC_WORDS else f"{zone[:3]}:{zone[3:].lstrip(':') or '00'}"
    try:
        return datetime.fromisoformat(clean)
    except ValueError:
        return None


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Freeze (or, with None, unfreeze) the clock that `now()` reads."""
    global _clock
    _clock = clock


def now() -> datetime:
    """Return the current time, aware, in the local zone."""
    if _clock is not None:
        return localize(_clock())
    frozen = os.environ.get("RELMGR_NOW")
    if frozen:
        try:
            return localize(datetime.fromisoformat(frozen))
        except ValueError:
            raise BadInput(f"RELMGR_NOW is not an ISO time: {frozen!r}") from None
    return datetime.now().astimezone()


def today() -> date:
    """Return today's local date."""
    return now().date()


def localize(moment: datetime) -> datetime:
    """Attach the local zone to a naive time, or convert an aware one to local time.

    A naive time the clocks skip (02:30 on the night they go forward) is the time the clocks show
    an hour on (03:30), as calendar programs read it; Python's own reading is an hour earlier."""
    local = moment.astimezone()
    if moment.tzinfo is None and local.replace(tzinfo=None) != moment:
        local = moment.replace(fold=1).astimezone()
    return local


def iso(value: When | None) -> str | None:
    """Format a date or time as stored: dates plain, times to the second with offset."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return localize(value).isoformat(timespec="seconds")
    return value.isoformat()


def from_iso(text: str | None) -> When | None:
    """Read a stored value back: a date, or an aware datetime."""
    if not text:
        return None
    if len(text) == 10:
        return date.fromisoformat(text)
    return localize(datetime.fromisoformat(text))


def day_of(value: When) -> date:
    """The local calendar day a date or time falls on."""
    return localize(value).date() if isinstance(value, datetime) else value


def start_of(value: When) -> datetime:
    """A time as it is; a date as local midnight at its start."""
    if isinstance(value, datetime):
        return localize(value)
    return localize(datetime.combine(value, time()))


# The years relmgr keeps: any book's history and plans, with room to add a century to the last
# (a renewal, a recurrence, a window ahead) without leaving the calendar Python can count.
YEARS = (1900, 2999)
RANGE_HINT = f"relmgr keeps dates from {YEARS[0]} to {YEARS[1]}"
MAX_SPAN = timedelta(days=36525)  # a hundred years: the longest duration or window taken


def out_of_range(value: When) -> bool:
    return not YEARS[0] <= value.year <= YEARS[1]


def parse_when(text: str, *, reference: datetime | None = None, what: str = "date", past: bool = False) -> When:
    """Read a date or time as users type it; raise BadInput naming `what` if it cannot.

    An amount without a sign (`3d`, `2 weeks`) is ahead of now, or, with `past` (for `--since`
    and `--at`), behind it: `--due 3d` is in three days, `--since 30d` thirty days ago."""
    try:
        value = _read_when(text, reference, what, past)
    except (OverflowError, ValueError):  # `+99999y`, or a time in year 1 that has no UTC
        value = None
    if value is None or out_of_range(value):
        raise BadInput(f"{what} {(text or '').strip()!r} is out of range", RANGE_HINT)
    return value


def _read_when(text: str, reference: datetime | None, what: str, past: bool) -> When:
    raw = (text or "").strip()
    ref = reference or now()
    key = raw.lower()
    if not key:
        raise BadInput(f"{what} is empty", DATE_HINT)
    key = _short_form(key, "-" if past else "+")
    if key == "now":
        return ref
    if key in ("today", "tomorrow", "yesterday"):
        return ref.date() + timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[key])
    if key.lstrip("-") in WEEKDAYS:
        weekday = WEEKDAYS[key.lstrip("-")]
        if key.startswith("-"):  # the last one, never today
            return ref.date() - timedelta(days=(ref.weekday() - weekday) % 7 or 7)
        return ref.date() + timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    head, _, rest = key.partition(" ")
    if rest and (head in ("today", "tomorrow", "yesterday") or head.lstrip("-") in WEEKDAYS or _relative(head)):
        day = parse_when(head, reference=ref, what=what)
        if isinstance(day, date) and not isinstance(day, datetime):
            return localize(datetime.combine(day, _clock_time(rest, raw, what)))
    shift = _relative(key)
    if shift:
        return _shift(ref, *shift)
    try:
        if len(raw) == 8 and raw.isdigit():  # 20261130 (Python 3.10's fromisoformat does not read it)
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        if len(raw) == 10 and raw[4] == "-":  # 2026-11-30
            return date.fromisoformat(raw)
        return localize(datetime.fromisoformat(raw))
    except (ValueError, IndexError):
        lenient = iso_time(raw)
        if lenient is not None:
            return localize(lenient)
        _no_such_day(raw, what)
    return _parse_free(raw, ref, what)


def _no_such_day(raw: str, what: str) -> None:
    """Refuse an ISO date the calendar lacks (2026-11-31, 2026-02-29) saying why, rather than guess."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d])", raw)
    if not match:
        return
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise BadInput(f"cannot read {what} {raw!r}: there is no month {month}", "use YYYY-MM-DD")
    import calendar

    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        raise BadInput(f"cannot read {what} {raw!r}: {name} {year} has {days} days", "use YYYY-MM-DD")


def _short_form(key: str, bare: str = "+") -> str:
    """Put what users write in words in the short forms `parse_when` reads: "next fri" is `fri`,
    "last fri" `-fri`, "in 3 days" and "+3 days" `+3d`, "2 weeks ago" `-2w`, "next month" `+1m`,
    each keeping a time of day after it ("next fri 15:00"). An amount without a sign ("3d",
    "2 weeks") takes the sign `bare`: never a time of day ("1m" is a month, not 00:01)."""
    words = key.split()
    if "ago" not in words:  # "2 weeks ago" has its own rule below
        amount = _BARE.fullmatch(words[0])
        if amount and amount.group(2) in _UNITS:
            words[0] = bare + amount.group(1) + _UNITS[amount.group(2)]
        elif len(words) >= 2 and words[0].isdigit() and words[1] in _UNITS:
            words[:2] = [bare + words[0] + _UNITS[words[1]]]
        key = " ".join(words)
    if len(words) >= 2 and words[0] in ("next", "this", "coming") and words[1] in WEEKDAYS:
        return " ".join(words[1:])
    if len(words) >= 2 and words[0] == "last" and words[1] in WEEKDAYS:
        return " ".join(["-" + words[1], *words[2:]])
    if len(words) >= 2 and words[0] in ("next", "last") and words[1] in ("week", "month", "year"):
        return " ".join([("+1" if words[0] == "next" else "-1") + _UNITS[words[1]], *words[2:]])
    if len(words) >= 3 and words[0] == "in" and words[1].isdigit() and words[2] in _UNITS:
        return " ".join(["+" + words[1] + _UNITS[words[2]], *words[3:]])
    if len(words) >= 3 and words[0].isdigit() and words[1] in _UNITS and words[2] == "ago":
        return " ".join(["-" + words[0] + _UNITS[words[1]], *words[3:]])
    if len(words) >= 2 and words[0][:1] in "+-" and words[0][1:].isdigit() and words[1] in _UNITS:
        return " ".join([words[0] + _UNITS[words[1]], *words[2:]])
    return key


def _relative(text: str) -> tuple[int, str] | None:
    """`+3d`, `-2w`, `+1m` (or `+3days`) as a signed amount and a unit, else None."""
    match = _RELATIVE.match(text)
    if not match or match.group(3) not in _UNITS:
        return None
    return int(match.group(2)) * (1 if match.group(1) == "+" else -1), _UNITS[match.group(3)]


def _clock_time(text: str, raw: str, what: str) -> time:
    """A time of day such as 15:00, 9:30, 3pm or 10.15am."""
    clean = text.strip().replace(".", ":")
    try:
        return time.fromisoformat(clean if len(clean.split(":")[0]) == 2 else "0" + clean)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)", clean)
    if match and 1 <= int(match.group(1)) <= 12:
        hour = int(match.group(1)) % 12 + (12 if match.group(3) == "pm" else 0)
        return time(hour, int(match.group(2) or 0))
    raise BadInput(f"cannot read {what} {raw!r}", DATE_HINT)


def _shift(ref: datetime, amount: int, unit: str) -> When:
    if unit in ("min", "h"):
        return localize(ref + timedelta(seconds=amount * _UNIT_SECONDS[unit]))
    if unit in ("d", "w"):
        return ref.date() + timedelta(days=amount * (7 if unit == "w" else 1))
    from dateutil.relativedelta import relativedelta

    months = amount * (12 if unit == "y" else 1)
    return ref.date() + relativedelta(months=months)


# Month names dateutil knows (English), with the Polish ones (as written in dates: "5 listopada",
# and on their own: "listopad") and the Indonesian ones, so "5 listopada 2026" and "5 Mei 2026" read;
# Hindi ones are translated first (`english_months`).
MONTHS = (
    ("Jan", "January", "sty", "stycznia", "styczeń", "styczen", "Januari"),
    ("Feb", "February", "lut", "lutego", "luty", "Februari", "Pebruari"),
    ("Mar", "March", "marca", "marzec", "Maret"),
    ("Apr", "April", "kwi", "kwietnia", "kwiecień", "kwiecien"),
    ("May", "maj", "maja", "Mei"),
    ("Jun", "June", "cze", "czerwca", "czerwiec", "Juni"),
    ("Jul", "July", "lip", "lipca", "lipiec", "Juli"),
    ("Aug", "August", "sie", "sierpnia", "sierpień", "sierpien", "Agustus", "Agu", "Agt"),
    ("Sep", "Sept", "September", "wrz", "września", "wrzesnia", "wrzesień", "wrzesien"),
    ("Oct", "October", "paź", "paz", "października", "pazdziernika", "październik", "pazdziernik", "Okt", "Oktober"),
    ("Nov", "November", "lis", "listopada", "listopad", "Nopember"),
    ("Dec", "December", "gru", "grudnia", "grudzień", "grudzien", "Des", "Desember"),
)
_PARSER_INFO = None
# Hindi month names (with anusvara or half nasal, with or without nukta): dateutil splits
# Devanagari words at their vowel signs, so these are put in English before it reads a text.
_HINDI_MONTHS = {
    "जनवरी": "January", "फरवरी": "February", "फ\u093cरवरी": "February", "मार्च": "March", "अप्रैल": "April",
    "मई": "May", "जून": "June", "जुलाई": "July", "अगस्त": "August", "सितंबर": "September", "सितम्बर": "September",
    "अक्टूबर": "October", "अक्तूबर": "October", "नवंबर": "November", "नवम्बर": "November", "दिसंबर": "December",
    "दिसम्बर": "December",
}  # fmt: skip
_HINDI_MONTH = re.compile(r"(?<![\u0900-\u097f])(" + "|".join(_HINDI_MONTHS) + r")(?![\u0900-\u097f])")


def english_months(text: str) -> str:
    """`text` with Hindi month names in English ("5 दिसंबर 2026" -> "5 December 2026")."""
    if not any("\u0900" <= char <= "\u097f" for char in text):
        return text
    import unicodedata

    return _HINDI_MONTH.sub(lambda found: _HINDI_MONTHS[found.group(1)], unicodedata.normalize("NFC", text))


def parser_info():
    """dateutil's parser settings with the month names above (made once, on first need)."""
    global _PARSER_INFO
    if _PARSER_INFO is None:
        from dateutil import parser

        _PARSER_INFO = type("Months", (parser.parserinfo,), {"MONTHS": list(MONTHS)})()
    return _PARSER_INFO


def set_day_order(order: Callable[[], str], note: Callable[[str], None]) -> None:
    """Where the order of a date that reads both ways comes from, and where the note goes."""
    global _order, _note
    _order, _note = order, note


# Day and month as numbers, the year last: 5/12/2026, 05.12.2026, 5-12-26 (then maybe a time).
NUMERIC_DATE = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:[ T]+(.*))?$")


def _both_ways(raw: str) -> bool:
    """Could `raw` be day-first as well as month-first (5/12/2026, not 25/12/2026 or 5/5/2026)?"""
    match = NUMERIC_DATE.match(raw)
    if not match or len(match.group(1)) > 2 or len(match.group(3)) not in (2, 4):
        return False
    first, second = int(match.group(1)), int(match.group(2))
    return first != second and 1 <= first <= 12 and 1 <= second <= 12


def _parse_free(raw: str, ref: datetime, what: str) -> When:
    from dateutil import parser

    order = _order() if _both_ways(raw) else None
    try:
        info = parser_info()
        text = english_months(raw)
        dayfirst = order == "day-first"
        first = parser.parse(text, parserinfo=info, dayfirst=dayfirst,
                             default=datetime(ref.year, ref.month, ref.day, 0, 0, 0))  # fmt: skip
        second = parser.parse(text, parserinfo=info, dayfirst=dayfirst,
                              default=datetime(ref.year, ref.month, ref.day, 1, 1, 1))  # fmt: skip
    except (ValueError, OverflowError, parser.ParserError) as error:
        why = ": the month has no such day" if "out of range for month" in str(error) else ""  # 31 Nov
        raise BadInput(f"cannot read {what} {raw!r}{why}", DATE_HINT) from None
    if order == "":
        _note(f"relmgr: note: read {what} {raw!r} month first, as {first.day} {first:%B %Y}; "
              "`relmgr config set dates.order day-first` reads it as day/month")  # fmt: skip
    if first == second:
        return localize(first)  # the text named a time
    if (first.hour, first.minute, first.second) == (0, 0, 0) and second.time() == time(1, 1, 1):
        return first.date()
    return localize(first)


FUTURE_GRACE = timedelta(minutes=1)


def happened(
    when: When | None, *, what: str = "--at", not_before: datetime | None = None, before_what: str = "that"
) -> datetime:
    """When something happened: now by default, a time as given, a day at the current clock time.

    Never in the future (beyond a minute of clock skew) and never before `not_before`
    (`before_what` names it in the error, e.g. "the complaint was opened")."""
    current = now()
    if when is None:
        moment = current
    elif isinstance(when, datetime):
        moment = localize(when)
    else:
        moment = localize(datetime.combine(when, current.time().replace(tzinfo=None)))
    if moment > current + FUTURE_GRACE:
        raise BadInput(f"{what} {iso(moment)} is in the future", "give a time that has already happened")
    if not_before is not None and moment < not_before:
        raise BadInput(f"{what} {iso(moment)} is before {before_what} ({iso(not_before)})", "give a later time")
    return moment


def parse_date(text: str, *, reference: datetime | None = None, what: str = "date") -> date:
    """Read a calendar date (a time given is reduced to its local day)."""
    return day_of(parse_when(text, reference=reference, what=what))


def parse_duration(text: str, *, what: str = "duration") -> timedelta:
    """Read a duration such as 30d, 4h, 2w, 90min, or in words: 3 hours, 2 weeks."""
    amount, unit = _duration(text, what)
    return timedelta(seconds=amount * _UNIT_SECONDS[unit])


def duration_text(text: str, *, what: str = "duration") -> str:
    """A duration as relmgr writes it: "3 hours" is 3h, "2 Weeks" 2w."""
    amount, unit = _duration(text, what)
    return f"{amount}{unit}"


def _duration(text: str, what: str) -> tuple[int, str]:
    match = _DURATION.match((text or "").strip().lower())
    unit = _UNITS.get(match.group(2)) if match else None
    if unit in _UNIT_SECONDS:
        if int(match.group(1)) * _UNIT_SECONDS[unit] > MAX_SPAN.total_seconds():
            raise BadInput(f"{what} {text!r} is longer than a hundred years", "give a shorter one, e.g. 30d")
        return int(match.group(1)), unit
    if match and match.group(2) == "m":
        raise BadInput(f"{what} {text!r}: minutes or months?", f"write {match.group(1)}min for minutes; a month "
                       "is no fixed span: give days or weeks, e.g. 30d")  # fmt: skip
    if unit in ("m", "y"):
        raise BadInput(f"{what} {text!r}: months and years differ in length", "give days or weeks, e.g. 30d")
    raise BadInput(f"cannot read {what} {text!r}", "use a number and a unit: 90min, 4h, 30d, 2w")


def window_days(text: str, *, what: str = "window") -> int:
    """How many days a window ahead of today spans: 30d, 12w, or calendar months and years (6m, 1y)."""
    match = re.match(r"^(\d+)\s*([a-z]+)$", (text or "").strip().lower())
    unit = _UNITS.get(match.group(2)) if match else None
    if unit in ("m", "y"):
        if int(match.group(1)) > (1200 if unit == "m" else 100):
            raise BadInput(f"{what} {text!r} is longer than a hundred years", "give a shorter one, e.g. 90d")
        start = today()
        return (_shift(datetime.combine(start, time()), int(match.group(1)), unit) - start).days
    try:
        return parse_duration(text, what=what).days
    except BadInput:
        if unit in _UNIT_SECONDS:  # read, but too long
            raise
        raise BadInput(f"cannot read {what} {text!r}", "use a number and a unit: 90d, 12w, 6m, 1y") from None


def format_duration(delta: timedelta) -> str:
    """Say a span in words the way a person would: 2d 4h, 3h, 45min."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {mins}min" if mins else f"{hours}h"
    return f"{mins}min"
