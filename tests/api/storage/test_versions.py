"""Rota versions are numbered 1, 2, 3 per roster, and the stored records read back whole."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.database import make_engine, session_factory
from api.storage.migrate import migrate
from api.storage.tables import JobRow, JobStatus, RosterRow, RotaRow
from api.storage.versions import store_rota_version
from api.web.records import JobRecord, RotaRecord
from models import Problem, ShiftType, Staff
from scheduler.solve import solve


def small_problem() -> Problem:
    """One person, one shift, one week."""
    return Problem(
        name="tiny",
        start=dt.date(2026, 12, 7),
        days=7,
        shift_types=(ShiftType(code="A", start="09:00", end="17:00"),),
        staff=(Staff(id="E1", name="Ann"),),
    )


def add_roster(session: Session, problem: Problem) -> int:
    """Store a roster row; its id."""
    row = RosterRow(name=problem.name, filename="tiny.json", problem_json=problem.model_dump_json())
    session.add(row)
    session.commit()
    return row.id


def test_versions_count_per_roster_and_read_back(database_url: str) -> None:
    """Two rotas of one roster are v1 and v2, another roster starts again at v1; records read back
    with the problem and result as stored."""
    engine = make_engine(database_url)
    migrate(engine)
    problem = small_problem()
    result = solve(problem, time_limit_s=2, workers=1, seed=0)
    try:
        with session_factory(engine)() as session:
            first_roster, second_roster = add_roster(session, problem), add_roster(session, problem)
            ids = [
                store_rota_version(session, first_roster, None, problem, result),
                store_rota_version(session, first_roster, None, problem, result),
                store_rota_version(session, second_roster, None, problem, result),
            ]
            rows = [session.get(RotaRow, rota_id) for rota_id in ids]
            assert [(row.roster_id, row.version) for row in rows if row] == [
                (first_roster, 1),
                (first_roster, 2),
                (second_roster, 1),
            ]
            record = RotaRecord.of(session.scalars(select(RotaRow)).first())  # type: ignore[arg-type]
            assert record.problem == problem
            assert record.result == result
            assert record.created_at.tzinfo is not None
    finally:
        engine.dispose()


def test_job_record_reads_progress_and_gap(database_url: str) -> None:
    """A job row's progress comes back with the relative gap and times in UTC."""
    engine = make_engine(database_url)
    migrate(engine)
    try:
        with session_factory(engine)() as session:
            roster_id = add_roster(session, small_problem())
            row = JobRow(
                roster_id=roster_id,
                status=JobStatus.RUNNING.value,
                start=dt.date(2026, 12, 7),
                days=7,
                time_limit_s=5,
                threads=1,
                seed=0,
                stop_requested=False,
                objective=200,
                best_bound=150,
                parts_done=0,
                parts=1,
            )
            session.add(row)
            session.commit()
            record = JobRecord.of(session.get(JobRow, row.id))  # type: ignore[arg-type]
        assert record.status is JobStatus.RUNNING
        assert record.gap == 0.25
        assert record.created_at.tzinfo is not None
        assert not record.status.finished
    finally:
        engine.dispose()


def test_versions_stay_unique_when_jobs_finish_at_once(database_url: str) -> None:
    """Two workers storing rotas of one roster at the same moment still get 1..n, each once."""
    engine = make_engine(database_url)
    migrate(engine)
    problem = small_problem()
    result = solve(problem, time_limit_s=2, workers=1, seed=0)
    factory = session_factory(engine)
    with factory() as session:
        roster_id = add_roster(session, problem)
    start = threading.Barrier(2)

    def store_five() -> None:
        start.wait()
        with factory() as session:
            for _ in range(5):
                store_rota_version(session, roster_id, None, problem, result)

    try:
        workers = [threading.Thread(target=store_five) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        with factory() as session:
            versions = sorted(session.scalars(select(RotaRow.version)))
        assert versions == list(range(1, 11))
    finally:
        engine.dispose()
