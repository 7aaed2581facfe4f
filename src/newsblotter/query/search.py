"""Full text from a user: their words as a query the store cannot choke on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsblotter.store import Database

# Search: the documents whose article matches a text, or None when the text has no terms.
Search = Callable[[str], set[str] | None]
ALL = 1_000_000  # "every match": a filter wants the whole set, not a first page


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query of quoted terms (all must occur): never a syntax error."""
    # SQLite ends a string at NUL: control characters never reach the query
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    terms = [term.replace('"', '""') for term in printable.split()]
    terms = [term for term in terms if any(ch.isalnum() for ch in term)]
    return " ".join(f'"{term}"' for term in terms) or None


def documents_matching(db: Database, text: str) -> set[str] | None:
    """Documents whose article matches ``text``; None when the text has no terms."""
    query = fts_query(text)
    return None if query is None else set(db.search(query, limit=ALL))


def text_filter(q: str | None, search: Search | None) -> set[str] | None:
    """The documents a query's full-text filter ``q`` keeps; None: no such filter."""
    if not q:
        return None
    if search is None:
        raise ValueError("a full-text filter needs the store's search")
    return search(q)
