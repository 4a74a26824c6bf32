"""Full-text search over the book (SQLite FTS5), ranked by relevance.

Every word the user types must appear (as a prefix: "renew" finds "renewal"), in any case and
with or without diacritics ("lodz" finds "Łódź"). The index is kept in step by triggers
(migration m006), so nothing here writes.
"""

from __future__ import annotations

import re

from relmgr.db import Book
from relmgr.errors import BadInput

MARK = ("\x02", "\x03")  # highlight markers, replaced by the renderer


def _query(text: str) -> str:
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        raise BadInput("search needs at least one word")
    return " ".join(f'"{word}"*' for word in words)


def search(book: Book, text: str, *, limit: int = 20) -> list[dict]:
    """The best matches: [{kind, id, client, client_id, title, snippet}] (snippet marked with MARK)."""
    rows = book.rows(
        "SELECT s.kind, s.ref AS id, s.client_id, c.name AS client, s.title, "
        f"snippet(search_index, -1, '{MARK[0]}', '{MARK[1]}', '…', 12) AS snippet, bm25(search_index) AS rank "
        "FROM search_index s LEFT JOIN clients c ON c.id = s.client_id "
        "WHERE search_index MATCH ? ORDER BY rank LIMIT ?",
        (_query(text), limit),
    )
    for row in rows:
        row.pop("rank")
    return rows
