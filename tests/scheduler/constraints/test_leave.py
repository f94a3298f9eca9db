"""Leave and pins: approved leave is never worked, requested leave is a wish, pins are kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models import (
    Leave,
    LeaveStatus,
    ObjectiveFamily,
    Pin,
    Problem,
    Report,
    Rota,
    ShiftDemand,
    ShiftType,
    Staff,
    StaffRules,
)
from scheduler.result import SolveResult, SolveStatus
from scheduler.solve import solve

Build = Callable[..., Problem]
SolveChecked = Callable[[Problem], tuple[SolveResult, Report]]
Cells = Callable[[Problem, Rota | None], dict[str, list[frozenset[str]]]]
ByFamily = Callable[[SolveResult], dict[ObjectiveFamily, int]]
Day = Callable[[int], date]

A = ShiftType(code="A", start="09:00", end="17:00")
B = ShiftType(code="B", start="12:00", end="20:00")
EVERY_DAY_TWO_A = (ShiftDemand(shift="A", min_staff=2),)


def test_approved_leave_is_never_worked(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """Demand for two A every day cannot make S1 work days 2–4 of approved leave."""
    leave = (Leave(staff_id="S1", start=day(2), end=day(4)),)
    problem = build((A,), shift_demands=EVERY_DAY_TWO_A, leave=leave)
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert [d for d in range(7) if grid["S1"][d]] == [0, 1, 5, 6]
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 3 * 10_000


def test_approved_leave_reaching_past_the_horizon(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """Leave that starts before the horizon still keeps its days inside the horizon free."""
    leave = (Leave(staff_id="S1", start=day(-5), end=day(1)),)
    problem = build((A,), shift_demands=EVERY_DAY_TWO_A, leave=leave)
    result, _ = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert not grid["S1"][0]
    assert not grid["S1"][1]
    assert grid["S1"][2] == {"A"}


def test_requested_leave_is_honoured_when_free(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day, by_family: ByFamily
) -> None:
    """With one A a day and two people, S1 is given the requested days 1–3 off."""
    leave = (Leave(staff_id="S1", start=day(1), end=day(3), status=LeaveStatus.REQUESTED),)
    problem = build((A,), shift_demands=(ShiftDemand(shift="A"),), leave=leave)
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert not any(grid["S1"][d] for d in (1, 2, 3))
    assert ObjectiveFamily.REQUESTED_LEAVE not in report.by_family
    assert ObjectiveFamily.REQUESTED_LEAVE not in by_family(result)


def test_requested_leave_gives_way_to_coverage(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day, by_family: ByFamily
) -> None:
    """When both people are needed, S1 works one day of requested leave at its own weight."""
    leave = (
        Leave(staff_id="S1", start=day(2), end=day(2), status=LeaveStatus.REQUESTED, weight=7),
    )
    problem = build((A,), shift_demands=EVERY_DAY_TWO_A, leave=leave)
    result, report = solve_checked(problem)
    assert cells(problem, result.rota)["S1"][2] == {"A"}
    assert report.by_family[ObjectiveFamily.REQUESTED_LEAVE] == 7
    assert by_family(result)[ObjectiveFamily.REQUESTED_LEAVE] == 7


def test_pins_are_kept(build: Build, solve_checked: SolveChecked, cells: Cells, day: Day) -> None:
    """S1 pinned to B (nobody needs B) works it; S2 pinned off is off though A needs two."""
    pins = (Pin(staff_id="S1", date=day(3), shift="B"), Pin(staff_id="S2", date=day(4)))
    problem = build((A, B), shift_demands=EVERY_DAY_TWO_A, pins=pins)
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert grid["S1"][3] == {"B"}
    assert not grid["S2"][4]
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 2 * 10_000


def test_impossible_pin_is_infeasible(build: Build, day: Day) -> None:
    """A pin on A for someone allowed no A at all returns INFEASIBLE, no rota and a message."""
    staff = (Staff(id="S1", rules=StaffRules(max_shifts={"A": 0})), Staff(id="S2"))
    problem = build((A, B), staff=staff, pins=(Pin(staff_id="S1", date=day(1), shift="A"),))
    result = solve(problem, time_limit_s=2, workers=1, seed=0)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.rota is None
    assert result.report is None
    assert result.message


def test_two_pins_on_one_day_are_infeasible(build: Build, day: Day) -> None:
    """Pins on A and B for the same person and day break one shift a day: INFEASIBLE."""
    pins = (
        Pin(staff_id="S1", date=day(0), shift="A"),
        Pin(staff_id="S1", date=day(0), shift="B"),
    )
    problem = build((A, B), pins=pins)
    result = solve(problem, time_limit_s=2, workers=1, seed=0)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.rota is None
