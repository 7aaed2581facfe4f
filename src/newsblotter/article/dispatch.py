"""The stage entry point: pick HTML or plain-text mode by media type, refuse pages with no story."""

from __future__ import annotations

from newsblotter.article.errors import NoArticle
from newsblotter.article.html import extract_html
from newsblotter.article.text import extract_text
from newsblotter.config import Settings
from newsblotter.records import Article, RawDocument

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})


def _reason(exc: NoArticle, document: str) -> str:
    return str(exc).removeprefix(f"{document}: ")


def extract(raw: RawDocument, text: str, settings: Settings) -> Article:
    """The article of one fetched document; ``NoArticle`` (one line, naming it) if none."""
    name = raw.uri or raw.id
    if raw.status != "ok":
        raise NoArticle(f"{name}: not fetched ({raw.error or 'failed'})")
    media_type = raw.media_type.split(";")[0].strip().lower()
    url = raw.uri if raw.uri.startswith(("http://", "https://")) else None
    if media_type in _HTML_TYPES:
        try:
            article = extract_html(text, raw.id, url)
        except NoArticle as exc:
            raise NoArticle(f"{name}: {_reason(exc, raw.id)}") from None
        if len(article.text) < settings.min_article_chars:
            raise NoArticle(
                f"{name}: story text too short ({len(article.text)} characters,"
                f" minimum {settings.min_article_chars})"
            )
    elif media_type in _TEXT_TYPES:
        try:
            article = extract_text(text, raw.id)
        except NoArticle as exc:
            raise NoArticle(f"{name}: {_reason(exc, raw.id)}") from None
        article.url = url
    else:
        raise NoArticle(f"{name}: unsupported media type {raw.media_type!r}")
    return article
