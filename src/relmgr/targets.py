"""KPI targets: what an owner (or "all", the whole book) aims for in a period, per metric."""

from __future__ import annotations

from relmgr import periods
from relmgr.db import Book, stamp
from relmgr.errors import BadInput
from relmgr.kpi import METRICS

RATES = ("renewal_rate", "nrr", "grr", "csat", "coverage")


def value_of(metric: str, text: str) -> float:
    """A target value: rates as 0.9 or 90%, NPS as a whole number, money as an amount."""
    raw = (text or "").strip()
    try:
        number = float(raw.rstrip("%").replace(",", ""))
    except ValueError:
        raise BadInput(f"target {text!r} is not a number", "e.g. 0.9, 90% or 15000") from None
    if raw.endswith("%") or (metric in RATES and number > 2):
        number /= 100
    if metric == "nps" and not -100 <= number <= 100:
        raise BadInput(f"an NPS target runs from -100 to 100, not {text}")
    if metric != "nps" and number < 0:
        raise BadInput(f"target {text!r} is negative")
    return number


def set_target(book: Book, metric: str, value: str, period: str, owner: str) -> dict:
    """Set (or replace) a target; return it."""
    metric = (metric or "").strip().lower()
    if metric not in METRICS:
        raise BadInput(f"unknown metric {metric!r}", f"metrics: {', '.join(METRICS)}")
    label = periods.parse(period).label
    number = value_of(metric, value)
    now = stamp()
    with book.atomic():
        book.execute(
            "INSERT INTO targets (owner, period, metric, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (owner, period, metric) "
            "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (owner, label, metric, repr(number), now, now),
        )
    return book.row("SELECT * FROM targets WHERE owner = ? AND period = ? AND metric = ?", (owner, label, metric))


def list_targets(book: Book, owner: str | None = None) -> list[dict]:
    where, params = ("WHERE owner = ?", [owner]) if owner else ("", [])
    rows = book.rows(f"SELECT * FROM targets {where} ORDER BY period DESC, owner, metric", params)
    for row in rows:
        row["value"] = float(row["value"])
    return rows
