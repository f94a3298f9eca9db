"""Fairness within a team: hours against contract (with leave credit), weekends, late shifts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models import (
    Leave,
    ObjectiveFamily,
    Pin,
    Problem,
    Report,
    ShiftDemand,
    ShiftType,
    Staff,
    StaffRules,
    Weights,
)
from scheduler.result import SolveResult

Build = Callable[..., Problem]
SolveChecked = Callable[[Problem], tuple[SolveResult, Report]]
ByFamily = Callable[[SolveResult], dict[ObjectiveFamily, int]]
Day = Callable[[int], date]

A = ShiftType(code="A", start="09:00", end="17:00")
C = ShiftType(code="C", start="20:00", end="22:00", on_call=True)
ONE_A_A_DAY = (ShiftDemand(shift="A"),)
FAIRNESS = (
    ObjectiveFamily.HOURS_SPREAD,
    ObjectiveFamily.WEEKENDS_SPREAD,
    ObjectiveFamily.LATE_SPREAD,
)
WEEKEND_DAYS = (5, 6, 12, 13)


def spread(values: list[int]) -> int:
    """Most minus least."""
    return max(values) - min(values)


def test_weekends_are_shared(build: Build, solve_checked: SolveChecked) -> None:
    """Two identical people, one A needed every day for two weeks: weekends worked differ by ≤ 1."""
    problem = build((A,), days=14, shift_demands=ONE_A_A_DAY)
    _, report = solve_checked(problem)
    assert spread([summary.weekends_worked for summary in report.staff]) <= 1


def test_weekend_spread_is_charged_per_weekend(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily, day: Day
) -> None:
    """S1 pinned to both weekends and S2 pinned off them: a spread of 2 weekends at 200 each."""
    pins = tuple(Pin(staff_id="S1", date=day(d), shift="A") for d in WEEKEND_DAYS) + tuple(
        Pin(staff_id="S2", date=day(d)) for d in WEEKEND_DAYS
    )
    problem = build((A,), days=14, pins=pins)
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.WEEKENDS_SPREAD] == 2 * 200
    assert by_family(result)[ObjectiveFamily.WEEKENDS_SPREAD] == 2 * 200


def test_late_shifts_are_shared(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily
) -> None:
    """Exactly one on-call C wanted every day for 8 days between two people: 4 each."""
    demand = ShiftDemand(shift="C", min_staff=1, max_staff=1, weight_over=1000)
    problem = build((A, C), days=8, shift_demands=(demand,))
    result, report = solve_checked(problem)
    assert [summary.late_shifts for summary in report.staff] == [4, 4]
    assert ObjectiveFamily.LATE_SPREAD not in report.by_family
    assert ObjectiveFamily.LATE_SPREAD not in by_family(result)


def test_hours_are_shared_against_contract(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily
) -> None:
    """A part-timer (20h) and a full-timer (40h) sharing one A a day: paid time follows contract."""
    staff = (Staff(id="S1", rules=StaffRules(target_hours_per_week=20)), Staff(id="S2"))
    problem = build(
        (A,), staff=staff, shift_demands=ONE_A_A_DAY, weights=Weights(weekends_spread=0)
    )
    result, report = solve_checked(problem)
    paid = {summary.staff_id: summary.paid_minutes for summary in report.staff}
    assert paid["S1"] < paid["S2"]
    deviations = [summary.paid_minutes - summary.target_minutes for summary in report.staff]
    assert spread(deviations) <= 480
    assert report.by_family.get(ObjectiveFamily.HOURS_SPREAD, 0) == spread(deviations) * 2
    assert by_family(result).get(ObjectiveFamily.HOURS_SPREAD, 0) == spread(deviations) * 2


def test_approved_leave_is_credited_in_the_hours_spread(
    build: Build, solve_checked: SolveChecked, day: Day
) -> None:
    """S1 on leave two days (16h credit) works fewer A than S2, and the spread stays within 8h."""
    leave = (Leave(staff_id="S1", start=day(0), end=day(1)),)
    problem = build(
        (A,), shift_demands=ONE_A_A_DAY, leave=leave, weights=Weights(weekends_spread=0)
    )
    _, report = solve_checked(problem)
    first, second = report.staff
    assert first.paid_minutes < second.paid_minutes
    assert first.target_minutes == (40 * 60) - 2 * 8 * 60
    assert spread([s.paid_minutes - s.target_minutes for s in report.staff]) <= 480


def test_people_in_different_teams_are_not_compared(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily, day: Day
) -> None:
    """S1 (red) pinned to every weekend day, S2 (blue) off them: no fairness term at all."""
    staff = (Staff(id="S1", team="red"), Staff(id="S2", team="blue"))
    pins = tuple(Pin(staff_id="S1", date=day(d), shift="C") for d in WEEKEND_DAYS) + tuple(
        Pin(staff_id="S2", date=day(d)) for d in WEEKEND_DAYS
    )
    problem = build((A, C), staff=staff, days=14, pins=pins)
    result, report = solve_checked(problem)
    for family in FAIRNESS:
        assert family not in report.by_family
        assert family not in by_family(result)


def test_hours_spread_with_short_shifts_and_no_leave_credit(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily
) -> None:
    """Only 2h shifts and no leave credit: far below a 40h contract, yet a rota comes back."""
    problem = build(
        (C,), days=7, shift_demands=(ShiftDemand(shift="C"),), rules={"leave_day_hours": 0}
    )
    result, report = solve_checked(problem)
    assert ObjectiveFamily.DEMAND_UNDER not in report.by_family
    deviations = [summary.paid_minutes - summary.target_minutes for summary in report.staff]
    assert report.by_family.get(ObjectiveFamily.HOURS_SPREAD, 0) == spread(deviations) * 2
    assert by_family(result).get(ObjectiveFamily.HOURS_SPREAD, 0) == spread(deviations) * 2


def test_hours_and_late_spreads_are_charged(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily, day: Day
) -> None:
    """S1 pinned to A and C, S2 off all week: 600 minutes apart at 2, one late shift at 200."""
    pins = (
        Pin(staff_id="S1", date=day(0), shift="A"),
        Pin(staff_id="S1", date=day(2), shift="C"),
        *(Pin(staff_id="S2", date=day(d)) for d in range(7)),
    )
    problem = build((A, C), pins=pins)
    result, report = solve_checked(problem)
    expected = {ObjectiveFamily.HOURS_SPREAD: 600 * 2, ObjectiveFamily.LATE_SPREAD: 200}
    assert {family: report.by_family[family] for family in expected} == expected
    assert {family: by_family(result)[family] for family in expected} == expected
