"""The web app's settings, read from the environment once at the edge and passed inward.

Every setting is ``SHIFTPLAN_<NAME>`` in the environment (``SHIFTPLAN_SOLVE_POOL_SIZE=2``); the
database is also taken from the conventional plain ``DATABASE_URL``.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/shiftplan.db"
SOLVER_THREADS = 2
"""CP-SAT threads per solve job: the model's full search plus one LNS worker."""


def default_pool_size() -> int:
    """One solve job per ``SOLVER_THREADS`` cores, at least one: 1 on a 2-core machine.

    On 2 cores two jobs at once each get half the processor: both rotas come back worse at the same
    time limit and the server answers 2-3 times slower meanwhile (``benchmarks/web.py --part pool``
    measures it; the README has the numbers), so the second job waits for the first instead.
    """
    return max(1, (os.cpu_count() or 1) // SOLVER_THREADS)


class Settings(BaseSettings):
    """Settings of the web app, with the defaults the README documents."""

    model_config = SettingsConfigDict(env_prefix="SHIFTPLAN_", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("SHIFTPLAN_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL: the SQLite file under var/, or postgresql+psycopg://...",
    )
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1)
    """Largest roster or rota file accepted (5 MB)."""
    solve_pool_size: int = Field(default_factory=default_pool_size, ge=1)
    """Solve jobs running at once, each in its own worker process."""
    solver_threads: int = Field(default=SOLVER_THREADS, ge=1)
    """CP-SAT threads each solve job uses."""
    prestart_workers: bool = True
    """Start the worker processes at start-up, so the first job does not wait for them."""
    max_queued_jobs: int = Field(default=4, ge=0)
    """Jobs that may wait for a free worker; one more is refused with 429."""
    default_time_limit_s: float = Field(default=30.0, gt=0)
    max_time_limit_s: float = Field(default=600.0, gt=0)
    default_weeks: int = Field(default=3, ge=1, le=52)
    load_samples: bool = True
    """Store the sample rosters (samples/*.xlsx) on start-up when the database has no roster."""
    samples_dir: Path = Path(__file__).resolve().parents[2] / "samples"


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases or an in-memory SQLite)."""
    prefix = "sqlite:///"
    if not database_url.startswith(prefix) or database_url in (prefix, "sqlite:///:memory:"):
        return None
    return Path(database_url.removeprefix(prefix))
