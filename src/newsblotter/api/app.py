"""The one ASGI app ``newsblotter serve`` runs: JSON API, web pages and static files."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsblotter import __version__
from newsblotter.api.routes import router as api_router
from newsblotter.api.service import Service
from newsblotter.pipeline import Pipeline
from newsblotter.store.errors import StoreError

# Everything is served from here: no inline script or style, no third-party origin.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(pipeline: Pipeline, token: str | None = None) -> FastAPI:
    """The server over ``pipeline``; ``POST /api/v1/ingest`` is refused unless ``token``."""
    # the pages import the API's service: at the top of the api package that is a circle
    from newsblotter.web.routes import router as web_router
    from newsblotter.web.routes import templates

    app = FastAPI(
        title="newsblotter",
        version=__version__,
        description="Incidents, their attribution ledgers, statements, articles and actors.",
        docs_url=None,  # Swagger UI loads its assets from a CDN: nothing external is served
        redoc_url=None,
    )
    app.state.service = Service(pipeline)
    app.state.token = token or None
    app.include_router(api_router)
    app.include_router(web_router)
    static = resources.files("newsblotter.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(StarletteHTTPException)  # FastAPI's HTTPException included
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": exc.status_code, "message": exc.detail},
            status_code=exc.status_code,
        )

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        message = f"database error: {exc}"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=503)
        return HTMLResponse(f"<h1>503</h1><p>{_escape(message)}</p>", status_code=503)

    return app


def _escape(text: str) -> str:
    return str(escape(text))
