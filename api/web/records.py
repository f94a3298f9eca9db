"""What the services hand out: plain, frozen pydantic records, never session-bound table rows.

They double as the JSON API's response models, so the pages and the API show the same things.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field

from api.storage.tables import JobRow, JobStatus, RosterRow, RotaRow
from models import Problem, Report, Rota
from scheduler.result import SolveResult, SolveStatus


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored moment in UTC: SQLite hands back naive datetimes, PostgreSQL aware ones."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _as_utc_or_none(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else as_utc(moment)


class RosterSummary(BaseModel):
    """A stored roster, as listed."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    filename: str
    created_at: dt.datetime
    start: dt.date
    """The first day of the roster's own horizon (the default start of a new rota)."""
    days: int
    staff_count: int
    shift_type_count: int
    pin_count: int

    @classmethod
    def of(cls, row: RosterRow) -> RosterSummary:
        """Read a table row, counting in the stored JSON without validating the whole problem."""
        problem = json.loads(row.problem_json)
        return RosterSummary(
            id=row.id,
            name=row.name,
            filename=row.filename,
            created_at=as_utc(row.created_at),
            start=dt.date.fromisoformat(problem["start"]),
            days=problem["days"],
            staff_count=len(problem["staff"]),
            shift_type_count=len(problem["shift_types"]),
            pin_count=len(problem.get("pins", ())),
        )


class RosterRecord(RosterSummary):
    """A stored roster with its whole problem: staff, shift types, coverage, leave, pins."""

    problem: Problem

    @classmethod
    def of(cls, row: RosterRow) -> RosterRecord:
        """Read a table row, the problem checked as it was when stored."""
        summary = RosterSummary.of(row)
        return cls(**summary.model_dump(), problem=Problem.model_validate_json(row.problem_json))

    def summary(self) -> RosterSummary:
        """The record without its problem."""
        return RosterSummary.model_validate(self.model_dump(exclude={"problem"}))


class JobRecord(BaseModel):
    """A solve job: parameters, live progress and outcome."""

    model_config = ConfigDict(frozen=True)

    id: int
    roster_id: int
    status: JobStatus
    start: dt.date
    days: int
    time_limit_s: float
    stop_requested: bool
    elapsed_s: float | None = None
    objective: int | None = None
    """The best rota's objective so far (lower is better)."""
    best_bound: int | None = None
    """No rota can do better than this."""
    gap: float | None = None
    """Relative distance between objective and bound: 0 means proven optimal."""
    parts_done: int = 0
    parts: int = 1
    error: str | None = None
    rota_id: int | None = None
    """The rota version the job produced, once it has finished with one."""
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None

    @classmethod
    def of(cls, row: JobRow) -> JobRecord:
        """Read a table row."""
        return cls(
            id=row.id,
            roster_id=row.roster_id,
            status=JobStatus(row.status),
            start=row.start,
            days=row.days,
            time_limit_s=row.time_limit_s,
            stop_requested=row.stop_requested,
            elapsed_s=row.elapsed_s,
            objective=row.objective,
            best_bound=row.best_bound,
            gap=relative_gap(row.objective, row.best_bound),
            parts_done=row.parts_done,
            parts=row.parts,
            error=row.error,
            rota_id=row.rota_id,
            created_at=as_utc(row.created_at),
            started_at=_as_utc_or_none(row.started_at),
            finished_at=_as_utc_or_none(row.finished_at),
        )


def relative_gap(objective: int | None, bound: int | None) -> float | None:
    """(objective - bound) / objective, as ``SolveResult.gap`` computes it."""
    if objective is None or bound is None:
        return None
    return SolveResult(status=SolveStatus.FEASIBLE, objective=objective, best_bound=bound).gap


class RotaSummary(BaseModel):
    """A rota version, as listed."""

    model_config = ConfigDict(frozen=True)

    id: int
    roster_id: int
    version: int
    """1, 2, 3, ... per roster, in the order the rotas were generated."""
    job_id: int | None
    published: bool
    created_at: dt.datetime
    start: dt.date
    days: int
    status: SolveStatus
    objective: int | None
    best_bound: int | None
    gap: float | None
    stopped: bool
    is_valid: bool
    """Whether the rota keeps every hard rule (the validator's verdict)."""

    @classmethod
    def of(cls, row: RotaRow) -> RotaSummary:
        """Read a table row's summary columns (its JSON is not needed)."""
        return RotaSummary(
            id=row.id,
            roster_id=row.roster_id,
            version=row.version,
            job_id=row.job_id,
            published=row.published,
            created_at=as_utc(row.created_at),
            start=row.start,
            days=row.days,
            status=SolveStatus(row.status),
            objective=row.objective,
            best_bound=row.best_bound,
            gap=relative_gap(row.objective, row.best_bound),
            stopped=row.stopped,
            is_valid=row.is_valid,
        )


class RotaRecord(RotaSummary):
    """A rota version with the problem it was drawn for and the whole solve result."""

    problem: Problem
    result: SolveResult

    @property
    def rota(self) -> Rota:
        """The assignments (a stored version always has them)."""
        assert self.result.rota is not None
        return self.result.rota

    @property
    def report(self) -> Report:
        """The validator's report of the rota."""
        assert self.result.report is not None
        return self.result.report

    @classmethod
    def of(cls, row: RotaRow) -> RotaRecord:
        """Read a table row."""
        problem = Problem.model_validate_json(row.problem_json)
        result = SolveResult.model_validate_json(row.result_json)
        return cls(
            id=row.id,
            roster_id=row.roster_id,
            version=row.version,
            job_id=row.job_id,
            published=row.published,
            created_at=as_utc(row.created_at),
            start=problem.start,
            days=problem.days,
            status=result.status,
            objective=result.objective,
            best_bound=result.best_bound,
            gap=result.gap,
            stopped=result.stopped,
            is_valid=result.report is not None and result.report.is_valid,
            problem=problem,
            result=result,
        )

    def summary(self) -> RotaSummary:
        """The record without problem and result."""
        return RotaSummary.model_validate(self.model_dump(exclude={"problem", "result"}))


class CellChange(BaseModel):
    """One cell of the grid that differs between two rota versions."""

    model_config = ConfigDict(frozen=True)

    staff_id: str
    staff_name: str
    date: dt.date
    before: tuple[str, ...]
    """Shift codes in the older (``against``) version; empty is a day off."""
    after: tuple[str, ...]
    """Shift codes in this version."""


class RotaDiff(BaseModel):
    """What changed from one rota version (``against``) to another."""

    model_config = ConfigDict(frozen=True)

    rota_id: int
    version: int
    against_id: int
    against_version: int
    changes: tuple[CellChange, ...] = Field(default=())


class CheckOutcome(BaseModel):
    """A rota file checked against a roster: the problem (horizon from the rota), rota, report."""

    model_config = ConfigDict(frozen=True)

    problem: Problem
    rota: Rota
    report: Report
