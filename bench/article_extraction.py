"""Article-body extraction benchmark: newsblotter's HTML mode against trafilatura and readability.

Data and metric: the ScrapingHub article-extraction benchmark and the modern dev set of fundus
test pages (see the data folders' READMEs), scored side by side. Run from the repository root:

    python bench/article_extraction.py [--data FOLDER ...] [--cv] [--limit N] [--json]

Without ``--data`` both dev sets are scored, and newsblotter is also shown cross-validated by
publisher ("unseen publishers": each page extracted by a model trained without its publisher;
the shipped model has seen every dev page). trafilatura is run as the upstream benchmark runs
it (``include_comments=False``), the setting behind its published figure, and also with every
default, for reference. Tools take turns page by page, so the pages/s columns compare within a
run; the speed line gives newsblotter's rate over trafilatura's.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import html_text
import readability
import trafilatura

from _common import Page, Predictor
from _extraction import parse_args, run
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
    args = parse_args(__doc__.splitlines()[0], argv)
    run(args, "article extraction", TOOLS, "html")


if __name__ == "__main__":
    main()
