"""Page metadata (title, date, author, site, canonical URL, language) from a parsed HTML tree.

Uses trafilatura's metadata helpers and htmldate, but not ``trafilatura.extract_metadata``
itself: that also runs a DOM-wide author search, category/tag and licence scans and an
extensive date search, which together cost more than the body extraction and give nothing
the article record keeps. The helpers used here are module functions of the pinned
trafilatura 2.3.1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)

from newsblotter.article.dates import find_date as find_date_expression
from newsblotter.lang import alternation

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_BYLINE_XPATH = (
    './/*[@rel="author" or @itemprop="author" or contains(@class, "byline")'
    ' or contains(@class, "author-name")][1]'
)
# Where a byline's names end: a handle, a separator, a date or time, a reading time.
_AFTER_NAMES = re.compile(r"\s(?:@|\||•|·|—|–|-\s)|\s(?=\d)|\s(?:updated|published|posted)\b", re.I)
_BY_PREFIX = re.compile(rf"^\s*{alternation('page.byline_prefixes')}\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    description: str | None = None


def _first_language(values: Iterable[str | None]) -> str | None:
    for raw in values:
        match = _LANG.match((raw or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _language(tree: HtmlElement) -> str | None:
    # the meta tags (a search of the whole page) only when the html element says nothing usable
    return _first_language((tree.get("lang"), tree.get("xml:lang"))) or _first_language(
        tree.xpath('.//meta[@http-equiv="content-language" or @property="og:locale"]/@content')
    )


def _clean_author(text: str | None) -> str | None:
    """The names of a byline, without handles, dates and reading times run on after them."""
    if not text or find_date_expression(text) or text.lstrip()[:1].isdigit():
        return None  # a date stamp filed as the author
    text = _BY_PREFIX.sub("", " ".join(text.split()))
    text = _AFTER_NAMES.split(text, maxsplit=1)[0].strip(" ,;|-")
    return text if 2 < len(text) <= 80 else None


def _byline(tree: HtmlElement) -> str | None:
    """A cheap stand-in for trafilatura's DOM author search: one XPath, first hit."""
    for element in tree.xpath(_BYLINE_XPATH):
        text = _clean_author(element.text_content())
        if text:
            return text
    return None


def _date(tree: HtmlElement, url: str | None) -> dt.date | None:
    found = find_date(tree, extensive_search=False, original_date=True, url=url)
    if not found:
        return None
    try:
        return dt.date.fromisoformat(found[:10])
    except ValueError:
        return None


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMeta:
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a bare handle ("staff", "admin"), not a name
    # Malformed JSON-LD must not sink the page: keep what the meta tags gave.
    with contextlib.suppress(Exception):
        meta = extract_meta_json(tree, meta)
    title = meta.title or extract_title(tree)
    canonical = meta.url or extract_url(tree, url)
    sitename = meta.sitename or extract_sitename(tree)
    return PageMeta(
        title=title,
        author=_clean_author(meta.author) or _byline(tree),
        published=_date(tree, canonical or url),
        sitename=sitename.lstrip("@") if sitename else None,
        url=canonical,
        language=_language(tree),
        description=meta.description,
    )
