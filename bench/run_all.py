"""Run every benchmark and regenerate docs/benchmarks.md from what they print.

Each script prints its own table and, with --json, one JSON object of metrics as its last
line; this runner records both, with the exact command, the machine and the date, so every
figure in the document can be reproduced by rerunning the command shown beside it. The
document holds one section per bench of ``BENCHES`` and nothing else (a test checks it);
hand-written analysis goes to docs/benchmarks-notes.md.

    python bench/run_all.py [--limit N] [--only NAME ...] [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Bench:
    name: str
    script: str
    what: str
    args: tuple[str, ...] = ()
    needs_shared: bool = True


BENCHES = (
    Bench(
        "article_extraction",
        "article_extraction.py",
        "Article-body extraction from HTML (shingle metric) on both dev sets, ScrapingHub and "
        "the fundus test pages: newsblotter beside trafilatura and readability-lxml in the same "
        "run, and newsblotter cross-validated by publisher (each page extracted by a model "
        "trained without its publisher; the shipped model has seen every dev page).",
    ),
    Bench(
        "text_mode",
        "text_mode.py",
        "Scraped-text mode: the pages of both dev sets turned into the visible text a scraper "
        "saves, chrome included; newsblotter's text mode beside the unfiltered text and "
        "trafilatura, and cross-validated by publisher.",
    ),
    Bench(
        "muc4",
        "muc4.py",
        "MUC-4 dev: document-level role filling (CEAF-REE) and the answer keys' incident "
        "type, casualties and perpetrator confidence; the role model's cost per article.",
        args=("--cost",),
    ),
    Bench(
        "wikievents",
        "wikievents.py",
        "WikiEvents dev: attack-event roles scored like MUC-4 (CEAF-REE on head words).",
    ),
    Bench(
        "incident_detection",
        "incident_detection.py",
        "Article-level incident detection against hand labels (bench/labels/incident_detection): "
        "does the pipeline yield a main incident for the ScrapingHub pages, the MUC-4 dev "
        "messages and the WikiEvents dev documents that report a violent incident as news, "
        "and none for the others.",
    ),
    Bench(
        "attribution",
        "attribution.py",
        "PolNeAR dev (political news, brat): the general attribution layer "
        "(`Extraction.attributions`, as stored) scored by source, cue and content spans and "
        "by whole relations, exact and token overlap; the most missed and spurious cues; the "
        "layer's own cost per article.",
    ),
    Bench(
        "wikievents_statements",
        "statement_precision.py",
        "WikiEvents dev: precision of the responsibility statements, judged by hand against "
        "the documents and their gold events (labels in bench/labels/statements/).",
    ),
    Bench(
        "muc4_statements",
        "statement_precision.py",
        "MUC-4 dev: precision of the responsibility statements, judged by hand against the "
        "documents and their answer keys (labels in bench/labels/statements/).",
        ("--corpus", "muc4"),
    ),
    Bench(
        "sample_corpus",
        "sample_corpus.py",
        "Our own sample corpus (corpus/expected.json): every stage on realistic pages.",
        needs_shared=False,
    ),
    Bench(
        "speaker_kinds",
        "speaker_kinds.py",
        "Speaker kinds (our own passages, tests/data/speaker_kinds.toml): named persons, named "
        "and unnamed officials, anonymous sources and their count, the group itself, "
        "government, military, police, intelligence, media and documents.",
        needs_shared=False,
    ),
    Bench(
        "corpus_throughput",
        "corpus_throughput.py",
        "`newsblotter ingest` of the sample corpus into a fresh SQLite database: articles/s "
        "(start-up included) and peak resident memory.",
        needs_shared=False,
    ),
    Bench(
        "incident_merging",
        "incident_merging.py",
        "Incident merging: document-level B-cubed and pairwise clustering scores on the "
        "gun-violence pool and its GVC subset and on ECB+ topics 1-35, casualty counts against "
        "the Gun Violence Archive, and merge time per article at 5,000 and 50,000 articles.",
    ),
    Bench(
        "merge_ceilings",
        "merge_ceilings.py",
        "Upper bounds on ECB+ (topics 1-35): what the merger's signals give when every article "
        "is clustered at once and the threshold is chosen on the gold; the online merge, "
        "oracle splits and joins of its clusters, agglomerative clustering on the merger's own "
        "pair score and on neighbourhood-centred TF-IDF and transformer vectors.",
    ),
    Bench(
        "triage",
        "triage.py",
        "Triage before the NLP: recall of MUC-4 dev documents with a gold template, and the "
        "share of the article-extraction pages (mostly not about violence) it skips.",
    ),
    Bench(
        "stages",
        "stages.py",
        "Where the time goes: every stage of an ingest timed per document in one process, "
        "over the article-extraction pages and the MUC-4 dev texts, with trafilatura alone "
        "over the same pages as the reference.",
    ),
    Bench(
        "hostile",
        "hostile.py",
        "Hostile inputs built in code (empty, binary, 202 MB, gzip bombs, invalid UTF-8, UTF-16, "
        "100,000 nested divs, billion laughs as a file and a feed, truncated and corrupt WARCs, "
        "symlink loops, a FIFO, <script> in a story, a text over spaCy's limit, a bad setting) "
        "and hostile URLs from a local server (redirect loops, a hanging server, 2 GB bodies, "
        "wrong content types, redirects to file:// and to private and metadata addresses), "
        "through the CLI's, the feed watcher's and the API's paths: the line each gives, time, "
        "peak memory, whether stored data changed, connections off loopback.",
        needs_shared=False,
    ),
    Bench(
        "throughput",
        "throughput.py",
        "End to end over a WARC of a news mix (article-extraction pages and MUC-4 dev incident "
        "texts, one in ten violent) into SQLite, with the script's defaults (the reference: "
        "ten copies, 2,010 pages, so that start-up weighs as in an archive run; two workers): "
        "trafilatura alone, the process pool and Ray local side by side, each engine's rate as "
        "a ratio to trafilatura's, the writer's CPU, peak memory per worker, whether Ray "
        "stores the same content, and the per-stage split.",
        (),
    ),
    Bench(
        "writer",
        "writer.py",
        "The one writing process alone: the throughput bench's mix (two copies) analysed once, "
        "then ingested with the analyses handed back, so that only the writer's work is timed "
        "(reading the WARC, checking what is stored, storing each document and its extraction, "
        "the run log, the text vectors): its CPU per page, and the closing rebuild apart.",
    ),
)


# A line quoting a document of the benchmark data (a headline, a sentence) is left out of
# docs/benchmarks.md: the data is read in place and its text is never copied into the project.
_QUOTED = re.compile("'[^']{25,}'|\"[^\"]{25,}\"")


def _without_quotes(lines: list[str]) -> list[str]:
    kept = [line for line in lines if not _QUOTED.search(line)]
    if len(kept) < len(lines):
        kept.append(
            f"({len(lines) - len(kept)} lines quoting the benchmark's documents left out; "
            "rerun the command to see them)"
        )
    return kept


def shared_dir() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def run(bench: Bench, limit: int | None) -> tuple[list[str], str, dict[str, object] | None, float]:
    command = [sys.executable, f"bench/{bench.script}", *bench.args, "--json"]
    if limit is not None and bench.needs_shared:
        command += ["--limit", str(limit)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    lines = _without_quotes(done.stdout.rstrip().splitlines())
    metrics = None
    if done.returncode == 0 and lines:
        try:
            metrics = json.loads(lines[-1])
            lines = lines[:-1]
        except json.JSONDecodeError:
            metrics = None
    if done.returncode != 0:
        lines += [
            "",
            f"(exit {done.returncode}) " + " ".join(done.stderr.strip().splitlines()[-1:]),
        ]
    shown = ["python", *command[1:]]
    return shown, "\n".join(lines), metrics, seconds


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    python = platform.python_version()
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {python}, {platform.system()}"


def _previous_sections(path: Path) -> dict[str, str]:
    """The '## name' sections of an earlier run of this script, by bench name."""
    if not path.exists():
        return {}
    names = {bench.name for bench in BENCHES}
    found: dict[str, str] = {}
    for chunk in path.read_text(encoding="utf-8").split("\n## ")[1:]:
        name = chunk.split("\n", 1)[0].strip()
        if name in names:
            found[name] = "## " + chunk.rstrip() + "\n"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="quick run: N items each")
    parser.add_argument("--only", nargs="*", default=None, help="bench names to run")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    have_shared = shared_dir().is_dir()
    kept = _previous_sections(args.out) if args.only else {}
    sections: list[str] = []
    for bench in BENCHES:
        if args.only and bench.name not in args.only:
            if bench.name in kept:  # a partial run keeps the other benches' last figures
                sections.append(kept[bench.name])
            continue
        if bench.needs_shared and not have_shared:
            sections.append(
                f"## {bench.name}\n\n{bench.what}\n\nSkipped: {shared_dir()} is absent.\n"
            )
            continue
        print(f"running {bench.name} ...", file=sys.stderr, flush=True)
        command, table, metrics, seconds = run(bench, args.limit)
        body = [
            f"## {bench.name}",
            "",
            bench.what,
            "",
            f"Command (from the repository root, {seconds:.0f} s):",
            "",
            f"    {shlex.join(command)}",
            "",
            "```",
            table,
            "```",
            "",
        ]
        if metrics and not table.strip():
            body += [
                "Metrics (the script's JSON line):",
                "",
                "```json",
                json.dumps(metrics, indent=1),
                "```",
                "",
            ]
        sections.append("\n".join(body))
    header = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python bench/run_all.py`); do not edit by hand. Every",
        "figure below is printed by the command shown with it; rerun it to check.",
        "Hand-written analysis of these figures is in `docs/benchmarks-notes.md`.",
        "",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {machine()}",
        f"- Data: `{shared_dir()}` (public benchmark data, read in place) and `corpus/`",
        f"- Quick run: `--limit {args.limit}`" if args.limit else "- Full run (no --limit)",
        "",
    ]
    # Only generated sections: hand-written analysis lives in docs/benchmarks-notes.md.
    args.out.write_text("\n".join(header + sections).rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
