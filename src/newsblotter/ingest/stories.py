"""One stored copy per story: a page whose extracted story is one we hold is another location.

Documents are keyed by the sha256 of their bytes, so the same article with other page chrome,
re-encoded as UTF-16, or with its quotes curled, is new bytes. What decides is the story after
extraction: ``story_key`` is a digest of its words (Unicode-normalised, case-folded, without
punctuation or spacing), stored with each article (``articles.story_key``, written in the
document's own transaction). A new document whose story key and headline match a stored
article is not stored again: its location (uri, origin, the digest of its bytes) is recorded
in ``document_copies`` against the stored document (``store.copies``), so it adds no report
to an incident, no statement to a ledger and no source to the independence count, and the
same bytes met again are recognised without analysing them.

A page under the same headline and date whose story adds nothing to a stored one (its page
lost a paragraph to extraction, around a script, say) is a copy too; one that adds text (an
update, a correction) is stored, so nothing is lost.

Pages that lost their story to page chrome (the same newsletter box on every page of a site)
share their text but not their headline, so a headline that disagrees keeps them apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")
MIN_TITLE_SHARE = 0.5  # of the shorter headline's words, for two headlines to be one
MIN_WORDS = 50  # a shorter text is too short to call a part of another


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def story_key(text: str) -> str:
    """The digest of a story's words: equal for the same story whatever its bytes."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def title_key(title: str | None) -> str | None:
    """The digest of a headline's words (None without one): stories that may be one."""
    found = words(title or "")
    return hashlib.sha256(" ".join(found).encode("utf-8")).hexdigest() if found else None


def adds_nothing(text: str, stored: str) -> bool:
    """Whether every paragraph of ``text`` is, word for word, in ``stored`` (a copy whose
    extraction dropped a paragraph, not an update: one new sentence and it is stored)."""
    paragraphs = [" ".join(words(p)) for p in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if sum(p.count(" ") + 1 for p in paragraphs) < MIN_WORDS:
        return False
    held = f" {' '.join(words(stored))} "
    return all(f" {p} " in held for p in paragraphs)


def same_headline(a: str | None, b: str | None) -> bool:
    """Whether two headlines can be one story's ("Bridge closes" and "Bridge closes | Site"
    can; two different headlines over the same chrome cannot). A missing one agrees."""
    wa, wb = set(words(a or "")), set(words(b or ""))
    if not wa or not wb:
        return True
    return len(wa & wb) >= MIN_TITLE_SHARE * min(len(wa), len(wb))
