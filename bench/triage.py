"""Triage: recall of incident-bearing documents and the share of other news it skips.

Recall: MUC-4 dev documents that have a gold template (violent incidents) must pass.
Skip share: article-extraction pages (mostly not about violence), as the pipeline sees them
(trafilatura's text of the page) and as hand-checked article bodies (ground truth).

    python bench/triage.py --data ../shared/bench
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


sys.path.insert(0, str(ROOT / "src"))

from newsblotter.triage import is_relevant  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=_shared() / "bench")
    parser.add_argument("--json", action="store_true", help="(the JSON line is always last)")
    parser.add_argument("--limit", type=int, default=None, help="ignored: the data is small")
    args = parser.parse_args(argv)
    dev = args.data / "muc4" / "templates" / "dev.jsonl"
    pages = args.data / "article-extraction"
    if not dev.is_file() or not pages.is_dir():
        print(f"error: benchmark data not found under {args.data}", file=sys.stderr)
        return 2
    docs = [json.loads(line) for line in dev.read_text().splitlines() if line.strip()]
    with_template = [d for d in docs if d["templates"]]
    missed = [d["docid"] for d in with_template if not is_relevant(d["doctext"])]
    recall = 1 - len(missed) / len(with_template)
    without = [d for d in docs if not d["templates"]]
    passed_without = sum(is_relevant(d["doctext"]) for d in without)
    truth = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [v["articleBody"] for v in truth.values()]
    skip_truth = sum(not is_relevant(b) for b in bodies) / len(bodies)
    import trafilatura

    extracted = [
        trafilatura.extract(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")) or ""
        for p in sorted((pages / "html").glob("*.html.gz"))
    ]
    skip_pages = sum(not is_relevant(t) for t in extracted) / len(extracted)
    print(f"MUC-4 dev with a gold template: recall {recall:.3f} ({len(with_template)} docs)")
    print(f"  missed: {', '.join(missed) or 'none'}")
    print(f"MUC-4 dev without a template passed on: {passed_without}/{len(without)}")
    print(
        f"article-extraction pages skipped: {skip_pages:.3f} of {len(extracted)} (extracted text)"
    )
    print(f"article-extraction bodies skipped: {skip_truth:.3f} of {len(bodies)} (ground truth)")
    result = {"recall": round(recall, 3), "skip_pages": round(skip_pages, 3)}
    result["skip_bodies"] = round(skip_truth, 3)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
