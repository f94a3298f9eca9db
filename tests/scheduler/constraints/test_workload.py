"""How much a person works: weekly hours, days off a week, weekends, totals, shift counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models import (
    Leave,
    ObjectiveFamily,
    Problem,
    Report,
    Rota,
    ShiftDemand,
    ShiftRequest,
    ShiftType,
    Staff,
    StaffRules,
)
from scheduler.result import SolveResult

Build = Callable[..., Problem]
SolveChecked = Callable[[Problem], tuple[SolveResult, Report]]
Cells = Callable[[Problem, Rota | None], dict[str, list[frozenset[str]]]]
Day = Callable[[int], date]

A = ShiftType(code="A", start="09:00", end="17:00")
C = ShiftType(code="C", start="20:00", end="22:00", on_call=True)
EVERY_DAY_A = (ShiftDemand(shift="A"),)


def days_worked(row: list[frozenset[str]], days: range | tuple[int, ...]) -> int:
    """How many of ``days`` the person works."""
    return sum(1 for d in days if row[d])


def wants_off(days: range, day: Day) -> tuple[ShiftRequest, ...]:
    """S1 wishes every one of ``days`` off, so any day worked must be forced."""
    return tuple(ShiftRequest(staff_id="S1", date=day(d), want=False) for d in days)


def test_max_hours_per_week_full_and_partial(
    build: Build, solve_checked: SolveChecked, cells: Cells
) -> None:
    """16h a week, A (8h) needed daily for 10 days: two shifts in week 1 and in the 3-day rest."""
    problem = build(
        (A,), staff=1, days=10, shift_demands=EVERY_DAY_A, rules={"max_hours_per_week": 16}
    )
    result, report = solve_checked(problem)
    row = cells(problem, result.rota)["S1"]
    assert days_worked(row, range(7)) == 2
    assert days_worked(row, range(7, 10)) == 2
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 6 * 10_000


def test_min_hours_per_week_counts_leave_credit(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """24h a week minimum, two days of leave credited 8h each: one 8h shift is enough."""
    problem = build(
        (A,),
        staff=1,
        leave=(Leave(staff_id="S1", start=day(0), end=day(1)),),
        requests=wants_off(range(7), day),
        rules={"min_hours_per_week": 24, "leave_day_hours": 8},
    )
    result, report = solve_checked(problem)
    assert days_worked(cells(problem, result.rota)["S1"], range(7)) == 1
    assert report.by_family[ObjectiveFamily.REQUEST] == 100


def test_min_hours_apply_to_full_weeks_only(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """With 16h a week minimum over 10 days, the last 3 days (a partial week) may stay empty."""
    problem = build(
        (A,), staff=1, days=10, requests=wants_off(range(10), day), rules={"min_hours_per_week": 16}
    )
    result, _ = solve_checked(problem)
    row = cells(problem, result.rota)["S1"]
    assert days_worked(row, range(7)) == 2
    assert days_worked(row, range(7, 10)) == 0


def test_min_days_off_per_week(build: Build, solve_checked: SolveChecked, cells: Cells) -> None:
    """A needed daily for 10 days, 2 days off a week: 5 days in week 1, all 3 of the short week."""
    problem = build(
        (A,), staff=1, days=10, shift_demands=EVERY_DAY_A, rules={"min_days_off_per_week": 2}
    )
    result, report = solve_checked(problem)
    row = cells(problem, result.rota)["S1"]
    assert days_worked(row, range(7)) == 5
    assert days_worked(row, range(7, 10)) == 3
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 2 * 10_000


def test_max_weekends(build: Build, solve_checked: SolveChecked, cells: Cells) -> None:
    """A needed daily for two weeks, at most one weekend: one weekend stays entirely free."""
    problem = build((A,), staff=1, days=14, shift_demands=EVERY_DAY_A, rules={"max_weekends": 1})
    result, report = solve_checked(problem)
    row = cells(problem, result.rota)["S1"]
    weekends_worked = [any(row[d] for d in weekend) for weekend in ((5, 6), (12, 13))]
    assert weekends_worked.count(True) == 1
    assert report.staff[0].weekends_worked == 1
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 2 * 10_000


def test_max_total_hours(build: Build, solve_checked: SolveChecked, cells: Cells) -> None:
    """At most 24h over the horizon with A (8h) needed daily: exactly three shifts."""
    staff = (Staff(id="S1", rules=StaffRules(max_total_hours=24)),)
    problem = build((A,), staff=staff, shift_demands=EVERY_DAY_A)
    result, report = solve_checked(problem)
    assert days_worked(cells(problem, result.rota)["S1"], range(7)) == 3
    assert report.staff[0].paid_minutes == 24 * 60


def test_min_total_hours_without_leave_credit(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """At least 10h over the horizon despite two days of leave (no credit): five 2h C shifts."""
    staff = (Staff(id="S1", rules=StaffRules(min_total_hours=10)),)
    problem = build(
        (C,),
        staff=staff,
        leave=(Leave(staff_id="S1", start=day(0), end=day(1)),),
        requests=wants_off(range(7), day),
    )
    result, report = solve_checked(problem)
    assert days_worked(cells(problem, result.rota)["S1"], range(7)) == 5
    assert report.staff[0].paid_minutes == 10 * 60
    assert report.by_family[ObjectiveFamily.REQUEST] == 5 * 100


def test_max_shifts_per_type(build: Build, solve_checked: SolveChecked, cells: Cells) -> None:
    """At most 2 C shifts, C needed daily: C is worked exactly twice."""
    staff = (Staff(id="S1", rules=StaffRules(max_shifts={"C": 2})),)
    problem = build((A, C), staff=staff, shift_demands=(ShiftDemand(shift="C"),))
    result, report = solve_checked(problem)
    row = cells(problem, result.rota)["S1"]
    assert sum(1 for codes in row if "C" in codes) == 2
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 5 * 10_000
