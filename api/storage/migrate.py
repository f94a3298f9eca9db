"""Applying the Alembic migrations shipped in ``api/storage/migrations``, from code; and drafting
the next one when ``api/storage/tables.py`` changes:

    make migration name="swap requests"     # writes api/storage/migrations/versions/0003_….py
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up (or down) to ``revision``, by default the newest; an empty database
    gets the whole schema."""
    config = _config()
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


def draft_migration(message: str, folder: Path | None = None) -> Path:
    """Write the next migration: what ``tables.py`` has that the newest migration does not, found
    by Alembic's comparison against a scratch database at head. Numbered after the newest
    (0003, 0004, ...); written to ``folder`` (default: the shipped versions) for review.

    An unchanged ``tables.py`` gives a migration that does nothing (``pass``).
    """
    config = _config()
    if folder is not None:
        shipped = MIGRATIONS / "versions"
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join((str(shipped), str(folder))))
    scripts = ScriptDirectory.from_config(config)
    newest = scripts.get_current_head()
    number = f"{int(newest or 0) + 1:04d}"
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'head.db'}")
        try:
            migrate(engine)
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                script = command.revision(
                    config,
                    message=message,
                    autogenerate=True,
                    rev_id=number,
                    version_path=str(folder) if folder else None,
                )
        finally:
            engine.dispose()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)


def main() -> None:
    """``python -m api.storage.migrate "what changed"``: draft the next migration."""
    parser = argparse.ArgumentParser(description=draft_migration.__doc__)
    parser.add_argument("message", help="what the migration does, e.g. 'swap requests'")
    path = draft_migration(parser.parse_args().message)
    print(f"wrote {path}: read it, fill in data moves, ruff format it, test it (tests/api/storage)")


if __name__ == "__main__":
    main()
