"""Bytes to text: BOM, then the declared charset, then statistical detection.

Order and why:
1. A byte-order mark is unambiguous.
2. The charset the page declares (``<meta charset>``, ``http-equiv``, XML declaration) is what
   its author meant, provided the bytes actually decode with it. When a page declares a legacy
   charset but the bytes are valid UTF-8 with non-ASCII sequences, UTF-8 wins: that is the usual
   shape of a page re-saved as UTF-8 with a stale ``<meta>``, and legacy text that happens to be
   valid multi-byte UTF-8 is vanishingly rare.
3. Valid UTF-8 is taken as UTF-8 (cheap and never wrong in practice).
4. Otherwise charset-normalizer decides.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsblotter.ingest.sniff import SAMPLE, bom_encoding, utf16_without_bom
from newsblotter.records import RawDocument

_PRESCAN = 4096  # WHATWG prescans 1024 bytes; real pages put long scripts before <meta>
_META_CHARSET = re.compile(
    rb"<meta\b[^>]{0,1000}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]{1,40})", re.IGNORECASE
)
_XML_DECL = re.compile(rb"\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]{1,40})")

# Labels whose WHATWG meaning differs from Python's codec of the same name: browsers decode
# these as the superset, and pages labelled "iso-8859-1" routinely use cp1252 quotes.
_WHATWG_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}


class UndecodableError(ValueError):
    """Neither the declared charset nor detection yields text."""


def declared_encoding(data: bytes) -> str | None:
    """The Python codec for the charset the document declares, if any and if known."""
    head = data[:_PRESCAN]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # we just read the label as ASCII, so it cannot be UTF-16 (WHATWG rule)
    return _WHATWG_SUPERSETS.get(name, name)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise UndecodableError when no encoding fits."""
    bom = bom_encoding(data)
    if bom is not None:
        text = _strict(data, bom)
        if text is not None:
            return _clean(text.lstrip("\ufeff")), bom
    utf16 = utf16_without_bom(data[:SAMPLE])
    if utf16 is not None:
        text = _strict(data, utf16)
        if text is not None:
            return _clean(text), utf16
    utf8 = _strict(data, "utf-8")
    declared = declared_encoding(data)
    if declared is not None and (utf8 is None or data.isascii()):
        text = _strict(data, declared)
        if text is not None:
            return _clean(text), declared
    if utf8 is not None:
        return _clean(utf8), "utf-8"
    for encoding in _detected(data):
        text = _strict(data, encoding)
        if text is not None:
            return _clean(text), encoding
    raise UndecodableError("no declared or detectable text encoding fits the bytes")


# Web usage order. charset-normalizer often rates several single-byte code pages equally (all
# with zero chaos on Latin text) and then its order is arbitrary; on the web cp1252 is far
# likelier than cp1250 or cp775, so ties are broken by this list.
_WEB_PREFERENCE = (
    "utf_8",
    "cp1252",
    "cp1251",
    "gb18030",
    "gbk",
    "gb2312",
    "cp932",
    "shift_jis",
    "euc_jp",
    "cp949",
    "euc_kr",
    "big5",
    "cp1250",
    "cp1256",
    "cp1254",
    "cp1253",
    "cp1255",
    "cp874",
    "koi8_r",
    "iso8859_2",
)
_TIE = 0.01  # chaos difference under which two detections count as equally plausible


def _rank(charsets: list[str]) -> tuple[int, str]:
    ranked = sorted(
        (_WEB_PREFERENCE.index(c) if c in _WEB_PREFERENCE else len(_WEB_PREFERENCE), c)
        for c in charsets
    )
    return ranked[0]


def _detected(data: bytes) -> list[str]:
    """charset-normalizer's candidates, plausible ones first, ties broken by web usage."""
    matches = [m for m in from_bytes(data) if m.encoding]
    if not matches:
        return []
    floor = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= floor + _TIE]
    ordered = sorted(tied, key=lambda m: _rank(m.could_be_from_charset or [m.encoding])[0])
    return [_rank(m.could_be_from_charset or [m.encoding])[1] for m in ordered]


def _clean(text: str) -> str:
    # NUL is never text; HTML parsers (and lxml's C API) choke on it, so it becomes U+FFFD,
    # as the HTML tokenizer does.
    return text.replace("\x00", "\ufffd")


def decode(raw: RawDocument) -> str:
    """The text of ``raw``; never raises: an undecodable payload becomes UTF-8 with U+FFFD."""
    try:
        return decode_bytes(raw.content)[0]
    except UndecodableError:
        return _clean(raw.content.decode("utf-8", errors="replace"))
