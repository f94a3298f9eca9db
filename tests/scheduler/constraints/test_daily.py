"""One day of one person: only their own shift types, one shift unless a pair is allowed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models import ObjectiveFamily, Problem, Report, Rota, ShiftDemand, ShiftType, Staff
from scheduler.result import SolveResult

Build = Callable[..., Problem]
SolveChecked = Callable[[Problem], tuple[SolveResult, Report]]
Cells = Callable[[Problem, Rota | None], dict[str, list[frozenset[str]]]]
ByFamily = Callable[[SolveResult], dict[ObjectiveFamily, int]]
Day = Callable[[int], date]

A = ShiftType(code="A", start="09:00", end="17:00")
B = ShiftType(code="B", start="12:00", end="20:00")
C = ShiftType(code="C", start="20:00", end="24:00", on_call=True)


def test_person_works_only_listed_shift_types(
    build: Build, solve_checked: SolveChecked, cells: Cells, by_family: ByFamily
) -> None:
    """Demand for two B every day cannot make someone who may only work A take a B."""
    staff = (Staff(id="S1", shift_types=frozenset({"A"})), Staff(id="S2"))
    problem = build((A, B), staff=staff, shift_demands=(ShiftDemand(shift="B", min_staff=2),))
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert all(codes <= {"A"} for codes in grid["S1"])
    assert all(codes == {"B"} for codes in grid["S2"])
    assert by_family(result)[ObjectiveFamily.DEMAND_UNDER] == 7 * 10_000
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 7 * 10_000


def test_one_shift_per_day_by_default(
    build: Build, solve_checked: SolveChecked, cells: Cells, by_family: ByFamily
) -> None:
    """Demand for A and C every day from one person: without an allowed pair, one shift a day."""
    demands = (ShiftDemand(shift="A"), ShiftDemand(shift="C"))
    problem = build((A, B, C), staff=1, shift_demands=demands)
    result, _ = solve_checked(problem)
    assert all(len(codes) <= 1 for codes in cells(problem, result.rota)["S1"])
    assert by_family(result)[ObjectiveFamily.DEMAND_UNDER] == 7 * 10_000


def test_allowed_pair_lets_one_person_work_both(
    build: Build, solve_checked: SolveChecked, cells: Cells, by_family: ByFamily
) -> None:
    """With A+C allowed, one person works A then on-call C on a day when coverage needs both."""
    demands = (ShiftDemand(shift="A"), ShiftDemand(shift="C"))
    problem = build(
        (A, B, C),
        staff=1,
        shift_demands=demands,
        rules={"allowed_same_day": frozenset({("A", "C")})},
    )
    result, _ = solve_checked(problem)
    assert all(codes == {"A", "C"} for codes in cells(problem, result.rota)["S1"])
    assert ObjectiveFamily.DEMAND_UNDER not in by_family(result)


def test_allowed_pair_allows_only_that_pair(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """A+C allowed does not allow B+C: demand for B and C on one day from one person is half met."""
    demands = (
        ShiftDemand(shift="B", dates=frozenset({day(0)})),
        ShiftDemand(shift="C", dates=frozenset({day(0)})),
    )
    problem = build(
        (A, B, C),
        staff=1,
        days=3,
        shift_demands=demands,
        rules={"allowed_same_day": frozenset({("A", "C")})},
    )
    result, report = solve_checked(problem)
    assert not {"B", "C"} <= cells(problem, result.rota)["S1"][0]
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 10_000
