"""Coverage windows (per person-minute, with skill and team) and shift demands (per person)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models import (
    CoverageWindow,
    ObjectiveFamily,
    Problem,
    Report,
    Rota,
    ShiftDemand,
    ShiftRequest,
    ShiftType,
    Staff,
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
N = ShiftType(code="N", start="22:00", end="06:00")


def test_window_counts_person_minutes(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily
) -> None:
    """09–20 with one person and 8h shifts: 3 hours a day stay uncovered, 180 minutes at 100."""
    problem = build(
        (A, B), staff=1, days=3, coverage_windows=(CoverageWindow(start="09:00", end="20:00"),)
    )
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.UNCOVERED] == 3 * 180 * 100
    assert by_family(result)[ObjectiveFamily.UNCOVERED] == 3 * 180 * 100


def test_window_is_covered_when_staff_suffice(
    build: Build, solve_checked: SolveChecked, cells: Cells
) -> None:
    """09–20 with two people: one works A and one B every day, and nothing is uncovered."""
    problem = build((A, B), days=3, coverage_windows=(CoverageWindow(start="09:00", end="20:00"),))
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    for d in range(3):
        assert grid["S1"][d] | grid["S2"][d] == {"A", "B"}
    assert ObjectiveFamily.UNCOVERED not in report.by_family


def test_window_with_skill_counts_only_skilled_staff(
    build: Build, solve_checked: SolveChecked, cells: Cells
) -> None:
    """A lead is needed 09–17: only S2, the lead, can cover it, and does so every day."""
    staff = (Staff(id="S1"), Staff(id="S2", skills=frozenset({"lead"})), Staff(id="S3"))
    window = CoverageWindow(start="09:00", end="17:00", skill="lead")
    problem = build((A,), staff=staff, days=4, coverage_windows=(window,))
    result, report = solve_checked(problem)
    assert all(codes == {"A"} for codes in cells(problem, result.rota)["S2"])
    assert ObjectiveFamily.UNCOVERED not in report.by_family


def test_window_with_team_ignores_other_teams(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily
) -> None:
    """Two red people needed 09–17, one red and one blue person: half the window stays uncovered."""
    staff = (Staff(id="S1", team="red"), Staff(id="S2", team="blue"))
    window = CoverageWindow(start="09:00", end="17:00", team="red", min_staff=2)
    problem = build((A,), staff=staff, days=3, coverage_windows=(window,))
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.UNCOVERED] == 3 * 480 * 100
    assert by_family(result)[ObjectiveFamily.UNCOVERED] == 3 * 480 * 100


def test_window_max_counts_overstaffed_minutes(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily
) -> None:
    """Two A demanded but at most one on duty 09–17: 480 surplus minutes a day at weight 3."""
    window = CoverageWindow(start="09:00", end="17:00", min_staff=0, max_staff=1, weight_over=3)
    problem = build(
        (A,),
        days=2,
        coverage_windows=(window,),
        shift_demands=(ShiftDemand(shift="A", min_staff=2),),
    )
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.OVERSTAFFED] == 2 * 480 * 3
    assert by_family(result)[ObjectiveFamily.OVERSTAFFED] == 2 * 480 * 3


def test_overnight_window_beyond_the_horizon(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily
) -> None:
    """A 22–06 window every night is covered by N, including the night after the last day."""
    problem = build(
        (N,), staff=1, days=3, coverage_windows=(CoverageWindow(start="22:00", end="06:00"),)
    )
    result, report = solve_checked(problem)
    assert ObjectiveFamily.UNCOVERED not in report.by_family
    assert ObjectiveFamily.UNCOVERED not in by_family(result)


def test_early_window_wraps_to_the_last_night_when_cyclic(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """00–06 on day 0 can be covered only by N of the night before: the last day, when cyclic."""
    window = CoverageWindow(start="00:00", end="06:00", dates=frozenset({day(0)}))
    for cyclic, uncovered in ((True, 0), (False, 360 * 100)):
        problem = build((N,), staff=1, coverage_windows=(window,), rules={"cyclic": cyclic})
        result, report = solve_checked(problem)
        assert report.by_family.get(ObjectiveFamily.UNCOVERED, 0) == uncovered
        if cyclic:
            assert cells(problem, result.rota)["S1"][6] == {"N"}
        assert bool(result.structural_gaps) is not cyclic


def test_window_weight_under_is_its_own(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily
) -> None:
    """A window's own weight replaces the global one: 60 uncovered minutes at weight 7."""
    window = CoverageWindow(start="16:00", end="18:00", min_staff=1, weight_under=7)
    problem = build((A,), staff=1, days=1, coverage_windows=(window,))
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.UNCOVERED] == 60 * 7
    assert by_family(result)[ObjectiveFamily.UNCOVERED] == 60 * 7


def test_shift_demand_under(build: Build, solve_checked: SolveChecked, by_family: ByFamily) -> None:
    """Three A wanted per day from two people: one missing person a day at demand_under."""
    problem = build((A,), days=3, shift_demands=(ShiftDemand(shift="A", min_staff=3),))
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.DEMAND_UNDER] == 3 * 10_000
    assert by_family(result)[ObjectiveFamily.DEMAND_UNDER] == 3 * 10_000


def test_shift_demand_over(
    build: Build, solve_checked: SolveChecked, by_family: ByFamily, day: Day
) -> None:
    """At most one A, yet a window needs two people 09–17: the surplus person costs demand_over."""
    problem = build(
        (A,),
        days=2,
        coverage_windows=(CoverageWindow(start="09:00", end="17:00", min_staff=2),),
        shift_demands=(ShiftDemand(shift="A", min_staff=0, max_staff=1),),
        weights=Weights(demand_over=5),
    )
    result, report = solve_checked(problem)
    assert report.by_family[ObjectiveFamily.DEMAND_OVER] == 2 * 5
    assert by_family(result)[ObjectiveFamily.DEMAND_OVER] == 2 * 5


def test_shift_demand_keeps_to_its_max(
    build: Build, solve_checked: SolveChecked, cells: Cells, day: Day
) -> None:
    """At most one A a day, three people wishing A on day 0: only one works it."""
    wishes = tuple(ShiftRequest(staff_id=f"S{k}", date=day(0), shift="A") for k in (1, 2, 3))
    problem = build(
        (A,),
        staff=3,
        days=1,
        requests=wishes,
        shift_demands=(ShiftDemand(shift="A", min_staff=0, max_staff=1, weight_over=500),),
        weights=Weights(hours_spread=0),
    )
    result, report = solve_checked(problem)
    grid = cells(problem, result.rota)
    assert sum(1 for row in grid.values() if "A" in row[0]) == 1
    assert report.by_family[ObjectiveFamily.REQUEST] == 2 * 100


def test_shift_demand_with_skill(build: Build, solve_checked: SolveChecked, cells: Cells) -> None:
    """An A needing a lead is worked by the lead; the other person does not count toward it."""
    staff = (Staff(id="S1"), Staff(id="S2", skills=frozenset({"lead"})))
    problem = build(
        (A, B), staff=staff, days=3, shift_demands=(ShiftDemand(shift="A", skill="lead"),)
    )
    result, report = solve_checked(problem)
    assert all("A" in codes for codes in cells(problem, result.rota)["S2"])
    assert ObjectiveFamily.DEMAND_UNDER not in report.by_family
