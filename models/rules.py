"""The rules a rota keeps, and the weights of everything it tries to get right."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DAY_OFF = "-"
"""Stands for a day off inside a forbidden sequence, e.g. ``N - N``."""


class ForbiddenSequence(BaseModel):
    """Shift codes on consecutive days that may not occur, e.g. ``C A`` (C then A the next day).

    ``-`` stands for a day off: ``N - N`` forbids night, one day off, night.
    """

    model_config = ConfigDict(frozen=True)

    pattern: tuple[str, ...] = Field(min_length=2)

    @field_validator("pattern", mode="before")
    @classmethod
    def _split_text(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(value.replace(",", " ").replace("→", " ").replace(">", " ").split())
        return value

    @property
    def description(self) -> str:
        """E.g. ``C → A``."""
        return " → ".join("day off" if code == DAY_OFF else code for code in self.pattern)


class ShiftRun(BaseModel):
    """Bounds on how many days in a row a person works the same shift type."""

    model_config = ConfigDict(frozen=True)

    shift: str
    min_days: int = Field(default=1, ge=1)
    max_days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _check_bounds(self) -> ShiftRun:
        if self.max_days is not None and self.max_days < self.min_days:
            raise ValueError(f"max days {self.max_days} is below min days {self.min_days}")
        return self


class Rules(BaseModel):
    """Hard rules of the rota. Defaults follow the customer-service handbooks we started from."""

    model_config = ConfigDict(frozen=True)

    allowed_same_day: frozenset[tuple[str, str]] = frozenset()
    """Pairs of shift codes one person may work on the same day (e.g. A then on-call C).
    Otherwise a person works at most one shift a day."""
    min_rest_hours: float = Field(default=11, ge=0)
    """Least rest between the end of one shift and the start of the next on a later day."""
    max_consecutive_days: int = Field(default=6, ge=1)
    min_consecutive_days: int = Field(default=1, ge=1)
    """Shortest run of working days (runs cut by the horizon's ends are exempt)."""
    min_days_off_per_week: int = Field(default=1, ge=0, le=7)
    min_days_off_run: int = Field(default=1, ge=1)
    """Shortest run of days off (runs cut by the horizon's ends are exempt)."""
    max_days_off_run: int | None = Field(default=None, ge=1)
    max_weekends: int | None = Field(default=None, ge=0)
    """Most weekends worked in the horizon; a weekend counts if any of its days is worked."""
    min_hours_per_week: float = Field(default=0, ge=0)
    max_hours_per_week: float | None = Field(default=48, ge=0)
    target_hours_per_week: float = Field(default=40, ge=0)
    """Contracted hours; fairness compares each person's paid hours against it."""
    leave_day_hours: float = Field(default=8, ge=0)
    """Hours credited per day of approved leave toward weekly minimum and target hours."""
    forbidden_sequences: tuple[ForbiddenSequence, ...] = ()
    shift_runs: tuple[ShiftRun, ...] = ()
    weekend_days: frozenset[int] = frozenset({5, 6})
    cyclic: bool = False
    """The rota repeats: rules wrap from the last day to the first."""
    rotation: bool = False
    """A rotation timetable: one cyclic pattern of as many weeks as there are staff; the k-th person
    works, in each week, the pattern's week k later (wrapping). Needs ``cyclic`` and 7 days per
    person, and staff who differ only in id, name and team."""

    @field_validator("allowed_same_day", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        if isinstance(value, list | tuple | set | frozenset):
            return frozenset(tuple(pair) for pair in value)
        return value

    @model_validator(mode="after")
    def _check_runs(self) -> Rules:
        if self.max_days_off_run is not None and self.max_days_off_run < self.min_days_off_run:
            raise ValueError("max days off in a row is below the min days off in a row")
        if self.min_consecutive_days > self.max_consecutive_days:
            raise ValueError("min consecutive working days exceeds max consecutive working days")
        return self

    def allows_same_day(self, first: str, second: str) -> bool:
        """Whether one person may work both shift types on the same day."""
        return (first, second) in self.allowed_same_day or (second, first) in self.allowed_same_day


class Weights(BaseModel):
    """Weights of the objective, the sum of penalties the scheduler minimises (lower is better).

    Coverage weights dwarf the rest so that a rota always covers what it can before anything else.
    """

    model_config = ConfigDict(frozen=True)

    uncovered: int = Field(default=100, ge=0)
    """Per missing person per minute of a coverage window."""
    overstaffed: int = Field(default=0, ge=0)
    """Per surplus person per minute above a coverage window's max."""
    demand_under: int = Field(default=10_000, ge=0)
    """Per missing person on a shift-type demand."""
    demand_over: int = Field(default=100, ge=0)
    """Per surplus person on a shift-type demand."""
    request: int = Field(default=100, ge=0)
    """Per shift wish not granted."""
    requested_leave: int = Field(default=1_000, ge=0)
    """Per day worked against requested (not yet approved) leave."""
    hours_spread: int = Field(default=2, ge=0)
    """Per minute between the most and least paid time (relative to contract) in a team."""
    weekends_spread: int = Field(default=200, ge=0)
    """Per weekend of difference between the most and least weekends worked in a team."""
    late_spread: int = Field(default=200, ge=0)
    """Per shift of difference between the most and least late/on-call shifts in a team."""
    shift_change: int = Field(default=300, ge=0)
    """Per change of shift type between two consecutive working days."""
    backward_rotation: int = Field(default=40, ge=0)
    """Extra per change to a shift that starts earlier than the day before (B then A)."""
    isolated_work_day: int = Field(default=60, ge=0)
    """Per single working day between two days off."""
    isolated_day_off: int = Field(default=60, ge=0)
    """Per single day off between two working days."""
