"""The library API: one Pipeline that every interface (CLI, API, benches) drives.

Each document is a unit of work and every stage a pure function of it, so re-running is
idempotent; incidents and ledgers are recomputed from the stored mentions and statements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from newsblotter import recovery
from newsblotter.actors import Gazetteer
from newsblotter.config import Settings, load_settings
from newsblotter.engine.records import Done, IngestReport, Progress
from newsblotter.ledger import Context, build_ledger
from newsblotter.query import IncidentQuery, find_incidents, load_index, most_reported
from newsblotter.records import (
    Annotated,
    Article,
    Extraction,
    Incident,
    RawDocument,
    Statement,
    TextVector,
)
from newsblotter.store import Database, open_db
from newsblotter.store.copies import store_once, stored_as
from newsblotter.store.sources import SourceStore

if TYPE_CHECKING:
    from newsblotter.analysis import Analyzer
    from newsblotter.engine.records import Engine
    from newsblotter.ingest.sources import Item
    from newsblotter.merge import Encoder
    from newsblotter.nlp import Annotator

__all__ = ["IngestReport", "Pipeline", "Progress", "analyze_text", "resolve_workers"]

log = logging.getLogger(__name__)
_VECTOR_BATCH = 64  # text vectors kept in one write of the vector store


def resolve_workers(requested: int) -> int:
    """``requested`` processes, 0 meaning one per core."""
    return requested if requested > 0 else (os.cpu_count() or 1)


class Pipeline:
    """Ingest, analyse and store; holds the loaded models for the life of the process.

    The analysis (``analyzer``, ``newsblotter.analysis``) is a pure function of each document;
    this object is the one writer: it stores each extraction (one transaction per document),
    the text vector it carries (the text model's store, in batches) and the actors it
    introduced (the stored actors, and ``actors``, the gazetteer that queries and ledgers read).
    """

    def __init__(self, settings: Settings | None = None, db: Database | None = None) -> None:
        self.settings = settings or load_settings()
        self._db = db
        self.last_workers: Callable[[], list[int]] = list  # pids of the current workers
        self._vectors: list[TextVector] = []  # computed by the analysis, not yet kept

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_db(self.settings.db_url)
        return self._db

    @cached_property
    def actors(self) -> Gazetteer:
        """The shipped gazetteer and the actors stored (introduced by stored articles)."""
        gazetteer = Gazetteer.default()
        if self._db is not None or self.settings.db:  # no database for bare-text analysis
            for actor in self.db.actors():
                if gazetteer.get(actor.id) is None:
                    gazetteer.add(actor)
        return gazetteer

    @cached_property
    def analyzer(self) -> Analyzer:
        # spaCy, trafilatura and the models' code take seconds to import: commands that only
        # read the database (incidents, show, serve, export) never need them.
        from newsblotter.analysis import Analyzer
        from newsblotter.merge.vectors import ContextualEncoder

        loaded = self.__dict__.get("encoder")  # the merger's transformer, when loaded first
        return Analyzer(self.settings, loaded if isinstance(loaded, ContextualEncoder) else None)

    @property
    def annotator(self) -> Annotator:
        return self.analyzer.annotator

    # -- analysis (pure: nothing is written) ----------------------------------------------
    def analyze(self, raw: RawDocument) -> Extraction:
        """Raises ``NoArticle`` (a ValueError) when the document holds no story."""
        return self.analyzer.analyse(raw)

    def analyze_many(self, raws: Sequence[RawDocument]) -> list[Extraction | Exception]:
        """``analyze`` of each document (an error in place of one that failed), batched
        through the NLP when the analysis is the stock one."""
        if type(self).analyze is Pipeline.analyze:
            return self.analyzer.analyse_many(raws)
        found: list[Extraction | Exception] = []
        for raw in raws:  # a subclass's own analysis (tests' stubs), one by one
            try:
                found.append(self.analyze(raw))
            except Exception as exc:
                found.append(exc)
        return found

    def analyze_article(self, article: Article) -> Extraction:
        """The NLP, incident and statement stages on an article (no triage, no text vector),
        reading what an ingest reads of it (``Analyzer.read``)."""
        ann = self.analyzer.annotator.annotate(self.analyzer.read(article))
        return replace(self.analyzer.extract(ann), article=article)

    def extract_annotated(self, ann: Annotated) -> Extraction:
        """The incident and statement stages on an article already annotated."""
        return self.analyzer.extract(ann)

    def preload(self) -> None:
        """Load the models and warm their lazy caches (gazetteer, place index), so worker
        processes forked afterwards share them instead of each building its own."""
        self.analyzer.preload()

    # -- writing (this process only) ------------------------------------------------------
    def keep(self, extraction: Extraction) -> None:
        """What the writer keeps beside a stored extraction: the actors it introduced join
        ``actors``; its text vector joins the text model's store (in batches)."""
        if "actors" in self.__dict__:  # a gazetteer not loaded yet will read them stored
            for actor in extraction.new_actors:
                if self.actors.get(actor.id) is None:
                    self.actors.add(actor)
        if extraction.vector is not None:
            self._vectors.append(extraction.vector)
            if len(self._vectors) >= _VECTOR_BATCH:
                self.flush()

    def flush(self) -> None:
        """Write the text vectors kept so far (before a rebuild reads them back)."""
        vectors, self._vectors = self._vectors, []
        if not vectors:
            return
        from newsblotter.merge.vectors import ContextualEncoder  # slow: see rebuild_incidents

        if isinstance(self.encoder, ContextualEncoder):
            self.encoder.keep(vectors)

    # -- ingest ---------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: Progress | None = None,
        workers: int | None = None,
        engine: str | None = None,
    ) -> IngestReport:
        """Ingest files, folders, WARC archives, URLs and ``@lists`` of them.

        The run is keyed by its inputs: an interrupted run of the same inputs resumes where it
        stopped. ``workers`` (default ``settings.workers``; 0 means one per core) analyse in
        parallel; ``engine`` "ray" runs on Ray (``settings.ray_address``, else locally).
        """
        # The sources stack (httpx, FastWARC, feed parsers) takes a second or two to import:
        # only ingesting needs it, not the commands that read the database.
        from newsblotter.ingest.sources import canonical

        recovery.ensure_ready(self)  # a bad setting fails here, before anything is stored
        store = SourceStore(self.db)
        sources = canonical(paths)
        run, resumed = store.start_run(sources)
        recovery.fault("run-started")
        count = resolve_workers(self.settings.workers if workers is None else workers)
        try:
            if (engine or self.settings.engine) == "ray":
                # Ray is an optional extra (and takes seconds to import): only for this engine.
                from newsblotter.engine.raydata import RayPool, ray_session

                with ray_session(self.settings, count):
                    actors = RayPool(partial(_build_analyser, self.settings), count)
                    report = self._ingest_here(store, sources, run, count, progress, actors)
            else:
                report = self._ingest_here(store, sources, run, count, progress)
        finally:
            self.flush()
        report.resumed = resumed
        if report.ingested or recovery.stale(self.db):  # also completes an interrupted run
            self.rebuild_incidents()
        store.finish_run(run)  # finished only once its incidents are rebuilt
        recovery.fault("finished")
        return report

    def ingest_raw(
        self, raws: Iterable[RawDocument], progress: Progress | None = None
    ) -> IngestReport:
        """Ingest documents already read (an upload, a fetched URL): same rules as ``ingest``."""
        recovery.ensure_ready(self)
        report = IngestReport()
        changed = False
        for raw in raws:
            if progress:
                progress(raw.uri)
            status, copy_of = stored_as(self.db, raw.id) if raw.status == "ok" else (None, None)
            if status == "ok" or copy_of:
                report.unchanged += 1
                continue
            if raw.status == "failed" or status == "failed":
                self._fail(report, raw, raw.error or f"{raw.uri}: failed earlier")
                continue
            try:
                extraction = self.analyze(raw)
                added, _ = store_once(self.db, raw, extraction)  # a copy: another location
            except ValueError as exc:  # NoArticle, or a StoreError naming the database
                self._fail(report, raw, f"{raw.uri}: {exc}")
                continue
            except Exception as exc:  # a bug must not stop a long run; it is recorded
                self._fail(report, raw, f"{raw.uri}: internal error: {type(exc).__name__}: {exc}")
                continue
            if not added:
                report.unchanged += 1
                continue
            self.keep(extraction)
            report.ingested += 1
            changed = True
        if changed:  # a rebuild recomputes everything: it also completes a run cut short
            self.rebuild_incidents()
        return report

    def _ingest_here(
        self,
        store: SourceStore,
        sources: list[str],
        run: str,
        workers: int,
        progress: Progress | None,
        engine: Engine | None = None,
    ) -> IngestReport:
        # only ingesting needs the sources stack and the engines (slow to import, see ingest)
        from newsblotter.engine.work import RunLog
        from newsblotter.ingest.fetch import Fetcher
        from newsblotter.ingest.sources import read_items

        report = IngestReport()
        log = RunLog(store, run)
        with Fetcher(self.settings, store) as fetcher:
            items = read_items(sources, self.settings, fetcher, lambda s: store.done_items(run, s))
            try:
                for done in self.process(items, workers, store, engine):
                    report.add(done)
                    log.add(done)
                    if progress:
                        progress(done.uri)
            finally:
                log.flush()
        recovery.fault("items-recorded")
        return report

    def process(
        self,
        items: Iterable[Item],
        workers: int = 1,
        store: SourceStore | None = None,
        engine: Engine | None = None,
    ) -> Generator[Done, None, None]:
        """Analyse and store each item (in order, ``workers`` processes analysing, or
        ``engine``'s workers: Ray's actors); yields what became of each as soon as it is
        stored. Closing the generator early (Ctrl-C) leaves every stored document whole."""
        # only ingesting needs the engines (they import the sources stack, see ingest)
        from newsblotter.engine.pool import InProcess, ProcessPool
        from newsblotter.engine.work import finish, prepare, remember
        from newsblotter.recovery import each, fault

        analyzer: Engine = engine or (
            ProcessPool(
                self.analyze_many,
                workers,
                self.settings.recycle_after,
                preload=self.preload,
                spawn=partial(_build_analyser, self.settings),
            )
            if workers > 1
            else InProcess(self.analyze_many)
        )
        self.last_workers = analyzer.worker_pids
        try:
            pairs = ((item, *prepare(self.db, item)) for item in each("read", items))
            for (item, done), raw, result in analyzer.map(
                ((item, done), raw) for item, raw, done in pairs
            ):
                fault("analysed")
                if done is None:
                    assert raw is not None
                    done = finish(self.db, store, item, raw, result, self.keep)
                    fault("stored")
                else:
                    remember(store, item, done.document)
                yield done
        finally:
            analyzer.close()
            self.flush()

    def _fail(self, report: IngestReport, raw: RawDocument, error: str) -> None:
        one_line = " ".join(error.split())
        self.db.record_failure(raw.uri, one_line, raw.id if raw.content else None)
        report.failed += 1
        report.failures.append((raw.uri, one_line))

    def reprocess(self, progress: Progress | None = None) -> IngestReport:
        """Re-extract every stored document with the current extractors."""
        report = IngestReport()
        for raw in self.db.iter_documents():
            if progress:
                progress(raw.uri)
            try:
                extraction = self.analyze(raw)
            except ValueError as exc:
                self._fail(report, raw, f"{raw.uri}: {exc}")
                continue
            self.db.save_document(raw, extraction)
            self.keep(extraction)
            report.ingested += 1
        self.rebuild_incidents()
        return report

    # -- incidents --------------------------------------------------------------------------
    def rebuild_incidents(self) -> list[Incident]:
        """Recompute every incident from the stored mentions, replaying the articles in
        arrival order, then the analyst's merges and splits; ledgers count sources per
        story (copy group), so wire copies count once."""
        # the merger imports spaCy's stop words and the text models (seconds): only a rebuild
        # needs it, not the commands that read the database
        from newsblotter.merge import Override, Params, merge

        self.flush()
        done = recovery.mark(self.db)  # read first: what arrives meanwhile leaves it stale
        # Articles triage passed over report no violent incident: leaving them out keeps them
        # from joining an incident on shared words, and keeps a rebuild proportional to the
        # violent news (about a tenth of a general feed) rather than to everything stored.
        articles = self.db.load_articles(analysed=True)
        known = {a.document for a in articles}
        mentions = [m for m in self.db.load_mentions() if m.provenance.document in known]
        overrides = [
            Override.from_row(kind, target, data, note, at)
            for _, kind, target, data, note, at in self.db.overrides(("merge", "split"))
        ]
        result = merge(
            articles,
            mentions,
            Params(window_days=self.settings.merge_window_days),
            encoder=self.encoder,
            overrides=overrides,
        )
        context = Context(
            stories={d: c.story for d, c in result.copies.items()},
            outlets={a.document: a.outlet for a in articles},
            published={a.document: a.published for a in articles},
        )
        by_mention: dict[str, list[Statement]] = {}
        for st in self.db.load_statements():
            if st.incident:
                by_mention.setdefault(st.incident, []).append(st)
        for inc in result.incidents:
            stmts = [s for mid in inc.mentions for s in by_mention.get(mid, [])]
            inc.ledger = build_ledger(stmts, self.actors, context=context)
        recovery.store_incidents(self.db, result.incidents, done)  # ids kept, then the set
        return result.incidents

    @cached_property
    def encoder(self) -> Encoder | None:
        """The merger's text model, or None when settings turn it off or it is not installed.
        The transformer is the analysis's own (one copy of the weights in memory)."""
        from newsblotter.merge import ModelUnavailable, load_text_model  # slow: see rebuild
        from newsblotter.merge.vectors import VectorStore, store_path

        cache = Path(self.settings.cache_dir).expanduser()
        shared = self.analyzer.text_model if "analyzer" in self.__dict__ else None
        if self.settings.text_model == "minilm" and shared is not None:
            return shared.with_store(VectorStore(store_path(cache)))

        try:
            return load_text_model(self.settings.text_model, cache)
        except ModelUnavailable as exc:
            log.warning("merging without a text model: %s", exc)
            return None

    # -- queries ------------------------------------------------------------------
    def find_incidents(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        country: str | None = None,
        actor: str | None = None,
        type: str | None = None,
        background: bool = False,
    ) -> list[Incident]:
        """Incidents matching all filters (``newsblotter.query``), most reported first;
        ``actor`` (an id, name or alias) includes its branches; those no article reports as
        news (only recalled in passing) only with ``background``."""
        query = IncidentQuery.of(
            since=since, until=until, country=country, actor=actor, type=type, background=background
        )
        return most_reported(find_incidents(self.db, query, load_index(self)))

    def incident_statements(self, incident: Incident) -> list[Statement]:
        mentions = set(incident.mentions)
        return [s for s in self.db.statements() if s.incident in mentions]


def _build_analyser(
    settings: Settings,
) -> Callable[[Sequence[RawDocument]], list[Extraction | Exception]]:
    """The loaded analysis, for a process that builds its own (spawned worker, Ray actor)."""
    # spaCy and the models' code take seconds to import: commands that only read the
    # database never need them.
    from newsblotter.analysis import analyser

    return analyser(settings)


_DEFAULT: Pipeline | None = None


def analyze_text(
    text: str, published: dt.date | None = None, title: str | None = None
) -> Extraction:
    """Analyse a bare story text (benchmarks, notebooks): no extraction, no database."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline(load_settings(db=""))
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = Article(
        document=doc_id,
        text=text,
        title=title,
        published=published,
        published_precision="day" if published else None,
        extractor="text/bare",
    )
    return _DEFAULT.analyze_article(article)
