"""The agenda as an iCalendar file (RFC 5545) that Google Calendar, Outlook and Thunderbird import.

Written by hand rather than with a library: the subset needed (VEVENTs with a date or a UTC time)
is a few dozen lines, and the rules that trip writers up are all here — CRLF line endings, lines
folded at 75 octets without splitting a UTF-8 character, text escaped (backslash, semicolon,
comma, newline), and stable UIDs (`followup-12@relmgr`), so importing the file again updates the
events instead of duplicating them. The tests read it back with the independent `icalendar`
package.
"""

from __future__ import annotations

from datetime import datetime, timezone

from relmgr import dates, money

PRODID = "-//relmgr//relmgr agenda//EN"


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _event(uid: str, summary: str, when: str, *, description: str, modified: str, stamp: str) -> list[str]:
    if len(when) == 10:
        start = [f"DTSTART;VALUE=DATE:{when.replace('-', '')}"]
    else:
        start = [f"DTSTART:{_utc(dates.from_iso(when))}", "DURATION:PT30M"]
    changed = dates.from_iso(modified)
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        *start,
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"LAST-MODIFIED:{_utc(changed)}",
        f"SEQUENCE:{int(changed.timestamp()) - 1_700_000_000}",
        "END:VEVENT",
    ]


def agenda_calendar(followups: list[dict], terms: list[dict]) -> str:
    """An iCalendar text of open follow-ups (stored rows) and renewal decision dates (stored rows)."""
    stamp = _utc(dates.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             "X-WR-CALNAME:relmgr agenda"]  # fmt: skip
    for row in followups:
        lines += _event(
            f"followup-{row['id']}@relmgr", f"{row['client']}: {row['title']}", row["due"],
            description=f"relmgr follow-up #{row['id']} for {row['client']} (owner {row['owner']})."
            f" Mark it done with: relmgr followup done {row['id']}",
            modified=row["updated_at"], stamp=stamp,
        )  # fmt: skip
    for row in terms:
        verb = "give notice or let it renew" if row["auto_renew"] else "renew or lose it"
        lines += _event(
            f"contract-{row['id']}-decision@relmgr",
            f"Renewal decision: {row['client']} ({money.show(row['value'], row['currency'])}/yr)",
            row["decision_date"],
            description=f"Contract #{row['id']} {row['title'] or ''} ends {row['end']}: {verb}."
            f" relmgr contract show {row['id']}",
            modified=row["updated_at"], stamp=stamp,
        )  # fmt: skip
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
