"""Raw page text made safe for every extractor, and the story body a page states in JSON-LD.

Control characters, NUL bytes and lone surrogates (what a broken encoding leaves behind) are
not XML characters: lxml refuses them and readability-lxml raises ``ValueError: All strings
must be XML compatible``. They carry no story text, so they are removed before any parser
sees the page (tabs and line breaks stay).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml.etree import ElementDefaultClassLookup, _Element
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_CONTROLS = tuple(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
_CONTROLS += ("\ufffe", "\uffff")
_LD_XPATH = './/script[contains(@type, "ld+json")]'
_MAX_DEPTH = 12  # JSON-LD nests @graph and mainEntity a few levels at most


def safe_markup(html: str) -> str:
    """The page without the characters XML (and so lxml and readability) cannot hold."""
    try:
        html.encode("utf-8")  # fails on a lone surrogate; C speed
    except UnicodeEncodeError:
        return _NOT_XML.sub("", html)
    if any(char in html for char in _CONTROLS):  # a few C-level scans beat one regex scan
        return _NOT_XML.sub("", html)
    return html


# trafilatura's parser settings (``trafilatura.utils.HTML_PARSER``), with lxml's C-level class
# lookup: lxml.html's own lookup is a Python callback run for every element object Python
# sees, some 800 a page in trafilatura, the block walk and the metadata. Every element is an
# ``HtmlElement`` (lxml.html would make form fields ``InputElement`` and the like, whose extra
# methods no extractor here calls).
_PARSER = HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
    remove_pis=True,
)  # fmt: skip
_PARSER.set_element_class_lookup(
    ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)


def _parse_bytes(html: str) -> HtmlElement | None:
    try:
        tree: HtmlElement = fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception:
        return None
    return tree


def _repair(html: str, beginning: str) -> str:
    """``trafilatura.utils.repair_faulty_html`` less its first step, the removal of
    ``INVALID_XML_CHARS``: ``safe_markup`` has removed those already (they are a subset of
    ``_NOT_XML``, tested), and that scan of the whole page was a fifth of the parse's time."""
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:  # a self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", html, count=1)
    return html


def parse_page(html: str) -> HtmlElement | None:
    """The page made safe (``safe_markup``) and parsed as ``trafilatura.load_html`` parses a
    string (the same repairs, the same fallbacks, the same refusal of what is not HTML), with
    the faster parser above; None if it is not HTML."""
    html = safe_markup(html)
    beginning = html[:50].lower()
    html = _repair(html, beginning)
    tree: HtmlElement | None = None
    from_bytes = False
    try:
        tree = fromstring(html, parser=_PARSER)
    except ValueError:  # a string with an encoding declaration
        tree = _parse_bytes(html)
        from_bytes = True
    except Exception:
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _parse_bytes(html)
    if tree is not None and "html" not in beginning and len(tree) < 2:
        return None  # a fragment, not a page
    return tree


def _bodies(value: object, depth: int = 0) -> Iterator[str]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, dict):
        body = value.get("articleBody")
        if isinstance(body, str):
            yield body
        for item in value.values():
            if isinstance(item, dict | list):
                yield from _bodies(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _bodies(item, depth + 1)


def json_ld_body(tree: _Element) -> str:
    """The longest ``articleBody`` the page's JSON-LD states, or "" (malformed JSON is skipped)."""
    best = ""
    for script in tree.xpath(_LD_XPATH):
        raw = script.text or ""
        if "articleBody" not in raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        for body in _bodies(data):
            if len(body) > len(best):
                best = body
    return best.strip()
