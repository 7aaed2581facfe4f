"""Article-body extraction benchmark: newsblotter's HTML mode against trafilatura and readability.

Data and metric: the ScrapingHub article-extraction benchmark (see the data folder's README).
Run from the repository root:

    python bench/article_extraction.py --data ../shared/bench/article-extraction --limit N --json

trafilatura is run as the upstream benchmark runs it (``include_comments=False``), which is
the setting behind its published figure, and also with every default, for reference.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import html_text
import readability
import trafilatura

from _common import Page, Predictor, as_json, load_pages, parse_args, print_table, run_tools, score
from newsblotter.article import extract_html


def _newsblotter(page: Page) -> str:
    return extract_html(page.html, page.id, page.url or None).text


def _readability(page: Page) -> str:
    summary = readability.Document(page.html).summary(html_partial=True)
    return str(html_text.extract_text(summary, guess_layout=True))


TOOLS: dict[str, Predictor] = {
    "newsblotter": _newsblotter,
    "trafilatura": lambda page: trafilatura.extract(page.html, include_comments=False) or "",
    "trafilatura (all defaults)": lambda page: trafilatura.extract(page.html) or "",
    "readability-lxml": _readability,
}


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__.splitlines()[0], "article-extraction", argv)
    pages = load_pages(args.data, args.limit)
    runs = run_tools(TOOLS, pages, time.perf_counter)
    results = [score(name, preds, pages, secs) for name, (preds, secs) in runs.items()]
    print_table(f"article extraction, {len(pages)} pages from {args.data}", results)
    if args.json:
        print(as_json(results, {"pages": len(pages), "data": str(args.data)}))


if __name__ == "__main__":
    main()
