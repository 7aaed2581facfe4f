"""What an ingest stored, table by table, for comparing two databases of the same input.

Every table of the store (and the full-text index, and the text vectors kept in the cache
folder when given) is read in key order; times of ingestion (the DateTime columns) are left
out, as two runs of the same input differ in them and nothing else may; a document's
content is compared decompressed (its compression is how it is kept, not what). The digest
of each table is printed; ``--dump`` writes every row as JSON lines, for a diff.

    python bench/store_digest.py A.db [B.db] [--vectors A.cache/minilm-l6-vectors.sqlite ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import DateTime  # noqa: E402

from newsblotter.store import schema  # noqa: E402

FTS = "articles_fts"


def _columns(table: str) -> list[str]:
    """The columns compared: all but the times of ingestion."""
    columns = schema.metadata.tables[table].columns
    return [c.name for c in columns if not isinstance(c.type, DateTime)]


def _order(table: str) -> str:
    keys = [c.name for c in schema.metadata.tables[table].primary_key.columns]
    return ", ".join(keys) if keys else ", ".join(_columns(table))


def rows(db: Path) -> Iterator[tuple[str, list[object]]]:
    """(table, row) for every stored row, tables by name, rows in key order."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        for table in sorted(schema.metadata.tables):
            names = _columns(table)
            sql = f"SELECT {', '.join(names)} FROM {table} ORDER BY {_order(table)}"
            for row in conn.execute(sql):
                values = list(row)
                if table == "documents":
                    at = names.index("content")
                    content = zlib.decompress(values[at])
                    values[at] = hashlib.sha256(content).hexdigest()
                yield table, values
        if FTS in present:
            sql = f"SELECT rowid, document, title, text FROM {FTS} ORDER BY rowid"
            for row in conn.execute(sql):
                yield FTS, list(row)


def vector_rows(path: Path) -> Iterator[tuple[str, list[object]]]:
    """The text vectors kept in a vector store file (``merge.vectors.VectorStore``)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        for key, value in conn.execute("SELECT key, v FROM vectors ORDER BY key"):
            yield "vectors", [key, hashlib.sha256(value).hexdigest()]


def digest(found: Iterator[tuple[str, list[object]]]) -> dict[str, str]:
    """``table -> "N rows <sha256 prefix>"``."""
    hashes: dict[str, hashlib._Hash] = {}
    counts: dict[str, int] = {}
    for table, row in found:
        line = json.dumps(row, default=_plain).encode()
        hashes.setdefault(table, hashlib.sha256()).update(line + b"\n")
        counts[table] = counts.get(table, 0) + 1
    return {t: f"{counts[t]} rows {hashes[t].hexdigest()[:12]}" for t in sorted(hashes)}


def _plain(value: object) -> object:
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", type=Path, nargs="+", help="one or two SQLite files")
    parser.add_argument("--vectors", type=Path, nargs="*", default=[], help="vector stores")
    parser.add_argument("--dump", type=Path, help="write the rows of the first as JSON lines")
    args = parser.parse_args(argv)
    if len(args.databases) > 2 or len(args.vectors) not in (0, len(args.databases)):
        parser.error("one or two databases, and as many vector stores if any")
    digests = []
    for n, db in enumerate(args.databases):
        if not db.is_file():
            print(f"error: {db}: no such database", file=sys.stderr)
            return 2
        found = digest(rows(db))
        if args.vectors:
            found.update(digest(vector_rows(args.vectors[n])))
        digests.append(found)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for table, row in rows(args.databases[0]):
                out.write(json.dumps([table, row], default=_plain) + "\n")
    for table in sorted(set().union(*digests)):
        values = [d.get(table, "absent") for d in digests]
        mark = "" if len(values) == 1 else ("  same" if values[0] == values[1] else "  DIFFERENT")
        print(f"{table:<18}" + "  ".join(f"{v:<24}" for v in values) + mark)
    same = len(digests) == 1 or digests[0] == digests[1]
    if len(digests) == 2:
        print("same content" if same else "content differs")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
