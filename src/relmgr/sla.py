"""Complaint service levels: deadlines from settings, and where a complaint stands against them.

Deadlines run in calendar time from the moment a complaint is opened (or reopened): a critical
complaint opened at 16:00 on Friday must be answered by 18:00 that day, weekend or not. Adding an
absolute duration to an aware time is exact across DST changes; only the display is local.
Everything here is pure except `deadlines`, which reads the settings.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from relmgr import dates, settings
from relmgr.db import Book

SEVERITIES = ("low", "medium", "high", "critical")
OPEN = ("open", "responded", "escalated")
DUE_SOON = timedelta(hours=24)


def durations(book: Book, severity: str) -> tuple[timedelta, timedelta]:
    """(time to respond, time to resolve) for a severity, from settings."""
    return (
        dates.parse_duration(settings.get(book, f"sla.{severity}.respond")),
        dates.parse_duration(settings.get(book, f"sla.{severity}.resolve")),
    )


def deadlines(book: Book, severity: str, opened: datetime) -> tuple[datetime, datetime]:
    """(respond_by, resolve_by) for a complaint of `severity` opened at `opened`."""
    respond, resolve = durations(book, severity)
    return opened + respond, opened + resolve


def answered(complaint: dict) -> bool:
    """Has it had a response? One imported as "responded" without a time has (when is unknown)."""
    return complaint["responded_at"] is not None or complaint["status"] == "responded"


def standing(complaint: dict, now: datetime) -> dict:
    """Where an open complaint stands at `now`: breached?, which deadline is next, time left.

    `complaint` holds stored values (UTC ISO texts); returns {breached, breach, deadline,
    deadline_kind, seconds_left} where seconds_left is negative once overdue.
    """
    if complaint["status"] not in OPEN:
        return {"breached": False, "breach": None, "deadline": None, "deadline_kind": None, "seconds_left": None}
    respond_by = dates.from_iso(complaint["respond_by"])
    resolve_by = dates.from_iso(complaint["resolve_by"])
    unanswered = not answered(complaint)
    late_response = unanswered and now > respond_by
    late_resolution = now > resolve_by
    kind, deadline = ("respond", respond_by) if unanswered and respond_by < resolve_by else ("resolve", resolve_by)
    if late_resolution:
        kind, deadline = "resolve", resolve_by
    breach = "resolve" if late_resolution else ("respond" if late_response else None)
    return {
        "breached": breach is not None,
        "breach": breach,
        "deadline": deadline,
        "deadline_kind": kind,
        "seconds_left": int((deadline - now).total_seconds()),
    }


def words(seconds_left: int | None, kind: str | None = None) -> str:
    """'overdue 2d 4h' or 'due in 3h' (prefixed with what is due when `kind` is given)."""
    if seconds_left is None:
        return ""
    what = f"{kind} " if kind else ""
    span = dates.format_duration(timedelta(seconds=abs(seconds_left)))
    return f"{what}overdue {span}" if seconds_left < 0 else f"{what}due in {span}"
