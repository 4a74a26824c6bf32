"""KPIs for a period (SPEC §9): clients, renewals, complaints, satisfaction, engagement, growth,
and targets, each with the counts it rests on and the ids behind it (`--explain`).

The ids are listed only when asked for: a figure is defined once, as the query that lists its
records, and counted with `count(*)` over that query otherwise. On a book of 100,000 clients a
report read some 150,000 ids into Python that nobody would see (docs/benchmarks.md).

Rates are fractions (0.75), None when they have no basis. Money sums are kept per currency; GRR,
NRR and upsell value are single figures only when every term involved is in one currency (there
are no exchange rates in the book), else None with the per-currency figures beside them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import compress

from relmgr import dates, records, settings
from relmgr.db import Book, to_utc
from relmgr.periods import Period
from relmgr.rounding import ratio

END = '"end"'  # a contract's end column; END is an SQL keyword
SECTIONS = ("clients", "renewals", "complaints", "satisfaction", "engagement", "growth")
METRICS = ("renewal_rate", "nrr", "grr", "csat", "nps", "upsell_won_value", "coverage")


def _rate(numerator, denominator):
    return None if not denominator else float(numerator) / float(denominator)


def _median(values: list[int], per: int = 1) -> float | None:
    """The median of whole numbers (seconds, days), divided by `per`, to two places."""
    if not values:
        return None
    ordered = sorted(values)
    middle = ordered[(len(ordered) - 1) // 2] + ordered[len(ordered) // 2]
    return ratio(middle, 2 * per, 2)


class Figures:
    """Collects one section's figures and what each rests on; the ids behind them only when
    `ids` is set (--explain)."""

    def __init__(self, ids: bool) -> None:
        self.ids = ids
        self.values: dict = {}
        self.explain: dict = {}

    def add(self, name: str, value, *, numerator=None, denominator=None, ids=None, note: str | None = None):
        self.values[name] = value
        ids = ids if self.ids else None
        self.explain[name] = {
            k: v
            for k, v in (("numerator", numerator), ("denominator", denominator), ("ids", ids), ("note", note))
            if v is not None
        }

    def listed(self, book: Book, sql: str, params: list, order: str = "") -> tuple[int, list | None]:
        """How many records `sql` (a SELECT of their ids) finds and, with ids, which (in `order`)."""
        if self.ids:
            found = book.column(sql + order, params)
            return len(found), found
        return book.value(f"SELECT count(*) FROM ({sql})", params), None


def compute(
    book: Book,
    period: Period,
    *,
    owner: str | None = None,
    as_of: datetime | None = None,
    ids: bool = True,
    silence: bool = True,
) -> dict:
    """Every KPI of SPEC §9 for `period`, restricted to `owner`'s clients when given; with `ids`,
    the records behind each figure in `explain`. Without `silence`, the engagement section leaves
    out the stale clients and the median days since contact (a trend does not show them: for a
    past period, each client's last contact up to its end is most of the report's reading)."""
    now = as_of or dates.now()
    period_end = dates.start_of(period.last + timedelta(days=1))
    moment = min(now, period_end)
    scope = ("AND c.owner = ?", [owner]) if owner else ("", [])

    def here(book: Book) -> dict[str, Figures]:
        standing = _standing(book, scope)
        return {
            "clients": _clients(Figures(ids), book, period, scope, standing),
            "renewals": _renewals(Figures(ids), book, period, scope),
            "satisfaction": _satisfaction(Figures(ids), book, period, scope),
            "engagement": _engagement(Figures(ids), book, period, scope, moment, standing["active"], silence),
        }

    def beside(book: Book) -> dict[str, Figures]:  # about half of a whole book's reading
        return {
            "complaints": _complaints(Figures(ids), book, period, scope, moment),
            "growth": _growth(Figures(ids), book, period, scope),
        }

    found: dict[str, Figures] = {}
    for part in book.read_together(here, beside):
        found.update(part)
    sections = {name: found[name] for name in SECTIONS}
    result = {
        "period": {"label": period.label, "from": period.first.isoformat(), "to": period.last.isoformat()},
        "owner": owner,
        "as_of": dates.iso(moment),
    }
    result.update({name: figures.values for name, figures in sections.items()})
    result["targets"] = _targets(book, period, owner, result)
    result["explain"] = {name: figures.explain for name, figures in sections.items()}
    return result


def _owned(table: str, alias: str, owner_filter: str) -> str:
    """`table`, for one owner reached through the owner's clients (as `c`).

    CROSS JOIN fixes that order: left to itself SQLite starts from the period's index and visits
    every owner's records (8x slower for terms and complaints on a 100,000-client book). The
    whole book needs no join: every record has its client."""
    if owner_filter:
        return f"clients c CROSS JOIN {table} ON {alias}.client_id = c.id"
    return table


def _terms_of(owner_filter: str) -> str:
    return _owned("contracts t", "t", owner_filter)


def _standing(book: Book, scope) -> dict[str, int]:
    """How many clients (not archived) stand at each status now: one pass over a covering index."""
    where, params = scope
    counts = dict(
        book.tuples(
            "SELECT c.status, count(*) FROM clients c "
            f"WHERE c.archived = 0 AND c.status IN ('active', 'prospect', 'at-risk') {where} GROUP BY c.status",
            params,
        )
    )
    return {status: counts.get(status, 0) for status in ("active", "prospect", "at-risk")}


def _clients(out: Figures, book: Book, period: Period, scope, standing: dict[str, int]) -> Figures:
    where, params = scope
    for name, status in (("active", "active"), ("prospects", "prospect"), ("at_risk", "at-risk")):
        ids = None
        if out.ids:
            sql = f"SELECT c.id FROM clients c WHERE c.archived = 0 AND c.status = ? {where} ORDER BY c.id"
            ids = book.column(sql, [status, *params])
        out.add(name, standing[status], ids=ids)
    count, churned = out.listed(
        book,
        f"SELECT DISTINCT t.client_id FROM {_terms_of(where)} WHERE t.status = 'churned' "
        f"AND t.{END} BETWEEN ? AND ? {where}",
        [period.first.isoformat(), period.last.isoformat(), *params],
    )
    out.add("churned_in_period", count, ids=churned, note="clients with a term churned whose end is in the period")
    return out


def _renewals(out: Figures, book: Book, period: Period, scope) -> Figures:
    """Terms ending in the period. Without ids, terms of one status, currency and value (and the
    value they renewed at) are read as one row with their number: the sums stay exact."""
    where, params = scope
    terms = book.tuples(
        f"SELECT t.status, t.currency, t.value, n.value, {'1, t.id' if out.ids else 'count(*), NULL'} "
        f"FROM {_terms_of(where)} LEFT JOIN contracts n ON n.renewed_from = t.id "
        f"WHERE t.{END} BETWEEN ? AND ? {where}" + ("" if out.ids else " GROUP BY 1, 2, 3, 4"),
        [period.first.isoformat(), period.last.isoformat(), *params],
    )
    counts: Counter = Counter()
    ids: dict[str, list] = {"decided": [], "renewed": [], "pending": []}  # (kept only with out.ids)
    by_currency: dict[str, dict] = {}
    for status, currency, value, new_value, number, term in terms:
        counts[status] += number
        if status == "active":
            ids["pending"].append(term)
            continue
        if status not in ("renewed", "churned"):
            continue
        ids["decided"].append(term)
        sums = by_currency.setdefault(currency, {"old": Decimal(0), "kept": Decimal(0), "new": Decimal(0)})
        old = Decimal(value)
        sums["old"] += old * number
        if status == "renewed":
            ids["renewed"].append(term)
            if new_value is not None:
                new = Decimal(new_value)
                sums["kept"] += min(new, old) * number
                sums["new"] += new * number
    decided, renewed = counts["renewed"] + counts["churned"], counts["renewed"]
    out.add("decided", decided, ids=ids["decided"])
    out.add("renewed", renewed, ids=ids["renewed"])
    out.add("renewal_rate", _rate(renewed, decided), numerator=renewed, denominator=decided)
    per_currency = {
        code: {"decided_value": float(s["old"]), "grr": _rate(s["kept"], s["old"]), "nrr": _rate(s["new"], s["old"])}
        for code, s in sorted(by_currency.items())
    }
    single = next(iter(by_currency.values())) if len(by_currency) == 1 else None
    mixed = "terms in several currencies: see by_currency" if len(by_currency) > 1 else None
    out.add(
        "grr",
        _rate(single["kept"], single["old"]) if single else None,
        numerator=float(single["kept"]) if single else None,
        denominator=float(single["old"]) if single else None,
        ids=ids["decided"],
        note=mixed or "sum of min(new, old) over renewed / sum of old over decided",
    )
    out.add(
        "nrr",
        _rate(single["new"], single["old"]) if single else None,
        numerator=float(single["new"]) if single else None,
        denominator=float(single["old"]) if single else None,
        ids=ids["decided"],
        note=mixed or "sum of new over renewed / sum of old over decided",
    )
    out.add("by_currency", per_currency)
    out.add("pending", counts["active"], ids=ids["pending"], note="terms ending in the period, undecided")
    return out


# Each complaint figure is a condition on one complaint `k`, against the period (SINCE, UNTIL)
# and the moment the "now" figures are taken at (AT), all stored UTC texts bound as numbered
# parameters (a one-row CTE holding them cost 11% more instructions: its columns are read again
# for every complaint). One query reads every condition for every complaint that can count; SQLite
# evaluates them (~30% faster than testing each row in Python) and the figures are sums of those
# columns.
SINCE, UNTIL, AT = "?1", "?2", "?3"
_OPENED = f"k.opened_at >= {SINCE} AND k.opened_at < {UNTIL}"
_SETTLED = (  # resolved or closed by then; one imported as settled without a time counts as settled
    f"k.status IN ('resolved', 'closed') AND coalesce(k.resolved_at, k.closed_at, '') <= {AT}"
)
_ANSWERED = "(k.responded_at IS NOT NULL OR k.status = 'responded')"  # as sla.answered
_OPEN_NOW = f"k.opened_at < {AT} AND NOT ({_SETTLED})"


def _history(action: str) -> str:
    return f"SELECT 1 FROM complaint_events e WHERE e.complaint_id = k.id AND e.action = '{action}'"


COMPLAINT_FLAGS = {
    "opened": _OPENED,
    "resolved": f"k.resolved_at >= {SINCE} AND k.resolved_at < {UNTIL}",
    "responded": f"k.responded_at >= {SINCE} AND k.responded_at < {UNTIL}",
    "response_met": f"k.responded_at >= {SINCE} AND k.responded_at < {UNTIL} AND k.responded_at <= k.respond_by",
    "resolution_met": f"k.resolved_at >= {SINCE} AND k.resolved_at < {UNTIL} AND k.resolved_at <= k.resolve_by",
    "escalated": f"{_OPENED} AND EXISTS ({_history('escalated')})",
    "reopened": f"{_OPENED} AND EXISTS ({_history('reopened')})",
    "open_now": _OPEN_NOW,
    "breached_now": f"{_OPEN_NOW} AND (k.resolve_by < {AT} OR (k.respond_by < {AT} "  # past resolve-by, or
    f"AND (NOT {_ANSWERED} OR coalesce(k.responded_at, '') > {AT})))",  # respond-by with no response by then
}


def _seconds_since_opened(later: str) -> str:
    """Whole seconds from opening to `later`, for a complaint opened in the period. Stored times
    are whole seconds, so the difference of Julian days rounds back to them exactly."""
    return f"CASE WHEN {_OPENED} THEN CAST(round((julianday({later}) - julianday(k.opened_at)) * 86400) AS INTEGER) END"


_FIRST_RESPONSE = _seconds_since_opened(
    "(SELECT min(e.at) FROM complaint_events e WHERE e.complaint_id = k.id AND e.action = 'responded')"
)


def _complaints(out: Figures, book: Book, period: Period, scope, moment: datetime) -> Figures:
    where, params = scope
    flags = ", ".join(f"coalesce({condition}, 0)" for condition in COMPLAINT_FLAGS.values())
    rows = book.tuples(
        f"SELECT k.id, {flags}, {_FIRST_RESPONSE}, {_seconds_since_opened('k.resolved_at')} "
        # only complaints that can count: opened before the period (or "now") ends, and not
        # settled before it began. Read in table order (`+` keeps SQLite off the opened_at index):
        # opened before the end of a current period is nearly every complaint, and the index
        # visited each one's row at random, 3x slower
        f"FROM {_owned('complaints k', 'k', where)} WHERE +k.opened_at < max({UNTIL}, {AT}) "
        f"AND NOT (k.status IN ('resolved', 'closed') AND coalesce(k.resolved_at, k.closed_at, {SINCE}) < {SINCE}) "
        f"{where}",  # its parameter, if any, is the fourth: `?` numbers itself after the largest so far
        [period.start, period.end, to_utc(moment), *params],
    ).fetchall()
    complaint_ids, *columns, first, solved = zip(*rows, strict=True) if rows else [()] * (len(COMPLAINT_FLAGS) + 3)
    flagged = dict(zip(COMPLAINT_FLAGS, columns, strict=True))
    counts = {name: sum(column) for name, column in flagged.items()}
    ids = {name: list(compress(complaint_ids, column)) if out.ids else None for name, column in flagged.items()}
    first = [seconds for seconds in first if seconds is not None]
    solved = [seconds for seconds in solved if seconds is not None]
    out.add("opened", counts["opened"], ids=ids["opened"])
    out.add("resolved", counts["resolved"], ids=ids["resolved"])
    out.add(
        "median_first_response_h",
        _median(first, per=3600),
        denominator=len(first),
        note="complaints opened in the period that have a response",
    )
    out.add(
        "median_resolution_h",
        _median(solved, per=3600),
        denominator=len(solved),
        note="complaints opened in the period that are resolved",
    )
    for name, met, basis in (
        ("response_sla_met", "response_met", "responded"),
        ("resolution_sla_met", "resolution_met", "resolved"),
    ):
        out.add(
            name,
            _rate(counts[met], counts[basis]),
            numerator=counts[met],
            denominator=counts[basis],
            ids=ids[basis],
        )
    for name, flag in (("escalation_rate", "escalated"), ("reopen_rate", "reopened")):
        out.add(
            name,
            _rate(counts[flag], counts["opened"]),
            numerator=counts[flag],
            denominator=counts["opened"],
            ids=ids[flag],
        )
    note = f"as of {dates.localize(moment):%Y-%m-%d %H:%M}"
    out.add("open_now", counts["open_now"], ids=ids["open_now"], note=note)
    out.add("breached_now", counts["breached_now"], ids=ids["breached_now"], note=note)
    return out


def _satisfaction(out: Figures, book: Book, period: Period, scope) -> Figures:
    where, params = scope
    rows = book.rows(
        f"SELECT f.id, f.kind, f.score FROM {_owned('feedback f', 'f', where)} WHERE f.at >= ? AND f.at < ? {where}",
        [period.start, period.end, *params],
    )
    csat = [r for r in rows if r["kind"] == "csat"]
    nps = [r for r in rows if r["kind"] == "nps"]
    satisfied = [r["id"] for r in csat if r["score"] >= 4]
    out.add(
        "csat",
        _rate(len(satisfied), len(csat)),
        numerator=len(satisfied),
        denominator=len(csat),
        ids=[r["id"] for r in csat],
        note="share of CSAT scores that are 4 or 5",
    )
    out.add("csat_avg", ratio(sum(r["score"] for r in csat), len(csat), 2) if csat else None, denominator=len(csat))
    promoters = sum(1 for r in nps if r["score"] >= 9)
    detractors = sum(1 for r in nps if r["score"] <= 6)
    out.add(
        "nps",
        int(ratio(100 * (promoters - detractors), len(nps), 0)) if nps else None,
        numerator=promoters - detractors,
        denominator=len(nps),
        ids=[r["id"] for r in nps],
        note=f"{records.count(promoters, 'promoter')} − {records.count(detractors, 'detractor')}",
    )
    out.add("csat_responses", len(csat))
    out.add("nps_responses", len(nps))
    return out


def _engagement(
    out: Figures, book: Book, period: Period, scope, moment: datetime, active: int, silence: bool = True
) -> Figures:
    where, params = scope
    bounds = [period.start, period.end]
    if where:
        count = book.value(
            f"SELECT count(*) FROM interactions i JOIN clients c ON c.id = i.client_id WHERE i.at >= ? AND i.at < ? "
            f"{where}",
            [*bounds, *params],
        )
    else:  # the whole book: answered from the index on `at` alone
        count = book.value("SELECT count(*) FROM interactions WHERE at >= ? AND at < ?", bounds)
    out.add("interactions", count)
    day = moment.date()
    # A client is stale when its last contact is before the start of the local day its tier's
    # cadence allows (as the agenda counts).
    cutoff = {
        tier: to_utc(dates.start_of(day - timedelta(days=days))) for tier, days in settings.cadence_days(book).items()
    }
    past = moment < dates.now() - timedelta(minutes=1)
    covered = None
    if silence and past:  # as of a past moment: the history up to then
        at = to_utc(moment)
        stale, lasts, covered = _past_silence(book, scope, at, cutoff, bounds if at == period.end else None, out.ids)
    elif silence:
        stale, lasts = _silence_now(out, book, scope, cutoff, active)
    touched, ids = covered or _coverage(out, book, scope, bounds)
    out.add(
        "coverage",
        _rate(touched, active),
        numerator=touched,
        denominator=active,
        ids=ids,
        note="active clients with an interaction in the period / active clients",
    )
    if silence:
        out.add("median_days_since_contact", _median_days(lasts, day), denominator=len(lasts) if past else active,
                note=f"as of {day.isoformat()}")  # fmt: skip
        out.add("stale", stale[0], ids=stale[1], note="active clients past their tier's contact cadence")
    return out


def _coverage(out: Figures, book: Book, scope, bounds: list[str]) -> tuple[int, list | None]:
    """The active clients with an interaction in the period (count, ids)."""
    where, params = scope
    if not where and bounds[1] <= to_utc(dates.now()):
        # The whole book, a period that has ended: the clients its interactions name (a month of
        # a 100,000-client book: 40 ms; probing the many contacted since, as below, 60-400 ms).
        return out.listed(
            book,
            "SELECT c.id FROM clients c WHERE c.status = 'active' AND c.archived = 0 "
            "AND c.id IN (SELECT client_id FROM interactions WHERE at >= ? AND at < ?)",
            bounds,
            order=" ORDER BY c.id",
        )
    # A client was contacted in the period when its latest interaction falls in it; only one
    # contacted since needs an index probe into its history (for the current period: almost none).
    return out.listed(
        book,
        f"SELECT c.id FROM clients c WHERE c.status = 'active' AND c.archived = 0 {where} "
        "AND c.last_interaction_at >= ? AND (c.last_interaction_at < ? OR EXISTS "
        "(SELECT 1 FROM interactions i WHERE i.client_id = c.id AND i.at >= ? AND i.at < ?))",
        [*params, *bounds, *bounds],
        order=" ORDER BY c.id",
    )


def _silence_now(out: Figures, book: Book, scope, cutoff: dict[str, str], active: int):
    """The stale clients (count, ids) and the one or two middle last contacts, from `last_touch`:
    the last contact, or when the client was added, as the agenda has it."""
    where, params = scope
    lasts = book.column(  # the one or two in the middle, from the index on last contacts
        f"SELECT c.last_touch FROM clients c WHERE c.status = 'active' AND c.archived = 0 {where} "
        "ORDER BY c.last_touch LIMIT ? OFFSET ?",
        [*params, 2 - active % 2, (active - 1) // 2],
    )
    tier_past_cadence = (  # one range of the index on (status, archived, tier, last touch) a tier
        f"SELECT c.id FROM clients c WHERE c.status = 'active' AND c.archived = 0 {where} "
        "AND c.tier = ? AND c.last_touch < ?"
    )
    stale = out.listed(
        book,
        " UNION ALL ".join(tier_past_cadence for _ in cutoff),
        [value for tier, last in cutoff.items() for value in (*params, tier, last)],
        order=" ORDER BY 1",
    )
    return stale, lasts


def _median_days(lasts: list[str], day: date) -> float | None:
    """The median days from the last contacts `lasts` (all of them, or the middle ones) to `day`.

    Days since contact only fall as the last contact gets later, so the median is worked out from
    the one or two middle last contacts."""
    if not lasts:
        return None
    lasts.sort()
    middle = lasts[(len(lasts) - 1) // 2 : len(lasts) // 2 + 1]
    return _median([(day - dates.day_of(dates.from_iso(last))).days for last in middle])


def _past_silence(
    book: Book, scope, at: str, cutoff: dict[str, str], bounds: list[str] | None, ids: bool
) -> tuple[tuple[int, list | None], list[str], tuple[int, list | None] | None]:
    """As of the past moment `at`: the stale clients (count, ids), the last contact of every active
    client in the book by then and, given the `bounds` of a period `at` ends, the clients
    contacted in it (count, ids), else None.

    A client not contacted since `at` had its latest interaction then; for the others, one seek
    into the (client_id, at) index (a GROUP BY over the history up to `at` read 4x more: the
    whole history, for a period long past). A client was contacted in a period `at` ends when
    that interaction falls in the period (or, on its very end, when an earlier one does): the
    same seeks answer both, where a query of its own for the period sought them again."""
    where, params = scope
    rows = book.tuples(
        "SELECT c.id, c.tier, CASE WHEN c.last_interaction_at <= ? THEN c.last_interaction_at ELSE "
        "(SELECT max(i.at) FROM interactions i WHERE i.client_id = c.id AND i.at <= ?) END, c.created_at "
        f"FROM clients c WHERE c.status = 'active' AND c.archived = 0 {where} ORDER BY c.id",
        [at, at, *params],
    ).fetchall()
    lasts = [seen or created for _, _, seen, created in rows]
    stale = [row[0] for row, last in zip(rows, lasts, strict=True) if last < cutoff[row[1]]]
    lasts = [last for last in lasts if last <= at]  # a client added since had no days since contact then
    covered = None
    if bounds:
        since, until = bounds
        covered = [client for client, _, seen, _ in rows if seen and since <= seen < until]
        on_the_end = [client for client, _, seen, _ in rows if seen == until]  # and maybe before it too
        for first in range(0, len(on_the_end), 500):  # (a day's calls imported by date alone all sit there)
            some = on_the_end[first : first + 500]
            covered += book.column(
                f"SELECT DISTINCT client_id FROM interactions WHERE client_id IN ({', '.join('?' for _ in some)}) "
                "AND at >= ? AND at < ?",
                [*some, since, until],
            )
        if on_the_end:
            covered.sort()
    return (
        (len(stale), stale if ids else None),
        lasts,
        (len(covered), covered if ids else None) if covered is not None else None,
    )


def _growth(out: Figures, book: Book, period: Period, scope) -> Figures:
    where, params = scope
    bounds = [period.start, period.end]
    rows = book.rows(
        "SELECT o.id, o.kind, o.status, o.value, o.currency, o.identified_at, o.forwarded_at, o.closed_at "
        f"FROM {_owned('opportunities o', 'o', where)} "
        "WHERE ((o.identified_at >= ? AND o.identified_at < ?) "
        "OR (o.forwarded_at >= ? AND o.forwarded_at < ?) OR (o.closed_at >= ? AND o.closed_at < ?)) "
        f"{where}",
        [*bounds, *bounds, *bounds, *params],
    )

    def within(value: str | None) -> bool:
        return bool(value) and period.start <= value < period.end

    identified = [o["id"] for o in rows if within(o["identified_at"])]
    forwarded = [o["id"] for o in rows if within(o["forwarded_at"])]
    won = [o for o in rows if o["status"] == "won" and within(o["closed_at"])]
    lost = [o for o in rows if o["status"] == "lost" and within(o["closed_at"])]
    out.add("identified", len(identified), ids=identified)
    out.add("forwarded", len(forwarded), ids=forwarded)
    out.add("won", len(won), ids=[o["id"] for o in won])
    out.add("won_value", _by_currency(won), ids=[o["id"] for o in won if o["value"] is not None])
    out.add("lost", len(lost), ids=[o["id"] for o in lost])
    out.add("win_rate", _rate(len(won), len(won) + len(lost)), numerator=len(won), denominator=len(won) + len(lost))
    upsell = [o for o in won if o["kind"] == "upsell"]
    sums = _by_currency(upsell)
    out.add("upsell_won_by_currency", sums)
    note = None
    if sums:
        note = "several currencies: see upsell_won_by_currency" if len(sums) > 1 else f"in {next(iter(sums))}"
    out.add(
        "upsell_won_value",
        next(iter(sums.values())) if len(sums) == 1 else (0 if not sums else None),
        ids=[o["id"] for o in upsell],
        note=note,
    )
    return out


def _by_currency(rows: list[dict]) -> dict[str, float]:
    sums: dict[str, Decimal] = {}
    for row in rows:
        if row["value"] is not None:
            sums[row["currency"]] = sums.get(row["currency"], Decimal(0)) + Decimal(row["value"])
    return {code: float(total) for code, total in sorted(sums.items())}


def _targets(book: Book, period: Period, owner: str | None, result: dict) -> list[dict]:
    found = book.rows(
        "SELECT metric, value, currency FROM targets WHERE owner = ? AND period = ? ORDER BY metric",
        (owner or "all", period.label),
    )
    where = {
        "renewal_rate": "renewals",
        "nrr": "renewals",
        "grr": "renewals",
        "csat": "satisfaction",
        "nps": "satisfaction",
        "upsell_won_value": "growth",
        "coverage": "engagement",
    }
    targets = []
    for row in found:
        target = float(row["value"])
        actual = result[where[row["metric"]]][row["metric"]]
        shown = {"metric": row["metric"], "target": target}
        if row["currency"]:  # money: what was won in the target's currency, however many others
            actual = result["growth"]["upsell_won_by_currency"].get(row["currency"], 0)
            shown["currency"] = row["currency"]
        attainment = None if actual is None or not target else actual / target
        targets.append({**shown, "actual": actual, "attainment": attainment})
    return targets
