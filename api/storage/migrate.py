"""Applying the Alembic migrations shipped in ``api/storage/migrations``, from code."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up (or down) to ``revision``, by default the newest; an empty database
    gets the whole schema."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        current = MigrationContext.configure(connection).get_current_revision()
        if revision != "head" and current is not None and _is_newer(config, current, revision):
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)


def _is_newer(config: Config, current: str, target: str) -> bool:
    """Whether ``current`` comes after ``target`` in the history."""
    scripts = ScriptDirectory.from_config(config)
    return any(step.revision == target for step in scripts.iterate_revisions(current, "base"))
