"""Engines and sessions: the one place that knows how to reach the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

_SQLITE_BUSY_TIMEOUT_S = 30
"""The web server and the solve workers write to one SQLite file: wait for the lock, don't fail."""


def make_engine(database_url: str) -> Engine:
    """An engine for the URL; SQLite files get their folder created, WAL mode and a busy timeout."""
    if not database_url.startswith("sqlite"):
        return create_engine(database_url, pool_pre_ping=True)
    path = _sqlite_file(database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        database_url,
        connect_args={"check_same_thread": False, "timeout": _SQLITE_BUSY_TIMEOUT_S},
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_file(database_url: str) -> Path | None:
    name = database_url.split("///", 1)[1] if "///" in database_url else ""
    return None if name in ("", ":memory:") else Path(name)


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    """WAL lets the pages read while a worker writes progress; foreign keys are off by default."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (the services copy them out anyway)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session committed on success and rolled back on any error."""
    with factory() as session, session.begin():
        yield session
