"""Online clustering of reports into incidents, with blocking by time, place and rare words.

Each report, as it arrives, is compared only with the clusters that share its block: those
seen in the same country in the weeks around its publication, those sharing one of its
rare words (a victim's name reaches a follow-up months later), and the cluster of the
article it copies. A candidate is ruled out by an incompatible type, date or place, or by
already holding a report of the same article; the others are scored (text similarity,
shared names, agreeing tolls, same city, nearness in time) and the report joins the best
one above the threshold, or starts a new cluster. Each report thus costs a bounded number
of comparisons, and the whole merge stays near-linear in the number of articles.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from newsblotter.merge import compat
from newsblotter.merge.embed import FLOOR as STATIC_FLOOR
from newsblotter.merge.embed import WEIGHT as STATIC_WEIGHT
from newsblotter.merge.reports import Report
from newsblotter.merge.text import cosine
from newsblotter.records import Count, Place


@dataclass(frozen=True)
class Params:
    """Weights and thresholds; the defaults were set on the dev sets (docs/benchmarks.md)."""

    window_days: int = 3  # stated dates this far apart may still be one incident
    threshold: float = 0.3  # a report joins the best cluster scoring at least this
    background_threshold: float = 0.3
    w_text: float = 1.0
    link_mix: float = (
        0.5  # text similarity: this share from the closest report, the rest from the centroid
    )
    # The text model tells topics apart (a shooting from a rehab stay) better than one
    # shooting from another, so it adds or takes a little around its floor (``floor`` and
    # ``weight`` of the model: a high floor for the static model, a lower one for the
    # transformer). None: the text model's own.
    w_embed: float | None = None
    embed_floor: float | None = None
    # Halved after incidents/3 found a dated, placed shooting in 84% of local reports (was
    # 62%): a shared city and day became common, so they say less (tuned on dev).
    b_city: float = 0.06
    b_same_day: float = 0.1  # both state the same day
    b_victim: float = 0.25
    b_actor: float = 0.08
    b_count: float = 0.08
    p_count: float = 0.25
    p_type: float = 0.05  # an incompatible type (of the article's own news)
    p_place: float = 0.15  # places that cannot be one scene
    p_date: float = 0.15  # stated days further apart than the window
    b_copy: float = 1.0
    p_days: float = 0.08  # per doubling of the days between publications beyond a week
    p_undated_gap: float = 0.1  # per week an undated report lies outside the cluster's dates
    block_weeks: int = 2  # how far back the time-place block reaches
    merge_threshold: float | None = None  # two clusters whose centroids agree this much merge
    rare_words: int = 12
    rare_max_df: int = 30  # words seen in more articles than this index nothing
    horizon_days: int = 365  # follow-ups (trials, sentencings) come within about a year
    max_postings: int = 8  # clusters kept per rare word: the most recent ones
    # After the online pass, a cluster whose centred reports spread along one direction this
    # many times more than along any other is two events and is split (merge.refine); each
    # half needs this many articles. Chosen on the dev sets (docs/benchmarks-notes.md).
    split_gap: float | None = 3.0
    split_min_side: int = 3
    # Then an article left alone is compared once more, with the clusters formed after it,
    # and joins the best scoring at least this (merge.refine; chosen on the dev sets).
    attach_threshold: float | None = 0.35


@dataclass(eq=False)
class Cluster:
    id: int
    reports: list[Report] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    types: Counter[str] = field(default_factory=Counter)
    dates: compat.DateRange | None = None
    dated: bool = False
    place: Place | None = None
    killed: list[Count] = field(default_factory=list)
    wounded: list[Count] = field(default_factory=list)
    victims: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    centroid: NDArray[np.float32] | None = None
    words: dict[str, float] = field(default_factory=dict)  # sum of the reports' TF-IDF vectors
    merged_into: Cluster | None = None  # set when an analyst merged it into another
    last: dt.date | None = None  # the latest publication among its reports

    @property
    def type(self) -> str | None:
        return self.types.most_common(1)[0][0] if self.types else None

    def add(self, r: Report) -> None:
        self.reports.append(r)
        self.documents.add(r.document)
        if r.published is not None and (self.last is None or r.published > self.last):
            self.last = r.published
        if r.type:
            self.types[r.type] += 1 if r.background else 2
        if r.dated and (not self.dated or compat.narrower(r.dates, self.dates)):
            self.dates, self.dated = r.dates, True
        elif not self.dated and r.dates is not None:
            self.dates = r.dates if self.dates is None else _hull(self.dates, r.dates)
        if compat.place_weight(r.place) > compat.place_weight(self.place):
            self.place = r.place
        if r.killed:
            self.killed.append(r.killed)
        if r.wounded:
            self.wounded.append(r.wounded)
        self.victims |= r.victims
        self.actors |= r.actors
        if not any(o.document == r.document for o in self.reports[:-1]):
            for w, v in r.vector.items():
                self.words[w] = self.words.get(w, 0.0) + v
        if r.embedding is not None:
            self.centroid = r.embedding if self.centroid is None else self.centroid + r.embedding

    def published(self) -> list[dt.date]:
        return [r.published for r in self.reports if r.published is not None]


def reset(c: Cluster, reports: list[Report]) -> None:
    """Recompute ``c`` from ``reports`` (after some left it), keeping its id."""
    fresh = Cluster(c.id)
    for r in reports:
        fresh.add(r)
    for name in fresh.__dataclass_fields__:
        setattr(c, name, getattr(fresh, name))


def _norm(words: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in words.values())) or 1.0


def _centroid_cosine(a: Cluster, b: Cluster) -> float:
    return cosine(a.words, b.words) / (_norm(a.words) * _norm(b.words))


def _compatible(a: Cluster, b: Cluster, window: int) -> bool:
    if not compat.types_ok(a.type, b.type) or not compat.places_ok(a.place, b.place):
        return False
    return not (a.dated and b.dated and compat.date_gap(a.dates, b.dates) > window)


def _anchor(r: Report) -> dt.date | None:
    """The day that places a report in time for blocking: its article's publication, or for
    a background reference the end of the date it gives."""
    if r.background and r.dated and r.dates is not None:
        return r.dates[1]
    return r.published or (r.dates[1] if r.dates else None)


def _likeness(r: Report, o: Report) -> float:
    """Text similarity of two reports. A page that lost its story has only its headline, and
    a headline against a whole story scores low even when both tell one shooting ("Millbrook
    boy dies after accidental shooting"), so such a page is also held against the other's
    headline.
    (On the gun-violence pool, where 440 of 5,008 pages lost their story: B-cubed F1 0.8867
    -> 0.8876, GVC 0.9466 -> 0.9487; docs/benchmarks-notes.md.)"""
    text = cosine(r.vector, o.vector)
    if (r.lost or o.lost) and r.headline and o.headline:
        return max(text, cosine(r.headline, o.headline))
    return text


def _is_day(d: compat.DateRange | None) -> bool:
    return d is not None and d[0] == d[1]


def _hull(a: compat.DateRange, b: compat.DateRange) -> compat.DateRange:
    return min(a[0], b[0]), max(a[1], b[1])


class Clusterer:
    """Assigns reports to clusters one at a time (call ``add`` in arrival order)."""

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self.clusters: list[Cluster] = []
        self.home: dict[str, Cluster] = {}  # report id -> cluster
        self._by_week: dict[int | None, dict[str, list[Cluster]]] = {}
        self._by_word: dict[str, deque[Cluster]] = {}
        self._by_document: dict[str, list[Cluster]] = {}
        self.comparisons = 0

    # -- blocking ------------------------------------------------------------------------------

    @staticmethod
    def _week(day: dt.date) -> int:
        return day.toordinal() // 7

    def candidates(self, r: Report) -> list[Cluster]:
        p = self.params
        found: dict[int, Cluster] = {}
        country = r.place.country if r.place and r.place.country else None
        weeks: list[int | None] = [None]  # reports with no date at all form one block
        anchor = _anchor(r)
        if anchor is not None:
            week = self._week(anchor)
            weeks += list(range(week - p.block_weeks, week + 1))
        for w in weeks:
            places = self._by_week.get(w, {})
            groups = [places.get(country, []), places.get("?", [])] if country else places.values()
            for group in groups:
                for c in group:
                    found[c.id] = c
        for word in r.rare:
            for c in self._by_word.get(word, ()):
                if r.background or not self._stale(r, c):
                    found[c.id] = c
        if r.copy is not None and r.copy.copy_of is not None:
            for c in self._by_document.get(r.copy.copy_of, ()):
                found[c.id] = c
        return [c for c in found.values() if c.merged_into is None]

    def _stale(self, r: Report, c: Cluster) -> bool:
        """Whether ``c``'s last report is older than a follow-up can be (a year)."""
        return (
            r.published is not None
            and c.last is not None
            and (r.published - c.last).days > self.params.horizon_days
        )

    def _index(self, r: Report, c: Cluster) -> None:
        p = self.params
        anchor = _anchor(r)
        week = None if anchor is None else self._week(anchor)
        country = r.place.country if r.place and r.place.country else "?"
        group = self._by_week.setdefault(week, {}).setdefault(country, [])
        if c not in group:
            group.append(c)
        for word in dict.fromkeys([*r.rare, *r.keys]):
            postings = self._by_word.setdefault(word, deque(maxlen=p.max_postings))
            if c not in postings:
                postings.append(c)  # the oldest cluster under a word falls out
        docs = self._by_document.setdefault(r.document, [])
        if c not in docs:
            docs.append(c)

    # -- scoring -------------------------------------------------------------------------------

    def score(self, r: Report, c: Cluster) -> float | None:
        """How strongly ``r`` belongs in ``c``; None when it cannot.

        Facts read by the extractors are often wrong (a misread date, a geocoded street
        name), so for an article's own news a clash of type, date or place costs points
        instead of ruling the merge out: near-identical texts still merge. A background
        reference has nothing but its facts, so for it a clash rules the merge out.
        """
        p = self.params
        if r.document in c.documents:
            return None
        types_ok = compat.types_ok(r.type, c.type)
        places_ok = compat.places_ok(r.place, c.place)
        gap = compat.date_gap(r.dates, c.dates)
        dates_ok = not (r.dated and c.dated and gap > p.window_days)
        if r.background and not (types_ok and places_ok and dates_ok):
            return None
        self.comparisons += 1
        closest = max((_likeness(r, o) for o in c.reports), default=0.0)
        centre = cosine(r.vector, c.words) / _norm(c.words)
        s = p.w_text * (p.link_mix * closest + (1 - p.link_mix) * centre)
        if r.embedding is not None and c.centroid is not None:
            norm = float(np.linalg.norm(c.centroid)) or 1.0
            sim = float(r.embedding @ c.centroid) / norm
            floor = p.embed_floor if p.embed_floor is not None else STATIC_FLOOR
            weight = p.w_embed if p.w_embed is not None else STATIC_WEIGHT
            s += weight * (sim - floor) / (1.0 - floor)
        if r.copy is not None and r.copy.copy_of is not None and r.copy.copy_of in c.documents:
            s += p.b_copy
        s -= 0.0 if types_ok else p.p_type
        s -= 0.0 if places_ok else p.p_place
        s -= 0.0 if dates_ok else p.p_date * (1.0 if _is_day(r.dates) and _is_day(c.dates) else 0.5)
        if (
            places_ok
            and r.place is not None
            and c.place is not None
            and r.place.precision == "city"
            and c.place.precision == "city"
        ):
            s += p.b_city
        if gap == 0 and _is_day(r.dates) and _is_day(c.dates) and r.dated and c.dated:
            s += p.b_same_day
        if r.victims & c.victims:
            s += p.b_victim
        if r.actors & c.actors:
            s += p.b_actor
        s += self._counts(r.killed, c.killed) + self._counts(r.wounded, c.wounded)
        if not (r.dated and c.dated) and gap > p.window_days:
            s -= p.p_undated_gap * gap / 7
        days = (
            min((abs((r.published - d).days) for d in c.published()), default=0)
            if r.published
            else 0
        )
        if days > 7 and not r.background:  # a reference to an old event is late by nature
            s -= p.p_days * math.log2(days / 7)
        return s

    def _counts(self, mine: Count | None, theirs: list[Count]) -> float:
        if mine is None or not theirs:
            return 0.0
        verdicts = [compat.counts_agree(mine, t) for t in theirs]
        if "same" in verdicts:
            return self.params.b_count
        if all(v == "clash" for v in verdicts):
            return -self.params.p_count
        return 0.0

    # -- the online step -------------------------------------------------------------------------

    def best(self, r: Report, clusters: Iterable[Cluster]) -> tuple[float, Cluster] | None:
        """The cluster ``r`` scores highest against (ties: the older), with its score."""
        best: tuple[float, Cluster] | None = None
        for c in clusters:
            s = self.score(r, c)
            if s is not None and (best is None or (s, -c.id) > (best[0], -best[1].id)):
                best = (s, c)
        return best

    def new_cluster(self) -> Cluster:
        c = Cluster(len(self.clusters))
        self.clusters.append(c)
        return c

    def fold(self, keep: Cluster, gone: Cluster, index: bool = False) -> None:
        """Move every report of ``gone`` into ``keep`` (``index``: under ``keep`` in the
        blocking index too, while reports are still arriving)."""
        for r in gone.reports:
            keep.add(r)
            self.home[r.id] = keep
            if index:
                self._index(r, keep)
        gone.reports = []
        gone.merged_into = keep

    def split_off(self, moving: list[Report]) -> Cluster:
        """A new cluster of ``moving``, taken out of the clusters that held them."""
        new = self.new_cluster()
        ids = {id(r) for r in moving}
        for c in {self.home[r.id].id: self.home[r.id] for r in moving}.values():
            reset(c, [r for r in c.reports if id(r) not in ids])
        for r in moving:
            new.add(r)
            self.home[r.id] = new
        return new

    def add(self, r: Report) -> Cluster:
        p = self.params
        candidates = self.candidates(r)
        best = self.best(r, candidates)
        need = p.background_threshold if r.background else p.threshold
        target = best[1] if best is not None and best[0] >= need else self.new_cluster()
        target.add(r)
        self.home[r.id] = target
        self._index(r, target)
        if p.merge_threshold is not None and len(target.reports) > 1:
            target = self._absorb(target, [c for c in candidates if c is not target])
        return target

    def _absorb(self, target: Cluster, others: list[Cluster]) -> Cluster:
        """A cluster that grew may now be the same incident as a neighbour it could not
        reach before (reports arrive in any order): merge the two when their centroids
        agree and nothing rules it out. The older cluster survives, so ids stay stable."""
        p = self.params
        assert p.merge_threshold is not None
        for other in others:
            if other.merged_into is not None or not other.reports:
                continue
            if target.documents & other.documents:
                continue
            if not _compatible(target, other, p.window_days):
                continue
            self.comparisons += 1
            if _centroid_cosine(target, other) < p.merge_threshold:
                continue
            keep, gone = (target, other) if target.id < other.id else (other, target)
            self.fold(keep, gone, index=True)
            target = keep
        return target

    def extend(self, reports: Iterable[Report]) -> None:
        for r in reports:
            self.add(r)

    def live(self) -> list[Cluster]:
        return [c for c in self.clusters if c.merged_into is None and c.reports]
