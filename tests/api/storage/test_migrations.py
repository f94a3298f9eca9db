"""The migrations: they build the schema the tables describe, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, Table, inspect, text

from api.storage.database import make_engine, session_factory
from api.storage.migrate import MIGRATIONS, draft_migration, migrate
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


def test_draft_of_unchanged_tables_is_numbered_next_and_does_nothing(tmp_path: Path) -> None:
    """With tables.py as the migrations leave it, the draft follows the newest and is empty."""
    shipped = sorted(path.name for path in (MIGRATIONS / "versions").glob("0*.py"))
    draft = draft_migration("nothing new", tmp_path)
    assert draft.parent == tmp_path
    assert draft.name == f"{int(shipped[-1][:4]) + 1:04d}_nothing_new.py"
    text_of = draft.read_text()
    assert f"down_revision = '{shipped[-1][:4]}'" in text_of
    assert "op." not in text_of
    assert sorted(path.name for path in (MIGRATIONS / "versions").glob("0*.py")) == shipped


def test_draft_creates_a_table_added_to_the_models(tmp_path: Path) -> None:
    """A table the models gained since the newest migration is created by the draft."""
    table = Table("swap_requests", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        draft = draft_migration("swap requests", tmp_path)
    finally:
        Base.metadata.remove(table)
    assert "op.create_table('swap_requests'" in draft.read_text()
