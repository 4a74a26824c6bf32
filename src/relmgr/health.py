"""Client health: a score from 100 down, with the reasons that lowered it.

Five factors, each able to take off at most its weight (setting `health.weights`, default
contact 30, complaints 30, satisfaction 20, renewal 10, escalations 10):

- contact: nothing off within the tier's cadence; then linearly up to the full weight at twice
  the cadence without contact.
- complaints: each open complaint takes critical 15, high 10, medium 5, low 2 points, doubled
  when breached, up to the weight.
- satisfaction: the latest CSAT (1-2 the full weight, 3 half) or NPS (0-6 full, 7-8 a quarter),
  whichever is worse.
- renewal: the full weight while an active term's decision date is within 30 days or past.
- escalations: 5 points for each escalation in the last 90 days, up to the weight.

Scores are computed in batches (one query per factor for all the clients asked about), so
`client list --sort health` stays quick; the agenda computes them only for clients that have a
signal beyond silence, since silence alone can take off at most 30 points.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from relmgr import dates, records, settings, sla
from relmgr.db import Book, to_utc
from relmgr.rounding import half_up

SEVERITY_POINTS = {"critical": 15, "high": 10, "medium": 5, "low": 2}
RENEWAL_WINDOW = 30
ESCALATION_WINDOW = 90


def _marks(ids: list[int]) -> str:
    return ", ".join("?" for _ in ids)


def scores(book: Book, client_ids: list[int], *, now: datetime | None = None) -> dict[int, dict]:
    """{client id: {"score": 0-100, "factors": [{"factor", "points", "why"}]}} for each client."""
    moment = now or dates.now()
    today = moment.date()
    weights = settings.parse_weights(settings.get(book, "health.weights"))
    cadence = settings.cadence_days(book)
    result: dict[int, dict] = {}
    for start in range(0, len(client_ids), 500):
        chunk = client_ids[start : start + 500]
        for client_id, factors in _factors(book, chunk, moment, today, weights, cadence).items():
            lost = sum(f["points"] for f in factors)
            result[client_id] = {"score": max(0, 100 - lost), "factors": sorted(factors, key=lambda f: -f["points"])}
    return result


def _factors(book, ids, moment, today, weights, cadence) -> dict[int, list[dict]]:
    factors: dict[int, list[dict]] = {client_id: [] for client_id in ids}

    def add(client_id: int, factor: str, points: float, why: str) -> None:
        points = min(weights[factor], int(half_up(points)))
        if points > 0:
            factors[client_id].append({"factor": factor, "points": points, "why": why})

    for row in book.rows(f"SELECT id, tier, last_touch, last_contact_at FROM clients WHERE id IN ({_marks(ids)})", ids):
        days = (today - dates.day_of(dates.from_iso(row["last_touch"]))).days
        allowed = cadence[row["tier"]]
        if days > allowed:
            points = weights["contact"] * min(days - allowed, allowed) / allowed  # full weight at twice the cadence
            never = " (never contacted)" if row["last_contact_at"] is None else ""
            add(row["id"], "contact", points,
                f"{days} days since contact{never}; tier {row['tier']} allows {allowed}")  # fmt: skip
    complaint_points: dict[int, list] = {}
    for row in book.rows(
        f"SELECT * FROM complaints WHERE client_id IN ({_marks(ids)}) AND status IN ('open', 'responded', 'escalated')",
        ids,
    ):
        breached = sla.standing(row, moment)["breached"]
        points = SEVERITY_POINTS[row["severity"]] * (2 if breached else 1)
        complaint_points.setdefault(row["client_id"], []).append((points, row["severity"], breached))
    for client_id, found in complaint_points.items():
        breached = sum(1 for _, _, b in found if b)
        label = records.count(len(found), "open complaint") + (f", {breached} breached" if breached else "")
        add(client_id, "complaints", sum(p for p, _, _ in found), label)
    worst: dict[int, tuple[float, str]] = {}
    for row in book.rows(
        f"SELECT client_id, kind, score, at FROM (SELECT f.*, row_number() OVER (PARTITION BY client_id, kind "
        f"ORDER BY at DESC, id DESC) AS n FROM feedback f WHERE client_id IN ({_marks(ids)})) WHERE n = 1",
        ids,
    ):
        share = _unhappiness(row["kind"], row["score"])
        if share > worst.get(row["client_id"], (0.0, ""))[0]:
            worst[row["client_id"]] = (share, f"latest {row['kind'].upper()} {row['score']} ({row['at'][:10]})")
    for client_id, (share, why) in worst.items():
        add(client_id, "satisfaction", weights["satisfaction"] * share, why)
    horizon = (today + timedelta(days=RENEWAL_WINDOW)).isoformat()
    for row in book.rows(
        f"SELECT client_id, min(decision_date) AS decide FROM contracts WHERE client_id IN ({_marks(ids)}) "
        "AND status = 'active' AND decision_date <= ? GROUP BY client_id",
        [*ids, horizon],
    ):
        left = (date.fromisoformat(row["decide"]) - today).days
        when = f"passed {-left} days ago" if left < 0 else f"in {left} days"
        add(row["client_id"], "renewal", weights["renewal"], f"renewal decision {when}")
    since = to_utc(moment - timedelta(days=ESCALATION_WINDOW))
    for row in book.rows(
        f"SELECT k.client_id, count(*) AS n FROM complaint_events e JOIN complaints k ON k.id = e.complaint_id "
        f"WHERE k.client_id IN ({_marks(ids)}) AND e.action = 'escalated' AND e.at >= ? GROUP BY k.client_id",
        [*ids, since],
    ):
        label = f"{records.count(row['n'], 'escalation')} in the last 90 days"
        add(row["client_id"], "escalations", 5 * row["n"], label)
    return factors


def _unhappiness(kind: str, score: int) -> float:
    if kind == "csat":
        return 1.0 if score <= 2 else 0.5 if score == 3 else 0.0
    return 1.0 if score <= 6 else 0.25 if score <= 8 else 0.0


def troubled(book: Book, owners: list[str] | None, *, now: datetime | None = None) -> list[int]:
    """Active clients (of `owners`) with a signal beyond silence: the only ones that can score low."""
    where, params = (f"AND c.owner IN ({_marks(owners)})", list(owners)) if owners else ("", [])
    today = (now or dates.now()).date()
    horizon = (today + timedelta(days=RENEWAL_WINDOW)).isoformat()
    since = to_utc((now or dates.now()) - timedelta(days=ESCALATION_WINDOW))
    query = (
        f"SELECT DISTINCT c.id FROM clients c WHERE c.status = 'active' AND c.archived = 0 {where} AND c.id IN ("
        "SELECT client_id FROM complaints WHERE status IN ('open', 'responded', 'escalated') UNION "
        "SELECT client_id FROM contracts WHERE status = 'active' AND decision_date <= ? UNION "
        "SELECT client_id FROM feedback WHERE (kind = 'csat' AND score <= 3) OR (kind = 'nps' AND score <= 8) UNION "
        "SELECT k.client_id FROM complaint_events e JOIN complaints k ON k.id = e.complaint_id "
        "WHERE e.action = 'escalated' AND e.at >= ?)"
    )
    return [row[0] for row in book.execute(query, [*params, horizon, since])]
