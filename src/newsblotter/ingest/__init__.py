"""Ingest: turn paths (files, directories, gzip) into RawDocuments or failures.

Contract (owned by the ingest stage):
- ``iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]``: files under each path, recursive, sorted.
- ``read_document(path: Path, settings: Settings) -> RawDocument``: never raises for bad input;
  returns a RawDocument with status "failed" and a one-line ``error`` naming the file.
- ``decode(raw: RawDocument) -> str``: the text of the bytes in their declared or detected encoding.
"""
