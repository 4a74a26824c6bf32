"""A client's timeline: every event in time order — interactions, complaint events, contract
terms starting, renewing and churning, opportunities, feedback, follow-ups done and competitors
noted (when their note was last written)."""

from __future__ import annotations

from datetime import datetime

from relmgr import dates, money
from relmgr.db import Book, to_utc


def events(book: Book, client_id: int, *, since: dates.When | None = None) -> list[dict]:
    """[{at, type, id, summary}] oldest first; `at` is stored UTC text until presented."""
    found: list[dict] = []

    def add(at: str | None, kind: str, record_id: int, summary: str) -> None:
        if at:
            found.append({"at": at, "type": kind, "id": record_id, "summary": summary})

    for row in book.rows(
        "SELECT i.*, p.name AS contact FROM interactions i LEFT JOIN contacts p ON p.id = i.contact_id "
        "WHERE i.client_id = ? ORDER BY i.id", (client_id,)):  # fmt: skip
        who = f" with {row['contact']}" if row["contact"] else ""
        add(row["at"], row["kind"], row["id"], f"{row['summary']}{who}")
    for row in book.rows(
        "SELECT e.*, k.title, k.id AS complaint FROM complaint_events e JOIN complaints k ON k.id = e.complaint_id "
        "WHERE k.client_id = ? ORDER BY e.id", (client_id,)):  # fmt: skip
        note = f" — {row['note']}" if row["note"] and row["note"] != row["title"] else ""
        add(row["at"], f"complaint {row['action']}", row["complaint"], f"{row['title']} (level {row['level']}){note}")
    for row in book.rows("SELECT * FROM contracts WHERE client_id = ? ORDER BY id", (client_id,)):
        value = money.show(row["value"], row["currency"])
        add(to_utc(dates.start_of(datetime.fromisoformat(row["start"]).date())), "term started", row["id"],
            f"{row['title'] or 'contract'} {row['start']} to {row['end']}, {value}/yr")  # fmt: skip
        if row["status"] == "renewed":
            how = f" ({row['reason']})" if row["reason"] else ""
            add(row["outcome_at"], "term renewed", row["id"], f"{row['title'] or 'contract'} renewed{how}")
        if row["status"] == "churned":
            lost = f" to {row['lost_to']}" if row["lost_to"] else ""
            add(row["outcome_at"], "term churned", row["id"], f"{row['title'] or 'contract'} lost{lost}")
    for row in book.rows("SELECT * FROM opportunities WHERE client_id = ? ORDER BY id", (client_id,)):
        add(row["identified_at"], f"{row['kind']} identified", row["id"], row["title"])
        add(row["forwarded_at"], f"{row['kind']} forwarded", row["id"], f"{row['title']} to {row['forwarded_to']}")
        if row["status"] in ("won", "lost"):
            add(row["closed_at"], f"{row['kind']} {row['status']}", row["id"], row["title"])
    for row in book.rows("SELECT * FROM feedback WHERE client_id = ? ORDER BY id", (client_id,)):
        add(row["at"], row["kind"], row["id"], f"{row['kind'].upper()} {row['score']}"
            + (f": {row['comment']}" if row["comment"] else ""))  # fmt: skip
    for row in book.rows("SELECT * FROM followups WHERE client_id = ? AND status = 'done' ORDER BY id", (client_id,)):
        add(row["done_at"], "follow-up done", row["id"], row["title"])
    for row in book.rows("SELECT * FROM client_competitors WHERE client_id = ? ORDER BY id", (client_id,)):
        add(row["updated_at"], "competitor noted", row["id"],
            row["competitor"] + (f": {row['note']}" if row["note"] else ""))  # fmt: skip
    if since is not None:
        cutoff = to_utc(since if isinstance(since, datetime) else dates.start_of(since))
        found = [event for event in found if event["at"] >= cutoff]
    # Events of one instant keep the order they happened in (a complaint answered, then resolved,
    # in the same second; an opportunity identified, then forwarded): the sort is stable.
    return sorted(found, key=lambda event: event["at"])
