"""Solve jobs: start one (202 with its id), follow its progress, stop it keeping the best rota."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from api.web import services
from api.web.deps import JobsDep, SessionDep
from api.web.records import JobRecord
from api.web.routers.responses import ERRORS, ErrorOut

router = APIRouter(prefix="/jobs", tags=["solve jobs"])


class SolveRequest(BaseModel):
    """What to solve: a stored roster, from a start date for some weeks, within a time limit."""

    roster_id: int
    start: dt.date | None = Field(default=None, description="Default: the roster's own start.")
    weeks: int | None = Field(
        default=None, ge=1, le=52, description="Default: the roster's own length."
    )
    time_limit_s: float | None = Field(
        default=None, gt=0, description="Seconds; default: the server's setting."
    )
    seed: int = 0


class JobAccepted(BaseModel):
    """A queued job and where to follow it."""

    job_id: int
    status: str
    url: str


class JobOut(JobRecord):
    """A job with links to follow it and, once finished with one, to its rota."""

    url: str
    rota_url: str | None = None


def _job_out(request: Request, job: JobRecord) -> JobOut:
    rota_url = None
    if job.rota_id is not None:
        rota_url = str(request.url_for("get_rota", rota_id=job.rota_id).path)
    url = str(request.url_for("get_job", job_id=job.id).path)
    return JobOut(**job.model_dump(), url=url, rota_url=rota_url)


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobAccepted,
    summary="Generate a rota in the background",
    responses={
        **ERRORS,
        429: {
            "model": ErrorOut,
            "description": "Every worker is busy and the queue is full (`queue_full`).",
        },
    },
)
def submit(body: SolveRequest, request: Request, session: SessionDep, jobs: JobsDep) -> JobAccepted:
    """Queue a solve; poll `GET /api/jobs/{job_id}` for progress and the rota."""
    job = services.submit_solve(
        session,
        jobs,
        body.roster_id,
        start=body.start,
        weeks=body.weeks,
        time_limit_s=body.time_limit_s,
        seed=body.seed,
    )
    url = str(request.url_for("get_job", job_id=job.id).path)
    return JobAccepted(job_id=job.id, status=job.status.value, url=url)


@router.get(
    "/{job_id}", response_model=JobOut, summary="A job's status and progress", responses=ERRORS
)
def get_job(job_id: int, request: Request, session: SessionDep) -> JobOut:
    """Status, elapsed time, best objective so far, bound and gap; the rota link once done."""
    return _job_out(request, services.get_job(session, job_id))


@router.delete(
    "/{job_id}",
    response_model=JobOut,
    summary="Stop a job, keeping the best rota found so far",
    responses=ERRORS,
)
def stop_job(job_id: int, request: Request, session: SessionDep) -> JobOut:
    """A queued job never starts; a running one ends within seconds, with its best rota."""
    return _job_out(request, services.stop_job(session, job_id))
