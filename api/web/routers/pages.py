"""The HTML pages: upload a roster, look at it, generate a rota, watch it solve, review, check.

Thin handlers: each reads the form, calls ``api.web.services`` and renders a template with rows
from ``api.web.views``. A refusal of the services (a bad file, a full queue, a pin on leave) is
shown on the page it came from, with the same message and located problems the JSON API gives.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from api.labels import Lang
from api.web import services
from api.web.deps import JobsDep, SessionDep, SettingsDep
from api.web.errors import NotFound, ServiceError
from api.web.i18n import LANG_COOKIE, LANGUAGE_NAMES, language_from, text
from api.web.records import JobRecord, RosterSummary, RotaRecord, RotaSummary
from api.web.settings import Settings
from api.web.views import (
    Heatmap,
    HoursTable,
    ProblemsList,
    coverage_heatmap,
    file_problem_rows,
    hours_table,
    problems_list,
    roster_view,
    rota_grid,
)
from models import Problem, Report

WEB_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = WEB_DIR / "templates"
LANG_COOKIE_AGE_S = 365 * 24 * 3600

templates = Jinja2Templates(directory=TEMPLATES_DIR)
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def request_language(request: Request) -> Lang:
    """The cookie's language, else the browser's, else English."""
    return language_from(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


LangDep = Annotated[Lang, Depends(request_language)]


def render(
    request: Request, lang: Lang, name: str, page: str, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """A template with the words of ``lang`` (``t``), the language switch and ``context``."""
    words = functools.partial(text, lang=lang)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return templates.TemplateResponse(
        request,
        name,
        {
            "t": words,
            "lang": lang,
            "languages": LANGUAGE_NAMES,
            "here": here,
            "page": page,
            **context,
        },
        status_code=status,
    )


def see_other(url: str) -> RedirectResponse:
    """After a form post: go to the page that shows the result (303, so a reload is a GET)."""
    return RedirectResponse(url, status_code=303)


def _when(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _span(start: dt.date, days: int) -> str:
    """``2026-12-07 – 2026-12-27 (21)``."""
    return f"{start} – {start + dt.timedelta(days=days - 1)} ({days})"


def _roster_rows(rosters: list[RosterSummary]) -> list[dict[str, object]]:
    return [
        {
            "id": roster.id,
            "name": roster.name,
            "filename": roster.filename,
            "staff_count": roster.staff_count,
            "created": _when(roster.created_at),
        }
        for roster in rosters
    ]


def _version_rows(rotas: list[RotaSummary], lang: Lang) -> list[dict[str, object]]:
    return [
        {
            "id": rota.id,
            "version": rota.version,
            "created": _when(rota.created_at),
            "status": text(f"status.{rota.status.value}", lang),
            "objective": "—" if rota.objective is None else f"{rota.objective:,}",
            "dates": _span(rota.start, rota.days),
            "published": rota.published,
        }
        for rota in rotas
    ]


def _not_found(request: Request, lang: Lang, error: ServiceError) -> HTMLResponse:
    title = text("error.title", lang)
    message = error.message
    return render(
        request, lang, "error.html", "error", status=error.status, title=title, message=message
    )


# ---------------------------------------------------------------- language


@router.post("/language")
def switch_language(lang: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    """Remember the chosen language in a cookie and go back to the page it was chosen on."""
    target = urlsplit(next)
    # Only a path on this site: the form must not become an open redirect.
    back = next if not target.scheme and not target.netloc and next.startswith("/") else "/"
    response = see_other(back)
    if lang in LANGUAGE_NAMES:
        response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_AGE_S, samesite="lax")
    return response


# ---------------------------------------------------------------- home: upload a roster


@router.get("/")
def home(request: Request, session: SessionDep, lang: LangDep) -> HTMLResponse:
    """The stored rosters and the upload form."""
    rosters = _roster_rows(services.list_rosters(session))
    return render(request, lang, "home.html", "home", rosters=rosters, file_problems=())


@router.post("/rosters")
async def upload_roster(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    lang: LangDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    """Store a valid roster and show it; show every problem of a bad one and store nothing."""
    data = await file.read(settings.max_upload_bytes + 1)
    try:
        roster = services.store_roster(
            session,
            file.filename,
            data,
            max_bytes=settings.max_upload_bytes,
            weeks=settings.default_weeks,
        )
    except ServiceError as error:
        rosters = _roster_rows(services.list_rosters(session))
        file_problems = file_problem_rows(error.problems)
        return render(
            request,
            lang,
            "home.html",
            "home",
            status=error.status,
            rosters=rosters,
            file_problems=file_problems,
        )
    return see_other(f"/rosters/{roster.id}")


# ---------------------------------------------------------------- the roster


@router.get("/rosters/{roster_id}")
def roster_page(
    request: Request, roster_id: int, session: SessionDep, settings: SettingsDep, lang: LangDep
) -> HTMLResponse:
    """Staff, shift types, coverage windows, leave; the Generate form; the rota versions."""
    try:
        return _roster_response(request, session, settings, lang, roster_id)
    except NotFound as error:
        return _not_found(request, lang, error)


def _roster_response(
    request: Request,
    session: Session,
    settings: Settings,
    lang: Lang,
    roster_id: int,
    *,
    error: ServiceError | None = None,
) -> HTMLResponse:
    roster = services.get_roster(session, roster_id)
    weeks = max(1, roster.days // 7) if roster.days % 7 == 0 else settings.default_weeks
    return render(
        request,
        lang,
        "roster.html",
        "roster",
        status=422 if error else 200,
        roster=roster,
        view=roster_view(roster.problem, lang),
        rotas=_version_rows(services.list_rotas(session, roster_id), lang),
        start=roster.start.isoformat(),
        weeks=weeks,
        time_limit=f"{settings.default_time_limit_s:g}",
        error=error,
    )


@router.post("/rosters/{roster_id}/generate")
def generate(
    request: Request,
    roster_id: int,
    session: SessionDep,
    settings: SettingsDep,
    jobs: JobsDep,
    lang: LangDep,
    start: Annotated[dt.date, Form()],
    weeks: Annotated[int, Form(ge=1, le=52)],
    time_limit: Annotated[float | None, Form()] = None,
) -> Response:
    """Queue a solve and go to its progress page."""
    try:
        job = services.submit_solve(
            session, jobs, roster_id, start=start, weeks=weeks, time_limit_s=time_limit
        )
    except NotFound as error:
        return _not_found(request, lang, error)
    except ServiceError as error:
        return _roster_response(request, session, settings, lang, roster_id, error=error)
    return see_other(f"/jobs/{job.id}")


# ---------------------------------------------------------------- job progress


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: int, session: SessionDep, lang: LangDep) -> Response:
    """Live progress of a solve (the page polls ``/api/jobs/{id}``); a finished one's rota."""
    try:
        job = services.get_job(session, job_id)
        roster = services.get_roster(session, job.roster_id)
    except NotFound as error:
        return _not_found(request, lang, error)
    if job.rota_id is not None and job.status.finished:
        return see_other(f"/rotas/{job.rota_id}")
    return render(
        request,
        lang,
        "job.html",
        "job",
        job_id=job.id,
        roster_id=roster.id,
        roster_name=roster.name,
        horizon=_span(job.start, job.days),
        words=_job_words(lang),
        figures=_job_figures(job, lang),
    )


def _job_words(lang: Lang) -> dict[str, object]:
    """What the progress script needs to say, in the page's language."""
    states = ("queued", "running", "done", "stopped", "failed", "interrupted")
    return {
        "states": {state: text(f"state.{state}", lang) for state in states},
        "stopping": text("job.stopping", lang),
        "failed": text("job.failed", lang),
    }


def _job_figures(job: JobRecord, lang: Lang) -> dict[str, str]:
    """The figures as the page first shows them, before the script takes over."""
    return {
        "state_text": text(f"state.{job.status.value}", lang),
        "elapsed": "—" if job.elapsed_s is None else f"{job.elapsed_s:.1f} s",
        "objective": "—" if job.objective is None else f"{job.objective:,}",
        "bound": "—" if job.best_bound is None else f"{job.best_bound:,}",
        "gap": "—" if job.gap is None else f"{100 * job.gap:.2f} %",
        "message": job.error or "",
    }


# ---------------------------------------------------------------- the rota


@router.get("/rotas/{rota_id}")
def rota_page(
    request: Request,
    rota_id: int,
    session: SessionDep,
    lang: LangDep,
    compare: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    """The grid, coverage heatmap, hours, problems, versions and what changed."""
    try:
        return _rota_response(request, session, lang, rota_id, compare=compare)
    except NotFound as error:
        return _not_found(request, lang, error)


def _rota_response(
    request: Request,
    session: Session,
    lang: Lang,
    rota_id: int,
    *,
    compare: int | None = None,
    error: ServiceError | None = None,
) -> HTMLResponse:
    rota = services.get_rota(session, rota_id)
    roster = services.get_roster(session, rota.roster_id)
    # The pins in force now (the roster's), not those of the moment this version was drawn.
    pins = [pin for pin in roster.problem.pins if rota.problem.horizon.day_of(pin.date) is not None]
    diff = None
    if compare is not None and compare != rota.id:
        changes = services.compare_rotas(session, rota.id, compare)
        diff = {
            "other_id": changes.against_id,
            "other_version": changes.against_version,
            "changes": [
                {
                    "who": f"{change.staff_id} {change.staff_name}".strip(),
                    "date": change.date.isoformat(),
                    "before": "+".join(change.before),
                    "after": "+".join(change.after),
                }
                for change in changes.changes
            ],
        }
    heatmap, hours, problems = _report_views(rota.problem, rota.report, lang)
    return render(
        request,
        lang,
        "rota.html",
        "rota",
        status=422 if error else 200,
        rota=_rota_summary(rota, roster.name, lang),
        grid=rota_grid(rota.problem, rota.rota, lang, pins=pins),
        rotas=_version_rows(services.list_rotas(session, rota.roster_id), lang),
        diff=diff,
        error=error,
        heatmap=heatmap,
        hours=hours,
        problems=problems,
    )


def _rota_summary(rota: RotaRecord, roster_name: str, lang: Lang) -> dict[str, object]:
    return {
        "id": rota.id,
        "version": rota.version,
        "roster_id": rota.roster_id,
        "roster_name": roster_name,
        "published": rota.published,
        "status": text(f"status.{rota.status.value}", lang),
        "objective": "—" if rota.objective is None else f"{rota.objective:,}",
        "bound": "—" if rota.best_bound is None else f"{rota.best_bound:,}",
        "gap": "—" if rota.gap is None else f"{100 * rota.gap:.2f} %",
        "dates": _span(rota.start, rota.days),
        "valid": rota.is_valid,
        "verdict": _verdict(rota.report, lang),
    }


def _verdict(report: Report, lang: Lang) -> str:
    if report.is_valid:
        return text("rota.valid", lang)
    return text("rota.invalid", lang, count=len(report.rule_breaks))


def _report_views(
    problem: Problem, report: Report, lang: Lang
) -> tuple[Heatmap, HoursTable, ProblemsList]:
    """The heatmap, hours table and problems list of a report (rota page and check page)."""
    return (
        coverage_heatmap(problem, report, lang),
        hours_table(problem, report),
        problems_list(problem, report, lang),
    )


@router.post("/rotas/{rota_id}/pins")
def pin_cell(
    request: Request,
    rota_id: int,
    session: SessionDep,
    lang: LangDep,
    staff_id: Annotated[str, Form()],
    date: Annotated[dt.date, Form()],
    shift: Annotated[str | None, Form()] = None,
    clear: Annotated[str | None, Form()] = None,
) -> Response:
    """Pin the cell to a shift (``-``: a day off) or clear its pin; back to the rota."""
    try:
        if clear:
            services.unpin_rota_cell(session, rota_id, staff_id, date)
        else:
            code = None if shift in (None, "", "-") else shift
            services.pin_rota_cell(session, rota_id, staff_id, date, code)
    except NotFound as error:
        return _not_found(request, lang, error)
    except ServiceError as error:
        return _rota_response(request, session, lang, rota_id, error=error)
    return see_other(f"/rotas/{rota_id}#rota-grid")


@router.post("/rotas/{rota_id}/regenerate")
def regenerate(
    request: Request, rota_id: int, session: SessionDep, jobs: JobsDep, lang: LangDep
) -> Response:
    """Solve the roster again for this version's dates, keeping every pin; go to the job."""
    try:
        rota = services.get_rota(session, rota_id)
        limit = None
        if rota.job_id is not None:
            limit = services.get_job(session, rota.job_id).time_limit_s
        weeks = rota.days // 7 if rota.days % 7 == 0 else None
        job = services.submit_solve(
            session, jobs, rota.roster_id, start=rota.start, weeks=weeks, time_limit_s=limit
        )
    except NotFound as error:
        return _not_found(request, lang, error)
    except ServiceError as error:
        return _rota_response(request, session, lang, rota_id, error=error)
    return see_other(f"/jobs/{job.id}")


@router.post("/rotas/{rota_id}/publish")
def publish(request: Request, rota_id: int, session: SessionDep, lang: LangDep) -> Response:
    """Mark this version as the published rota of its roster."""
    try:
        services.publish_rota(session, rota_id)
    except NotFound as error:
        return _not_found(request, lang, error)
    return see_other(f"/rotas/{rota_id}")


@router.get("/rotas/{rota_id}/rota.xlsx", response_model=None)
def download(
    request: Request,
    rota_id: int,
    session: SessionDep,
    lang: Annotated[str | None, Query()] = None,
) -> Response:
    """The same workbook as ``shiftplan solve`` writes, in the page's language."""
    language: Lang = "zh" if lang == "zh" else "en" if lang == "en" else request_language(request)
    try:
        rota = services.get_rota(session, rota_id)
    except NotFound as error:
        return _not_found(request, language, error)
    name = f"rota-{rota.roster_id}-v{rota.version}.xlsx"
    return Response(
        services.rota_workbook(rota, language),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# ---------------------------------------------------------------- check a rota


@router.get("/check")
def check_page(request: Request, session: SessionDep, lang: LangDep) -> HTMLResponse:
    """Upload any rota and pick its roster."""
    rosters = _roster_rows(services.list_rosters(session))
    return render(request, lang, "check.html", "check", rosters=rosters, roster_id=None)


@router.post("/check")
async def check_upload(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    lang: LangDep,
    roster_id: Annotated[int, Form()],
    file: Annotated[UploadFile, File()],
) -> HTMLResponse:
    """The coverage and rule report of an uploaded rota, without solving."""
    rosters = _roster_rows(services.list_rosters(session))
    data = await file.read(settings.max_upload_bytes + 1)
    try:
        outcome = services.check_rota_upload(
            session, file.filename, data, roster_id=roster_id, max_bytes=settings.max_upload_bytes
        )
    except ServiceError as error:
        file_problems = file_problem_rows(error.problems)
        return render(
            request,
            lang,
            "check.html",
            "check",
            status=error.status,
            rosters=rosters,
            roster_id=roster_id,
            file_problems=file_problems,
            error=error,
        )
    problem, report = outcome.problem, outcome.report
    summary = {
        "filename": file.filename,
        "dates": _span(problem.start, problem.days),
        "valid": report.is_valid,
        "verdict": _verdict(report, lang),
        "objective": f"{report.objective:,}",
    }
    heatmap, hours, problems = _report_views(problem, report, lang)
    return render(
        request,
        lang,
        "check.html",
        "check",
        rosters=rosters,
        roster_id=roster_id,
        report=summary,
        grid=rota_grid(problem, outcome.rota, lang, pins=[]),
        heatmap=heatmap,
        hours=hours,
        problems=problems,
    )
