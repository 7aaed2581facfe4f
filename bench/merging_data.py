"""Data for the incident-merging bench: the two dev sets as articles, and an extraction cache.

The NLP stage runs at about ten articles a second on a small machine, so each document's
``Extraction`` is cached as codec JSON (one line per document) keyed by a hash of its text
and the extractor versions: a rerun of the merge costs seconds, and a changed extractor or
text is re-analysed. The cache lives under ``.cache/bench/`` (gitignored).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".cache" / "bench" / "incident-merging"


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    title: str | None
    published: dt.date | None
    scraped: bool  # raw page text (run the text mode) rather than clean story text


@dataclass
class GoldIncident:
    id: str
    date: dt.date | None = None
    state: str = ""
    city: str = ""
    killed: int | None = None
    injured: int | None = None


@dataclass
class Dataset:
    name: str
    docs: list[Doc]
    views: dict[str, dict[str, set[str]]]  # scoring view -> doc id -> gold incident ids
    incidents: dict[str, GoldIncident] = field(default_factory=dict)


def _die(message: str) -> None:
    sys.exit(f"error: {message}")


def load_gun_violence(folder: Path, limit: int | None = None) -> Dataset:
    """GV pool + GVC links; ``subsets['gvc']`` holds the hand-validated documents."""
    docs_path = folder / "documents.jsonl"
    if not docs_path.is_file():
        _die(f"{docs_path}: not found (pass --data FOLDER holding gun-violence/ and ecbplus/)")
    docs: list[Doc] = []
    with docs_path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            dct = dt.date.fromisoformat(row["dct"]) if row.get("dct") else None
            docs.append(Doc(row["doc_id"], row["text"], row.get("title"), dct, True))
    docs.sort(key=lambda d: d.id)
    labels: dict[str, set[str]] = {}
    gvc: dict[str, set[str]] = {}
    with (folder / "doc_incident.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            labels.setdefault(row["doc_id"], set()).add(row["incident_id"])
            if row["in_gvc"] == "1":
                gvc.setdefault(row["doc_id"], set()).add(row["incident_id"])
    incidents: dict[str, GoldIncident] = {}
    with (folder / "incidents.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            incidents[row["incident_id"]] = GoldIncident(
                row["incident_id"],
                dt.date.fromisoformat(row["date"]) if row["date"] else None,
                row["state"],
                row["city_or_county"],
                int(row["n_killed"]) if row["n_killed"] else None,
                int(row["n_injured"]) if row["n_injured"] else None,
            )
    if limit is not None:
        docs = _take_whole_incidents(docs, labels, limit)
    kept = {d.id for d in docs}
    # A GVC document's validated incident is its class there (2 documents differ from the pool).
    views = {
        "pool": {k: v for k, v in labels.items() if k in kept},
        "gvc": {k: v for k, v in gvc.items() if k in kept},
    }
    return Dataset("gun-violence", docs, views, incidents)


def _take_whole_incidents(docs: list[Doc], labels: dict[str, set[str]], limit: int) -> list[Doc]:
    """The first ``limit`` documents, rounded up so that no gold incident is cut in half."""
    by_incident: dict[str, list[str]] = {}
    for doc_id, incs in labels.items():
        for inc in incs:
            by_incident.setdefault(inc, []).append(doc_id)
    wanted: set[str] = set()
    for doc in docs:
        if len(wanted) >= limit:
            break
        if doc.id in wanted:
            continue
        wanted.add(doc.id)
        for inc in labels.get(doc.id, ()):
            wanted.update(by_incident[inc])
    return [d for d in docs if d.id in wanted]


_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ll\b|'ve\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_ACRONYM = re.compile(r"\b((?:[A-Z] \. ){1,4}[A-Z]) ?\.")


def detokenize(tokens: list[str]) -> str:
    """ECB+ tokens back to readable text ("U . S . Marshal 's" -> "U.S. Marshal's")."""
    text = " ".join(tokens)
    text = _ACRONYM.sub(lambda m: m.group(1).replace(" ", "") + ".", text)
    text = text.replace("`` ", '"').replace(" ''", '"').replace("` ", "'")
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def load_ecbplus(folder: Path, limit: int | None = None) -> Dataset:
    table = folder / "documents.tsv"
    if not table.is_file():
        _die(f"{table}: not found (pass --data FOLDER holding gun-violence/ and ecbplus/)")
    labels: dict[str, set[str]] = {}
    category: dict[str, str] = {}
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            labels[row["doc_id"]] = {row["incident_id"]}
            category[row["doc_id"]] = row["category"]
    docs: list[Doc] = []
    for doc_id in sorted(labels)[: limit or None]:
        topic = doc_id.split("_")[0]
        path = folder / "xml" / topic / f"{doc_id}.xml"
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as exc:
            _die(f"{path}: unreadable ({exc})")
        sentences: dict[int, list[str]] = {}
        for tok in root.iter("token"):
            sentences.setdefault(int(tok.get("sentence") or 0), []).append(tok.text or "")
        numbers = sorted(sentences)
        if doc_id.endswith("ecbplus") and numbers and numbers[0] == 0:
            numbers = numbers[1:]  # sentence 0 of an ECB+ file is the source URL
        lines = [detokenize(sentences[n]) for n in numbers]
        docs.append(Doc(doc_id, "\n\n".join(lines), None, None, False))
    kept = {d.id for d in docs}
    violent = {"violent_incident", "legal_followup_of_violent_crime"}
    views = {
        "all": {k: v for k, v in labels.items() if k in kept},
        "violent": {k: v for k, v in labels.items() if k in kept and category[k] in violent},
    }
    return Dataset("ecbplus", docs, views)


# -- extraction cache --------------------------------------------------------------------------

_PIPE: Any = None


def _pipe() -> Any:
    global _PIPE
    if _PIPE is None:
        from newsblotter import Pipeline, load_settings

        _PIPE = Pipeline(load_settings(env={}, db=""))
    return _PIPE


def _versions() -> str:
    from newsblotter.incidents import VERSION as incidents_version
    from newsblotter.statements import extract as statements

    return f"{incidents_version}|{getattr(statements, 'VERSION', '?')}"


def _nlp_version() -> str:
    """What a cached parse depends on: the spaCy model and its components, and the actor
    patterns of the rulers. Values derived from the parse (dates, counts, places) are derived
    again on load by the current code, so a change there needs no new parse."""
    nlp = _pipe().annotator.nlp
    h = hashlib.sha256(f"{nlp.meta['name']}-{nlp.meta['version']}|{nlp.pipe_names}".encode())
    for name in nlp.pipe_names:
        patterns = getattr(nlp.get_pipe(name), "patterns", None)
        if patterns is not None:
            h.update(json.dumps(patterns, sort_keys=True, default=str).encode())
    return "parse:" + h.hexdigest()[:16]


def _key(doc: Doc, versions: str) -> str:
    h = hashlib.sha256()
    for part in (doc.text, doc.title or "", str(doc.published), str(doc.scraped), versions):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:24]


def _article(doc: Doc) -> Any:
    from newsblotter.article import NoArticle, extract_text
    from newsblotter.records import Article

    article = None
    if doc.scraped:
        try:
            article = extract_text(doc.text, doc.id)
        except NoArticle:
            article = None
    if article is None:
        article = Article(document=doc.id, text=doc.text, extractor="text/bare")
    article.title = doc.title or article.title  # the feed's headline beats a guessed one
    if doc.published is not None:
        article.published = doc.published
        article.published_precision = "day"
    return article


def _extract(ann: Any) -> dict[str, Any]:
    """The incident and statement stages on an annotated article, as codec JSON."""
    from newsblotter.records import Extraction
    from newsblotter.store.codec import to_dict

    pipe = _pipe()
    try:
        extraction = pipe.extract_annotated(ann)
    except Exception as exc:  # one bad document must not stop a long run
        print(f"warning: {ann.article.document}: {type(exc).__name__}: {exc}", file=sys.stderr)
        extraction = Extraction(ann.article, [], [])
    return to_dict(extraction)


def _analyse(doc: Doc) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(extraction, annotation) of one document: the annotation is the parse (a spaCy DocBin,
    base64) and the Annotated fields, so that a changed incident stage need not re-parse."""
    from spacy.tokens import DocBin

    from newsblotter.records import Extraction
    from newsblotter.store.codec import to_dict

    article = _article(doc)
    try:
        ann = _pipe().annotator.annotate(article)
    except Exception as exc:  # one bad document must not stop a long run
        print(f"warning: {doc.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return to_dict(Extraction(article, [], [])), None
    parse = base64.b64encode(DocBin(docs=[ann.doc]).to_bytes()).decode("ascii")
    return _extract(ann), {"annotated": to_dict(ann), "parse": parse}


def _reannotate(data: dict[str, Any]) -> Any:
    """An Annotated from a cached parse: the parse as stored, every value derived from it
    (dates, counts, places) derived again by the current code."""
    from spacy.tokens import DocBin

    from newsblotter.records import Annotated
    from newsblotter.store.codec import from_dict

    article = from_dict(Annotated, data["annotated"]).article
    annotator = _pipe().annotator
    bin_ = DocBin().from_bytes(base64.b64decode(data["parse"]))
    return annotator.derive(article, next(iter(bin_.get_docs(annotator.nlp.vocab))))


def _read_cache(path: Path) -> dict[str, dict[str, Any]]:
    cached: dict[str, dict[str, Any]] = {}
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    row = json.loads(line)
                except ValueError:
                    continue  # a line cut short by an interrupted run
                cached[row["key"]] = row["value"] if "value" in row else row["extraction"]
    return cached


def extractions(
    dataset: Dataset,
    cache_dir: Path = CACHE,
    workers: int = 2,
    quiet: bool = False,
    reextract: bool = False,
) -> dict[str, Any]:
    """doc id -> Extraction, analysing (in ``workers`` processes) only what the cache lacks.

    Two levels: the Extraction keyed by the incident and statement extractor versions, and
    under it the parse keyed by the NLP version, so a changed incident stage costs a few
    milliseconds a document instead of a parse. ``reextract`` ignores the first level (for
    work on the incident stage before its version is bumped)."""
    from newsblotter.records import Extraction
    from newsblotter.store.codec import from_dict

    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{dataset.name}.jsonl"
    nlp_path = cache_dir / f"{dataset.name}.nlp.jsonl"
    versions, nlp_version = _versions(), _nlp_version()
    cached = {} if reextract else _read_cache(path)
    keys = {d.id: _key(d, versions) for d in dataset.docs}
    todo = [d for d in dataset.docs if keys[d.id] not in cached]
    if todo:
        parsed = _read_cache(nlp_path)
        nlp_keys = {d.id: _key(d, nlp_version) for d in todo}
        reuse = [d for d in todo if nlp_keys[d.id] in parsed]
        fresh = [d for d in todo if nlp_keys[d.id] not in parsed]
        start = time.perf_counter()
        with path.open("a", encoding="utf-8") as out, nlp_path.open("a", encoding="utf-8") as nlp:
            for n, doc in enumerate(reuse, 1):
                ann = _reannotate(parsed[nlp_keys[doc.id]])
                ann.article.title = doc.title or ann.article.title  # as in _article
                data = _extract(ann)
                cached[keys[doc.id]] = data
                out.write(json.dumps({"key": keys[doc.id], "extraction": data}) + "\n")
                if not quiet and n % 1000 == 0:
                    print(f"  re-extracted {n}/{len(reuse)} from cached parses", file=sys.stderr)
            for n, (doc, (data, ann)) in enumerate(_run(fresh, workers), 1):
                cached[keys[doc.id]] = data
                out.write(json.dumps({"key": keys[doc.id], "extraction": data}) + "\n")
                if ann is not None:
                    nlp.write(json.dumps({"key": nlp_keys[doc.id], "value": ann}) + "\n")
                if not quiet and n % 200 == 0:
                    rate = n / (time.perf_counter() - start)
                    print(f"  analysed {n}/{len(fresh)} ({rate:.1f}/s)", file=sys.stderr)
    out = {d.id: from_dict(Extraction, _rebind(cached[keys[d.id]], d.id)) for d in dataset.docs}
    for d in dataset.docs:
        if d.title:  # the feed's headline beats one guessed from a page that lost its story
            out[d.id].article.title = d.title
    return out


def _rebind(data: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """Documents with the same text share a cache entry; give this one its own id back."""
    old = data["article"]["document"]
    if old == doc_id:
        return data
    rebound: dict[str, Any] = json.loads(json.dumps(data).replace(old, doc_id))
    return rebound


def _run(
    docs: list[Doc], workers: int
) -> Iterator[tuple[Doc, tuple[dict[str, Any], dict[str, Any] | None]]]:
    if workers <= 1:
        for doc in docs:
            yield doc, _analyse(doc)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from zip(docs, pool.map(_analyse, docs, chunksize=8), strict=True)
