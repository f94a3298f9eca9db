"""The migrations: they build the schema the tables describe, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from api.storage.database import make_engine, session_factory
from api.storage.migrate import migrate
from api.storage.tables import Base, RotaRow
from api.web.records import RotaRecord, RotaSummary
from models import Problem, ShiftType, Staff
from scheduler.solve import solve


def test_upgrade_builds_every_table_and_matches_the_models(database_url: str) -> None:
    """After migrating an empty database, Alembic finds no difference from the table classes."""
    engine = make_engine(database_url)
    try:
        migrate(engine)
        tables = set(inspect(engine).get_table_names())
        assert {"rosters", "solve_jobs", "rotas", "alembic_version"} <= tables
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


def test_upgrade_twice_is_harmless_and_keeps_rows(database_url: str) -> None:
    """Migrating an up-to-date database (every start-up does) changes nothing, loses no row."""
    engine = make_engine(database_url)
    try:
        migrate(engine)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO rosters (name, filename, problem_json, created_at, updated_at) "
                    "VALUES ('r', 'r.xlsx', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        migrate(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM rosters")).scalar() == 1
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "0002"
    finally:
        engine.dispose()


def test_upgrade_from_0001_fills_the_rota_summary_from_stored_json(database_url: str) -> None:
    """A rota stored under revision 0001 gets its summary columns filled by 0002, equal to what
    reading its JSON gives; downgrading to 0001 and upgrading again keeps it."""
    problem = Problem(
        name="tiny",
        start=dt.date(2026, 12, 7),
        days=7,
        shift_types=(ShiftType(code="A", start="09:00", end="17:00"),),
        staff=(Staff(id="E1", name="Ann"),),
    )
    result = solve(problem, time_limit_s=2, workers=1, seed=0)
    engine = make_engine(database_url)
    try:
        migrate(engine, "0001")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO rosters (id, name, filename, problem_json, created_at, "
                    "updated_at) VALUES (1, 'tiny', 't.json', :problem, CURRENT_TIMESTAMP, "
                    "CURRENT_TIMESTAMP)"
                ),
                {"problem": problem.model_dump_json()},
            )
            connection.execute(
                text(
                    "INSERT INTO rotas (id, roster_id, version, problem_json, result_json, "
                    "published, created_at) VALUES (1, 1, 1, :problem, :result, :published, "
                    "CURRENT_TIMESTAMP)"
                ),
                {
                    "problem": problem.model_dump_json(),
                    "result": result.model_dump_json(),
                    "published": False,
                },
            )
        for revision in ("head", "0001", "head"):
            migrate(engine, revision)
        with session_factory(engine)() as session:
            row = session.get(RotaRow, 1)
            assert row is not None
            assert RotaSummary.of(row) == RotaRecord.of(row).summary()
            assert (row.start, row.days, row.is_valid) == (problem.start, 7, True)
            assert row.objective == result.objective
    finally:
        engine.dispose()
