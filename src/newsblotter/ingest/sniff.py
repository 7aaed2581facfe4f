"""Content sniffing: is a payload text at all, and is that text HTML?

Decisions are made on the bytes, never on the file name: crawls are full of ``.html`` files
that are PDFs and extensionless files that are pages.
"""

from __future__ import annotations

import re

# Only the common formats, so the error can name what the file is; the control-character
# ratio below catches every other binary format.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"RIFF", "RIFF media"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE2) file"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"OggS", "Ogg media"),
)

BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

SAMPLE = 65536
_CONTROL = frozenset(range(0x00, 0x09)) | (frozenset(range(0x0E, 0x20)) - {0x1B}) | {0x7F}
_CONTROL_BYTES = bytes(sorted(_CONTROL))  # for bytes.translate: counts in C, not per byte
_MAX_NUL_RATIO = 0.01  # real binaries are full of NULs; a hostile page may hold a few
_NUL_ALLOWANCE = 8  # so a short page with a stray NUL or two is not called binary
_MAX_CONTROL_RATIO = 0.05  # random bytes give ~11%; text, even ISO-2022 with ESC, ~0%


def bom_encoding(data: bytes) -> str | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return None


def utf16_without_bom(sample: bytes) -> str | None:
    """Guess BOM-less UTF-16 from NULs sitting at every other byte (mostly-ASCII text)."""
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text, or None when it may be."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return f"binary content ({name})"
    sample = data[:SAMPLE]
    if bom_encoding(sample) or utf16_without_bom(sample):
        return None
    nul = sample.count(0)
    if nul > max(_NUL_ALLOWANCE, _MAX_NUL_RATIO * len(sample)):
        return f"binary content ({nul} NUL bytes in the first {len(sample)})"
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control > _MAX_CONTROL_RATIO * len(sample):
        return f"binary content ({control} control bytes in the first {len(sample)})"
    return None


# WHATWG MIME sniffing (section 7.1) looks for these tags at the start of the resource.
_HTML_START = re.compile(
    r"\A(?:\s|<!--.{0,2000}?-->|<\?xml[^>]{0,500}>)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|script|style|iframe|div|p|h1|table|"
    r"font|a|b|br)[\s/>]",
    re.IGNORECASE | re.DOTALL,
)
# Pages that start with junk (a stray line, a BOM'd comment) still show structure later on.
# HTML tag names, not words of a language: they stay in the pattern.
_STRUCTURE = re.compile(
    r"</?(?:html|head|body|p|div|article|section|span|br|table|tr|td|ul|li|h[1-6])\b[^<>]{0,300}>",
    re.IGNORECASE,
)


def media_type(text: str) -> str:
    """``text/html`` when the text looks like markup, else ``text/plain``."""
    head = text[:4096].lstrip("\ufeff")
    if _HTML_START.match(head):
        return "text/html"
    for seen, _ in enumerate(_STRUCTURE.finditer(text, 0, SAMPLE), start=1):
        if seen >= 3:
            return "text/html"
    return "text/plain"
