"""The FastAPI application: JSON routes, the live stream, the dashboard and offline OpenAPI docs."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsradar.api.backend import Backend
from newsradar.api.routes import router
from newsradar.api.security import is_loopback, refusal, security_headers
from newsradar.api.stream import Hub
from newsradar.errors import ConfigError, InputError, NewsradarError, StoreError
from newsradar.heap import freeze_heap
from newsradar.settings import Settings
from newsradar.web import INDEX, STATIC_DIR

log = logging.getLogger(__name__)
VENDOR = "/static/vendor/swagger-ui"


def create_app(settings: Settings | None = None, backend: Backend | None = None, *, host: str = "127.0.0.1",
               token: str | None = None, keepalive: float = 15.0) -> FastAPI:
    """The app over ``backend`` (by default the store at ``settings.db``).

    Writes need ``Authorization: Bearer TOKEN`` whenever ``token`` is given; a server listening beyond
    localhost must be given one.
    """
    settings = settings or Settings()
    if token is None and not is_loopback(host):
        raise ConfigError(f"listening on {host} (beyond localhost) needs a token for write endpoints: pass --token")
    opened = backend is None  # a backend this app opened is closed with it
    if backend is None:
        from newsradar.api.store_backend import open_backend

        backend = open_backend(settings)
    hub = Hub(keepalive=keepalive)
    chosen: Backend = backend

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        hub.bind(asyncio.get_running_loop())
        unsubscribe = chosen.subscribe(hub.publish)
        freeze_heap()
        try:
            yield
        finally:
            unsubscribe()
            close = getattr(chosen, "close", None)
            if opened and callable(close):
                close()

    app = FastAPI(title="newsradar", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Articles, entities, quotes, claims, events, stories, trends and alerts from the "
                              "newsradar store, and a live stream of records as they land. See docs/api.md.")
    app.state.backend = backend
    app.state.hub = hub
    app.state.token = token
    app.state.max_body = settings.max_bytes
    app.include_router(router)
    _errors(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    shell = _versioned_shell()

    @app.get("/", include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse(shell, headers={"Cache-Control": "no-cache"})

    local_only = is_loopback(host)  # then only this machine's names reach it, and none other should

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Any:
        why = refusal(request, local_only)
        response = JSONResponse({"error": why}, status_code=403) if why else await call_next(request)
        for name, value in security_headers(request.url.path).items():
            response.headers.setdefault(name, value)
        return response

    @app.middleware("http")
    async def cache_versioned(request: Request, call_next: Any) -> Any:
        # A URL with ?v=<hash of the file> never changes content: the browser keeps it without
        # asking again, which saves a round trip per file on every page load.
        # Vendored files (map shapes, libraries) change only with a new release: kept for a day.
        response = await call_next(request)
        path = request.url.path
        if path.startswith("/static/") and "v" in request.query_params and response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif path.startswith("/static/vendor/") and response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsradar API",
                                   swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{VENDOR}/swagger-ui.css", swagger_favicon_url="data:,")

    return app


def _versioned_shell() -> str:
    """The dashboard's HTML with each local stylesheet and script addressed by its content hash."""
    html = INDEX.read_text(encoding="utf-8")

    def stamp(match: re.Match[str]) -> str:
        path = STATIC_DIR / match.group(2)
        if not path.is_file():
            return match.group(0)
        digest = hashlib.sha1(path.read_bytes()).hexdigest()[:12]
        return f'{match.group(1)}="static/{match.group(2)}?v={digest}"'

    return re.sub(r'(href|src)="static/([^"?]+)"', stamp, html)


def _errors(app: FastAPI) -> None:
    """Every error is ``{"error": "reason"}`` with a 4xx/5xx status."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        reason = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and reason == "Not Found":
            reason = "no such route: see /docs for the API"
        return JSONResponse({"error": reason}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        return JSONResponse({"error": "; ".join(parts) or "invalid request"}, status_code=422)

    @app.exception_handler(NewsradarError)
    async def refused(_: Request, exc: NewsradarError) -> JSONResponse:
        status = 422 if isinstance(exc, InputError) else 503 if isinstance(exc, StoreError) else \
            500 if isinstance(exc, ConfigError) else 422
        return JSONResponse({"error": exc.reason}, status_code=status)

    @app.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error in a request")
        return JSONResponse({"error": f"internal error ({type(exc).__name__}); the server log has the details"},
                            status_code=500)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsradar")
    except PackageNotFoundError:
        return "0"


def openapi_paths(app: FastAPI) -> list[tuple[str, str]]:
    """(METHOD, path) of every documented route, for the docs check."""
    spec: dict[str, Any] = app.openapi()
    return sorted((m.upper(), p) for p, ops in spec["paths"].items() for m in ops)
