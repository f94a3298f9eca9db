"""Hard shift demands: counted once per distinct count, the daily headcount they imply, and the
two-step solve that first minimises their breaks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from ortools.sat.python import cp_model

import scheduler.solve as solve_module
from models import Problem, Report, Rules, ShiftDemand, ShiftRequest, ShiftType, Staff
from scheduler.model import build_model
from scheduler.result import SolveResult, SolveStatus
from scheduler.solve import _keep_hard_demands

Build = Callable[..., Problem]
SolveChecked = Callable[[Problem], tuple[SolveResult, Report]]

A = ShiftType(code="A", start="06:00", end="14:00")
B = ShiftType(code="B", start="14:00", end="22:00")
START = date(2026, 12, 7)
"""The conftest's start, a Monday."""


def _exact(code: str, count: int) -> ShiftDemand:
    return ShiftDemand(shift=code, min_staff=count, max_staff=count, hard=True)


def _rotation(weeks: int, demand: int) -> Problem:
    """A rotation timetable of ``weeks`` people with ``demand`` on A and on B every day."""
    return Problem(
        start=START,
        days=7 * weeks,
        shift_types=(A, B),
        staff=tuple(Staff(id=f"W{k}") for k in range(weeks)),
        shift_demands=(_exact("A", demand), _exact("B", demand)),
        rules=Rules(
            cyclic=True,
            rotation=True,
            min_rest_hours=0,
            min_days_off_per_week=0,
            max_hours_per_week=None,
        ),
    )


def test_rotation_counts_each_weekday_once() -> None:
    """Over 4 weeks, exact demands on 2 shifts need a shortfall and a surplus per weekday and
    shift (28), not per date (112): every date of a weekday counts the same pattern days."""
    built = build_model(_rotation(4, 1))
    assert len(built.variables.demand_slack) == 2 * 7 * 2


def test_headcount_stays_strict_while_demands_are_traded(build: Build) -> None:
    """With one on A and one on B a day, three people at work on day 0 is impossible even with
    the demands' breaks free: the implied headcount of 2 holds on its own."""
    problem = build((A, B), staff=3, days=2, shift_demands=(_exact("A", 1), _exact("B", 1)))
    built = build_model(problem)
    built.model.add(sum(built.variables.works[e][0] for e in range(3)) == 3)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) == cp_model.INFEASIBLE


def test_breaks_minimised_to_a_rota_keeping_every_demand() -> None:
    """The first step returns a rota with exactly one person on A and one on B every day, and
    leaves the model's own objective in place."""
    problem = _rotation(3, 1)
    built = build_model(problem)
    objective = list(built.model.proto.objective.vars)
    found = _keep_hard_demands(built, 5.0, 1, 0)
    assert isinstance(found, cp_model.CpSolver)
    assert found.objective_value == 0
    cells = built.variables.shift
    for d in range(problem.days):
        for s in range(2):
            assert sum(found.boolean_value(cells[e][d][s]) for e in range(3)) == 1
    assert list(built.model.proto.objective.vars) == objective


def test_breaks_that_cannot_reach_zero_are_infeasible() -> None:
    """Two on A and two on B daily need four people a day out of three: proven infeasible."""
    built = build_model(_rotation(3, 2))
    assert _keep_hard_demands(built, 5.0, 1, 0) is SolveStatus.INFEASIBLE


def test_hard_demands_with_an_objective_keep_both(
    build: Build, solve_checked: SolveChecked
) -> None:
    """Hard demands beside a heavy wish for a day off: the rota keeps the demands, grants the
    wish, and the model's objective equals the checker's."""
    problem = build(
        (A, B),
        staff=3,
        days=3,
        shift_demands=(_exact("A", 1), _exact("B", 1)),
        requests=(ShiftRequest(staff_id="S1", date=START, want=False, weight=10_000),),
    )
    result, report = solve_checked(problem)
    assert result.rota is not None
    per_day = Counter((a.date, a.shift) for a in result.rota.assignments)
    assert all(per_day[(START, code)] == 1 for code in ("A", "B"))
    assert not any(a.staff_id == "S1" and a.date == START for a in result.rota.assignments)
    assert report.objective == result.objective


def test_two_step_solve_keeps_demands_and_objective(
    build: Build, solve_checked: SolveChecked, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no effort left for the strict model, minimising the breaks and going on from that
    rota still returns one that keeps every demand, with the checker's objective."""
    monkeypatch.setattr(solve_module, "_STRICT_EFFORT", 0.0)
    problem = build(
        (A, B),
        staff=3,
        days=4,
        shift_demands=(_exact("A", 1), _exact("B", 1)),
        requests=(ShiftRequest(staff_id="S2", date=START, shift="A", weight=10_000),),
    )
    result, _ = solve_checked(problem)
    assert result.rota is not None
    per_day = Counter((a.date, a.shift) for a in result.rota.assignments)
    assert set(per_day.values()) == {1} and len(per_day) == 2 * problem.days
