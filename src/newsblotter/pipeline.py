"""The library API: one Pipeline that every interface (CLI, API, benches) drives.

Each document is a unit of work and every stage a pure function of it, so re-running is
idempotent; incidents and ledgers are recomputed from the stored mentions and statements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newsblotter.config import Settings, load_settings
from newsblotter.records import (
    Annotated,
    Article,
    Extraction,
    Incident,
    RawDocument,
    Statement,
)

if TYPE_CHECKING:
    from newsblotter.actors import Gazetteer
    from newsblotter.engine.work import Done
    from newsblotter.ingest.sources import Item
    from newsblotter.merge import Encoder
    from newsblotter.nlp import Annotator
    from newsblotter.store import Database
    from newsblotter.store.sources import SourceStore

Progress = Callable[[str], None]
log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    ingested: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0  # WARC records that are not pages (images, redirects, ...)
    resumed: bool = False  # whether this run picked up an interrupted one

    def summary(self) -> str:
        text = f"ingested {self.ingested}, unchanged {self.unchanged}, failed {self.failed}"
        return text + (f", skipped {self.skipped}" if self.skipped else "")

    def add(self, done: Done) -> None:
        if done.outcome == "ingested":
            self.ingested += 1
        elif done.outcome == "unchanged":
            self.unchanged += 1
        elif done.outcome == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append((done.uri, done.error or "failed"))


class _RunLog:
    """Run progress, written in batches: a crash only redoes the last few items."""

    def __init__(self, store: SourceStore, run: str, batch: int = 32) -> None:
        self._store, self._run, self._batch = store, run, batch
        self._rows: list[tuple[str, str, str, str | None]] = []

    def add(self, done: Done) -> None:
        self._rows.append((done.source, done.key, done.outcome, done.document))
        if len(self._rows) >= self._batch:
            self.flush()

    def flush(self) -> None:
        self._store.record_items(self._run, self._rows)
        self._rows = []


def resolve_workers(requested: int) -> int:
    """``requested`` processes, 0 meaning one per core."""
    return requested if requested > 0 else (os.cpu_count() or 1)


class Pipeline:
    """Ingest, analyse and store; holds the loaded models for the life of the process."""

    def __init__(self, settings: Settings | None = None, db: Database | None = None) -> None:
        self.settings = settings or load_settings()
        self._db = db
        self.last_workers: Callable[[], list[int]] = list  # pids of the current workers

    @property
    def db(self) -> Database:
        if self._db is None:
            from newsblotter.store import open_db

            self._db = open_db(self.settings.db_url)
        return self._db

    @cached_property
    def actors(self) -> Gazetteer:
        from newsblotter.actors import Gazetteer

        gazetteer = Gazetteer.default().copy()
        if self._db is not None or self.settings.db:  # no database for bare-text analysis
            for actor in self.db.actors():
                if gazetteer.get(actor.id) is None:
                    gazetteer.add(actor)
        return gazetteer

    @cached_property
    def annotator(self) -> Annotator:
        from newsblotter.nlp import Annotator

        # States stay spaCy GPEs so that they are geocoded as places; the statement stage
        # resolves them to actors itself.
        kinds = {a.kind for a in self.actors.actors()} - {"state"}
        return Annotator(self.settings, self.actors.patterns(kinds=kinds))

    # -- analysis -------------------------------------------------------------
    def analyze_article(self, article: Article) -> Extraction:
        return self.extract_annotated(self.annotator.annotate(article))

    def extract_annotated(self, ann: Annotated) -> Extraction:
        """The incident and statement stages on an article already annotated."""
        from newsblotter.incidents import find_mentions
        from newsblotter.statements import find_statements

        article = ann.article
        mentions = find_mentions(ann)
        statements, new_actors, attributions = find_statements(ann, mentions, self.actors)
        for actor in new_actors:
            if self.actors.get(actor.id) is None:
                self.actors.add(actor)
        return Extraction(article, mentions, statements, new_actors, attributions)

    def analyze(self, raw: RawDocument) -> Extraction:
        """Raises ``NoArticle`` (a ValueError) when the document holds no story."""
        from newsblotter.article import extract
        from newsblotter.ingest import decode
        from newsblotter.ingest.payload import check_length

        article = extract(raw, decode(raw), self.settings)
        check_length(article.text)  # longer than spaCy's max_length: one clear line
        if self.settings.triage == "on":
            from newsblotter.triage import is_relevant

            if not is_relevant(article.text, article.title):
                return Extraction(article, [], [], analysed=False)  # stored, searchable
        extraction = self.analyze_article(article)
        self._encode_ahead(article)
        return extraction

    def _encode_ahead(self, article: Article) -> None:
        """Encode the article for the merger's text model now, in the worker, when the model
        keeps its vectors (``text_model = "minilm"``): the rebuild that ends the ingest then
        reads them back instead of encoding every new article in one process."""
        if self.settings.text_model != "minilm" or self.encoder is None:
            return
        from newsblotter.merge import model_texts

        self.encoder.encode(model_texts([article]))

    def preload(self) -> None:
        """Load the models and warm their lazy caches (gazetteer, place index) now, so
        worker processes forked afterwards share them instead of each building its own."""
        text = "A bomb exploded at a market in Kabul on Monday, killing two people, police said."
        # the lower-cased copy builds the truecaser that caseless wire copy needs (about 1 s)
        for warm_text in (text, text.lower()):
            warm = Article(
                document="0" * 64,
                text=warm_text,
                published=dt.date(2024, 1, 1),
                published_precision="day",
                extractor="warm-up",
            )
            self.analyze_article(warm)
        if self.settings.text_model == "minilm":
            _ = self.encoder  # its weights, shared with the forked workers that use them

    # -- storage ----------------------------------------------------------------
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
        from newsblotter import recovery
        from newsblotter.ingest.sources import canonical
        from newsblotter.store.sources import SourceStore

        recovery.ensure_ready(self)  # a bad setting fails here, before anything is stored
        store = SourceStore(self.db)
        sources = canonical(paths)
        run, resumed = store.start_run(sources)
        recovery.fault("run-started")
        count = resolve_workers(self.settings.workers if workers is None else workers)
        if (engine or self.settings.engine) == "ray":
            from newsblotter.engine.raydata import run_ray

            url = self.db.engine.url.render_as_string(hide_password=False)
            report = run_ray(self.settings, url, sources, run, count, progress)
        else:
            report = self._ingest_here(store, sources, run, count, progress)
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
        from newsblotter import recovery
        from newsblotter.store.copies import known_copy, store_once

        recovery.ensure_ready(self)
        report = IngestReport()
        changed = False
        for raw in raws:
            if progress:
                progress(raw.uri)
            status = self.db.document_status(raw.id) if raw.status == "ok" else None
            if status == "ok" or (raw.status == "ok" and known_copy(self.db, raw.id)):
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
    ) -> IngestReport:
        from newsblotter import recovery
        from newsblotter.ingest.fetch import Fetcher
        from newsblotter.ingest.sources import read_items

        report = IngestReport()
        log = _RunLog(store, run)
        with Fetcher(self.settings, store) as fetcher:
            items = read_items(sources, self.settings, fetcher, lambda s: store.done_items(run, s))
            try:
                for done in self.process(items, workers, store):
                    report.add(done)
                    log.add(done)
                    if progress:
                        progress(done.uri)
            finally:
                log.flush()
        recovery.fault("items-recorded")
        return report

    def process(
        self, items: Iterable[Item], workers: int = 1, store: SourceStore | None = None
    ) -> Generator[Done, None, None]:
        """Analyse and store each item (in order, ``workers`` processes analysing); yields
        what became of each as soon as it is stored. Closing the generator early (Ctrl-C)
        leaves every stored document whole."""
        from newsblotter.engine.pool import InProcess, ProcessPool
        from newsblotter.engine.work import finish, prepare
        from newsblotter.recovery import each, fault

        analyzer: InProcess | ProcessPool = (
            ProcessPool(self, workers, self.settings.recycle_after)
            if workers > 1
            else InProcess(self.analyze)
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
                    done = finish(self.db, store, item, raw, result)
                    fault("stored")
                elif store is not None and item.fetched is not None and done.document:
                    fetched = item.fetched
                    if fetched.etag or fetched.last_modified:
                        store.remember(item.key, fetched.etag, fetched.last_modified, done.document)
                yield done
        finally:
            analyzer.close()

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
            report.ingested += 1
        self.rebuild_incidents()
        return report

    def rebuild_incidents(self) -> list[Incident]:
        """Recompute every incident from the stored mentions, replaying the articles in
        arrival order, then the analyst's merges and splits; ledgers count sources per
        story (copy group), so wire copies count once."""
        from newsblotter import recovery
        from newsblotter.ledger import Context, build_ledger
        from newsblotter.merge import Override, Params, merge

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
        """The merger's text model, or None when settings turn it off or it is not installed."""
        from newsblotter.merge import ModelUnavailable, load_text_model

        try:
            return load_text_model(
                self.settings.text_model, Path(self.settings.cache_dir).expanduser()
            )
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
    ) -> list[Incident]:
        """Incidents matching all filters, most reported first; ``actor`` includes branches."""
        wanted: set[str] | None = None
        if actor:
            found = self.actors.get(actor) or self.actors.resolve(actor)
            if found is None:
                raise LookupError(f"unknown actor: {actor}")
            wanted = {found.id, *self.actors.branches(found.id)}
        out = []
        for inc in self.db.incidents():
            if since and (inc.date is None or inc.date < since):
                continue
            if until and (inc.date is None or inc.date > until):
                continue
            if country and (
                inc.place is None or (inc.place.country or "").upper() != country.upper()
            ):
                continue
            if type and inc.type != type:
                continue
            if wanted is not None and not any(e.actor.id in wanted for e in inc.ledger):
                continue
            out.append(inc)
        out.sort(key=lambda i: (-len(i.articles), i.date or dt.date.min), reverse=False)
        return out

    def incident_statements(self, incident: Incident) -> list[Statement]:
        mentions = set(incident.mentions)
        return [s for s in self.db.statements() if s.incident in mentions]


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
