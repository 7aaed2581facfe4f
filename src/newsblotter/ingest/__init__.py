"""Ingest: turn paths (files, directories, gzip) into RawDocuments or failures.

Contract (owned by the ingest stage):
- ``iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]``: files under each path, recursive,
  sorted, hidden names skipped. It never raises for a bad path: a path it cannot list (missing,
  unreadable directory) is yielded as is, so every input reaches ``read_document`` and comes
  back as exactly one record. Failures thus travel through one channel only.
- ``read_document(path: Path, settings: Settings) -> RawDocument``: never raises for bad input;
  returns a RawDocument with status "failed", empty content and a one-line ``error`` naming the
  file. ``id`` is the sha256 hex of the *payload* (the decompressed bytes for gzip), so the same
  page stored plain or gzipped is one document; ``content`` is that payload.
- ``decode(raw: RawDocument) -> str``: the text of the bytes in their declared or detected encoding.
"""

from newsblotter.ingest.encoding import decode, decode_bytes
from newsblotter.ingest.paths import iter_inputs
from newsblotter.ingest.read import InputError, read_document

__all__ = ["InputError", "decode", "decode_bytes", "iter_inputs", "read_document"]
