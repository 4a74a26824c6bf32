"""KPI targets: what an owner (or "all", the whole book) aims for in a period, per metric."""

from __future__ import annotations

from relmgr import money, periods, settings
from relmgr.db import Book, stamp
from relmgr.errors import BadInput, NotFound
from relmgr.kpi import METRICS

RATES = ("renewal_rate", "nrr", "grr", "csat", "coverage")
SHARES = ("renewal_rate", "grr", "csat", "coverage")  # rates that cannot pass 100%
MONEY = ("upsell_won_value",)


def value_of(metric: str, text: str) -> float:
    """A target value: rates as 0.9 or 90%, NPS as a whole number, money as an amount."""
    raw = (text or "").strip()
    try:
        number = float(raw.rstrip("%").replace(",", ""))
    except ValueError:
        raise BadInput(f"target {text!r} is not a number", "e.g. 0.9, 90% or 15000") from None
    if metric == "csat" and not raw.endswith("%") and 1 < number <= 5:
        raise BadInput(f"a csat target of {text} reads like an average score, but csat is the share of CSAT "
                       "answers of 4 or 5", "give that share, e.g. 0.9 or 90%")  # fmt: skip
    if raw.endswith("%") or (metric in RATES and number > 2):
        number /= 100
    if metric == "nps" and not -100 <= number <= 100:
        raise BadInput(f"an NPS target runs from -100 to 100, not {text}")
    if metric != "nps" and number < 0:
        raise BadInput(f"target {text!r} is negative")
    if metric in SHARES and number > 1:
        raise BadInput(f"the {metric} target is a share of at most 100%, not {text}", "e.g. 0.9 or 90%")
    return number


# Words a manager may reach for, and the metrics that measure them.
_MEANINGS = {"retention": "grr or nrr (value kept) or renewal_rate (terms kept)", "churn": "grr or renewal_rate",
             "satisfaction": "csat or nps", "upsell": "upsell_won_value", "contact": "coverage"}  # fmt: skip


def _meant(metric: str) -> str:
    """A hint for an unknown metric: what a word of it means here, or the metric it is a typo of."""
    import difflib

    for word, meant in _MEANINGS.items():
        if word in metric:
            return f"; for {word}, see {meant}"
    close = difflib.get_close_matches(metric, METRICS, n=1, cutoff=0.7)
    return f"; did you mean {close[0]}?" if close else ""


def _metric(text: str) -> str:
    metric = (text or "").strip().lower()
    if metric not in METRICS:
        raise BadInput(f"unknown metric {metric!r}{_meant(metric)}", f"metrics: {', '.join(METRICS)}")
    return metric


def _period(text: str) -> str:
    """The label of the year, quarter, month or week a target is for (a span to date is none of them)."""
    label = periods.parse(text).label
    if ".." in label:
        raise BadInput(f"a target is for a year, quarter, month or week, not {text!r}", "e.g. --period 2026-Q4")
    return label


def set_target(book: Book, metric: str, value: str, period: str, owner: str, *, currency: str | None = None) -> dict:
    """Set (or replace) a target; return it. A money target is in `currency`, else the one its
    amount is written in ("₹10,00,000"), else the book's."""
    metric = _metric(metric)
    label = _period(period)
    if metric in MONEY:
        amount, code = money.priced(value, currency, settings.currency(book), what="target")
        if amount is None:
            raise BadInput("the target is empty", "give an amount, e.g. 15000")
        stored = money.stored(amount)
    elif currency:
        raise BadInput(f"the {metric} target has no currency", "--currency is for upsell_won_value")
    else:
        stored, code = repr(value_of(metric, value)), None
    now = stamp()
    with book.atomic():
        book.execute(
            "INSERT INTO targets (owner, period, metric, value, currency, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, period, metric) "
            "DO UPDATE SET value = excluded.value, currency = excluded.currency, updated_at = excluded.updated_at",
            (owner, label, metric, stored, code, now, now),
        )
    return book.row("SELECT * FROM targets WHERE owner = ? AND period = ? AND metric = ?", (owner, label, metric))


def remove(book: Book, metric: str, period: str, owner: str) -> dict:
    """Remove a target set by mistake (or no longer aimed for); return it."""
    metric = _metric(metric)
    label = _period(period)
    found = book.row("SELECT * FROM targets WHERE owner = ? AND period = ? AND metric = ?", (owner, label, metric))
    if found is None:
        raise NotFound(f"no {metric} target for {owner} in {label}", "see `relmgr target list`")
    with book.atomic():
        book.execute("DELETE FROM targets WHERE id = ?", (found["id"],))
    return found


def list_targets(book: Book, owner: str | None = None) -> list[dict]:
    where, params = ("WHERE owner = ?", [owner]) if owner else ("", [])
    rows = book.rows(f"SELECT * FROM targets {where} ORDER BY period DESC, owner, metric", params)
    return [presented(row) for row in rows]


def presented(row: dict) -> dict:
    """A stored target as users see it: its value a number, a currency only for money."""
    shown = {**row, "value": float(row["value"])}
    if not shown["currency"]:
        del shown["currency"]
    return shown
