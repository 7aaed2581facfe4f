"""Sitemaps (sitemaps.org) and Google News sitemaps as lists of article links.

A news sitemap is a ``urlset`` whose ``url`` entries may carry ``news:news`` with the title; a
``sitemapindex`` names further sitemaps, which the caller fetches. The XML has been screened
for entity declarations by the caller (``feeds.parse_feed``); parsing here is defusedxml's.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_MAX_ENTRIES = 50_000  # the sitemaps.org limit per file


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


def parse(data: bytes, url: str) -> tuple[str, list[tuple[str, str | None]], list[str]] | None:
    """``(kind, [(link, title)], [child sitemap])`` or None when ``data`` is no sitemap."""
    head = data[:2048]
    if b"urlset" not in head and b"sitemapindex" not in head:
        return None
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        return None  # not well-formed: let the feed parser try, it reports what is wrong
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        return None
    items: list[tuple[str, str | None]] = []
    children: list[str] = []
    for entry in list(root)[:_MAX_ENTRIES]:
        loc = _text(_child(entry, "loc"))
        if not loc or not loc.startswith(("http://", "https://")):
            continue
        if kind == "sitemapindex":
            children.append(loc)
            continue
        news = _child(entry, "news")
        title = _text(_child(news, "title")) if news is not None else None
        items.append((loc, title))
    return ("sitemap" if kind == "urlset" else "sitemapindex"), items, children
