"""Where the time goes: each stage of one ingest, timed per document, in one process.

Over the article-extraction pages (HTML, mostly not about violence) and the MUC-4 dev texts
(violent incidents, given to the pipeline as scraped text), every document goes through the
real stages in order, each timed: read and decode, article extraction, triage, NLP,
incident mentions, statements, the merger's text model (each analysed article encoded once,
as the ingest worker does; its vector store starts empty), store (one SQLite transaction per
document, fresh database, and the writer keeping the text vector). The NLP reads what an
ingest reads: the passages triage picks (``Analyzer.read``), one article at a time (an ingest
worker parses the articles of a task together, which costs about a quarter less).
trafilatura alone over the same HTML pages runs in the same process as the reference.
Documents that triage rejects stop after triage, as in `newsblotter ingest`. Stages are
timed in CPU time of this process (``time.process_time``): on a machine shared with other
work, wall-clock stage times grow with the load, CPU times hardly do; the end-to-end
articles/s stays wall-clock.

    python bench/stages.py [--data ../shared/bench] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STAGES = ("read", "extract", "triage", "nlp", "incidents", "statements", "text_model", "store")


def _shared() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def _inputs(data: Path, limit: int | None) -> list[tuple[str, bytes, str]]:
    """(name, bytes, media type): the HTML pages, then MUC-4 dev texts as plain text."""
    pages = sorted((data / "article-extraction" / "html").glob("*.html.gz"))
    out = [(p.name, gzip.decompress(p.read_bytes()), "text/html") for p in pages]
    dev = data / "muc4" / "ree" / "dev.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            text = str(doc.get("doctext", ""))
            out.append((str(doc.get("docid", "")), text.encode("utf-8"), "text/plain"))
    return out[:limit] if limit else out


_cpu = time.process_time  # stage times: CPU seconds of this process (see the docstring)


def run(data: Path, limit: int | None) -> dict[str, object]:
    import trafilatura

    from newsblotter import Pipeline, load_settings
    from newsblotter.article import extract
    from newsblotter.incidents import find_mentions
    from newsblotter.ingest import decode
    from newsblotter.records import Extraction, RawDocument
    from newsblotter.statements import find_statements
    from newsblotter.triage import triage

    items = _inputs(data, limit)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(env={}, db=str(Path(tmp) / "stages.db"), cache_dir=tmp)
        pipe = Pipeline(settings)
        analyzer = pipe.analyzer
        analyzer.preload()  # load the models before timing
        pipe.db  # noqa: B018
        spent: dict[str, float] = defaultdict(float)
        counted: dict[str, int] = defaultdict(int)
        start_all = time.perf_counter()
        for name, content, media in items:
            t0 = _cpu()
            raw = RawDocument(
                hashlib.sha256(content).hexdigest(),
                name,
                content,
                media,
                dt.datetime.now(dt.UTC),
            )
            text = decode(raw)
            t1 = _cpu()
            try:
                article = extract(raw, text, settings)
            except ValueError:
                spent["read"] += t1 - t0
                counted["read"] += 1
                continue
            t2 = _cpu()
            relevant = triage(article.text, article.title).relevant
            t3 = _cpu()
            for stage, seconds in (("read", t1 - t0), ("extract", t2 - t1), ("triage", t3 - t2)):
                spent[stage] += seconds
                counted[stage] += 1
            mentions, statements, actors, attributions = [], [], [], []
            vector = None
            if relevant:
                # what an ingest parses of it: the passages triage picks (Analyzer.read)
                ann = analyzer.annotator.annotate(analyzer.read(article))
                t4 = _cpu()
                mentions = find_mentions(ann)
                t5 = _cpu()
                statements, actors, attributions = find_statements(
                    ann, mentions, analyzer.actors.view()
                )
                t6 = _cpu()
                vectors = analyzer.vectors([article])
                vector = vectors[0] if vectors else None
                t6b = _cpu()
                for stage, seconds in (
                    ("nlp", t4 - t3),
                    ("incidents", t5 - t4),
                    ("statements", t6 - t5),
                    ("text_model", t6b - t6),
                ):
                    spent[stage] += seconds
                    counted[stage] += 1
            t7 = _cpu()
            extraction = Extraction(
                article, mentions, statements, actors, attributions, analysed=relevant
            )
            extraction.vector = vector
            pipe.db.save_document(raw, extraction)
            pipe.keep(extraction)
            spent["store"] += _cpu() - t7
            counted["store"] += 1
        total = time.perf_counter() - start_all
        html = [content for _, content, media in items if media == "text/html"]
        t = _cpu()
        for content in html:
            trafilatura.extract(content.decode("utf-8", "replace"))
        trafilatura_s = _cpu() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "documents": len(items),
        "nlp_documents": counted["nlp"],
        "seconds": round(total, 2),
        "articles_per_s": round(len(items) / total, 2),
        "peak_rss_mib": round(peak, 1),
        "ms_per_document": {s: round(1000 * spent[s] / max(counted[s], 1), 2) for s in STAGES},
        "share_of_time": {s: round(spent[s] / sum(spent.values()), 3) for s in STAGES},
        "trafilatura_pages_per_s": round(len(html) / trafilatura_s, 2) if html else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=_shared() / "bench")
    parser.add_argument("--limit", type=int, default=None, help="quick run: the first N inputs")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args(argv)
    if not (args.data / "article-extraction").is_dir():
        print(f"error: {args.data}/article-extraction not found", file=sys.stderr)
        return 2
    m = run(args.data, args.limit)
    print(
        f"{m['documents']} documents ({m['nlp_documents']} past triage) in {m['seconds']} s: "
        f"{m['articles_per_s']} articles/s end to end, one process; peak RSS "
        f"{m['peak_rss_mib']} MiB"
    )
    print(
        f"trafilatura alone over the same HTML pages: {m['trafilatura_pages_per_s']} pages a "
        "CPU second"
    )
    print(f"{'stage':<12}{'CPU ms/doc':>12}{'share':>8}")
    per_doc: dict[str, float] = m["ms_per_document"]  # type: ignore[assignment]
    share: dict[str, float] = m["share_of_time"]  # type: ignore[assignment]
    for stage in STAGES:
        print(f"{stage:<12}{per_doc[stage]:>12.2f}{share[stage]:>8.1%}")
    if args.json:
        print(json.dumps(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
