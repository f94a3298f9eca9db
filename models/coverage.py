"""Coverage requirements: how many people must be on duty, when."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.calendar import ALL_WEEKDAYS, Horizon, format_weekdays
from models.clock import MINUTES_PER_DAY, Clock, format_span


class _OnDays(BaseModel):
    """A requirement that holds on some weekdays, or only on listed dates."""

    model_config = ConfigDict(frozen=True)

    weekdays: frozenset[int] = ALL_WEEKDAYS
    dates: frozenset[date] | None = None
    """When given, the requirement holds on exactly these dates and ``weekdays`` is ignored."""
    skill: str | None = None
    """Only staff with this skill count (e.g. ``lead``)."""
    team: str | None = None
    """Only staff of this team count; empty means everyone."""
    min_staff: int = Field(default=1, ge=0)
    max_staff: int | None = Field(default=None, ge=0)
    weight_under: int | None = Field(default=None, ge=0)
    weight_over: int | None = Field(default=None, ge=0)

    @field_validator("skill", "team", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _check_bounds(self) -> _OnDays:
        if any(not 0 <= d <= 6 for d in self.weekdays):
            raise ValueError("weekdays are numbered 0 (Monday) to 6 (Sunday)")
        if self.max_staff is not None and self.max_staff < self.min_staff:
            raise ValueError(f"max staff {self.max_staff} is below min staff {self.min_staff}")
        return self

    def applies_on(self, when: date) -> bool:
        """Whether the requirement holds on this date."""
        if self.dates is not None:
            return when in self.dates
        return when.weekday() in self.weekdays

    def days_within(self, horizon: Horizon) -> list[int]:
        """The day indexes of ``horizon`` on which the requirement holds, in order. A year of
        demands listed date by date (tens of thousands) is walked once per demand, not once per
        demand and day."""
        if self.dates is not None:
            days = (horizon.day_of(when) for when in self.dates)
            return sorted(d for d in days if d is not None)
        return [d for d in range(horizon.days) if horizon.weekday(d) in self.weekdays]

    def _days_text(self) -> str:
        if self.dates is not None:
            return ",".join(d.isoformat() for d in sorted(self.dates))
        return format_weekdays(self.weekdays)

    def _who_text(self) -> str:
        parts = []
        if self.skill:
            parts.append(f"skill {self.skill}")
        if self.team:
            parts.append(f"team {self.team}")
        return (" " + " ".join(parts)) if parts else ""


class CoverageWindow(_OnDays):
    """At every moment of the window, at least ``min_staff`` people (with the skill) are on duty.

    Weights are per missing (or surplus) person per minute; empty takes the global weight.
    """

    label: str = ""
    start: Clock
    end: Clock
    """At or before ``start`` means the window runs past midnight."""

    @property
    def length_minutes(self) -> int:
        """Length of the window in minutes."""
        if self.end > self.start:
            return self.end - self.start
        return self.end + MINUTES_PER_DAY - self.start

    @property
    def description(self) -> str:
        """E.g. ``Mon-Sun 09:00–24:00 min 1 skill lead``."""
        if self.label:
            return self.label
        limits = f"min {self.min_staff}" + (
            f" max {self.max_staff}" if self.max_staff is not None else ""
        )
        return f"{self._days_text()} {format_span(self.start, self.end)} {limits}{self._who_text()}"


class ShiftDemand(_OnDays):
    """On each day it applies, between ``min_staff`` and ``max_staff`` people work this shift type.

    Weights are per missing (or surplus) person; empty takes the global weight. A ``hard`` demand
    is a rule instead: its bounds are never broken and it carries no weight.
    """

    shift: str
    hard: bool = False

    @property
    def description(self) -> str:
        """E.g. ``A on Mon-Fri min 2 max 3``."""
        limits = f"min {self.min_staff}" + (
            f" max {self.max_staff}" if self.max_staff is not None else ""
        )
        return f"{self.shift} on {self._days_text()} {limits}{self._who_text()}"
