"""Full-text search over the book (SQLite FTS5), ranked by relevance.

Every word the user types must appear, in any case and with or without diacritics ("lodz" finds
"Łódź"), and any word may be the start of a longer one ("renew" finds "renewal"). The index is
kept in step by triggers (migration m006), so nothing here writes.

Shaped by what FTS5 costs on a book of a million interactions (docs/benchmarks.md):
- Records holding the words as typed come first; only if they do not fill the page is the last
  word read as a prefix (it may be half-typed), and then every word. FTS5 answers a prefix by
  copying every matching word's list of records into memory, which for a common word ("order"
  in a million summaries) costs three times the rest of the search: 290 ms against 70 ms.
- Results are ordered by FTS5's own `rank`, so snippets are made for the page shown, not for
  every match.
- A search matching more than RANKED records ranks the newest RANKED of them: ranking a million
  matches of a common word takes a second and says little; a second word narrows it.
"""

from __future__ import annotations

import re

from relmgr.db import Book
from relmgr.errors import BadInput
from relmgr.migrations import COPY_MARK

MARK = ("\x02", "\x03")  # highlight markers, replaced by the renderer
RANKED = 10_000

_FIND = (
    "SELECT s.rowid, s.kind, s.ref AS id, s.client_id, c.name AS client, s.title, s.body, "
    f"snippet(search_index, -1, '{MARK[0]}', '{MARK[1]}', '…', 12) AS snippet "
    "FROM search_index s LEFT JOIN clients c ON c.id = s.client_id "
    "WHERE search_index MATCH ? AND s.rowid >= ? {skip} ORDER BY s.rank LIMIT ?"
)


def _words(text: str) -> list[str]:
    """The words of a search, Ł spelled L: every text with an Ł is indexed with such a copy too,
    so "Łódź" finds the Łódź of a name and the lodz of an email alike."""
    words = re.findall(r"\w+", text.replace("ł", "l").replace("Ł", "L"), flags=re.UNICODE)
    if not words:
        raise BadInput("search needs at least one word")
    return words


def _query(words: list[str], prefixes: int) -> str:
    """An FTS5 query: every word must appear, the last `prefixes` of them as prefixes."""
    exact = len(words) - prefixes
    return " ".join(f'"{word}"*' if n >= exact else f'"{word}"' for n, word in enumerate(words))


def search(book: Book, text: str, *, limit: int = 20) -> list[dict]:
    """The best matches: [{kind, id, client, client_id, title, snippet}] (snippet marked with MARK)."""
    words = _words(text)
    found: list[dict] = []
    for query in dict.fromkeys(_query(words, prefixes) for prefixes in (0, 1, len(words))):
        if len(found) >= limit:
            break
        found += _ranked(book, query, limit - len(found), [row["rowid"] for row in found])
    for row in found:
        row.pop("rowid")
        row["snippet"] = as_written(row["snippet"], row["title"], row.pop("body"))
    return found


def as_written(snippet: str, title: str, body: str) -> str:
    """The snippet in the record's own spelling.

    A record holding Ł or ł is indexed with a copy of its title and text spelled with L and l,
    after COPY_MARK (see `migrations.indexed_body`), so that "lodz" finds Łódź; a snippet may
    reach into that copy, or lie wholly in it. The copy is the same length as the text, letter
    for letter, so its letters are put back as written."""
    if COPY_MARK not in body:
        return snippet
    if COPY_MARK in snippet:
        before, _, after = snippet.partition(COPY_MARK)
        if MARK[0] in before or MARK[0] not in after:
            return before.rstrip()
        snippet = after
    written = f"{title} {body.partition(COPY_MARK)[0][:-1]}"  # the copy follows the text and a space
    copy = written.replace("ł", "l").replace("Ł", "L")
    plain = snippet.replace(MARK[0], "").replace(MARK[1], "")
    core = plain.strip("…").strip()
    start = copy.find(core)
    if not core or start < 0 or written[start : start + len(core)] == core:
        return snippet
    offset = plain.find(core)
    letters, at = [], 0
    for letter in snippet:
        if letter not in MARK:
            if offset <= at < offset + len(core):
                letter = written[start + at - offset]
            at += 1
        letters.append(letter)
    return "".join(letters)


def _ranked(book: Book, query: str, limit: int, skip: list[int]) -> list[dict]:
    """The best `limit` matches of `query` among its newest RANKED, leaving out rowids in `skip`."""
    newest = book.value(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (query, RANKED - 1),
    )
    not_in = f"AND s.rowid NOT IN ({', '.join('?' for _ in skip)})" if skip else ""
    return book.rows(_FIND.format(skip=not_in), (query, newest or 0, *skip, limit))
