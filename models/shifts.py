"""Shift types: what a working day can look like."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.clock import MINUTES_PER_DAY, Clock, format_span

LATE_AFTER = 20 * 60
"""A shift that ends after 20:00 (or crosses midnight) counts as a late shift for fairness."""


class ShiftType(BaseModel):
    """A kind of shift, e.g. A 09:00–17:00 on site or C 20:00–22:00 on call from home.

    ``end`` at or before ``start`` means the shift ends the next day (22:00–06:00); ``24:00``
    ends at midnight. On-call shifts are worked from home and still cover their window.
    """

    model_config = ConfigDict(frozen=True)

    code: str = Field(min_length=1, max_length=16)
    name: str = ""
    start: Clock
    end: Clock
    on_call: bool = False
    paid_hours: float | None = Field(default=None, ge=0)
    late: bool | None = None
    """Counts in the late/on-call fairness spread; by default if on call or ending after 20:00."""

    @model_validator(mode="after")
    def _check_times(self) -> ShiftType:
        if self.start == MINUTES_PER_DAY:
            raise ValueError("a shift cannot start at 24:00; write 00:00")
        return self

    @property
    def length_minutes(self) -> int:
        """Length in minutes (a shift whose end is not after its start runs overnight)."""
        if self.end > self.start:
            return self.end - self.start
        return self.end + MINUTES_PER_DAY - self.start

    @property
    def end_minutes(self) -> int:
        """End of the shift in minutes after the midnight that starts its day (may exceed 1440)."""
        return self.start + self.length_minutes

    @property
    def paid_minutes(self) -> int:
        """Paid time of one such shift, by default its length."""
        if self.paid_hours is None:
            return self.length_minutes
        return round(self.paid_hours * 60)

    @property
    def is_late(self) -> bool:
        """Whether the shift counts as late or on-call duty in the fairness spread."""
        if self.late is not None:
            return self.late
        return self.on_call or self.end_minutes > LATE_AFTER

    @property
    def span(self) -> str:
        """The shift's times, e.g. ``09:00–17:00``."""
        return format_span(self.start, self.end)
