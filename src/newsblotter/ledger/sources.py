"""Independent sources: who really stands behind each statement of a ledger.

Counting articles overstates a claim's support: twenty outlets running one wire story are
one source; "two U.S. officials" relayed by three outlets are the same two officials; an
outlet citing another outlet's report adds no witness of its own. A statement's source key
is therefore its speaker (resolved actor, or the description normalised), never the outlet
that carried it; a statement whose speaker is unknown is keyed by its story (copy group)
and sentence, so its wire copies collapse while different stories stay apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from newsblotter.lang import counts, phrases
from newsblotter.records import LedgerSource, Statement

SourceKey = Callable[[Statement], str]
RELAYS = frozenset({"media"})  # speakers that pass on someone else's report
# People and descriptions speak for an actor ("Indian officials": India) without being it:
# each is its own source, keyed by who they are, not by the actor they speak for.
VOICES = frozenset(
    {
        "named_official",
        "unnamed_official",
        "anonymous",
        "person",
        "expert",
        "witness",
        "media",
        "document",
    }
)
_NUMBER_WORDS = {w: str(n) for w, n in counts("nlp.small_counts").items()} | {
    w: "n" for w in phrases("ledger.vague_counts")
}
_PUNCT = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class Context:
    """Where each document stands: its story (copy group), outlet and publication date."""

    stories: Mapping[str, str] = field(default_factory=dict)
    outlets: Mapping[str, str | None] = field(default_factory=dict)
    published: Mapping[str, dt.date | None] = field(default_factory=dict)

    def story(self, document: str) -> str:
        return self.stories.get(document, document)


def describe(name: str) -> str:
    """ "Two U.S. officials" and "two US officials" are one description."""
    words = _PUNCT.sub("", name.casefold().replace("u.s.", "us")).split()
    words = [w for w in words if w not in {"the", "of"}]
    return " ".join(_NUMBER_WORDS.get(w, w) for w in words)


def source_key(st: Statement, context: Context | None = None) -> str:
    sp = st.speaker
    if sp.actor_id and sp.kind not in VOICES:
        return f"actor:{sp.actor_id}"
    if sp.name:
        prefix = "anonymous" if sp.anonymous else sp.kind
        return f"{prefix}:{describe(sp.name)}"
    story = context.story(st.provenance.document) if context else st.provenance.document
    digest = hashlib.sha1(" ".join(st.text.split()).casefold().encode()).hexdigest()[:10]
    return f"unattributed:{story}:{digest}"


def first_seen(st: Statement, context: Context | None) -> dt.date | None:
    """When a statement first appeared: the day it was said, else its article's date."""
    if st.said_on is not None:
        return st.said_on
    return context.published.get(st.provenance.document) if context else None


def group(
    statements: Iterable[Statement], key: SourceKey, context: Context | None
) -> list[LedgerSource]:
    """Statements by independent source, in order of first appearance."""
    out: dict[str, LedgerSource] = {}
    for st in statements:
        k = key(st)
        src = out.setdefault(k, LedgerSource(k, st.speaker.kind))
        if st.id not in src.statements:
            src.statements.append(st.id)
        outlet = st.outlet or (context.outlets.get(st.provenance.document) if context else None)
        if outlet and outlet not in src.outlets:
            src.outlets.append(outlet)
        seen = first_seen(st, context)
        if seen is not None and (src.first_seen is None or seen < src.first_seen):
            src.first_seen = seen
    return sorted(out.values(), key=lambda s: (s.first_seen or dt.date.max, s.key))


def independent(sources: Iterable[LedgerSource]) -> list[LedgerSource]:
    """Sources that count as corroboration: not a relay of another outlet's report."""
    return [s for s in sources if s.kind not in RELAYS]
