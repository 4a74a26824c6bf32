"""The demo book: about a dozen clients from `examples/demo-book.json`, dated relative to today.

The data file ships inside the wheel (as `relmgr/data/demo-book.json`); an editable install reads
it straight from `examples/`. Owner "@me" becomes whoever runs the demo, so their agenda is full.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from importlib import resources
from pathlib import Path

from relmgr import (
    clients,
    competitors,
    complaints,
    contacts,
    contracts,
    dates,
    feedback,
    followups,
    handovers,
    interactions,
    opportunities,
    settings,
    targets,
)
from relmgr.db import Book
from relmgr.errors import Conflict

REPO_COPY = Path(__file__).resolve().parents[2] / "examples" / "demo-book.json"


def load() -> dict:
    """The demo data, from the installed package or the source tree."""
    packaged = resources.files("relmgr").joinpath("data/demo-book.json")
    if packaged.is_file():
        return json.loads(packaged.read_text(encoding="utf-8"))
    return json.loads(REPO_COPY.read_text(encoding="utf-8"))


def fill(book: Book) -> dict:
    """Fill an empty book with the demo data; return counts of what was added."""
    existing = book.value("SELECT count(*) FROM clients")
    if existing:
        raise Conflict(f"{book.path} already holds {existing} clients; the demo fills only an empty book",
                       "run `relmgr demo` without --db, or give --db a new file")  # fmt: skip
    data = load()
    me = settings.current_user(book)
    now = dates.now()
    kinds = "clients contacts interactions followups complaints contracts opportunities feedback handovers"
    counts = dict.fromkeys(kinds.split(), 0)

    def who(name: str | None) -> str | None:
        return _person(name, me)

    def moment(days: int) -> datetime:
        if days >= 0:
            return now - timedelta(hours=1)
        return dates.localize(datetime.combine(now.date() + timedelta(days=days), time(10, 30)))

    with book.atomic():
        for spec in data["clients"]:
            client = clients.add(
                book, spec["name"], owner=who(spec["owner"]), backup=who(spec.get("backup")),
                **{k: spec.get(k) for k in ("status", "tier", "industry", "city", "country", "email", "phone",
                                           "external_id", "notes", "rating", "source")},
                tags=spec.get("tags"),
            )  # fmt: skip
            ref = str(client["id"])
            counts["clients"] += 1
            for person in spec.get("contacts", []):
                contacts.add(book, ref, person["name"], **{k: v for k, v in person.items() if k != "name"})
                counts["contacts"] += 1
            for event in spec.get("interactions", []):
                interactions.log(book, ref, event["summary"], by=who(spec["owner"]), kind=event["kind"],
                                 contact=event.get("contact"), at=moment(event["days"]))  # fmt: skip
                counts["interactions"] += 1
            for promise in spec.get("followups", []):
                followups.add(book, ref, promise["title"], now.date() + timedelta(days=promise["due"]),
                              owner=who(promise.get("owner", spec["owner"])), every=promise.get("every"),
                              contact=promise.get("contact"))  # fmt: skip
                counts["followups"] += 1
            for complaint in spec.get("complaints", []):
                _complaint(book, ref, complaint, who(spec["owner"]), now, me)
                counts["complaints"] += 1
            for term in spec.get("contracts", []):
                counts["contracts"] += _contract(book, ref, term, now.date())
            for rival in spec.get("competitors", []):
                competitors.note(book, ref, rival["name"], rival.get("note"))
            for chance in spec.get("opportunities", []):
                _opportunity(book, ref, chance, now, me)
                counts["opportunities"] += 1
            for answer in spec.get("feedback", []):
                feedback.add(
                    book,
                    ref,
                    by=who(spec["owner"]),
                    csat=answer.get("csat"),
                    nps=answer.get("nps"),
                    contact=answer.get("contact"),
                    comment=answer.get("comment"),
                    at=moment(answer["days"]),
                )
                counts["feedback"] += 1
        for goal in data.get("targets", []):
            label = f"{now.year}-{now.month:02d}" if goal["period"] == "this-month" else goal["period"]
            targets.set_target(book, goal["metric"], goal["value"], label, who(goal["owner"]))
        for cover in data.get("handovers", []):
            handovers.add(
                book,
                who(cover["from"]),
                who(cover["to"]),
                start=now.date() + timedelta(days=cover["start"]),
                end=now.date() + timedelta(days=cover["end"]),
                note=cover.get("note"),
            )
            counts["handovers"] += 1
    return counts


def _person(name: str | None, me: str) -> str | None:
    """Who a name in the demo data is: `@me` is you; a colleague who shares your name (you may be
    a Priya too) is told apart, since you cannot hand your book to yourself."""
    if name == "@me":
        return me
    if name is not None and name.casefold() == me.casefold():
        return f"{name} (colleague)"
    return name


def _contract(book: Book, client_ref: str, spec: dict, today) -> int:
    """Add a demo term, then renew or churn it as the spec says; return how many terms were made."""
    term = contracts.add(
        book, client_ref, value=spec["value"], currency=spec["currency"], title=spec.get("title"),
        start=today + timedelta(days=spec["start"]), end=today + timedelta(days=spec["end"]),
        notice_days=spec.get("notice_days"), auto_renew=spec.get("auto_renew", False),
    )  # fmt: skip
    made = 1
    for renewal in spec.get("renew", []):
        _, term = contracts.renew(book, term["id"], value=renewal.get("value"))
        made += 1
    if "churn" in spec:
        contracts.churn(book, term["id"], reason=spec["churn"]["reason"], lost_to=spec["churn"]["lost_to"])
    return made


def _opportunity(book: Book, client_ref: str, spec: dict, now: datetime, me: str) -> None:
    def days(n: int) -> datetime:
        return now + timedelta(days=n)

    chance = opportunities.add(book, client_ref, spec["title"], kind=spec["kind"], value=spec.get("value"),
                               currency=spec.get("currency"), at=days(spec["identified"]))  # fmt: skip
    if "forward" in spec:
        step = spec["forward"]
        opportunities.forward(book, chance["id"], _person(step["to"], me), note=step.get("note"), at=days(step["days"]))
    if "won" in spec:
        opportunities.close(book, chance["id"], "won", value=spec["won"].get("value"), at=days(spec["won"]["days"]))
    if "lost" in spec:
        opportunities.close(book, chance["id"], "lost", reason=spec["lost"]["reason"], at=days(spec["lost"]["days"]))


def _complaint(book: Book, client_ref: str, spec: dict, owner: str, now: datetime, me: str) -> None:
    """Open a demo complaint in the past and replay its events at their hours."""
    added = complaints.add(
        book, client_ref, spec["title"], by=owner, severity=spec["severity"], contact=spec.get("contact"),
        description=spec.get("description"), category=spec.get("category"),
        at=now + timedelta(hours=spec["opened_hours"]),
    )  # fmt: skip
    for event in spec.get("events", []):
        at = now + timedelta(hours=event["hours"])
        action, note = event["action"], event["note"]
        if action == "respond":
            complaints.respond(book, added["id"], note, by=owner, at=at)
        elif action == "escalate":
            complaints.escalate(book, added["id"], note, by=owner, assignee=_person(event.get("assignee"), me), at=at)
        elif action == "resolve":
            complaints.resolve(book, added["id"], note, by=owner, at=at)
        elif action == "close":
            complaints.close(book, added["id"], by=owner, note=note, at=at)
