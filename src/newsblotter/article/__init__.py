"""Article extraction: the story part of a page, its metadata, and the chrome kept apart.

Contract:
- ``extract(raw: RawDocument, text: str, settings: Settings) -> Article``; raises ``NoArticle``
  (a ValueError with a one-line reason) when the page holds no story.
- ``extract_html(html: str, document: str, url: str | None = None) -> Article``
- ``extract_text(text: str, document: str) -> Article`` (scraped plain-text mode)
- ``wire_agency(text: str) -> str | None``
"""

from __future__ import annotations

from newsblotter.article.dispatch import extract
from newsblotter.article.errors import NoArticle
from newsblotter.article.html import extract_html
from newsblotter.article.text import extract_text
from newsblotter.article.wire import wire_agency

__all__ = ["NoArticle", "extract", "extract_html", "extract_text", "wire_agency"]
