"""Clients: the companies in an account manager's book, and finding one from what users type.

A client is named by its id, its exact name (Unicode case-folded, so "ŁÓDŹ" finds "Łódź"), its
external id, or any unique part of its name; `resolve` tries them in that order. A part typed
without accents matches names with them, so "zabka" typed on an English keyboard finds "Żabka".

Each client keeps `last_contact_at` (its latest interaction, or a CRM's "last activity" when
imported later), `last_touch` (that, or when the client was added), `last_interaction_at` (its
latest recorded interaction only) and `reported_contact_at` (the latest "last activity" an import
read that no interaction explains, for a removed interaction to fall back to), maintained on every
logged or imported interaction, so stale clients and the KPI's coverage are found without a scan
of years of history.
"""

from __future__ import annotations

from relmgr import records
from relmgr.db import Book, stamp
from relmgr.errors import Ambiguous, BadInput, Conflict, NotFound

STATUSES = ("prospect", "active", "at-risk", "churned")
TIERS = ("A", "B", "C")
SORTS = ("name", "last-contact", "health")
TEXT_FIELDS = (
    "industry", "owner", "backup", "email", "phone", "website", "city", "country", "source",
    "external_id", "notes",
)  # fmt: skip
SELECT = "SELECT * FROM clients"
# a list reads the fields a client is shown with, in their order (records.present_all)
LISTED = f"SELECT {', '.join(field for field, _ in records.FIELDS['client'])} FROM clients"


def fold(name: str) -> str:
    """The key names are matched by: Unicode case folding, inner spaces collapsed."""
    return " ".join(name.split()).casefold()


_ACCENTED = []  # [compiled pattern of accented Latin letters and accents, {letter: bare}], made once


def plain(key: str) -> str:
    """A folded key without Latin accents: "żabka" and "łódź" become "zabka" and "lodz".

    Every accented Latin letter (Latin-1 to Latin Extended-B and Latin Extended Additional) and
    the combining accents (U+0300–U+036F) are replaced by one regular expression; SQLite calls
    this on each name of a book, and a regex with a look-up per accent measured cheaper than
    `unicodedata` or `str.translate`. Other scripts (Devanagari's vowel signs and viramas
    included) are left as they are.
    """
    if key.isascii():
        return key
    if not _ACCENTED:
        _ACCENTED.extend(_accents())
    pattern, bare = _ACCENTED
    return pattern.sub(lambda found: bare[found.group()], key)


def _accents():
    import re
    import unicodedata

    bare = dict.fromkeys(map(chr, range(0x300, 0x370)), "")
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(code)
        without = "".join(c for c in unicodedata.normalize("NFKD", letter) if c not in bare)
        if without != letter and without.isascii():
            bare[letter] = without
    bare.update(zip("łŁøØđĐħĦıŧŦ", "lLoOdDhHitT", strict=True))
    return re.compile(f"[{''.join(bare)}]"), bare


def holding(book: Book, column: str, key: str) -> tuple[str, list[str]]:
    """An SQL condition: `column` (a folded key) holds `key`, accents set aside when `key` has none.

    "zabka" finds "Żabka" (typed on an English keyboard), but "łódź" does not find "Lodz":
    whoever types the accents means them. Only names with a letter outside ASCII pay for the
    comparison without accents.
    """
    if plain(key) != key:
        return f"instr({column}, ?) > 0", [key]
    book.conn.create_function("plain", 1, plain, deterministic=True)
    return f"(instr({column}, ?) > 0 OR ({column} GLOB '*[^ -~]*' AND instr(plain({column}), ?) > 0))", [key, key]


def _clean(fields: dict) -> dict:
    """Check and normalise user-given client fields (only those present)."""
    clean: dict = {}
    for field, value in fields.items():
        if field == "status":
            clean[field] = records.pick(value, STATUSES, "status")
        elif field == "tier":
            clean[field] = records.pick(value, TIERS, "tier")
        elif field == "rating":
            if value is not None and not 1 <= int(value) <= 5:
                raise BadInput(f"rating {value} is out of range", "use a whole number from 1 to 5")
            clean[field] = value
        elif field == "tags":
            clean[field] = join_tags(value or [])
        elif field == "archived":
            clean[field] = int(bool(value))
        elif field in TEXT_FIELDS:
            clean[field] = records.blank_to_none(value)
            if field == "owner" and clean[field] is None:
                raise BadInput("a client needs an owner")
        else:
            raise BadInput(f"clients have no field {field!r}")
    problem = clean.get("email") and records.email_problem(clean["email"])
    if problem:
        raise BadInput(f"email {clean['email']!r} {problem}")
    return clean


def join_tags(tags: list[str]) -> str:
    """Tags as stored: comma-separated, each once. A `;` separates tags too, as in the multi-select
    columns Salesforce and HubSpot export ("Key;Tier A")."""
    seen: list[str] = []
    for tag in tags:
        for part in tag.replace(";", ",").split(","):
            part = part.strip()
            if part and part not in seen:
                seen.append(part)
    return ",".join(seen)


def _no_self_cover(owner: str, backup: str | None) -> None:
    if backup is not None and backup == owner:
        raise BadInput(f"{backup} owns the client: a backup is the colleague who covers for the owner")


def _check_unique(book: Book, name_key: str | None, external_id: str | None, exclude: int = 0) -> None:
    if name_key is not None:
        clash = book.row("SELECT id, name FROM clients WHERE name_key = ? AND id != ?", (name_key, exclude))
        if clash:
            raise Conflict(
                f"a client named {clash['name']!r} already exists (#{clash['id']})",
                "choose another name, or edit that client",
            )
    if external_id:
        clash = book.row("SELECT id, name FROM clients WHERE external_id = ? AND id != ?", (external_id, exclude))
        if clash:
            raise Conflict(f"external id {external_id!r} already belongs to {clash['name']} (#{clash['id']})")


def add(book: Book, name: str, *, owner: str, **fields) -> dict:
    """Add a client; return the stored row."""
    name = " ".join((name or "").split())
    if not name:
        raise BadInput("a client needs a name")
    clean = _clean({k: v for k, v in fields.items() if v is not None})
    _no_self_cover(owner, clean.get("backup"))
    now = stamp()
    row = {"name": name, "name_key": fold(name), "owner": owner, **clean}
    row.update(created_at=now, updated_at=now, last_touch=now)
    with book.atomic():
        _check_unique(book, row["name_key"], row.get("external_id"))
        client_id = book.insert("clients", row)
    return get(book, client_id)


def get(book: Book, client_id: int) -> dict:
    found = book.row(f"{SELECT} WHERE id = ?", (client_id,))
    if found is None:
        raise NotFound(f"no client #{client_id}")
    return found


def resolve(book: Book, ref: str) -> dict:
    """Find the one client `ref` names: id, exact name, external id, or a unique part of a name."""
    text = (ref or "").strip()
    if not text:
        raise BadInput("no client given")
    number = records.as_id(text)
    if number is not None:
        found = book.row(f"{SELECT} WHERE id = ?", (number,))
        if found:
            return found
    key = fold(text)
    found = book.row(f"{SELECT} WHERE name_key = ?", (key,))
    if found is None:
        found = book.row(f"{SELECT} WHERE external_id = ?", (text,))
    if found is not None:
        return found
    holds, params = holding(book, "name_key", key)
    matches = book.rows(f"{SELECT} WHERE {holds} ORDER BY archived, name_key LIMIT 11", params)
    active = [m for m in matches if not m["archived"]] or matches
    if len(active) == 1:
        return active[0]
    if not active:
        near = names_starting(book, key[:3], limit=5) if len(key) >= 3 else []
        hint = (
            f"did you mean: {', '.join(near)}?"
            if near
            else "see `relmgr client list`, or add it with `relmgr client add`"
        )
        raise NotFound(f"no client matches {text!r}", hint)
    shown = ", ".join(f"#{m['id']} {m['name']}" for m in active[:10])
    more = " and more" if len(active) > 10 else ""
    raise Ambiguous(
        f"{text!r} matches several clients: {shown}{more}",
        [(m["id"], m["name"]) for m in active[:10]],
        "use the id or more of the name",
    )


def names_starting(book: Book, prefix: str, limit: int = 50) -> list[str]:
    """Client names for TAB completion; a prefix typed without accents also offers the names
    that begin so without theirs (`zab` offers Żabka Polska), as `resolve` would accept them."""
    key = fold(prefix)
    found = book.rows(
        "SELECT name, name_key FROM clients WHERE archived = 0 AND name_key >= ? AND name_key < ? "
        "ORDER BY name_key LIMIT ?",
        (key, key + "\U0010ffff", limit),
    )
    if plain(key) == key and len(found) < limit:
        book.conn.create_function("plain", 1, plain, deterministic=True)
        found += book.rows(
            "SELECT name, name_key FROM clients WHERE archived = 0 AND name_key GLOB '*[^ -~]*' "
            "AND substr(plain(name_key), 1, ?) = ? AND substr(name_key, 1, ?) != ? LIMIT ?",
            (len(key), key, len(key), key, limit - len(found)),
        )
    return [row["name"] for row in sorted(found, key=lambda row: plain(row["name_key"]))]


def list_clients(
    book: Book,
    *,
    status: str | None = None,
    tier: str | None = None,
    owner: str | None = None,
    tag: str | None = None,
    search: str | None = None,
    sort: str = "name",
    include_archived: bool = False,
) -> list[dict]:
    """Clients matching every filter given, in the order asked for."""
    where, params = [], []
    if not include_archived:
        where.append("archived = 0")
    if status:
        where.append("status = ?")
        params.append(records.pick(status, STATUSES, "status"))
    if tier:
        where.append("tier = ?")
        params.append(records.pick(tier, TIERS, "tier"))
    if owner:
        where.append("owner = ?")
        params.append(owner)
    if tag:
        where.append("instr(',' || tags || ',', ?) > 0")
        params.append(f",{tag.strip()},")
    if search:
        holds, held = holding(book, "name_key", fold(search))
        where.append(
            f"({holds} OR instr(lower(coalesce(notes, '') || ' ' || coalesce(industry, '') "
            "|| ' ' || coalesce(city, '') || ' ' || coalesce(email, '')), ?) > 0)"
        )
        params += [*held, search.strip().lower()]
    chosen = records.pick(sort, SORTS, "sort")
    order = {
        "name": "name_key",
        "last-contact": "last_contact_at IS NOT NULL, last_contact_at, name_key",
        "health": "name_key",
    }[chosen]
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = book.rows(f"{LISTED}{clause} ORDER BY {order}", params)
    if chosen == "health":
        from relmgr import health

        scores = health.scores(book, [row["id"] for row in rows])
        for row in rows:
            row["health"] = scores[row["id"]]
        rows.sort(key=lambda row: row["health"]["score"])
    return rows


def edit(book: Book, ref: str, changes: dict, *, by: str = "relmgr") -> dict:
    """Change the given fields of a client; return it as stored, with `changed` (the fields that
    differed) and `moved`: when its owner changes, the open follow-ups and complaints the old
    owner held for it go to the new one ({"followups": n, "complaints": m}), in the same transaction."""
    client = resolve(book, ref)
    clean = _clean({k: v for k, v in changes.items() if k != "name"})
    if "name" in changes and changes["name"] is not None:
        name = " ".join(changes["name"].split())
        if not name:
            raise BadInput("a client needs a name")
        clean.update(name=name, name_key=fold(name))
    if not clean:
        raise BadInput("nothing to change", "give at least one --FIELD VALUE; see `relmgr client edit --help`")
    owner = clean.get("owner", client["owner"])
    if "backup" in clean:
        _no_self_cover(owner, clean["backup"])
    elif client["backup"] == owner:  # the backup takes the client over: nobody covers it now
        clean["backup"] = None
    moved = {}
    with book.atomic():
        _check_unique(book, clean.get("name_key"), clean.get("external_id"), exclude=client["id"])
        changed = records.edited(book, "clients", client, clean)
        if "owner" in changed:
            moved = _move_open_work(book, client, clean["owner"], by)
    return {**get(book, client["id"]), "changed": changed, "moved": moved}


def _move_open_work(book: Book, client: dict, owner: str, by: str) -> dict[str, int]:
    """A client's new owner takes over the open promises and complaints its old owner held for
    it (those of other colleagues stay theirs); each complaint's history says so."""
    from relmgr import complaints

    now = stamp()
    followups = book.execute(
        "UPDATE followups SET owner = ?, updated_at = ? WHERE client_id = ? AND status = 'open' AND owner = ?",
        (owner, now, client["id"], client["owner"]),
    ).rowcount
    held = [row["id"] for row in book.rows(
        "SELECT id FROM complaints WHERE client_id = ? AND assignee = ? "
        "AND status IN ('open', 'responded', 'escalated')", (client["id"], client["owner"]))]  # fmt: skip
    for complaint_id in held:
        complaints.reassign(book, complaint_id, owner, by=by, why=f"{client['name']} is now {owner}'s client")
    return {"followups": followups, "complaints": len(held)}


def not_archived(client: dict, what: str) -> dict:
    """`client`, unless it is archived: new work for it (`what`) would be hidden from every list."""
    if client["archived"]:
        raise Conflict(
            f"{client['name']} is archived: {what} would not show in lists or the agenda",
            f"restore it first with `relmgr client archive {client['id']} --restore`",
        )
    return client


def archived_count(book: Book) -> int:
    """How many clients are archived (lists leave them out unless asked)."""
    return book.value("SELECT count(*) FROM clients INDEXED BY clients_archived WHERE archived = 1")


def hidden_with(book: Book, client_id: int) -> list[str]:
    """What an archived client's open work amounts to, e.g. ["2 open follow-ups", "1 open complaint"]."""
    counts = book.row(
        """SELECT (SELECT count(*) FROM followups WHERE client_id = :id AND status = 'open') AS followups,
                  (SELECT count(*) FROM complaints WHERE client_id = :id AND status NOT IN ('resolved', 'closed'))
                      AS complaints,
                  (SELECT count(*) FROM contracts WHERE client_id = :id AND status = 'active') AS terms,
                  (SELECT count(*) FROM opportunities WHERE client_id = :id AND status IN ('identified', 'forwarded'))
                      AS deals""",
        {"id": client_id},
    )
    words = {"followups": ("open follow-up", "open follow-ups"), "complaints": ("open complaint", "open complaints"),
             "terms": ("active term", "active terms"), "deals": ("open opportunity", "open opportunities")}  # fmt: skip
    return [f"{n} {words[kind][n != 1]}" for kind, n in counts.items() if n]


def set_archived(book: Book, ref: str, archived: bool) -> tuple[dict, bool]:
    """Archive a client (hidden from lists and the agenda, kept with its history) or restore it.
    Return the client and whether anything changed (archiving twice changes nothing)."""
    client = resolve(book, ref)
    if bool(client["archived"]) == archived:
        return get(book, client["id"]), False
    with book.atomic():
        book.update("clients", client["id"], {"archived": int(archived)})
    return get(book, client["id"]), True


def touch(book: Book, client_id: int, at_utc: str) -> None:
    """Record an interaction at `at_utc` (UTC ISO); call inside the write's transaction."""
    book.execute(f"UPDATE clients SET {moved_to(':at')} WHERE id = :id", {"at": at_utc, "id": client_id})


# A client's latest interaction, as an SQL expression in an UPDATE of `clients` (it is kept in
# `last_interaction_at`; this is for setting it again after interactions went away).
LATEST_INTERACTION = "(SELECT max(at) FROM interactions WHERE client_id = clients.id)"


# The last contact a client's own records support: its latest interaction, or a later one another
# system reported (`reported_contact_at`, a CRM's "Last Activity" read by an import). Every write
# keeps `last_contact_at` equal to it.
SUPPORTED_CONTACT = "nullif(max(coalesce(last_interaction_at, ''), coalesce(reported_contact_at, '')), '')"


def untouch(book: Book, client_id: int, gone_at: str) -> None:
    """Put a client's clocks back in step after its interaction at `gone_at` (UTC ISO) went away
    (removed, or moved to another client or time): its latest interaction is read again, and a
    last contact that was that interaction's falls back to the latest that remains or the last one
    a CRM reported (or, with neither, the client's creation for staleness). Call inside the
    write's transaction, after the change."""
    book.execute(f"UPDATE clients SET last_interaction_at = {LATEST_INTERACTION} WHERE id = ?", (client_id,))
    book.execute(
        f"UPDATE clients SET last_contact_at = {SUPPORTED_CONTACT}, "
        f"last_touch = coalesce({SUPPORTED_CONTACT}, created_at) "
        f"WHERE id = ? AND last_contact_at = ? AND last_contact_at IS NOT {SUPPORTED_CONTACT}",
        (client_id, gone_at),
    )


def moved_to(at: str) -> str:
    """The SET clauses that move a client's clocks up to an interaction at `at` (an SQL expression),
    keeping the latest of each. (SET expressions all read the row as it was before the update.)"""
    return (
        f"last_interaction_at = max(coalesce(last_interaction_at, ''), {at}), "
        f"last_contact_at = max(coalesce(last_contact_at, ''), {at}), "
        f"last_touch = CASE WHEN coalesce(last_contact_at, '') < {at} THEN {at} ELSE last_touch END"
    )
