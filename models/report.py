"""What a checked rota says about itself: coverage, hours, problems and the objective by term."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from models.phrase import Phrase


class ObjectiveFamily(StrEnum):
    """The terms of the objective; each value is the name of its weight in ``Weights``."""

    UNCOVERED = "uncovered"
    OVERSTAFFED = "overstaffed"
    DEMAND_UNDER = "demand_under"
    DEMAND_OVER = "demand_over"
    REQUEST = "request"
    REQUESTED_LEAVE = "requested_leave"
    HOURS_SPREAD = "hours_spread"
    WEEKENDS_SPREAD = "weekends_spread"
    LATE_SPREAD = "late_spread"
    SHIFT_CHANGE = "shift_change"
    BACKWARD_ROTATION = "backward_rotation"
    ISOLATED_WORK_DAY = "isolated_work_day"
    ISOLATED_DAY_OFF = "isolated_day_off"


class ObjectiveTerm(BaseModel):
    """One non-zero term of the objective: ``amount`` units at ``weight`` each."""

    model_config = ConfigDict(frozen=True)

    family: ObjectiveFamily
    amount: int
    weight: int
    staff_id: str | None = None
    date: dt.date | None = None
    team: str | None = None
    explanation: str = ""
    """In English; ``explanation_phrase`` says it in any language (terms of the solver's model
    and reports stored before it existed have none)."""
    explanation_phrase: Phrase | None = None

    @property
    def cost(self) -> int:
        """The term's share of the objective."""
        return self.amount * self.weight


class RuleBreak(BaseModel):
    """A hard rule that a rota breaks (only hand-drawn or edited rotas can)."""

    model_config = ConfigDict(frozen=True)

    rule: str
    message: str
    """In English; ``message_phrase`` says it in any language (absent from rule breaks stored
    before it existed, and from those found in a file rather than a rota)."""
    staff_id: str | None = None
    date: dt.date | None = None
    message_phrase: Phrase | None = None


class CoverageSlice(BaseModel):
    """On-duty count in one slice of a coverage requirement on one date.

    ``start`` and ``end`` are minutes after the midnight of ``date`` (``end`` may exceed 1440).
    """

    model_config = ConfigDict(frozen=True)

    requirement: str
    date: dt.date
    start: int
    end: int
    min_staff: int
    max_staff: int | None
    on_duty: tuple[str, ...]
    structural: bool = False
    """No shift type covers this slice at all: no rota can staff it."""
    explanation: str = ""
    """Why the slice is short, in English; ``explained`` is the same in any language."""
    explained: tuple[Phrase, ...] = ()
    """The explanation's head ("0 of 1 on duty") and its parts (one per person who could have
    covered the slice, and why they did not)."""

    @property
    def shortfall(self) -> int:
        """People missing in this slice."""
        return max(0, self.min_staff - len(self.on_duty))

    @property
    def surplus(self) -> int:
        """People above the maximum in this slice."""
        if self.max_staff is None:
            return 0
        return max(0, len(self.on_duty) - self.max_staff)


class StructuralGap(BaseModel):
    """Part of a coverage window that no shift type covers, found before solving."""

    model_config = ConfigDict(frozen=True)

    requirement: str
    start: int
    end: int
    dates: tuple[dt.date, ...]
    message: str
    suggestion: str
    """``message`` and ``suggestion`` in English; the phrases below say them in any language
    (absent from reports stored before they existed)."""
    message_phrase: Phrase | None = None
    suggestion_phrase: Phrase | None = None


class StaffSummary(BaseModel):
    """One person's totals over the horizon."""

    model_config = ConfigDict(frozen=True)

    staff_id: str
    name: str
    team: str
    paid_minutes: int
    target_minutes: int
    shift_counts: dict[str, int]
    days_worked: int
    weekends_worked: int
    late_shifts: int
    leave_days: int

    @property
    def paid_hours(self) -> float:
        """Paid hours over the horizon."""
        return self.paid_minutes / 60


class Report(BaseModel):
    """Everything a supervisor or HR needs to judge a rota."""

    model_config = ConfigDict(frozen=True)

    rule_breaks: tuple[RuleBreak, ...] = ()
    coverage: tuple[CoverageSlice, ...] = ()
    structural_gaps: tuple[StructuralGap, ...] = ()
    staff: tuple[StaffSummary, ...] = ()
    terms: tuple[ObjectiveTerm, ...] = ()
    objective: int = 0
    by_family: dict[ObjectiveFamily, int] = Field(default_factory=dict)

    @property
    def shortfalls(self) -> tuple[CoverageSlice, ...]:
        """Coverage slices with fewer people on duty than required."""
        return tuple(piece for piece in self.coverage if piece.shortfall > 0)

    @property
    def is_valid(self) -> bool:
        """Whether the rota keeps every hard rule."""
        return not self.rule_breaks
