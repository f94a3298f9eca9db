"""The rota: who works which shift on which date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pydantic import BaseModel, ConfigDict, Field


class Assignment(BaseModel):
    """One person working one shift on one date."""

    model_config = ConfigDict(frozen=True)

    staff_id: str
    date: dt.date
    shift: str


class Rota(BaseModel):
    """A set of assignments over a horizon of days."""

    model_config = ConfigDict(frozen=True)

    start: dt.date
    days: int = Field(ge=1)
    assignments: tuple[Assignment, ...] = ()

    def shifts_by_staff_and_date(self) -> dict[tuple[str, dt.date], list[str]]:
        """Shift codes per (staff id, date), in the order they were assigned."""
        cells: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
        for assignment in self.assignments:
            cells[(assignment.staff_id, assignment.date)].append(assignment.shift)
        return dict(cells)
