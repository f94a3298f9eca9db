"""What people ask for: leave, shift wishes, and cells fixed by the supervisor."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class LeaveKind(StrEnum):
    """Why someone is away."""

    ANNUAL = "annual"
    SICK = "sick"
    PERSONAL = "personal"
    TIME_OFF_IN_LIEU = "in_lieu"
    UNAVAILABLE = "unavailable"
    OTHER = "other"


class LeaveStatus(StrEnum):
    """Approved leave is binding; requested leave is a wish the rota tries to honour."""

    APPROVED = "approved"
    REQUESTED = "requested"


class Leave(BaseModel):
    """A person away from ``start`` to ``end`` inclusive."""

    model_config = ConfigDict(frozen=True)

    staff_id: str
    start: dt.date
    end: dt.date
    kind: LeaveKind = LeaveKind.ANNUAL
    status: LeaveStatus = LeaveStatus.APPROVED
    weight: int | None = Field(default=None, ge=0)
    """Penalty per day worked against requested leave; empty takes the global weight."""
    note: str = ""

    @model_validator(mode="after")
    def _check_order(self) -> Leave:
        if self.end < self.start:
            raise ValueError(f"leave ends {self.end} before it starts {self.start}")
        return self

    def covers(self, when: dt.date) -> bool:
        """Whether the leave includes this date."""
        return self.start <= when <= self.end


class ShiftRequest(BaseModel):
    """A wish: to work (or not work) a shift on a date; without a shift, a day on or off."""

    model_config = ConfigDict(frozen=True)

    staff_id: str
    date: dt.date
    shift: str | None = None
    want: bool = True
    weight: int | None = Field(default=None, ge=0)
    """Penalty when the wish is not granted; empty takes the global weight."""

    @property
    def description(self) -> str:
        """E.g. ``wants A`` or ``wants the day off``."""
        if self.shift is None:
            return "wants to work" if self.want else "wants the day off"
        return f"wants {self.shift}" if self.want else f"does not want {self.shift}"


class Pin(BaseModel):
    """A cell fixed by the supervisor: this person works this shift that day (or is off)."""

    model_config = ConfigDict(frozen=True)

    staff_id: str
    date: dt.date
    shift: str | None = None
    """Empty means the person is pinned off that day."""
