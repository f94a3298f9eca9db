"""Runs of consecutive days: working days, days off, and days on one shift type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import product

import pytest
from ortools.sat.python import cp_model

from models import (
    CoverageWindow,
    Leave,
    ObjectiveFamily,
    Problem,
    Report,
    Rota,
    ShiftDemand,
    ShiftRequest,
    ShiftRun,
    ShiftType,
    Staff,
    StaffRules,
)
from scheduler.constraints.sequences import add_runs_of_days, add_runs_of_days_exactly
from scheduler.model import RuleFamily
from scheduler.result import SolveResult
from scheduler.variables import create_variables

Build = Callable[..., Problem]
CountRotas = Callable[[Problem, tuple[RuleFamily, ...]], int]
SolveChecked = Callable[[Problem], tuple[SolveResult, Report]]
Cells = Callable[[Problem, Rota | None], dict[str, list[frozenset[str]]]]
Runs = Callable[[list[bool]], list[tuple[int, int]]]
Day = Callable[[int], date]

A = ShiftType(code="A", start="09:00", end="17:00")
B = ShiftType(code="B", start="09:00", end="17:00")
"""Same hours as A, so either covers the same window."""
EVERY_DAY_A = (ShiftDemand(shift="A", min_staff=2),)


def wants_off(staff_id: str, days: range, day: Day) -> tuple[ShiftRequest, ...]:
    """Wishes for days off that make every unneeded working day cost something."""
    return tuple(ShiftRequest(staff_id=staff_id, date=day(d), want=False) for d in days)


def test_max_consecutive_days(
    build: Build, solve_checked: SolveChecked, cells: Cells, runs: Runs
) -> None:
    """Two people needed every day, at most 3 days in a row: nobody works a run of 4."""
    problem = build((A,), days=10, shift_demands=EVERY_DAY_A, rules={"max_consecutive_days": 3})
    result, report = solve_checked(problem)
    for row in cells(problem, result.rota).values():
        assert max(length for _, length in runs([bool(codes) for codes in row])) <= 3
    assert not [item for item in report.rule_breaks if item.rule == "max_consecutive_days"]
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 2 * 2 * 10_000


def test_max_consecutive_days_wraps_when_cyclic(
    build: Build, solve_checked: SolveChecked, cells: Cells
) -> None:
    """In a cyclic rota runs wrap from the last day to day 0: two days off, not one, break them."""
    problem = build(
        (A,),
        staff=1,
        shift_demands=(ShiftDemand(shift="A"),),
        rules={"max_consecutive_days": 3, "cyclic": True},
    )
    result, report = solve_checked(problem)
    works = [bool(codes) for codes in cells(problem, result.rota)["S1"]]
    for first in range(7):
        assert not all(works[(first + k) % 7] for k in range(4))
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 2 * 10_000


def test_personal_max_consecutive_days_overrides_the_global_one(
    build: Build, solve_checked: SolveChecked, cells: Cells, runs: Runs
) -> None:
    """S1 may work at most 2 days in a row though the rules allow 100: S1 never works 3."""
    staff = (Staff(id="S1", rules=StaffRules(max_consecutive_days=2)), Staff(id="S2"))
    problem = build((A,), staff=staff, shift_demands=EVERY_DAY_A)
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert max(length for _, length in runs([bool(codes) for codes in grid["S1"]])) <= 2
    assert all(grid["S2"])
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 2 * 10_000


def test_min_consecutive_days(
    build: Build, solve_checked: SolveChecked, cells: Cells, runs: Runs, day: Day
) -> None:
    """A needed on day 3 only, runs of at least 3: S1 works a run of 3 or more around day 3."""
    problem = build(
        (A,),
        staff=1,
        shift_demands=(ShiftDemand(shift="A", dates=frozenset({day(3)})),),
        requests=wants_off("S1", range(7), day),
        rules={"min_consecutive_days": 3},
    )
    result, report = solve_checked(problem)
    work_runs = runs([bool(codes) for codes in cells(problem, result.rota)["S1"]])
    assert len(work_runs) == 1
    first, length = work_runs[0]
    assert first <= 3 < first + length
    assert length == 3
    assert report.by_family[ObjectiveFamily.REQUEST] == 3 * 100


def test_short_run_at_the_horizon_end_is_allowed(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """A run of one day touching day 0 is never too short: S1 works day 0 alone."""
    problem = build(
        (A,),
        staff=1,
        shift_demands=(ShiftDemand(shift="A", dates=frozenset({day(0)})),),
        requests=wants_off("S1", range(7), day),
        rules={"min_consecutive_days": 3},
    )
    result, _ = solve_checked(problem)
    works = [bool(codes) for codes in cells(problem, result.rota)["S1"]]
    assert works == [True] + [False] * 6


def test_min_days_off_run(
    build: Build, solve_checked: SolveChecked, cells: Cells, runs: Runs, day: Day
) -> None:
    """A needed on all days but day 3, a day off a week, 2 in a row: a needed day is given up."""
    demand = ShiftDemand(shift="A", dates=frozenset(day(d) for d in range(7) if d != 3))
    problem = build(
        (A,),
        staff=1,
        shift_demands=(demand,),
        rules={"min_days_off_run": 2, "min_days_off_per_week": 1},
    )
    result, report = solve_checked(problem)
    off = [not codes for codes in cells(problem, result.rota)["S1"]]
    for first, length in runs(off):
        assert length >= 2 or first == 0 or first + length == 7
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 10_000


def test_max_days_off_run(
    build: Build, solve_checked: SolveChecked, cells: Cells, runs: Runs, day: Day
) -> None:
    """S1 wishes every day off, but at most 2 days off in a row: works every third day or more."""
    problem = build(
        (A,),
        staff=1,
        days=8,
        requests=wants_off("S1", range(8), day),
        rules={"max_days_off_run": 2},
    )
    result, report = solve_checked(problem)
    off = [not codes for codes in cells(problem, result.rota)["S1"]]
    assert max(length for _, length in runs(off)) <= 2
    assert report.by_family[ObjectiveFamily.REQUEST] >= 2 * 100


def test_approved_leave_splits_a_run_of_days_off(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """Days off 0–1, leave 2–5, days off 6–7: no run of rest longer than 2, so nothing is worked."""
    problem = build(
        (A,),
        staff=1,
        days=8,
        leave=(Leave(staff_id="S1", start=day(2), end=day(5)),),
        requests=wants_off("S1", range(8), day),
        rules={"max_days_off_run": 2},
    )
    result, report = solve_checked(problem)
    assert not any(cells(problem, result.rota)["S1"])
    assert report.by_family == {}


@pytest.mark.parametrize(
    ("min_on", "max_on", "min_off"),
    [(1, 3, 1), (2, 4, 2), (3, 100, 1), (1, 100, 3), (2, 2, 3), (4, 5, 2), (1, 100, 1)],
)
@pytest.mark.parametrize("family", [add_runs_of_days, add_runs_of_days_exactly])
def test_runs_of_days_allow_exactly_the_day_patterns_the_rules_allow(
    build: Build,
    runs: Runs,
    count_rotas: CountRotas,
    min_on: int,
    max_on: int,
    min_off: int,
    family: RuleFamily,
) -> None:
    """Over 9 days, the rotas the run rules allow one person, enumerated by the solver, are as
    many as the day patterns whose every run keeps the rules, checked run by run (a run touching
    the first or last day is never too short); as window clauses and as an automaton."""
    days = 9
    problem = build(
        (A,),
        staff=1,
        days=days,
        rules={
            "min_consecutive_days": min_on,
            "max_consecutive_days": max_on,
            "min_days_off_run": min_off,
        },
    )

    def kept(pattern: tuple[bool, ...]) -> bool:
        for flags, least, most in (
            (pattern, min_on, max_on),
            ([not f for f in pattern], min_off, days),
        ):
            for first, length in runs(list(flags)):
                at_an_end = first == 0 or first + length == days
                if length > most or (length < least and not at_an_end):
                    return False
        return True

    assert count_rotas(problem, (family,)) == sum(
        kept(p) for p in product((False, True), repeat=days)
    )


def test_shift_type_max_run(
    build: Build, solve_checked: SolveChecked, cells: Cells, runs: Runs
) -> None:
    """A window needs someone 09–17 daily; A and B at most 2 days in a row each: both alternate."""
    problem = build(
        (A, B),
        staff=1,
        days=8,
        coverage_windows=(CoverageWindow(start="09:00", end="17:00"),),
        rules={"shift_runs": (ShiftRun(shift="A", max_days=2), ShiftRun(shift="B", max_days=2))},
    )
    result, report = solve_checked(problem)
    row = cells(problem, result.rota)["S1"]
    for code in ("A", "B"):
        found = runs([code in codes for codes in row])
        assert found
        assert max(length for _, length in found) <= 2
    assert ObjectiveFamily.UNCOVERED not in report.by_family
    assert report.by_family[ObjectiveFamily.SHIFT_CHANGE] >= 3 * 40


def test_shift_type_min_run(
    build: Build, solve_checked: SolveChecked, cells: Cells, runs: Runs, day: Day
) -> None:
    """B needed on day 3 only, B runs at least 3 days: S1 works B on 3 days around day 3."""
    problem = build(
        (A, B),
        staff=1,
        shift_demands=(ShiftDemand(shift="B", dates=frozenset({day(3)})),),
        requests=wants_off("S1", range(7), day),
        rules={"shift_runs": (ShiftRun(shift="B", min_days=3),)},
    )
    result, _ = solve_checked(problem)
    found = runs(["B" in codes for codes in cells(problem, result.rota)["S1"]])
    assert len(found) == 1
    first, length = found[0]
    assert first <= 3 < first + length
    assert length == 3


def test_automata_only_for_people_with_a_min_run(build: Build) -> None:
    """A person with a min run of working days or of days off gets an automaton; one whose only
    run rule is a max keeps the window clauses, whose relaxation is already exact."""
    people = (
        Staff(id="MAX", rules=StaffRules(max_consecutive_days=3)),
        Staff(id="ON", rules=StaffRules(max_consecutive_days=3, min_consecutive_days=2)),
        Staff(id="OFF", rules=StaffRules(min_days_off_run=2)),
    )
    problem = build((A,), staff=people, days=9)
    model = cp_model.CpModel()
    v = create_variables(problem, model)
    add_runs_of_days_exactly(model, problem, v)
    works = {cell.index: problem.staff[e].id for e, row in enumerate(v.works) for cell in row}
    read = [
        {works[expr.vars[0]] for expr in constraint.automaton.exprs}
        for constraint in model.proto.constraints
        if constraint.has_automaton()
    ]
    assert sorted(read, key=sorted) == [{"OFF"}, {"ON"}]
    clauses = [c.bool_or for c in model.proto.constraints if c.has_bool_or()]
    # "MAX" works at most 3 of any 4 days in a row: one clause per window of 4 of the 9 days.
    assert len(clauses) == 9 - 3
