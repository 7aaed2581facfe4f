"""Write the sample corpus's byte-level variants from their UTF-8 sources, and check the gold.

A few pages in ``articles/`` exist to exercise decoding: a windows-1252 page, a windows-1254
page, a gzipped page and a scrape saved with CRLF line endings. Their UTF-8 originals live in
``sources/`` so they can be read and edited; this script derives the committed bytes from them
(deterministically, so a rebuild of unchanged sources changes nothing).

    python corpus/build.py            # rewrite the variants in corpus/articles/
    python corpus/build.py --check    # exit 1 if a variant is stale or expected.json
                                      # quotes something its article does not say
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
SOURCES = HERE / "sources"
EXPECTED = HERE / "expected.json"


def _encode(codec: str) -> Callable[[str], bytes]:
    def run(text: str) -> bytes:
        return text.encode(codec)  # strict: a character the codec lacks is a source error

    return run


def _gzip(text: str) -> bytes:
    # mtime=0 keeps the archive byte-identical across rebuilds.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


# output name in articles/ -> (source name in sources/, transform)
VARIANTS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "2024-01-04_kerman_gulf-ledger.html": (
        "2024-01-04_kerman_gulf-ledger.html",
        _encode("cp1252"),
    ),
    "2022-11-14_istanbul_continental-herald.html": (
        "2022-11-14_istanbul_continental-herald.html",
        _encode("cp1254"),
    ),
    "2022-07-08_nara_pacific-evening-news.html.gz": (
        "2022-07-08_nara_pacific-evening-news.html",
        _gzip,
    ),
    "2024-10-05_opinion_lantern-review.txt": (
        "2024-10-05_opinion_lantern-review.txt",
        _crlf,
    ),
}

_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def build() -> list[str]:
    """Write every variant; return the names whose bytes changed."""
    changed = []
    for name, (source, transform) in VARIANTS.items():
        data = transform((SOURCES / source).read_text(encoding="utf-8"))
        target = ARTICLES / name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            changed.append(name)
    return changed


def stale() -> list[str]:
    """Variants whose committed bytes differ from what their source builds."""
    out = []
    for name, (source, transform) in VARIANTS.items():
        target = ARTICLES / name
        data = transform((SOURCES / source).read_text(encoding="utf-8"))
        if not target.exists() or target.read_bytes() != data:
            out.append(name)
    return out


class _Visible(HTMLParser):
    """Text a reader could see: tags dropped, script and style bodies skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def article_text(path: Path) -> str:
    """Decoded, tag-free text of one corpus file, whitespace collapsed (for quote checks)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    match = _CHARSET.search(data[:4096])
    text = data.decode(match.group(1).decode("ascii") if match else "utf-8")
    if ".html" in path.suffixes:
        parser = _Visible()
        parser.feed(text)
        text = html.unescape("".join(parser.parts))
    return " ".join(text.split())


def _quotes(entry: dict[str, object]) -> list[str]:
    """Every literal span expected.json says an article contains."""
    found: list[str] = []
    for key in ("title", "dateline"):
        value = entry.get(key)
        if isinstance(value, str):
            found.append(value)
    for key in ("authors", "traps", "non_casualty_numbers"):
        values = entry.get(key)
        if isinstance(values, list):
            found += [v for v in values if isinstance(v, str)]
    for group in ("mentions", "statements", "actor_relations"):
        items = entry.get(group)
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            for key in ("quote", "text", "responsible_text"):
                if isinstance(item.get(key), str):
                    found.append(item[key])
            for count in ("killed", "wounded", "hostages"):
                value = item.get(count)
                if isinstance(value, dict) and isinstance(value.get("text"), str):
                    found.append(value["text"])
    return found


def check() -> list[str]:
    """Problems found: stale variants, files without gold, gold quotes missing from text."""
    problems = [f"{name}: stale, run corpus/build.py" for name in stale()]
    gold = json.loads(EXPECTED.read_text(encoding="utf-8"))["articles"]
    on_disk = {p.name for p in ARTICLES.iterdir() if p.is_file()}
    problems += [f"{name}: no entry in expected.json" for name in sorted(on_disk - set(gold))]
    problems += [f"{name}: in expected.json, not on disk" for name in sorted(set(gold) - on_disk)]
    for name in sorted(on_disk & set(gold)):
        text = article_text(ARTICLES / name)
        for quote in _quotes(gold[name]):
            if " ".join(quote.split()) not in text:
                problems.append(f"{name}: text lacks {quote!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"corpus: {len(problems)} problem(s)")
        return 1 if problems else 0
    for name in build():
        print(f"wrote articles/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
