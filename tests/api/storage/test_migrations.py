"""The migrations: they build the schema the tables describe, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from api.storage.database import make_engine
from api.storage.migrate import migrate
from api.storage.tables import Base


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
        assert version == "0001"
    finally:
        engine.dispose()
