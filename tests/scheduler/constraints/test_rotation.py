"""Rotation quality: one shift type per run of work, forward rotation, no isolated days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models import (
    CoverageWindow,
    ObjectiveFamily,
    Pin,
    Problem,
    Report,
    Rota,
    ShiftDemand,
    ShiftRequest,
    ShiftType,
    Staff,
    StaffRules,
    Weights,
)
from scheduler.result import SolveResult

Build = Callable[..., Problem]
SolveChecked = Callable[[Problem], tuple[SolveResult, Report]]
Cells = Callable[[Problem, Rota | None], dict[str, list[frozenset[str]]]]
ByFamily = Callable[[SolveResult], dict[ObjectiveFamily, int]]
Day = Callable[[int], date]

EARLY = ShiftType(code="E", start="06:00", end="14:00")
A = ShiftType(code="A", start="09:00", end="17:00")
B = ShiftType(code="B", start="12:00", end="20:00")
ROTATION = (
    ObjectiveFamily.SHIFT_CHANGE,
    ObjectiveFamily.BACKWARD_ROTATION,
    ObjectiveFamily.ISOLATED_WORK_DAY,
    ObjectiveFamily.ISOLATED_DAY_OFF,
)
NO_ROTATION = Weights(shift_change=0, backward_rotation=0, isolated_work_day=0, isolated_day_off=0)


def test_shift_changes_are_avoided_when_possible(
    build: Build, solve_checked: SolveChecked, cells: Cells, by_family: ByFamily
) -> None:
    """One A and one B needed daily from two people: each keeps one shift type all week."""
    demands = (ShiftDemand(shift="A"), ShiftDemand(shift="B"))
    problem = build((A, B), shift_demands=demands)
    result, report = solve_checked(problem)
    for row in cells(problem, result.rota).values():
        assert len(frozenset().union(*row)) == 1
    assert ObjectiveFamily.SHIFT_CHANGE not in report.by_family
    assert ObjectiveFamily.SHIFT_CHANGE not in by_family(result)


def test_forced_changes_are_charged(
    build: Build, solve_checked: SolveChecked, day: Day, by_family: ByFamily
) -> None:
    """Pins B, A, B on days 0–2: two changes, one of them backward (B then A)."""
    pins = tuple(
        Pin(staff_id="S1", date=day(d), shift=code) for d, code in enumerate(("B", "A", "B"))
    )
    problem = build((A, B), staff=1, days=3, pins=pins)
    result, report = solve_checked(problem)
    change, backward = problem.weights.shift_change, problem.weights.backward_rotation
    assert report.by_family[ObjectiveFamily.SHIFT_CHANGE] == 2 * change
    assert report.by_family[ObjectiveFamily.BACKWARD_ROTATION] == backward
    assert {family: by_family(result)[family] for family in ROTATION[:2]} == {
        ObjectiveFamily.SHIFT_CHANGE: 2 * change,
        ObjectiveFamily.BACKWARD_ROTATION: backward,
    }


def test_rotation_goes_forward_when_it_can(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day, by_family: ByFamily
) -> None:
    """S1 pinned to A on day 1 and needed 12–14 on day 0 (A used up): E (forward), not B."""
    staff = (Staff(id="S1", rules=StaffRules(max_shifts={"A": 1})),)
    window = CoverageWindow(start="12:00", end="14:00", dates=frozenset({day(0)}))
    problem = build(
        (EARLY, A, B),
        staff=staff,
        days=2,
        coverage_windows=(window,),
        pins=(Pin(staff_id="S1", date=day(1), shift="A"),),
    )
    result, report = solve_checked(problem)
    assert cells(problem, result.rota)["S1"][0] == {"E"}
    assert ObjectiveFamily.BACKWARD_ROTATION not in report.by_family
    assert report.by_family[ObjectiveFamily.SHIFT_CHANGE] == problem.weights.shift_change
    assert by_family(result)[ObjectiveFamily.SHIFT_CHANGE] == problem.weights.shift_change


def test_isolated_work_day_is_avoided(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """A needed on day 2 only: S1 also works a neighbouring day rather than day 2 alone."""
    problem = build(
        (A,),
        staff=1,
        days=5,
        shift_demands=(ShiftDemand(shift="A", dates=frozenset({day(2)})),),
    )
    result, report = solve_checked(problem)
    row = cells(problem, result.rota)["S1"]
    assert row[2] == {"A"}
    assert row[1] or row[3]
    assert ObjectiveFamily.ISOLATED_WORK_DAY not in report.by_family


def test_isolated_day_off_is_avoided(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """A needed on days 0, 1, 3 and 4: S1 works day 2 too rather than take it off alone."""
    needed = frozenset(day(d) for d in (0, 1, 3, 4))
    problem = build((A,), staff=1, days=5, shift_demands=(ShiftDemand(shift="A", dates=needed),))
    result, report = solve_checked(problem)
    assert all(cells(problem, result.rota)["S1"])
    assert report.by_family == {}


def test_isolated_days_are_charged(
    build: Build, solve_checked: SolveChecked, day: Day, by_family: ByFamily
) -> None:
    """Pinned work on days 1 and 3 and off on 0, 2, 4: two isolated work days, one day off."""
    pins = tuple(Pin(staff_id="S1", date=day(d), shift="A" if d % 2 else None) for d in range(5))
    problem = build((A,), staff=1, days=5, pins=pins)
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.ISOLATED_WORK_DAY] == 2 * 60
    assert report.by_family[ObjectiveFamily.ISOLATED_DAY_OFF] == 60
    assert by_family(result)[ObjectiveFamily.ISOLATED_WORK_DAY] == 2 * 60
    assert by_family(result)[ObjectiveFamily.ISOLATED_DAY_OFF] == 60


def test_isolated_days_wrap_when_cyclic(
    build: Build, solve_checked: SolveChecked, day: Day, by_family: ByFamily
) -> None:
    """Work pinned on day 0 only, off elsewhere: isolated in a cyclic rota, at an end otherwise."""
    pins = tuple(Pin(staff_id="S1", date=day(d), shift="A" if d == 0 else None) for d in range(7))
    for cyclic, cost in ((True, 60), (False, 0)):
        problem = build((A,), staff=1, pins=pins, rules={"cyclic": cyclic})
        result, report = solve_checked(problem)
        assert report.by_family.get(ObjectiveFamily.ISOLATED_WORK_DAY, 0) == cost
        assert by_family(result).get(ObjectiveFamily.ISOLATED_WORK_DAY, 0) == cost


def test_rotation_terms_vanish_with_weight_zero(
    build: Build, solve_checked: SolveChecked, day: Day, by_family: ByFamily
) -> None:
    """The pinned B, A, -, B rota breaks every rotation wish; with weights 0 no term is left."""
    pins = (
        Pin(staff_id="S1", date=day(0), shift="B"),
        Pin(staff_id="S1", date=day(1), shift="A"),
        Pin(staff_id="S1", date=day(2)),
        Pin(staff_id="S1", date=day(3), shift="B"),
        Pin(staff_id="S1", date=day(4)),
    )
    wish = ShiftRequest(staff_id="S1", date=day(5), want=False)
    problem = build((A, B), staff=1, days=6, pins=pins, requests=(wish,), weights=NO_ROTATION)
    result, report = solve_checked(problem)
    assert not {term.family for term in result.terms} & set(ROTATION)
    assert not set(report.by_family) & set(ROTATION)
    assert not set(by_family(result)) & set(ROTATION)
