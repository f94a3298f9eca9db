"""The web app: ``create_app(settings)`` builds it; the lifespan readies database, pool, samples.

Start-up, in order: check that spreadsheets are parsed with defusedxml, migrate the database,
mark jobs a previous server left unfinished as interrupted, start the pool of solve workers,
store the sample rosters if the database has none.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import openpyxl
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import RequestResponseEndpoint

from api.storage.database import make_engine, session_factory
from api.storage.migrate import migrate
from api.web.errors import ServiceError
from api.web.jobs import SolveJobs, mark_interrupted
from api.web.routers import api_router
from api.web.services import load_samples
from api.web.settings import Settings

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
_UPLOAD_OVERHEAD_BYTES = 64 * 1024
"""Room for the multipart envelope and form fields around an upload of the largest size."""


def ensure_safe_xml() -> None:
    """Refuse to serve unless openpyxl parses workbooks with defusedxml (no entity expansion)."""
    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise RuntimeError(
            "openpyxl is not using defusedxml: install defusedxml and unset OPENPYXL_DEFUSEDXML"
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app for ``settings`` (from the environment when None)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ensure_safe_xml()
        engine = make_engine(settings.database_url)
        migrate(engine)
        sessions = session_factory(engine)
        with sessions() as session:
            interrupted = mark_interrupted(session)
            if interrupted:
                log.warning("marked %d unfinished solve jobs as interrupted", interrupted)
            if settings.load_samples:
                load_samples(session, settings.samples_dir, weeks=settings.default_weeks)
        jobs = SolveJobs(settings)
        jobs.start()
        app.state.settings, app.state.engine = settings, engine
        app.state.sessions, app.state.jobs = sessions, jobs
        try:
            yield
        finally:
            jobs.shutdown(engine)
            engine.dispose()

    # Supervisors' networks often have no internet: /docs is served with its own copy of the
    # Swagger UI files instead of FastAPI's default CDN links.
    app = FastAPIOffline(
        title="shiftplan",
        summary="Rotas from roster workbooks, checked against every rule.",
        description=(
            "Upload a roster, generate rotas in the background, pin cells and re-generate, "
            "publish a version, compare versions, and check any rota without solving. Errors "
            'are `{"error": {"code", "message", "problems": [...]}}`.'
        ),
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    _add_error_handlers(app)
    _add_upload_limit(app, settings)
    app.include_router(api_router)
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def error_body(code: str, message: str, problems: list[dict[str, object]]) -> dict[str, object]:
    """The JSON of every refusal."""
    return {"error": {"code": code, "message": message, "problems": problems}}


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(request: Request, error: ServiceError) -> Response:
        problems = [item.model_dump() for item in error.problems]
        body = error_body(error.code, error.message, problems)
        return _page_error(request, error.status, error.message) or JSONResponse(body, error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = [_validation_problem(detail) for detail in error.errors()]
        message = "; ".join(str(problem["message"]) for problem in problems)
        body = error_body("invalid_request", message, problems)
        return _page_error(request, 422, message) or JSONResponse(body, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        body = error_body(code, str(error.detail), [])
        page = _page_error(request, error.status_code, str(error.detail))
        return page or JSONResponse(body, error.status_code, headers=error.headers)


def _validation_problem(detail: Any) -> dict[str, object]:
    """A request parameter FastAPI refused, in the shape of every other problem."""
    where = ".".join(str(part) for part in detail["loc"])
    return {
        "file": None,
        "sheet": None,
        "row": None,
        "column": where,
        "value": None if detail.get("input") is None else str(detail.get("input")),
        "expected": detail["msg"],
        "error": "is not valid",
        "message": f"{where}: {detail['msg']}",
    }


def _page_error(request: Request, status: int, message: str) -> Response | None:
    """Outside /api, the pages' own error page (``pages.error_page``) when they have one."""
    if request.url.path.startswith(("/api/", "/docs", "/openapi")):
        return None
    pages = sys.modules.get("api.web.routers.pages")
    error_page: Callable[[Request, int, str], Response] | None = getattr(pages, "error_page", None)
    return None if error_page is None else error_page(request, status, message)


def _add_upload_limit(app: FastAPI, settings: Settings) -> None:
    """Refuse an oversized request by its Content-Length before reading its body."""
    limit = settings.max_upload_bytes * 2 + _UPLOAD_OVERHEAD_BYTES

    @app.middleware("http")
    async def upload_limit(request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            message = (
                f"The request is {int(length) / 1_000_000:.1f} MB; uploads may be at most "
                f"{settings.max_upload_bytes / 1_000_000:.1f} MB"
            )
            page = _page_error(request, 413, message)
            return page or JSONResponse(error_body("too_large", message, []), 413)
        return await call_next(request)
