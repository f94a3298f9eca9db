"""Solve jobs in worker processes: a bounded pool, with every job's state in the database.

The web process only queues job ids. A worker opens its own engine from the database URL, claims
the job (queued -> running), writes progress as the solver finds better rotas, polls the job's
stop flag, and stores the rota as the roster's next version. Because the state lives in the
database, a restart finds unfinished jobs and marks them interrupted instead of losing them.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from api.storage.database import make_engine, session_factory
from api.storage.tables import UNFINISHED, JobRow, JobStatus, RosterRow, utc_now
from api.storage.versions import store_rota_version
from api.web.settings import Settings
from models import Problem
from scheduler.result import SolveResult
from scheduler.solve import Progress, solve

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)

_PROGRESS_EVERY_S = 0.25
"""Progress is written at most this often: CP-SAT may find hundreds of rotas a second early on."""
_STOP_CHECK_EVERY_S = 0.25


class SolveJobs:
    """The pool of solve workers of one web app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: ProcessPoolExecutor | None = None

    @property
    def capacity(self) -> int:
        """Jobs running plus waiting that the server takes before it answers 429."""
        return self.settings.solve_pool_size + self.settings.max_queued_jobs

    def start(self) -> None:
        """Start the pool; its processes are spawned (not forked) so no web state leaks in."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.settings.solve_pool_size,
                mp_context=multiprocessing.get_context("spawn"),
            )
            # Spawned workers import OR-Tools once, now, rather than in the first user's wait.
            for _ in range(self.settings.solve_pool_size if self.settings.prestart_workers else 0):
                self._pool.submit(warm_up)

    def submit(self, job_id: int) -> None:
        """Run a queued job as soon as a worker is free."""
        if self._pool is None:
            raise RuntimeError("the solve pool is not started")
        future = self._pool.submit(run_job, self.settings.database_url, job_id)
        future.add_done_callback(lambda done: self._after(job_id, done))

    def _after(self, job_id: int, future: Future[None]) -> None:
        """A worker that died (or a pool shut down) must not leave its job running for ever."""
        if future.cancelled():
            return
        error = future.exception()
        if error is None:
            return
        log.error("solve job %s failed in its worker: %r", job_id, error)
        engine = make_engine(self.settings.database_url)
        try:
            with session_factory(engine)() as session:
                _finish_unfinished(session, job_id, f"The solve worker failed: {error!r}")
        finally:
            engine.dispose()

    def shutdown(self, engine: Engine) -> None:
        """Ask running jobs to stop (they keep their best rota), wait for them, drop the queue."""
        if self._pool is None:
            return
        with session_factory(engine)() as session:
            session.execute(
                update(JobRow)
                .where(JobRow.status == JobStatus.RUNNING.value)
                .values(stop_requested=True)
            )
            session.commit()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        with session_factory(engine)() as session:
            mark_interrupted(session)


def mark_interrupted(session: Session) -> int:
    """Mark jobs left queued or running by a server that stopped; how many."""
    result = session.execute(
        update(JobRow)
        .where(JobRow.status.in_(UNFINISHED))
        .values(
            status=JobStatus.INTERRUPTED.value,
            finished_at=utc_now(),
            error="The server stopped before this job finished; generate the rota again.",
        )
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def _finish_unfinished(session: Session, job_id: int, error: str) -> None:
    session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.status.in_(UNFINISHED))
        .values(status=JobStatus.FAILED.value, error=error, finished_at=utc_now())
    )
    session.commit()


# --- in the worker process -----------------------------------------------------------------------


def warm_up() -> None:
    """Nothing: running it makes a worker process start and import the solver."""


def run_job(database_url: str, job_id: int) -> None:
    """Solve one job, in a worker process: claim it, solve with progress and stop, keep the rota."""
    engine = make_engine(database_url)
    factory = session_factory(engine)
    try:
        claimed = _claim(factory, job_id)
        if claimed is None:
            return  # stopped while queued, or interrupted
        problem, roster_id, row = claimed
        try:
            result = solve(
                problem,
                time_limit_s=row.time_limit_s,
                workers=row.threads,
                seed=row.seed,
                on_progress=_progress_writer(factory, job_id),
                should_stop=_stop_reader(factory, job_id),
            )
        except Exception as error:
            log.exception("solve job %s failed", job_id)
            with factory() as session:
                _finish_unfinished(session, job_id, f"The solver failed: {error!r}")
            return
        _finish(factory, job_id, roster_id, problem, result)
    finally:
        engine.dispose()


def _claim(factory: sessionmaker[Session], job_id: int) -> tuple[Problem, int, JobRow] | None:
    """Move the job from queued to running (only if still queued); its problem for the horizon."""
    with factory() as session:
        claimed = session.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.status == JobStatus.QUEUED.value)
            .values(status=JobStatus.RUNNING.value, started_at=utc_now())
        )
        session.commit()
        if getattr(claimed, "rowcount", 0) != 1:
            return None
        row = session.get(JobRow, job_id)
        roster = None if row is None else session.get(RosterRow, row.roster_id)
        if row is None or roster is None:
            return None
        stored = Problem.model_validate_json(roster.problem_json)
        # The pins of this moment are part of the problem: later pins belong to later rotas.
        problem = stored.with_changes(start=row.start, days=row.days)
        session.expunge(row)
        return problem, roster.id, row


def _progress_writer(factory: sessionmaker[Session], job_id: int) -> Callable[[Progress], None]:
    last_written = 0.0

    def write(progress: Progress) -> None:
        nonlocal last_written
        now = time.monotonic()
        if now - last_written < _PROGRESS_EVERY_S:
            return
        last_written = now
        with factory() as session:
            session.execute(
                update(JobRow)
                .where(JobRow.id == job_id)
                .values(
                    elapsed_s=progress.elapsed_s,
                    objective=progress.objective,
                    best_bound=progress.best_bound,
                    parts_done=progress.parts_done,
                    parts=progress.parts,
                )
            )
            session.commit()

    return write


def _stop_reader(factory: sessionmaker[Session], job_id: int) -> Callable[[], bool]:
    last_checked = 0.0
    stop = False

    def should_stop() -> bool:
        nonlocal last_checked, stop
        now = time.monotonic()
        if stop or now - last_checked < _STOP_CHECK_EVERY_S:
            return stop
        last_checked = now
        with factory() as session:
            stop = bool(session.scalar(select(JobRow.stop_requested).where(JobRow.id == job_id)))
        return stop

    return should_stop


def _finish(
    factory: sessionmaker[Session],
    job_id: int,
    roster_id: int,
    problem: Problem,
    result: SolveResult,
) -> None:
    """Keep the rota (if any) as a new version and close the job."""
    with factory() as session:
        rota_id = None
        if result.rota is not None:
            rota_id = store_rota_version(session, roster_id, job_id, problem, result)
        if result.stopped:
            status = JobStatus.STOPPED
        elif result.rota is not None:
            status = JobStatus.DONE
        else:
            status = JobStatus.FAILED
        outcome: dict[str, object] = {
            "status": status.value,
            "rota_id": rota_id,
            "elapsed_s": result.wall_time_s,
            "error": None if result.rota is not None else result.message,
            "finished_at": utc_now(),
        }
        if result.rota is not None:
            outcome |= {
                "objective": result.objective,
                "best_bound": result.best_bound,
                "parts_done": result.parts,
                "parts": result.parts,
            }
        session.execute(update(JobRow).where(JobRow.id == job_id).values(**outcome))
        session.commit()
