"""Server-rendered pages: readable without JavaScript; the map page adds Leaflet on top."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsblotter.api.service import BadQuery, Service
from newsblotter.export.formats import FORMATS
from newsblotter.export.gtd import admin1_name
from newsblotter.query import INCIDENT_SORTS, IncidentQuery
from newsblotter.records import ASSESSMENTS, INCIDENT_TYPES, Count, Incident, Statement
from newsblotter.web.highlight import Mark, highlight, quote

FILTERS = (
    "since",
    "until",
    "country",
    "actor",
    "type",
    "assessment",
    "min_killed",
    "q",
    "background",
)
PAGE_SIZE = 50

router = APIRouter(include_in_schema=False)


def _environment() -> Environment:
    folder = resources.files("newsblotter.web").joinpath("templates")
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["count"] = _count
    env.filters["when"] = _when
    env.filters["label"] = lambda s: (s or "").replace("_", " ")
    env.filters["admin1"] = admin1_name
    return env


def _count(c: Count | None) -> str:
    if c is None:
        return ""
    sign = {"about": "~", "at_least": "≥", "more_than": ">", "at_most": "≤", "fewer_than": "<"}
    return f"{sign.get(c.qualifier, '~' if c.qualifier == 'vague' else '')}{c.value}"


def _when(inc: Incident) -> str:
    if inc.date is None:
        return "undated"
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(inc.date_precision or "day", "%Y-%m-%d")
    return inc.date.strftime(fmt)


templates = Jinja2Templates(env=_environment())


def _service(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def parse_filters(params: Mapping[str, str]) -> tuple[IncidentQuery, dict[str, str], list[str]]:
    """Form fields to a query; a bad field is reported on the page and ignored."""
    values = {k: params.get(k, "").strip() for k in FILTERS}
    errors: list[str] = []
    given: dict[str, Any] = {}
    for name in ("since", "until"):
        if values[name]:
            try:
                given[name] = dt.date.fromisoformat(values[name])
            except ValueError:
                errors.append(f"{name}: {values[name]!r} is not a date (YYYY-MM-DD)")
    if values["country"]:
        if len(values["country"]) == 2 and values["country"].isalpha():
            given["country"] = values["country"].upper()
        else:
            errors.append(f"country: {values['country']!r} is not a two-letter code")
    if values["min_killed"]:
        if values["min_killed"].isdigit():
            given["min_killed"] = int(values["min_killed"])
        else:
            errors.append(f"min killed: {values['min_killed']!r} is not a whole number")
    for name, allowed in (("type", INCIDENT_TYPES), ("assessment", ASSESSMENTS)):
        if values[name]:
            if values[name] in allowed:
                given[name] = values[name]
            else:
                errors.append(f"{name}: unknown value {values[name]!r}")
    if values["background"] not in ("", "true"):
        errors.append(f"background: {values['background']!r} is not 'true'")
    query = IncidentQuery.of(
        **given,
        actor=values["actor"] or None,
        q=values["q"] or None,
        background=values["background"] == "true",
    )
    return query, values, errors


def _link(path: str, params: Mapping[str, str]) -> str:
    kept = {k: v for k, v in params.items() if v}
    return f"{path}?{urlencode(kept)}" if kept else path


@router.get("/", response_class=HTMLResponse)
def incident_list(request: Request) -> HTMLResponse:
    svc = _service(request)
    query, values, errors = parse_filters(request.query_params)
    sort = request.query_params.get("sort", "-date")
    if sort not in INCIDENT_SORTS:
        errors.append(f"sort: unknown order {sort!r}")
        sort = "-date"
    cursor = request.query_params.get("cursor") or None
    try:
        page = svc.incidents(query, sort, cursor, PAGE_SIZE)
    except BadQuery as exc:
        errors.append(str(exc))
        page = svc.incidents(query, sort, None, PAGE_SIZE)
    base = {**values, "sort": sort}

    def sort_link(column: str) -> str:
        order = f"-{column}" if sort == column else column
        return _link("/", {**values, "sort": order})

    return _render(
        request,
        "incidents.html",
        page=page,
        values=values,
        errors=errors,
        sort=sort,
        sort_link=sort_link,
        next_link=_link("/", {**base, "cursor": page.next_cursor}) if page.next_cursor else None,
        map_link=_link("/map", values),
        export_link=lambda fmt: _link("/api/v1/export", {**values, "format": fmt}),
        formats=list(FORMATS.values()),
        types=INCIDENT_TYPES,
        assessments=ASSESSMENTS,
        actors=svc.actors.all(),
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> Response:
    svc = _service(request)
    inc = svc.incident(incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id}")
    if inc.id != incident_id:  # an id merged into another: that incident's own address
        return RedirectResponse(str(request.url_for("incident_page", incident_id=inc.id)), 301)
    statements = svc.incident_statements(inc)
    by_id = {s.id: s for s in statements}
    articles = svc.articles_by_id({*inc.articles, *(s.provenance.document for s in statements)})
    sources = svc.sources(inc)
    killed = [s.killed for s in sources if s.killed is not None]
    wounded = [s.wounded for s in sources if s.wounded is not None]
    cited = {sid for e in inc.ledger for sid in e.statements}

    def quoted(st: Statement) -> Any:
        article = articles.get(st.provenance.document)
        if article is None:
            return st.text
        return quote(article, st.provenance.start, st.provenance.end)

    return _render(
        request,
        "incident.html",
        inc=inc,
        sources=sources,
        killed_range=(min(killed), max(killed)) if killed else None,
        wounded_range=(min(wounded), max(wounded)) if wounded else None,
        ledger=[(e, [by_id[s] for s in e.statements if s in by_id]) for e in inc.ledger],
        others=[s for s in statements if s.id not in cited],
        timeline=sorted(statements, key=lambda s: (s.said_on or dt.date.min, s.id)),
        articles=articles,
        quoted=quoted,
        actors=svc.actors,
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    svc = _service(request)
    query, values, errors = parse_filters(request.query_params)
    incidents = svc.filter_incidents(query)
    located = [i for i in incidents if i.place and i.place.lat is not None]
    return _render(
        request,
        "map.html",
        values=values,
        errors=errors,
        incidents=located,
        unlocated=len(incidents) - len(located),
        data_link=_link("/api/v1/export", {**values, "format": "geojson"}),
        list_link=_link("/", values),
    )


@router.get("/actors", response_class=HTMLResponse)
def actor_list(request: Request) -> HTMLResponse:
    svc = _service(request)
    q = request.query_params.get("q", "").strip()
    return _render(request, "actors.html", actors=svc.find_actors(q or None), q=q, index=svc.actors)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    svc = _service(request)
    view = svc.actor_view(actor_id)
    if view is None:
        raise HTTPException(404, f"no actor {actor_id}")
    return _render(request, "actor.html", view=view, incident_of=svc.incident_of())


@router.get("/articles/{document}", response_class=HTMLResponse)
def article_page(request: Request, document: str) -> HTMLResponse:
    svc = _service(request)
    article = svc.article(document)
    if article is None:
        raise HTTPException(404, f"no article {document}")
    found = svc.annotations(article)
    marks = [Mark(a.start, a.end, a.kind, a.label) for a in found]
    return _render(
        request,
        "article.html",
        article=article,
        body=highlight(article.text, marks),
        annotations=found,
        analysed=svc.analysed(article),
        kinds=sorted({a.kind for a in found}),
        incidents=svc.incidents_of_document(document),
    )
