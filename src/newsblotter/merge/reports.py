"""Reports: the units the merger clusters, one per incident mention (or per article that
names no incident), carrying the mention's facts and its article's text features."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsblotter.lang import alternation
from newsblotter.merge.compat import DateRange, date_range
from newsblotter.merge.copies import Copy
from newsblotter.merge.text import Vector
from newsblotter.records import Article, Count, IncidentMention, Place

EMBED_WORDS = 120  # the headline and lead say what happened
_SPACE = re.compile(r"\s+")
# What a story tells when it reports a shooting through a later development: an arrest, a
# charge, a court date, a funeral. Its incident happened some time before, not in the week
# before publication. Written as words (merge.follow_up_patterns) because the incident stage
# dates the mention but does not say whether the article's news is the attack or what came
# after.
_FOLLOW_UP = re.compile(
    rf"\b{alternation('merge.follow_up_patterns')}\b",
    re.IGNORECASE,
)


@dataclass(eq=False)
class Report:
    id: str  # the mention id, or "article:<document>" for an article without one
    document: str
    published: dt.date | None
    mention: IncidentMention | None = None
    background: bool = False
    type: str | None = None
    dates: DateRange | None = None
    dated: bool = False  # the range comes from a stated date, not the publication week
    place: Place | None = None
    killed: Count | None = None
    wounded: Count | None = None
    victims: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    vector: Vector = field(default_factory=dict)
    # The article's headline alone: what a page that lost its story (``lost``) has to
    # compare, and what it is compared with, like with like.
    headline: Vector = field(default_factory=dict)
    lost: bool = False
    rare: list[str] = field(default_factory=list)  # looked up in the rare-word index
    keys: list[str] = field(default_factory=list)  # indexed under
    embedding: NDArray[np.float32] | None = None
    copy: Copy | None = None
    outlet: str | None = None


def name_keys(names: Sequence[str]) -> frozenset[str]:
    """Surnames (last words) of person names, casefolded: "Daniel Okafor" -> okafor."""
    out = set()
    for name in names:
        words = [w for w in _SPACE.split(name.strip()) if w[:1].isalpha()]
        if words and len(words[-1]) > 2:
            out.add(words[-1].casefold().strip(".,'’"))
    return frozenset(out)


def reports_of(
    article: Article,
    mentions: Sequence[IncidentMention],
    vector: Vector,
    rare: list[str],
    embedding: NDArray[np.float32] | None,
    copy: Copy | None,
    sentence_vector: Callable[[str], Vector] | None = None,
    headline: Vector | None = None,
    lost: bool = False,
    horizon_days: int | None = None,
) -> list[Report]:
    """An article's reports: each mention, or the article itself when it has none.

    The first (main) report stands for the article and carries its text features; any other
    report, a background reference ("the 2014 kidnapping of the Chibok schoolgirls") or a
    second event in a round-up, is compared by its own sentence, not by an article that is
    mostly about something else. Mentions come main first, in text order."""
    common: dict[str, Any] = {
        "document": article.document,
        "published": article.published,
        "vector": vector,
        "headline": headline or {},
        "lost": lost,
        "rare": rare,
        "embedding": embedding,
        "copy": copy,
        "outlet": article.outlet,
    }
    if not mentions:
        return [
            Report(
                id=f"article:{article.document}",
                dates=_undated(article, article.title or "", horizon_days),
                **common,
            )
        ]
    out = []
    for n, m in enumerate(mentions):
        extra: dict[str, Any] = {}
        if n and sentence_vector is not None:  # only the first report stands for the article
            extra = {"vector": sentence_vector(m.text), "embedding": None, "headline": {}}
        out.append(
            Report(
                id=m.id,
                mention=m,
                background=not m.is_main,
                type=m.type,
                dates=(
                    _undated(article, f"{article.title or ''} {m.text}", horizon_days)
                    if m.is_main and m.date is None
                    else date_range(m.date, m.date_precision, article.published)
                ),
                dated=m.date is not None,
                place=m.place,
                killed=m.killed,
                wounded=m.wounded,
                victims=name_keys(m.victims),
                actors=frozenset(p.id or p.name.casefold() for p in m.perpetrators),
                **(common | extra),
            )
        )
    return out


def _undated(article: Article, said: str, horizon_days: int | None) -> DateRange | None:
    """The days an undated own-news report can mean: the week before publication, or, for a
    follow-up story (its headline or sentence tells of an arrest, a court date, a funeral),
    any day up to ``horizon_days`` before it: a trial three months on is not held to be
    three months from the shooting it is about. The time between publications still counts
    against it (``Params.p_days``), so the text must carry the link."""
    published = article.published
    if horizon_days is not None and published is not None and _FOLLOW_UP.search(said):
        return published - dt.timedelta(days=horizon_days), published
    return date_range(None, None, published)


def lead(article: Article) -> str:
    words = article.text.split()[:EMBED_WORDS]
    return " ".join([article.title or "", *words])
