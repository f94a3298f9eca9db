"""Rest between shifts (next day, day after, wrapping when cyclic) and forbidden sequences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models import (
    ForbiddenSequence,
    ObjectiveFamily,
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
Day = Callable[[int], date]

EARLY = ShiftType(code="A", start="07:00", end="15:00")
B = ShiftType(code="B", start="12:00", end="20:00")
LATE = ShiftType(code="C", start="20:00", end="24:00", on_call=True)
NIGHT = ShiftType(code="N", start="22:00", end="06:00")


def on(code: str, *dates: date) -> ShiftDemand:
    """Demand for one person on shift ``code`` on the given dates only."""
    return ShiftDemand(shift=code, dates=frozenset(dates))


def test_min_rest_forbids_late_then_early(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """C (20–24) then A (07:00) rests 7h: with 11h required one of the two demands goes unmet."""
    problem = build(
        (EARLY, LATE),
        staff=1,
        days=3,
        shift_demands=(on("C", day(0)), on("A", day(1))),
        rules={"min_rest_hours": 11},
    )
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert not ("C" in grid["S1"][0] and "A" in grid["S1"][1])
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 10_000


def test_enough_rest_allows_late_then_early(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """The same C then A is worked when 7h of rest is enough."""
    problem = build(
        (EARLY, LATE),
        staff=1,
        days=3,
        shift_demands=(on("C", day(0)), on("A", day(1))),
        rules={"min_rest_hours": 7},
    )
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert grid["S1"][0] == {"C"}
    assert grid["S1"][1] == {"A"}
    assert ObjectiveFamily.DEMAND_UNDER not in report.by_family


def test_min_rest_looks_two_days_ahead(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """C on day 0 and A on day 2 rest 31h: too little for a 36h minimum, so one is dropped."""
    problem = build(
        (EARLY, LATE),
        staff=1,
        days=4,
        shift_demands=(on("C", day(0)), on("A", day(2))),
        rules={"min_rest_hours": 36},
    )
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert not ("C" in grid["S1"][0] and "A" in grid["S1"][2])
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 10_000


def test_min_rest_wraps_when_cyclic(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """C on the last day then A on day 0 is too little rest only in a cyclic rota."""
    demands = (on("C", day(6)), on("A", day(0)))
    for cyclic, unmet in ((True, 10_000), (False, 0)):
        problem = build(
            (EARLY, LATE),
            staff=1,
            shift_demands=demands,
            rules={"min_rest_hours": 11, "cyclic": cyclic},
        )
        result, report = solve_checked(problem)
        grid = cells(problem, result.rota)
        assert ("C" in grid["S1"][6] and "A" in grid["S1"][0]) is not cyclic
        assert report.by_family.get(ObjectiveFamily.DEMAND_UNDER, 0) == unmet


def test_forbidden_night_day_off_night(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """`N - N` is forbidden: with nights needed on days 0 and 2, day 1 is worked against a wish."""
    problem = build(
        (NIGHT,),
        staff=1,
        days=4,
        shift_demands=(on("N", day(0), day(2)),),
        requests=(ShiftRequest(staff_id="S1", date=day(1), want=False, weight=50),),
        rules={"forbidden_sequences": (ForbiddenSequence(pattern="N - N"),)},
        weights=Weights(isolated_day_off=0),
    )
    result, report = solve_checked(problem)
    works = [bool(codes) for codes in cells(problem, result.rota)["S1"]]
    assert works[:3] == [True, True, True]
    assert ObjectiveFamily.DEMAND_UNDER not in report.by_family
    assert report.by_family[ObjectiveFamily.REQUEST] == 50


def test_night_day_off_night_without_the_rule(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """Without `N - N` forbidden the same wish for day 1 off is granted."""
    problem = build(
        (NIGHT,),
        staff=1,
        days=4,
        shift_demands=(on("N", day(0), day(2)),),
        requests=(ShiftRequest(staff_id="S1", date=day(1), want=False, weight=50),),
        weights=Weights(isolated_day_off=0),
    )
    result, report = solve_checked(problem)
    works = [bool(codes) for codes in cells(problem, result.rota)["S1"]]
    assert works[:3] == [True, False, True]
    assert report.by_family == {}


def test_forbidden_pair_of_shifts(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """`B A` is forbidden: B wanted on day 1 and A on day 2 from one person, one goes unmet."""
    problem = build(
        (EARLY, B),
        staff=1,
        days=4,
        shift_demands=(on("B", day(1)), on("A", day(2))),
        rules={"forbidden_sequences": (ForbiddenSequence(pattern="B A"),)},
    )
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert not ("B" in grid["S1"][1] and "A" in grid["S1"][2])
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 10_000
