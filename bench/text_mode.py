"""Scraped plain-text mode benchmark: each page as the text a scraper would save, chrome and all.

Every page of the article-extraction dev sets is turned into all its visible text with
``html_text.extract_text(html, guess_layout=True)``; newsblotter's ``extract_text`` then has to
find the story in it. Scored with the same ground truth and shingle metric. Baselines: the
unfiltered text, and trafilatura given the text (one ``<p>`` per line, since it reads HTML).
Run from the repository root:

    python bench/text_mode.py [--data FOLDER ...] [--cv] [--limit N] [--json]

Without ``--data`` both dev sets are scored, and newsblotter is also shown cross-validated by
publisher (each page read by a line model trained without its publisher).
"""

from __future__ import annotations

import html
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import trafilatura

from _common import Page, Predictor
from _extraction import parse_args, run
from newsblotter.article import extract_text
from newsblotter.train.article import scraped as scrape


@cache
def scraped(page_id: str, page_html: str) -> str:
    """The page as a scraper saves it: all visible text, layout kept as line breaks."""
    return scrape(page_html)


def _text(page: Page) -> str:
    return scraped(page.id, page.html)


def _as_paragraphs(text: str) -> str:
    lines = (line.strip() for line in text.splitlines())
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines if line)
    return f"<html><body>\n{body}</body></html>"


TOOLS: dict[str, Predictor] = {
    "newsblotter extract_text": lambda page: extract_text(_text(page), page.id).text,
    "unfiltered text": _text,
    "trafilatura on the text": lambda page: (
        trafilatura.extract(_as_paragraphs(_text(page)), include_comments=False) or ""
    ),
}


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__.splitlines()[0], argv)
    run(args, "scraped-text mode", TOOLS, "text", prepare=_text)


if __name__ == "__main__":
    main()
