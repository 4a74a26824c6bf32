"""Settings kept inside the book, so that a book carries its own rules wherever it goes.

Every setting relmgr knows is declared here with its default and a check; `config set` refuses
unknown keys and bad values, and the rest of relmgr reads settings only through `get`.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass

from relmgr.db import Book, stamp
from relmgr.errors import BadInput


@dataclass(frozen=True)
class Setting:
    key: str
    default: str
    help: str
    check: Callable[[str], str]


def _duration(value: str) -> str:
    from relmgr.dates import duration_text, parse_duration

    if not parse_duration(value):
        raise BadInput(f"{value!r} is no time at all", "give a duration above zero, e.g. 4h or 30d")
    return duration_text(value)


def _currency(value: str) -> str:
    from relmgr.money import currency

    return currency(value, "")


def _text(value: str) -> str:
    return value.strip()


def _levels(value: str) -> str:
    names = [name.strip() for name in value.split(",")]
    if len(names) != 4 or not all(names):
        raise BadInput("escalation.levels takes four names separated by commas, for levels 0 to 3")
    return ", ".join(names)


def _order(value: str) -> str:
    clean = value.strip().lower().replace("_", "-").replace(" ", "-")
    clean = {"dmy": "day-first", "dayfirst": "day-first", "mdy": "month-first", "monthfirst": "month-first"}.get(
        clean, clean
    )
    if clean not in ("day-first", "month-first"):
        raise BadInput(f"{value!r} is not a date order", "give day-first (5/12 is 5 December) or month-first (May 12)")
    return clean


def _percent(value: str) -> str:
    if not value.strip().isdigit() or not 0 <= int(value) <= 100:
        raise BadInput(f"{value!r} is not a whole number from 0 to 100")
    return str(int(value))


HEALTH_FACTORS = ("contact", "complaints", "satisfaction", "renewal", "escalations")


def _weights(value: str) -> str:
    parsed = parse_weights(value)
    return ", ".join(f"{name} {parsed[name]}" for name in HEALTH_FACTORS)


def parse_weights(value: str) -> dict[str, int]:
    """'contact 30, complaints 30, ...' as {factor: points}; every factor once, 0-100 points."""
    found: dict[str, int] = {}
    for part in value.split(","):
        words = part.split()
        if len(words) != 2 or words[0] not in HEALTH_FACTORS or not words[1].isdigit() or int(words[1]) > 100:
            raise BadInput(
                f"cannot read health weight {part.strip()!r}",
                f"give each of {', '.join(HEALTH_FACTORS)} with points 0-100, e.g. 'contact 30, ...'",
            )
        found[words[0]] = int(words[1])
    missing = [name for name in HEALTH_FACTORS if name not in found]
    if missing:
        raise BadInput(f"health.weights lacks {', '.join(missing)}")
    return found


SLA_DEFAULTS = {
    "critical": ("2h", "1d"),
    "high": ("8h", "3d"),
    "medium": ("1d", "7d"),
    "low": ("3d", "14d"),
}

SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in [
        Setting("user", "", "who you are (RELMGR_USER, when set, wins; unset: your login name)", _text),
        Setting("currency", "USD", "default currency for money (ISO 4217)", _currency),
        Setting(
            "dates.order",
            "",
            "how 5/12/2026 typed in a command is read: day-first or month-first (unset: month first, with a note)",
            _order,
        ),
        Setting("cadence.A", "30d", "how long a tier A client may go without contact", _duration),
        Setting("cadence.B", "60d", "how long a tier B client may go without contact", _duration),
        Setting("cadence.C", "90d", "how long a tier C client may go without contact", _duration),
        *[
            Setting(f"sla.{severity}.{step}", default, f"{step} deadline for {severity} complaints", _duration)
            for severity, pair in SLA_DEFAULTS.items()
            for step, default in zip(("respond", "resolve"), pair, strict=True)
        ],
        Setting(
            "escalation.levels",
            "account manager, team lead, head of client services, executive sponsor",
            "names of escalation levels 0 to 3",
            _levels,
        ),
        Setting("health.at_risk", "40", "health score below which an active client is flagged", _percent),
        Setting(
            "health.weights",
            "contact 30, complaints 30, satisfaction 20, renewal 10, escalations 10",
            "most points each factor can take off a client's health of 100",
            _weights,
        ),
    ]
}


def _known(key: str) -> Setting:
    if key not in SETTINGS:
        raise BadInput(f"unknown setting {key!r}", "see `relmgr config list` for the settings there are")
    return SETTINGS[key]


def get(book: Book, key: str) -> str:
    """The value of a setting: the stored one, else its default (read once per open book)."""
    setting = _known(key)
    cache = book.__dict__.setdefault("_settings", {})
    if key not in cache:
        stored = book.value("SELECT value FROM settings WHERE key = ?", (key,))
        cache[key] = setting.default if stored is None else stored
    return cache[key]


def _respond_before_resolve(book: Book, key: str, value: str) -> None:
    """Refuse an SLA whose respond deadline would come after its resolve deadline: every complaint
    of that severity would be resolved late before it was even answered late."""
    from relmgr.dates import parse_duration

    parts = key.split(".")
    if parts[0] != "sla":
        return
    pair = {step: value if step == parts[2] else get(book, f"sla.{parts[1]}.{step}") for step in ("respond", "resolve")}
    if parse_duration(pair["respond"]) > parse_duration(pair["resolve"]):
        raise BadInput(
            f"{parts[1]} complaints would be due an answer in {pair['respond']} but resolved in {pair['resolve']}",
            f"the respond deadline comes first: set sla.{parts[1]}.resolve later, or respond sooner",
        )


def set_value(book: Book, key: str, value: str) -> str:
    """Check and store a setting; return the stored value."""
    if not (value or "").strip():
        raise BadInput(f"the value of {key} is empty", f"to go back to its default, `relmgr config unset {key}`")
    clean = _known(key).check(value)
    _respond_before_resolve(book, key, clean)
    book.__dict__.pop("_settings", None)
    with book.atomic():
        book.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, clean, stamp()),
        )
    return clean


def unset(book: Book, key: str) -> None:
    """Go back to a setting's default."""
    _respond_before_resolve(book, key, _known(key).default)
    book.__dict__.pop("_settings", None)
    with book.atomic():
        book.execute("DELETE FROM settings WHERE key = ?", (key,))


def all_settings(book: Book) -> list[dict]:
    """Every setting with its value, default and whether it was set."""
    stored = {row["key"]: row["value"] for row in book.rows("SELECT key, value FROM settings")}
    return [
        {
            "key": s.key,
            "value": stored.get(s.key, s.default),
            "default": s.default,
            "set": s.key in stored,
            "help": s.help,
        }
        for s in SETTINGS.values()
    ]


def current_user(book: Book) -> str:
    """Who is using relmgr: RELMGR_USER, else the `user` setting, else the login name."""
    return os.environ.get("RELMGR_USER") or get(book, "user") or _login_name()


def whose(book: Book) -> str | None:
    """Where the current user comes from, when not from the `user` setting."""
    if os.environ.get("RELMGR_USER"):
        return "from RELMGR_USER, which wins over the setting"
    if not get(book, "user"):
        return "your login name; `relmgr config set user NAME` to be someone else"
    return None


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def currency(book: Book) -> str:
    return get(book, "currency")


def cadence_days(book: Book) -> dict[str, int]:
    """Days each tier may go without contact before it counts as stale."""
    from relmgr.dates import parse_duration

    return {tier: parse_duration(get(book, f"cadence.{tier}")).days for tier in "ABC"}
