"""The library API: one Pipeline that every interface (CLI, API, benches) drives.

Each document is a unit of work and every stage a pure function of it, so re-running is
idempotent; incidents and ledgers are recomputed from the stored mentions and statements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newsblotter.config import Settings, load_settings
from newsblotter.records import Article, Extraction, Incident, RawDocument, Statement

if TYPE_CHECKING:
    from newsblotter.actors import Gazetteer
    from newsblotter.nlp import Annotator
    from newsblotter.store import Database

Progress = Callable[[str], None]


@dataclass
class IngestReport:
    ingested: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"ingested {self.ingested}, unchanged {self.unchanged}, failed {self.failed}"


class Pipeline:
    """Ingest, analyse and store; holds the loaded models for the life of the process."""

    def __init__(self, settings: Settings | None = None, db: Database | None = None) -> None:
        self.settings = settings or load_settings()
        self._db = db

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
        from newsblotter.incidents import find_mentions
        from newsblotter.statements import find_statements

        ann = self.annotator.annotate(article)
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

        article = extract(raw, decode(raw), self.settings)
        return self.analyze_article(article)

    # -- storage ----------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        from newsblotter.ingest import iter_inputs, read_document

        report = IngestReport()
        changed = False
        for path in iter_inputs(paths):
            raw = read_document(path, self.settings)
            if progress:
                progress(str(path))
            status = self.db.document_status(raw.id) if raw.status == "ok" else None
            if status == "ok":
                report.unchanged += 1
                continue
            if raw.status == "failed" or status == "failed":
                self._fail(report, raw, raw.error or f"{path}: failed earlier")
                continue
            try:
                extraction = self.analyze(raw)
            except ValueError as exc:
                self._fail(report, raw, f"{path}: {exc}")
                continue
            self.db.save_document(raw, extraction)
            report.ingested += 1
            changed = True
        if changed:
            self.rebuild_incidents()
        return report

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
        from newsblotter.ledger import build_ledger
        from newsblotter.merge import merge_mentions

        articles = {a.document: a for a in self.db.load_articles()}
        mentions = [m for m in self.db.load_mentions() if m.provenance.document in articles]
        statements = self.db.load_statements()
        incidents = merge_mentions(
            [(m, articles[m.provenance.document]) for m in mentions],
            self.settings.merge_window_days,
        )
        by_mention: dict[str, list[Statement]] = {}
        for st in statements:
            if st.incident:
                by_mention.setdefault(st.incident, []).append(st)

        for inc in incidents:
            stmts = [s for mid in inc.mentions for s in by_mention.get(mid, [])]
            inc.ledger = build_ledger(stmts, self.actors, source_key=_speaker_only)
        self.db.replace_incidents(incidents)
        return incidents

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
            wanted = {found.id, *self.actors.descendants(found.id)}
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


def _speaker_only(st: Statement) -> str:
    """Independent sources: the same speaker relayed by several outlets counts once."""
    return st.speaker.actor_id or (st.speaker.name or "?").casefold()


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
