"""Shared fixtures of the constraint-family tests: tiny problems, and a solve that checks itself.

Each test builds a problem of a few people over a few days from START (a Monday), solves it with
one worker and a fixed seed, and asserts properties of the rota. ``solve_checked`` also holds the
model to the independent checker on every rota: no hard rule broken, and the same objective,
family by family.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from ortools.sat.python import cp_model

from models import ObjectiveFamily, ObjectiveTerm, Problem, Report, Rota, Rules, ShiftType, Staff
from scheduler.model import RuleFamily
from scheduler.result import SolveResult
from scheduler.solve import solve
from scheduler.validate import validate
from scheduler.variables import create_variables

START = date(2026, 12, 7)
"""A Monday: day 5 is a Saturday, days 7–13 the second week."""

LOOSE: dict[str, Any] = {
    "min_rest_hours": 0,
    "max_consecutive_days": 100,
    "min_days_off_per_week": 0,
    "max_hours_per_week": None,
}
"""Rules that bind nothing unless a test tightens one, so each test sees only its own rule."""

TIME_LIMIT_S = 2.0


def _model_by_family(terms: tuple[ObjectiveTerm, ...]) -> dict[ObjectiveFamily, int]:
    totals: dict[ObjectiveFamily, int] = defaultdict(int)
    for term in terms:
        totals[term.family] += term.cost
    return {family: cost for family, cost in totals.items() if cost != 0}


@pytest.fixture
def day() -> Callable[[int], date]:
    """The date of a day index."""
    return lambda index: START + timedelta(days=index)


@pytest.fixture
def build() -> Callable[..., Problem]:
    """``build(shifts, staff=2, days=7, rules={...}, **problem_fields)``: a tiny problem.

    ``staff`` is a count (people S1, S2, ...) or the people themselves; ``rules`` tightens the
    loose rules above.
    """

    def make(
        shifts: tuple[ShiftType, ...],
        *,
        staff: int | tuple[Staff, ...] = 2,
        days: int = 7,
        rules: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Problem:
        people = (
            tuple(Staff(id=f"S{k + 1}") for k in range(staff)) if isinstance(staff, int) else staff
        )
        return Problem(
            start=START,
            days=days,
            shift_types=shifts,
            staff=people,
            rules=Rules(**{**LOOSE, **(rules or {})}),
            **fields,
        )

    return make


@pytest.fixture
def by_family() -> Callable[[SolveResult], dict[ObjectiveFamily, int]]:
    """The model's objective per family (non-zero families only), from ``result.terms``."""
    return lambda result: _model_by_family(result.terms)


@pytest.fixture
def solve_checked() -> Callable[[Problem], tuple[SolveResult, Report]]:
    """Solve a tiny problem and check the rota with the independent checker.

    Asserts that a rota came back, that it breaks no hard rule, and that the model's objective
    equals the checker's in total and per family; returns the result and the checker's report.
    """

    def run(problem: Problem) -> tuple[SolveResult, Report]:
        result = solve(problem, time_limit_s=TIME_LIMIT_S, workers=1, seed=0)
        assert result.status.has_rota, result.message
        assert result.rota is not None
        report = validate(problem, result.rota)
        assert report.rule_breaks == ()
        assert _model_by_family(result.terms) == report.by_family
        assert result.objective == report.objective
        return result, report

    return run


@pytest.fixture
def cells() -> Callable[[Problem, Rota | None], dict[str, list[frozenset[str]]]]:
    """The shift codes each person works on each day index: ``cells(problem, rota)["S1"][d]``."""

    def grid(problem: Problem, rota: Rota | None) -> dict[str, list[frozenset[str]]]:
        assert rota is not None
        codes: dict[str, list[set[str]]] = {
            person.id: [set() for _ in range(problem.days)] for person in problem.staff
        }
        for assignment in rota.assignments:
            index = problem.horizon.day_of(assignment.date)
            assert index is not None
            codes[assignment.staff_id][index].add(assignment.shift)
        return {staff_id: [frozenset(c) for c in row] for staff_id, row in codes.items()}

    return grid


@pytest.fixture
def runs() -> Callable[[list[bool]], list[tuple[int, int]]]:
    """Maximal runs of True in a list of flags, as (first day, length), without wrapping."""

    def find(flags: list[bool]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for index, flag in enumerate(flags):
            if not flag:
                continue
            if found and sum(found[-1]) == index:
                found[-1] = (found[-1][0], found[-1][1] + 1)
            else:
                found.append((index, 1))
        return found

    return find


class _Count(cp_model.CpSolverSolutionCallback):
    """Counts solutions."""

    def __init__(self) -> None:
        super().__init__()
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1


@pytest.fixture
def count_rotas() -> Callable[[Problem, tuple[RuleFamily, ...]], int]:
    """``count_rotas(problem, families)``: how many rotas keep the rule ``families`` alone."""

    def count(problem: Problem, families: tuple[RuleFamily, ...]) -> int:
        model = cp_model.CpModel()
        v = create_variables(problem, model)
        for family in families:
            family(model, problem, v)
        solver = cp_model.CpSolver()
        solver.parameters.enumerate_all_solutions = True
        solver.parameters.num_workers = 1
        counter = _Count()
        solver.solve(model, counter)
        return counter.solutions

    return count
