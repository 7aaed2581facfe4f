"""API: the JSON API and the app that also serves the web pages (``newsblotter serve``).

Contract:
- ``create_app(pipeline: Pipeline, token: str | None = None) -> FastAPI``: one ASGI app with
  the JSON API under ``/api/v1`` (OpenAPI at ``/openapi.json``), the web pages and the static
  files; read-only unless ``token`` is given, then ``POST /api/v1/ingest`` takes a bearer token.
- ``Service(pipeline)``: the queries both layers share (filters, full-text search, sorting,
  cursor pagination), cached per data version.
- ``ActorIndex``: actors by id with parents and branches (``load_index(pipeline)``).
"""

from newsblotter.api.app import create_app
from newsblotter.api.service import Service
from newsblotter.query.actors import ActorIndex, load_index

__all__ = ["ActorIndex", "Service", "create_app", "load_index"]
