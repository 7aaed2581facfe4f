"""Store: SQLAlchemy Core over SQLite (default) or PostgreSQL, with versioned migrations.

Contract:
- ``open_db(url_or_path: str) -> Database``: creates or migrates the schema to head.
- ``Database.add_document(raw) -> bool`` (False when those bytes are already stored: idempotent);
  ``document_status(id)``; ``iter_documents()`` yields stored RawDocuments for reprocess.
- ``Database.save_extraction(extraction)``: replaces all that was derived from that document, in
  one transaction, so a crash never leaves half a document.
- ``Database.save_actors(actors)``; ``load_mentions()``, ``load_statements()``, ``load_articles()``.
- ``Database.replace_incidents(incidents)``: one transaction.
- Queries: ``incidents(since=, until=, country=, actor=, type=)``, ``incident(id)``,
  ``statements(incident=)``, ``articles()``, ``actors()``, ``failures()``.
"""
