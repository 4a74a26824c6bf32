"""Reading and writing single cells of CSV/JSON files: dates, times, money, enums, booleans.

Speed matters here (an import may read a million rows), so the common case is a direct
`fromisoformat`; `dateutil` is imported only for what ISO parsing cannot read, and stored UTC
times are turned into local ones through a per-hour offset cache.

Dates written the way people in India, Poland and Indonesia write them (31/01/2026, 31.01.2026,
31-01-2026) and the American way (01/31/2026) are read only when they cannot be mistaken:
a value like 05/03/2026 is refused unless the import says `--dayfirst` or `--monthfirst`.
"""

from __future__ import annotations

import math
import re
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from relmgr.dates import NUMERIC_DATE, RANGE_HINT, iso_time, localize, out_of_range
from relmgr.records import MAX_ID

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TRUE = {"true", "yes", "y", "1", "x", "✓", "tak", "ya", "हाँ", "t"}
FALSE = {"false", "no", "n", "0", "", "nie", "tidak", "f"}


class CellError(ValueError):
    """A cell that cannot be read; the message says what is wrong with it."""


def _needs_quote(text: str) -> bool:
    """Would a spreadsheet run this (or is it a quote in front of something it would run)?"""
    if text.startswith(FORMULA_START):
        return True
    return text[:1] == "'" and _needs_quote(text[1:])


def protect(text: str) -> str:
    """Neutralise a spreadsheet formula: a cell starting with = + - @ tab or CR gets a leading '.

    A cell that already starts with such a quote gets one more, so `unprotect` is its exact inverse."""
    return "'" + text if _needs_quote(text) else text


def unprotect(text: str) -> str:
    """Reverse `protect`."""
    return text[1:] if text[:1] == "'" and _needs_quote(text[1:]) else text


class DateReader:
    """Reads dates and times from a file, knowing whether it writes day or month first."""

    def __init__(self, dayfirst: bool = False, monthfirst: bool = False):
        self.dayfirst = dayfirst
        self.monthfirst = monthfirst

    def date(self, text: str) -> date:
        try:
            value = date.fromisoformat(text)
        except ValueError:
            value = self._other(text)
        return _kept(value.date() if isinstance(value, datetime) else value, text)

    def time(self, text: str) -> datetime:
        """An aware time; a bare date means its local midnight; naive times are local."""
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            value = iso_time(text) or self._other(text)
        if not isinstance(value, datetime):
            value = datetime.combine(value, datetime.min.time())
        return localize(_kept(value, text))

    def utc(self, text: str, *, in_utc: bool = False) -> str:
        """A time as stored (UTC text); a time that carries its offset goes straight to UTC. A time
        without one is local, or (`in_utc`: its column said so, `Created (UTC)`) UTC."""
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            value = iso_time(text)
            if value is None:
                if not in_utc:
                    return utc_text(self.time(text))
                value = self._other(text)
                if not isinstance(value, datetime):
                    value = datetime.combine(value, datetime.min.time())
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc) if in_utc else localize(_kept(value, text))
        return _kept(value, text).astimezone(timezone.utc).isoformat(timespec="seconds")

    def when(self, text: str) -> date | datetime:
        """A date if the text names only a day, else an aware time."""
        if len(text) == 10:
            try:
                return _kept(date.fromisoformat(text), text)
            except ValueError:
                pass
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            value = iso_time(text) or self._other(text)
        _kept(value, text)
        return localize(value) if isinstance(value, datetime) else value

    def _other(self, text: str) -> date | datetime:
        match = NUMERIC_DATE.match(text.strip())
        if match:
            return self._numeric(text, *match.groups())
        from dateutil import parser

        from relmgr.dates import english_months, parser_info

        try:
            parsed = parser.parse(english_months(text), parserinfo=parser_info(), dayfirst=self.dayfirst)
        except (ValueError, OverflowError):
            raise CellError(f"cannot read {text!r} as a date") from None
        return parsed

    def _numeric(self, text: str, a: str, b: str, c: str, rest: str | None) -> date | datetime:
        if len(a) == 4:  # 2026/01/31 or 2026.01.31: year first is never ambiguous
            year, month, day = int(a), int(b), int(c)
        elif len(c) == 4 or len(c) == 2:
            year = int(c) if len(c) == 4 else 2000 + int(c)
            first, second = int(a), int(b)
            if self.dayfirst:
                day, month = first, second
            elif self.monthfirst:
                month, day = first, second
            elif first > 12 >= second:
                day, month = first, second
            elif second > 12 >= first or first == second:  # 05/05/2026 reads the same both ways
                month, day = first, second
            elif first > 12 and second > 12:  # 32/13/2026: neither way round
                raise CellError(f"{text!r} is not a real date")
            else:
                raise CellError(
                    f"{text!r} could be day-first or month-first; pass --dayfirst (31/01/2026) or --monthfirst "
                    "(01/31/2026)"
                )
        else:
            raise CellError(f"cannot read {text!r} as a date")
        try:
            day_value = date(year, month, day)
        except ValueError:
            raise CellError(f"{text!r} is not a real date") from None
        if not rest:
            return day_value
        try:
            clock = datetime.strptime(rest.strip().upper().replace(".", ":"), "%H:%M:%S").time()
        except ValueError:
            try:
                clock = datetime.strptime(rest.strip().upper().replace(".", ":"), "%H:%M").time()
            except ValueError:
                try:
                    clock = datetime.strptime(rest.strip().upper(), "%I:%M %p").time()
                except ValueError:
                    raise CellError(f"cannot read the time in {text!r}") from None
        return datetime.combine(day_value, clock)


def _kept(value, text: str):
    """`value` if its year is one relmgr keeps (see dates.YEARS), else a CellError."""
    if out_of_range(value):
        raise CellError(f"{text!r} is out of range ({RANGE_HINT})")
    return value


def utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


class LocalTimes:
    """Stored UTC texts as local ISO times, fast: the local offset is looked up once per hour."""

    def __init__(self) -> None:
        self._offsets: dict[str, tuple[timedelta, str]] = {}
        self._shown: dict[str, str] = {}  # whole texts: the records of one import share their stamps
        self._zone = time.tzname

    def __call__(self, stored: str | None) -> str | None:
        if not stored:
            return None
        if len(stored) == 10:
            return stored
        if time.tzname != self._zone:  # the process changed its time zone (tests do)
            self._offsets.clear()
            self._shown.clear()
            self._zone = time.tzname
        shown = self._shown.get(stored)
        if shown is None:
            if len(self._shown) >= 4096:
                self._shown.clear()
            shown = self._shown[stored] = self._convert(stored)
        return shown

    def _convert(self, stored: str) -> str:
        hour = stored[:13]
        found = self._offsets.get(hour)
        if found is None:
            local = datetime.fromisoformat(stored).astimezone()
            offset = local.utcoffset() or timedelta()
            found = (offset, local.isoformat()[19:])
            self._offsets[hour] = found
        shifted = datetime.fromisoformat(stored[:19]) + found[0]
        return shifted.isoformat() + found[1]


def money(text: str) -> str:
    """A non-negative exact amount as stored ("1200.50"), written any country's way (see money.decimal_text)."""
    from relmgr.money import decimal_text

    try:
        value = Decimal(decimal_text(text))
    except (ValueError, InvalidOperation):
        raise CellError(f"{text!r} is not an amount") from None
    if value < 0:
        raise CellError(f"{text!r} is not a non-negative amount")
    return format(value, "f")


def boolean(text: str) -> bool:
    key = text.strip().casefold()
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    raise CellError(f"{text!r} is not yes or no (use true or false)")


# `4,0`: a whole number as Excel writes it where the decimal mark is a comma (Poland, Indonesia)
# in a cell formatted with decimals. One or two digits after the comma are never a thousands group.
_DECIMAL_COMMA = re.compile(r"\s*[+-]?\d+,\d{1,2}\s*")


def integer(text: str) -> int:
    written = text.replace(",", ".") if _DECIMAL_COMMA.fullmatch(text) else text
    try:
        number = float(written) if "." in written else int(written)
    except ValueError:
        raise CellError(f"{text!r} is not a whole number") from None
    if not math.isfinite(number) or number != int(number):
        raise CellError(f"{text!r} is not a whole number")
    if abs(number) > MAX_ID:
        raise CellError(f"{text!r} is too large")
    return int(number)


_HTML = re.compile(r"\s*<(?:p|div|br|span|ul|ol|li|b|strong|i|em|u|h[1-6]|table|font|html|body)\b[^>]*>", re.I)
_BLOCKS = {"p", "div", "li", "tr", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}


def plain_text(text: str) -> str:
    """The words of a cell written in HTML (HubSpot keeps call notes as `<p>Dana asked ...</p>`),
    one line per paragraph, line break or list item; any other text as it is."""
    if not _HTML.match(text) or ("</" not in text and "<br" not in text.lower()):
        return text
    from html.parser import HTMLParser

    parts: list[str] = []

    class Words(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "br" or tag in _BLOCKS:
                parts.append("\n")
            if tag == "li":
                parts.append("- ")

        def handle_endtag(self, tag):
            if tag in _BLOCKS:
                parts.append("\n")

        def handle_data(self, data):
            parts.append(data)

    reader = Words(convert_charrefs=True)
    reader.feed(text)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)
