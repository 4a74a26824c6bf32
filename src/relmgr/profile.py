"""A client's whole picture in one read: the data behind `client show` (and the meeting brief).

Built from each noun's own queries; returns user-visible records (see `relmgr.records`), so the
CLI only draws it and `--json` prints it as it is.
"""

from __future__ import annotations

from relmgr import (
    clients,
    competitors,
    complaints,
    contacts,
    contracts,
    feedback,
    followups,
    health,
    interactions,
    opportunities,
    records,
)
from relmgr.db import Book


def profile(book: Book, client_id: int) -> dict:
    """The client with contacts, open follow-ups and complaints, terms, opportunities, feedback,
    recent interactions and competitors (noted ones, and those that took a churned term)."""
    row = clients.get(book, client_id)
    terms = contracts.for_client(book, client_id)
    rivals = [records.present("competitor", k) for k in competitors.at_client(book, client_id)]
    rivals += [
        {"id": None, "client": row["name"], "competitor": t["lost_to"],
         "note": f"took contract #{t['id']} (ended {t['end']})", "created_at": records.local_time(t["outcome_at"])}
        for t in terms if t["lost_to"]
    ]  # fmt: skip
    latest = feedback.latest_for_client(book, client_id)
    return records.present(
        "client", row,
        contacts=[records.present("contact", c) for c in contacts.for_client(book, client_id)],
        open_followups=[records.present("followup", f) for f in followups.open_for_client(book, client_id)],
        open_complaints=[complaints.describe(book, k) for k in complaints.open_for_client(book, client_id)],
        contracts=[contracts.describe(t) for t in terms],
        open_opportunities=[opportunities.describe(o) for o in opportunities.open_for_client(book, client_id)],
        latest_feedback={kind: records.present("feedback", f) if f else None for kind, f in latest.items()},
        recent_interactions=[records.present("interaction", i) for i in interactions.recent(book, client_id)],
        competitors=rivals,
        health=health.scores(book, [client_id])[client_id],
    )  # fmt: skip
