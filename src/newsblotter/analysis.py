"""The analysis of one document: a pure function of the document, the code and the settings.

``Analyzer.analyse(raw or article)`` returns everything the document yields as one
``Extraction``: its article, incident mentions, statements, every attribution, the actors it
introduces ("a group calling itself ...") and, when the text model keeps vectors, the
article's text vector. It writes nothing and changes nothing it was given: the gazetteer it
reads is the shipped one, an article's own additions go to a per-article view of it, and the
text vector travels in the Extraction. So an article's result never depends on what was read
before it or on which process read it, and the workers of a pool or a Ray cluster hold no
database, cache or lock. The caller (``Pipeline``, the one writer) stores the extraction, the
vector and the new actors, one transaction per document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property

from newsblotter.actors import Gazetteer
from newsblotter.article import extract
from newsblotter.config import Settings
from newsblotter.incidents import find_mentions
from newsblotter.ingest import decode
from newsblotter.ingest.payload import check_length
from newsblotter.merge import ModelUnavailable, model_texts
from newsblotter.merge.vectors import ContextualEncoder, load_contextual, one_blas_thread
from newsblotter.nlp import Annotator
from newsblotter.records import Annotated, Article, Extraction, RawDocument, TextVector
from newsblotter.statements import find_statements
from newsblotter.triage import is_relevant, only_passages, passages

_NLP_BATCH = 8  # articles spaCy parses together
# an absolute date too: dateparser's first date costs about 0.4 s (its tables, its patterns)
_WARM_UP = (
    "A bomb exploded at a market in Kabul on Monday, March 4, killing two people, police said."
)


class Analyzer:
    """Holds the loaded models (spaCy with the gazetteer's patterns, the geocoder, the text
    model); analyses one document at a time. Models load on first use, or all at once with
    :meth:`preload` (before a pool forks its workers, so that they share them)."""

    def __init__(self, settings: Settings, text_model: ContextualEncoder | None = None) -> None:
        self.settings = settings
        if text_model is not None:  # the caller's weights, shared (and no store: see below)
            self.text_model = text_model.with_store(None)

    @cached_property
    def actors(self) -> Gazetteer:
        """The shipped gazetteer, read-only here (each article writes to its own view)."""
        return Gazetteer.default()

    @cached_property
    def annotator(self) -> Annotator:
        # States stay spaCy GPEs so that they are geocoded as places; the statement stage
        # resolves them to actors itself.
        kinds = {a.kind for a in self.actors.actors()} - {"state"}
        return Annotator(self.settings, self.actors.patterns(kinds=kinds))

    @cached_property
    def text_model(self) -> ContextualEncoder | None:
        """The transformer whose vectors the merger keeps (``text_model = "minilm"``), here
        without a vector store (the vectors travel in the Extraction); None for the other
        text models, which keep nothing."""
        if self.settings.text_model != "minilm":
            return None
        try:
            return load_contextual(None)
        except ModelUnavailable:
            return None  # the merger says so, once, when it loads the model

    # -- analysis -------------------------------------------------------------------------
    def analyse(self, document: RawDocument | Article) -> Extraction:
        """Everything ``document`` yields. Raises ``NoArticle`` (a ValueError) when a raw
        document holds no story. An article that triage passes over is returned with
        ``analysed = False`` (stored and searchable, not parsed)."""
        result = self.analyse_many([document])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def analyse_many(
        self, documents: Sequence[RawDocument | Article]
    ) -> list[Extraction | Exception]:
        """:meth:`analyse` of each document, in order, an error in place of a document that
        failed; the articles past triage go through spaCy and the text model together (in
        batches, which cost about a quarter less than one by one)."""
        with one_blas_thread():  # as in a pool's worker, in every process (merge.vectors)
            return self._analyse_many(documents)

    def _analyse_many(
        self, documents: Sequence[RawDocument | Article]
    ) -> list[Extraction | Exception]:
        out: list[Extraction | Exception] = []
        parse: list[tuple[int, Article]] = []
        for document in documents:
            try:
                article = self.article(document) if isinstance(document, RawDocument) else document
            except Exception as exc:  # NoArticle, or a page that breaks the extractor
                out.append(exc)
                continue
            if self.settings.triage == "on" and not is_relevant(article.text, article.title):
                out.append(Extraction(article, [], [], analysed=False))  # stored, searchable
                continue
            parse.append((len(out), article))
            out.append(Extraction(article, [], []))  # replaced below
        done: list[tuple[int, Article]] = []
        seen = [self.read(article) for _, article in parse]
        for (i, article), ann in zip(parse, self._annotate(seen), strict=True):
            try:
                if isinstance(ann, Exception):
                    raise ann
                out[i] = replace(self.extract(ann), article=article)
                done.append((i, article))
            except Exception as exc:  # a pathological page must not fail the others
                out[i] = exc
        for (i, _), vector in zip(done, self._vectors([a for _, a in done]), strict=True):
            result = out[i]
            if isinstance(vector, Exception):
                out[i] = vector
            elif isinstance(result, Extraction):
                out[i] = replace(result, vector=vector)
        return out

    def read(self, article: Article) -> Article:
        """The article as the NLP reads it: with triage on, only the passages that can tell
        an incident or a responsibility statement (``triage.passages``); the other
        paragraphs are blanked, every offset kept. A parse costs in proportion to what it
        reads, and most of a long story's paragraphs say neither."""
        if self.settings.triage != "on":
            return article
        return replace(article, text=only_passages(article.text, passages(article.text)))

    def _annotate(self, articles: list[Article]) -> list[Annotated | Exception]:
        """The annotations of ``articles`` in one batch; when the batch fails, one by one, so
        that the error stays with its own article."""
        try:
            return list(self.annotator.annotate_many(articles, batch_size=_NLP_BATCH))
        except Exception:
            found: list[Annotated | Exception] = []
            for article in articles:
                try:
                    found.append(self.annotator.annotate(article))
                except Exception as exc:
                    found.append(exc)
            return found

    def _vectors(self, articles: list[Article]) -> list[TextVector | Exception | None]:
        if self.text_model is None:
            return [None] * len(articles)
        try:
            return list(self.vectors(articles))
        except Exception as exc:
            return [exc] * len(articles)

    def article(self, raw: RawDocument) -> Article:
        article = extract(raw, decode(raw), self.settings)
        check_length(article.text)  # longer than spaCy's max_length: one clear line
        return article

    def extract(self, ann: Annotated) -> Extraction:
        """The incident and statement stages on an article already annotated."""
        mentions = find_mentions(ann)
        statements, new_actors, attributions = find_statements(ann, mentions, self.actors.view())
        return Extraction(ann.article, mentions, statements, new_actors, attributions)

    def vectors(self, articles: Sequence[Article]) -> list[TextVector]:
        """The text model's vectors of ``articles`` (what the merger reads of each), or none
        when the text model keeps no vectors."""
        model = self.text_model
        if model is None or not articles:
            return []
        return model.vectors(model_texts(articles))

    def preload(self) -> None:
        """Load the models and warm their lazy caches (gazetteer, place index, truecaser,
        dateparser, the text model's imports)."""
        # the lower-cased copy builds the truecaser that caseless wire copy needs (about 1 s)
        for text in (_WARM_UP, _WARM_UP.lower()):
            warm = Article(
                document="0" * 64,
                text=text,
                published=dt.date(2024, 1, 1),
                published_precision="day",
                extractor="warm-up",
            )
            self.extract(self.annotator.annotate(warm))
        # one vector: the transformer's first pass imports what it needs (scipy's erf, most
        # of a second), in this process rather than in every worker forked from it
        self.vectors([warm])


def analyser(settings: Settings) -> Callable[[Sequence[RawDocument]], list[Extraction | Exception]]:
    """``Analyzer(settings).analyse_many``, its models loaded: what a spawned worker process
    (where fork is unavailable) or a Ray actor builds for itself."""
    loaded = Analyzer(settings)
    loaded.preload()
    return loaded.analyse_many
