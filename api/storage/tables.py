"""The tables: rosters (pins live in the stored problem), solve jobs and rota versions.

Domain objects are kept as their pydantic JSON (``Problem``, ``SolveResult``) in text columns: the
database stores them, the models check them, and one schema serves SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utc_now() -> dt.datetime:
    """Now, in UTC, with its time zone."""
    return dt.datetime.now(dt.UTC)


class JobStatus(StrEnum):
    """Where a solve job is. Only QUEUED and RUNNING are unfinished."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"
    """Stopped by the user; the best rota found until then is kept."""
    FAILED = "failed"
    """No rota: the rules cannot all be kept, too little time, or the worker failed."""
    INTERRUPTED = "interrupted"
    """The server stopped while the job was queued or running."""

    @property
    def finished(self) -> bool:
        """Whether the job will change no more."""
        return self not in (JobStatus.QUEUED, JobStatus.RUNNING)


UNFINISHED = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
"""The stored statuses of jobs that are still to run or running."""


class Base(DeclarativeBase):
    """The tables of shiftplan."""


class RosterRow(Base):
    """An uploaded roster, stored only once it reads without a problem."""

    __tablename__ = "rosters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    problem_json: Mapped[str] = mapped_column(Text)
    """The ``Problem`` as JSON, pins included: pinning a cell rewrites it."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class JobRow(Base):
    """A solve job: its parameters, its live progress and how it ended."""

    __tablename__ = "solve_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roster_id: Mapped[int] = mapped_column(ForeignKey("rosters.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True, default=JobStatus.QUEUED.value)
    start: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    time_limit_s: Mapped[float] = mapped_column(Float)
    threads: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    stop_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    elapsed_s: Mapped[float | None] = mapped_column(Float)
    objective: Mapped[int | None] = mapped_column(Integer)
    best_bound: Mapped[int | None] = mapped_column(Integer)
    parts_done: Mapped[int] = mapped_column(Integer, default=0)
    parts: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str | None] = mapped_column(Text)
    rota_id: Mapped[int | None] = mapped_column(ForeignKey("rotas.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RotaRow(Base):
    """One generated rota: a numbered version per roster, with the problem it was drawn for."""

    __tablename__ = "rotas"
    __table_args__ = (UniqueConstraint("roster_id", "version", name="uq_rotas_roster_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roster_id: Mapped[int] = mapped_column(ForeignKey("rosters.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    job_id: Mapped[int | None] = mapped_column(Integer)
    problem_json: Mapped[str] = mapped_column(Text)
    """The problem as solved: the roster with this rota's horizon and the pins of that moment."""
    result_json: Mapped[str] = mapped_column(Text)
    """The ``SolveResult``: status, rota, report, objective and bound."""
    # The summary, copied out of the JSON so that listing versions reads no JSON.
    start: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    objective: Mapped[int | None] = mapped_column(Integer)
    best_bound: Mapped[int | None] = mapped_column(Integer)
    stopped: Mapped[bool] = mapped_column(Boolean)
    is_valid: Mapped[bool] = mapped_column(Boolean)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
