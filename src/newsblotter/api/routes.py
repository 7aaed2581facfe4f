"""The JSON API (``/api/v1``): read-only queries, exports, and token-guarded ingest."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator

from newsblotter.api import models as m
from newsblotter.api import reads
from newsblotter.api.service import MAX_LIMIT, BadQuery, Page, Service, paginate
from newsblotter.api.upload import FetchError, fetch, raw_from_bytes
from newsblotter.export import actor_json, article_json, incident_json, statement_json
from newsblotter.export.formats import FORMATS, render
from newsblotter.query import INCIDENT_SORTS, IncidentQuery, StatementQuery
from newsblotter.records import (
    Assessment,
    Incident,
    IncidentType,
    SpeakerKind,
    Statement,
    StatementKind,
)


def _iso_date(value: Any) -> Any:
    # pydantic would also read "0" or "1700000000" as a Unix time; a date here is YYYY-MM-DD.
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


def one_of(names: Iterable[str], description: str) -> Any:
    """A text parameter taking one of ``names`` (read from their registry, listed as the
    schema's enum), any other value answered with 422."""
    names = list(names)
    # plain names only, so the pattern needs no escapes (JSON Schema readers differ on them)
    assert all(re.fullmatch(r"[-\w]+", n) for n in names), names
    pattern = "^(" + "|".join(names) + ")$"
    return Query(pattern=pattern, description=description, json_schema_extra={"enum": names})


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IncidentSort = Annotated[str, one_of(INCIDENT_SORTS, ", ".join(INCIDENT_SORTS))]
ExportFormat = Annotated[
    str, one_of(FORMATS, "; ".join(f"{f.name}: {f.summary}" for f in FORMATS.values()))
]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": m.ErrorOut, "description": "A parameter the server cannot use"},
    404: {"model": m.ErrorOut, "description": "No such record"},
}
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]

router = APIRouter(prefix="/api/v1", responses=ERRORS)
bearer = HTTPBearer(auto_error=False, description="The token the server was started with")


def service(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


Svc = Annotated[Service, Depends(service)]


def incident_query(
    since: Annotated[IsoDate | None, Query(description="On or after (YYYY-MM-DD)")] = None,
    until: Annotated[IsoDate | None, Query(description="On or before (YYYY-MM-DD)")] = None,
    country: Annotated[
        str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="Id, name or alias; branches included")
    ] = None,
    type: IncidentType | None = None,
    assessment: Annotated[
        Assessment | None, Query(description="A ledger entry (of `actor`, if given) with it")
    ] = None,
    min_killed: Annotated[int | None, Query(ge=0, le=10**9)] = None,
    q: Annotated[
        str | None, Query(max_length=500, description="Full text of the reporting articles")
    ] = None,
    background: Annotated[
        bool,
        Query(description="Also incidents that articles only recall in passing (not as news)"),
    ] = False,
) -> IncidentQuery:
    return IncidentQuery.of(
        since=since,
        until=until,
        country=country,
        actor=actor,
        type=type,
        assessment=assessment,
        min_killed=min_killed,
        q=q,
        background=background,
    )


IQuery = Annotated[IncidentQuery, Depends(incident_query)]


def _page(page: Page[Any], items: list[Any]) -> dict[str, Any]:
    return {"items": items, "next_cursor": page.next_cursor}


def _bad(exc: BadQuery) -> HTTPException:
    return HTTPException(400, str(exc))


def _statement_out(svc: Service, st: Statement) -> dict[str, Any]:
    return statement_json(st, svc.incident_of())


def _range(values: list[int | None]) -> list[int] | None:
    found = [v for v in values if v is not None]
    return [min(found), max(found)] if found else None


def _incident_or_404(svc: Service, incident_id: str) -> Incident:
    inc = svc.incident(incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return inc


@router.get("/incidents", response_model=m.IncidentPage, tags=["incidents"])
def list_incidents(
    svc: Svc,
    query: IQuery,
    sort: IncidentSort = "-date",
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Incidents matching every filter, sorted; follow ``next_cursor`` for more."""
    try:
        page = svc.incidents(query, sort, cursor, limit)
    except BadQuery as exc:
        raise _bad(exc) from exc
    return _page(page, [incident_json(i) for i in page.items])


@router.get("/incidents/{incident_id}", response_model=m.IncidentDetailOut, tags=["incidents"])
def get_incident(svc: Svc, incident_id: str) -> dict[str, Any]:
    """An incident, the figures each source gives for it, and every statement about it."""
    inc = _incident_or_404(svc, incident_id)
    sources = svc.sources(inc)
    return {
        "incident": incident_json(inc),
        "sources": [
            {
                "article": s.article.document,
                "outlet": s.article.outlet,
                "published": s.article.published,
                "killed": s.killed,
                "wounded": s.wounded,
                "mentions": [x.id for x in s.mentions],
            }
            for s in sources
        ],
        "killed_range": _range([s.killed for s in sources]),
        "wounded_range": _range([s.wounded for s in sources]),
        "statements": [_statement_out(svc, s) for s in svc.incident_statements(inc)],
    }


@router.get("/statements", response_model=m.StatementPage, tags=["statements"])
def list_statements(
    svc: Svc,
    kind: StatementKind | None = None,
    speaker_kind: SpeakerKind | None = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="Named responsible; branches included")
    ] = None,
    incident: Annotated[str | None, Query(max_length=300)] = None,
    since: Annotated[IsoDate | None, Query(description="Said on or after")] = None,
    until: Annotated[IsoDate | None, Query(description="Said on or before")] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Statements bearing on responsibility, in document order."""
    query = StatementQuery.of(
        kind=kind,
        speaker_kind=speaker_kind,
        actor=actor,
        incident=incident,
        since=since,
        until=until,
        q=q,
    )
    try:
        page = svc.statements(query, cursor, limit)
    except BadQuery as exc:
        raise _bad(exc) from exc
    return _page(page, [_statement_out(svc, s) for s in page.items])


@router.get("/statements/{statement_id}", response_model=m.StatementOut, tags=["statements"])
def get_statement(svc: Svc, statement_id: str) -> dict[str, Any]:
    st = svc.statement(statement_id)
    if st is None:
        raise HTTPException(404, f"no statement {statement_id}")
    return _statement_out(svc, st)


@router.get("/articles", response_model=m.ArticlePage, tags=["articles"])
def list_articles(
    svc: Svc,
    q: Annotated[str | None, Query(max_length=500, description="Full-text search")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Article metadata (no text), by document id."""
    try:
        page = paginate(svc.article_infos(q, outlet), lambda a: (a.document,), False, cursor, limit)
    except BadQuery as exc:
        raise _bad(exc) from exc
    items = [
        {
            "id": a.document,
            "title": a.title,
            "url": a.url,
            "outlet": a.outlet,
            "wire_agency": a.wire_agency,
            "published": a.published,
            "chars": a.chars,
        }
        for a in page.items
    ]
    return _page(page, items)


@router.get("/articles/{document}", response_model=m.ArticleOut, tags=["articles"])
def get_article(svc: Svc, document: str) -> dict[str, Any]:
    """The extracted text, the removed chrome, and every extracted value with its span."""
    article = svc.article(document)
    if article is None:
        raise HTTPException(404, f"no article {document}")
    found = svc.annotations(article)
    return {
        **article_json(article),
        "chrome": article.chrome,
        "paragraphs": [list(p) for p in article.paragraphs],
        "analysed": svc.analysed(article),
        "annotations": [
            {"kind": a.kind, "label": a.label, "start": a.start, "end": a.end, "source": a.source}
            for a in found
        ],
        "incidents": [i.id for i in svc.incidents_of_document(document)],
    }


@router.get("/actors", response_model=m.ActorPage, tags=["actors"])
def list_actors(
    svc: Svc,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias")] = None,
    kind: Annotated[str | None, Query(max_length=50)] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    try:
        page = paginate(svc.find_actors(q, kind), lambda a: (a.id,), False, cursor, limit)
    except BadQuery as exc:
        raise _bad(exc) from exc
    return _page(page, [actor_json(a) for a in page.items])


@router.get("/actors/{actor_id}", response_model=m.ActorDetailOut, tags=["actors"])
def get_actor(svc: Svc, actor_id: str) -> dict[str, Any]:
    """An actor with its parent chain, branches, incidents and statements."""
    view = svc.actor_view(actor_id)
    if view is None:
        raise HTTPException(404, f"no actor {actor_id}")
    return {
        "actor": actor_json(view.actor),
        "ancestors": [a.id for a in view.ancestors],
        "branches": [a.id for a in view.branches],
        "incidents": [i.id for i in view.incidents],
        "claims_made": [s.id for s in view.claims_made],
        "attributed": [s.id for s in view.attributed],
    }


@router.get("/documents", response_model=m.DocumentPage, tags=["documents"])
def list_documents(
    svc: Svc,
    status: Literal["ok", "failed"] | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Stored inputs (without their bytes)."""
    try:
        page = paginate(svc.documents(status), lambda d: (d.id,), False, cursor, limit)
    except BadQuery as exc:
        raise _bad(exc) from exc
    return _page(page, [_document(d) for d in page.items])


@router.get("/documents/{document}", response_model=m.DocumentOut, tags=["documents"])
def get_document(svc: Svc, document: str) -> dict[str, Any]:
    found = [d for d in svc.documents() if d.id == document]
    if not found:
        raise HTTPException(404, f"no document {document}")
    return _document(found[0])


def _document(d: reads.DocumentInfo) -> dict[str, Any]:
    return {
        "id": d.id,
        "uri": d.uri,
        "media_type": d.media_type,
        "fetched_at": d.fetched_at,
        "status": d.status,
        "error": d.error,
        "size": d.size,
        "has_article": d.has_article,
    }


@router.get(
    "/export",
    response_class=Response,
    tags=["export"],
    responses={
        200: {
            "description": "The export, in one of the formats of export/formats.py",
            "content": {f.media_type.split(";")[0]: {} for f in FORMATS.values()},
        }
    },
)
def export(svc: Svc, query: IQuery, format: ExportFormat = "json") -> Response:
    """The incidents matching the filters, in one of the export formats."""
    incidents = svc.filter_incidents(query)
    body = render(format, svc.pipeline.db, svc.actors, incidents)
    chosen = FORMATS[format]
    name = f"newsblotter-incidents.{chosen.extension}"
    return Response(
        body,
        media_type=chosen.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    token: str | None = request.app.state.token
    if not token:
        raise HTTPException(403, "this server is read-only (start it with a token to ingest)")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(
            401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )


@router.post(
    "/ingest",
    response_model=m.IngestOut,
    tags=["ingest"],
    dependencies=[Depends(require_token)],
    responses={
        401: {"model": m.ErrorOut, "description": "Missing or wrong token"},
        403: {"model": m.ErrorOut, "description": "The server is read-only"},
        502: {"model": m.ErrorOut, "description": "The URL could not be fetched"},
    },
)
def ingest(
    svc: Svc,
    url: Annotated[str | None, Form(max_length=2000, description="A page to fetch")] = None,
    file: Annotated[UploadFile | None, File(description="A page to upload")] = None,
) -> dict[str, Any]:
    """Ingest one page, fetched from ``url`` or uploaded as ``file``; needs the token."""
    settings = svc.pipeline.settings
    if (url is None) == (file is None):
        raise HTTPException(400, "give exactly one of url or file")
    if file is not None:
        data = file.file.read(settings.max_bytes + 1)
        name = file.filename or "upload"
        raw = raw_from_bytes(data, name, f"upload:{name}", settings)
    else:
        assert url is not None
        try:
            raw = fetch(url, settings)
        except FetchError as exc:
            raise HTTPException(502, str(exc)) from exc
    with svc.ingest_lock:
        report = svc.pipeline.ingest_raw([raw])
    return {
        "ingested": report.ingested,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "failures": [error for _uri, error in report.failures],
    }
