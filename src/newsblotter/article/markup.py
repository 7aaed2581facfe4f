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

from lxml.etree import _Element

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
