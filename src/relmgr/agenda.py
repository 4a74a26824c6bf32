"""The agenda: what an account manager must look at today, most urgent first (SPEC §8).

Every section is answered from an index (follow-ups by owner, status and due day; clients by
owner, status, tier and last-touch time), fetching at most `limit` rows and counting the rest,
so a book of 100,000 clients answers as fast as one of 100. Sections whose records arrive with
later features (complaints, renewals, opportunities) are filled by their own modules when present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from relmgr import dates, records, settings
from relmgr.db import Book, to_utc
from relmgr.followups import SELECT as FOLLOWUP_SELECT

RENEWAL_WINDOW_DAYS = 30
SECTIONS = ("overdue", "today", "complaints", "renewals", "stale", "opportunities", "upcoming")


@dataclass
class Section:
    items: list[dict] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.items))


@dataclass
class Agenda:
    as_of: date
    owners: list[str] | None
    days: int
    sections: dict[str, Section]
    covering: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        data: dict = {name: self.sections[name].items for name in SECTIONS}
        data["as_of"] = self.as_of.isoformat()
        data["owners"] = self.owners
        data["covering"] = self.covering
        data["totals"] = {name: self.sections[name].total for name in SECTIONS}
        return data


def _owner_clause(column: str, owners: list[str] | None) -> tuple[str, list]:
    if owners is None:
        return "", []
    return f" AND {column} IN ({', '.join('?' for _ in owners)})", list(owners)


def _followups(book: Book, day_clause: str, day_params: list, owners, limit: int, as_of: date) -> Section:
    owner_sql, owner_params = _owner_clause("f.owner", owners)
    # Archived clients are few: excluding them through their own partial index lets the count
    # run on the follow-up index alone instead of looking up every row's client.
    where = (
        f"f.status = 'open' AND {day_clause}{owner_sql} "
        "AND f.client_id NOT IN (SELECT id FROM clients INDEXED BY clients_archived WHERE archived = 1)"
    )
    params = [*day_params, *owner_params]
    total = book.value(f"SELECT count(*) FROM followups f WHERE {where}", params)
    tail = " LIMIT ?" if limit else ""
    rows = book.rows(
        f"{FOLLOWUP_SELECT} WHERE {where} ORDER BY f.due_day, f.due, f.id{tail}",
        [*params, *([limit] if limit else [])],
    )
    items = [
        records.present("followup", row, days_overdue=(as_of - date.fromisoformat(row["due_day"])).days) for row in rows
    ]
    return Section(items, total)


def _complaints(book: Book, day: date, owners: list[str] | None, limit: int) -> Section:
    from relmgr import complaints

    current = dates.now()
    moment = (
        current if day == current.date() else dates.localize(datetime.combine(day, current.time().replace(tzinfo=None)))
    )
    rows, total = complaints.needing_attention(book, moment, owners, limit)
    return Section([complaints.describe(book, row) for row in rows], total)


def _stale_item(row: dict, as_of: date, cadence: int) -> dict:
    since = (as_of - dates.day_of(dates.from_iso(row["last_touch"]))).days
    return {"id": row["id"], "client": row["name"], "tier": row["tier"], "owner": row["owner"],
            "last_contact_at": records.local_time(row["last_contact_at"]), "days_since_contact": since,
            "cadence_days": cadence, "days_overdue": since - cadence, "health": None, "why": []}  # fmt: skip


def stale_clients(book: Book, as_of: date, owners: list[str] | None, limit: int) -> Section:
    """Active clients gone quiet past their tier's cadence (most overdue first), then those whose
    health fell below `health.at_risk` (worst first), each with why."""
    from relmgr import health

    cadence = settings.cadence_days(book)
    owner_sql, owner_params = _owner_clause("owner", owners)
    found, total = [], 0
    for tier, days in cadence.items():
        cutoff = to_utc(dates.start_of(as_of - timedelta(days=days)))
        where = f"status = 'active' AND archived = 0 AND tier = ? AND last_touch < ?{owner_sql}"
        params = [tier, cutoff, *owner_params]
        total += book.value(f"SELECT count(*) FROM clients WHERE {where}", params)
        tail = " LIMIT ?" if limit else ""
        rows = book.rows(f"SELECT * FROM clients WHERE {where} ORDER BY last_touch{tail}",
                         [*params, *([limit] if limit else [])])  # fmt: skip
        found += [_stale_item(row, as_of, days) for row in rows]
    found.sort(key=lambda item: (-item["days_overdue"], item["client"]))
    for item in found:
        item["why"] = [f"{item['days_since_contact']} days since contact; tier {item['tier']} allows "
                       f"{item['cadence_days']}"]  # fmt: skip
    threshold = int(settings.get(book, "health.at_risk"))
    moment = dates.localize(datetime.combine(as_of, dates.now().time().replace(tzinfo=None)))
    troubled = health.troubled(book, owners, now=moment)
    low = {cid: s for cid, s in health.scores(book, troubled, now=moment).items() if s["score"] < threshold}
    listed = {item["id"]: item for item in found}
    extra = []
    for client_id, score in sorted(low.items(), key=lambda pair: pair[1]["score"]):
        item = listed.get(client_id)
        if item is None:
            row = book.row("SELECT * FROM clients WHERE id = ?", (client_id,))
            item = _stale_item(row, as_of, cadence[row["tier"]])
            extra.append(item)
            total += 1
        item["health"] = score["score"]
        item["why"] = [f"{f['factor']}: {f['why']} (-{f['points']})" for f in score["factors"]]
    found += extra
    return Section(found[:limit] if limit else found, total)


def build(
    book: Book,
    *,
    as_of: date | None = None,
    owners: list[str] | None,
    days: int = 7,
    limit: int = 25,
    covering: list[str] | None = None,
) -> Agenda:
    """The agenda of `owners` (None: everyone) as of a day, plus the books in `covering`.

    Items of a covered owner carry `cover_for` (that owner's name); others carry None.
    """
    from relmgr import contracts, opportunities

    day = as_of or dates.today()
    covering = [owner for owner in covering or [] if owners is None or owner not in owners]
    everyone = None if owners is None else [*owners, *covering]
    iso_day = day.isoformat()
    horizon = (day + timedelta(days=days)).isoformat()
    sections = {name: Section() for name in SECTIONS}
    sections["overdue"] = _followups(book, "f.due_day < ?", [iso_day], everyone, limit, day)
    sections["today"] = _followups(book, "f.due_day = ?", [iso_day], everyone, limit, day)
    sections["complaints"] = _complaints(book, day, everyone, limit)
    terms, total = contracts.renewals(book, within_days=RENEWAL_WINDOW_DAYS, owners=everyone, as_of=day, limit=limit)
    sections["renewals"] = Section([contracts.describe(row) for row in terms], total)
    sections["stale"] = stale_clients(book, day, everyone, limit)
    waiting, total = opportunities.waiting_on_sales(book, day, everyone, limit)
    sections["opportunities"] = Section([opportunities.describe(row) for row in waiting], total)
    sections["upcoming"] = _followups(
        book, "f.due_day > ? AND f.due_day <= ?", [iso_day, horizon], everyone, limit, day
    )
    for section in sections.values():
        for item in section.items:
            item["cover_for"] = item.get("owner") if item.get("owner") in covering else None
    return Agenda(day, owners, days, sections, covering)
