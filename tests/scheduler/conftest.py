"""Shared fixtures of the scheduler tests: a tight little problem, and cells read as a rota."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

import pytest

from models import (
    Assignment,
    Leave,
    Problem,
    Rota,
    Rules,
    ShiftDemand,
    ShiftType,
    Staff,
    StaffRules,
)

TightProblem = Callable[..., Problem]
Cell = tuple[int, int, int]
"""(person, day, shift type) indexes of a worked shift."""
RotaOfCells = Callable[[Problem, Iterable[Cell]], Rota]

START = date(2026, 12, 7)
EARLY = ShiftType(code="E", start="06:00", end="14:00")
LATE = ShiftType(code="L", start="14:00", end="22:00")


def _tight(people: int = 5, weeks: int = 2, **fields: object) -> Problem:
    """``people`` (five) over ``weeks`` (two) with tight hours, runs and weekends, two fifths of
    them wanted on the early shift and one fifth on the late one each day."""
    staff = tuple(
        Staff(
            id=f"S{k}",
            rules=StaffRules(
                min_total_hours=32 * weeks,
                max_total_hours=36 * weeks,
                max_consecutive_days=4,
                min_consecutive_days=2,
                min_days_off_run=2,
                max_weekends=weeks // 2,
            ),
        )
        for k in range(people)
    )
    early, late = 2 * people // 5, people // 5
    values: dict[str, object] = {
        "start": START,
        "days": 7 * weeks,
        "shift_types": (EARLY, LATE),
        "staff": staff,
        "shift_demands": (
            ShiftDemand(
                shift="E", min_staff=early, max_staff=early, weight_under=100, weight_over=10
            ),
            ShiftDemand(
                shift="L", min_staff=late, max_staff=late, weight_under=100, weight_over=10
            ),
        ),
        "leave": (
            Leave(staff_id="S0", start=START + timedelta(days=3), end=START + timedelta(days=4)),
        ),
        "rules": Rules(min_rest_hours=11, max_hours_per_week=None, min_days_off_per_week=0),
    }
    values.update(fields)
    return Problem.model_validate(values)


@pytest.fixture
def tight_problem() -> TightProblem:
    """``tight_problem(people=5, weeks=2, **fields)``: a team with tight hours, runs and
    weekends; other keywords replace fields of the problem."""
    return _tight


def _rota_of_cells(problem: Problem, cells: Iterable[Cell]) -> Rota:
    return Rota(
        start=problem.start,
        days=problem.days,
        assignments=tuple(
            Assignment(
                staff_id=problem.staff[e].id,
                date=problem.horizon.date_of(d),
                shift=problem.shift_types[s].code,
            )
            for e, d, s in sorted(cells)
        ),
    )


@pytest.fixture(scope="session")
def rota_of_cells() -> RotaOfCells:
    """``rota_of_cells(problem, cells)``: the worked (person, day, shift type) cells as a rota.

    Session-scoped so that Hypothesis tests may use it too.
    """
    return _rota_of_cells
