"""Wishes: a shift or a day on or off, wanted or not; each one not granted costs its weight once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models import (
    ObjectiveFamily,
    Pin,
    Problem,
    Report,
    Rota,
    ShiftDemand,
    ShiftRequest,
    ShiftType,
    Weights,
)
from scheduler.result import SolveResult

Build = Callable[..., Problem]
SolveChecked = Callable[[Problem], tuple[SolveResult, Report]]
Cells = Callable[[Problem, Rota | None], dict[str, list[frozenset[str]]]]
ByFamily = Callable[[SolveResult], dict[ObjectiveFamily, int]]
Day = Callable[[int], date]

A = ShiftType(code="A", start="09:00", end="17:00")
B = ShiftType(code="B", start="12:00", end="20:00")
ONE_A_A_DAY = (ShiftDemand(shift="A"),)
NO_FAIRNESS = Weights(hours_spread=0, late_spread=0, weekends_spread=0)
"""Wishes compete only with coverage in these tests."""


def test_wish_for_a_shift_is_granted_when_free(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """S1 wants B on day 2 and nobody needs S1 that day: S1 works B."""
    wish = ShiftRequest(staff_id="S1", date=day(2), shift="B")
    problem = build(
        (A, B), days=4, shift_demands=ONE_A_A_DAY, requests=(wish,), weights=NO_FAIRNESS
    )
    result, report = solve_checked(problem)
    assert cells(problem, result.rota)["S1"][2] == {"B"}
    assert ObjectiveFamily.REQUEST not in report.by_family


def test_wish_against_a_shift_is_granted_when_free(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """Both S1 and S2 could work the one A of day 1; S1 does not want it, so S2 works it."""
    wish = ShiftRequest(staff_id="S1", date=day(1), shift="A", want=False)
    problem = build((A,), days=3, shift_demands=ONE_A_A_DAY, requests=(wish,), weights=NO_FAIRNESS)
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert "A" not in grid["S1"][1]
    assert grid["S2"][1] == {"A"}
    assert ObjectiveFamily.REQUEST not in report.by_family


def test_wish_for_a_day_off_is_granted_when_free(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """S2 wants day 3 off while S1 can cover: S2 is off that day."""
    wish = ShiftRequest(staff_id="S2", date=day(3), want=False)
    problem = build((A, B), shift_demands=ONE_A_A_DAY, requests=(wish,), weights=NO_FAIRNESS)
    result, report = solve_checked(problem)
    assert not cells(problem, result.rota)["S2"][3]
    assert ObjectiveFamily.REQUEST not in report.by_family


def test_wish_to_work_is_granted_when_free(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day, by_family: ByFamily
) -> None:
    """Nothing needs anyone, S1 wants to work day 4: S1 works some shift that day."""
    wish = ShiftRequest(staff_id="S1", date=day(4))
    problem = build((A, B), requests=(wish,), weights=NO_FAIRNESS)
    result, report = solve_checked(problem)
    assert cells(problem, result.rota)["S1"][4]
    assert ObjectiveFamily.REQUEST not in report.by_family
    assert ObjectiveFamily.REQUEST not in by_family(result)


def test_wish_not_granted_costs_its_weight(
    build: Build, solve_checked: SolveChecked, day: Day, by_family: ByFamily
) -> None:
    """S1 pinned to A on day 0 wishes it off (weight 7) and wishes B (global 100): 107 in all."""
    wishes = (
        ShiftRequest(staff_id="S1", date=day(0), want=False, weight=7),
        ShiftRequest(staff_id="S1", date=day(0), shift="B"),
    )
    pins = (Pin(staff_id="S1", date=day(0), shift="A"),)
    problem = build((A, B), days=2, requests=wishes, pins=pins, weights=NO_FAIRNESS)
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.REQUEST] == 107
    assert by_family(result)[ObjectiveFamily.REQUEST] == 107


def test_wish_gives_way_to_coverage(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day, by_family: ByFamily
) -> None:
    """Two A needed on day 1 outweigh S1's wish for the day off: S1 works and the wish costs 100."""
    wish = ShiftRequest(staff_id="S1", date=day(1), want=False)
    problem = build(
        (A,), days=3, shift_demands=(ShiftDemand(shift="A", min_staff=2),), requests=(wish,)
    )
    result, report = solve_checked(problem)
    assert cells(problem, result.rota)["S1"][1] == {"A"}
    assert report.by_family[ObjectiveFamily.REQUEST] == 100
    assert by_family(result)[ObjectiveFamily.REQUEST] == 100
