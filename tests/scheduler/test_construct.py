"""The person-by-person first rota: keeps every hard rule, staffs shifts one person at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import pytest

from models import (
    CoverageWindow,
    Leave,
    Problem,
    Rota,
    Rules,
    ShiftDemand,
    ShiftRequest,
    ShiftType,
    Staff,
    StaffRules,
    Weights,
)
from scheduler import construct
from scheduler.construct import Cell, build_person_by_person, can_build_person_by_person
from scheduler.validate import validate

RotaOfCells = Callable[[Problem, Iterable[tuple[int, int, int]]], Rota]


def test_first_rota_keeps_every_hard_rule(
    tight_problem: Callable[..., Problem], rota_of_cells: RotaOfCells
) -> None:
    """Hours bounds, runs, days off, weekends, leave and rest all hold in the rota drawn."""
    problem = tight_problem()
    cells = build_person_by_person(problem, time_limit_s=5.0)
    assert cells is not None
    assert validate(problem, rota_of_cells(problem, cells)).rule_breaks == ()


def test_later_people_fill_what_earlier_ones_left(
    tight_problem: Callable[..., Problem], rota_of_cells: RotaOfCells
) -> None:
    """Each person is placed knowing who is already on, so few wanted shifts stay unstaffed."""
    problem = tight_problem()
    cells = build_person_by_person(problem, time_limit_s=5.0)
    assert cells is not None
    report = validate(problem, rota_of_cells(problem, cells))
    # 5 people x 8 or 9 shifts = 40-45 shifts against 42 wanted: the first rota comes close.
    uncovered = sum(t.amount for t in report.terms if t.family.value == "demand_under")
    assert uncovered <= 6


def test_not_used_when_a_hard_demand_ties_people_together(
    tight_problem: Callable[..., Problem],
) -> None:
    """A hard shift demand is a rule about several people at once: no first rota is drawn."""
    problem = tight_problem(shift_demands=(ShiftDemand(shift="E", min_staff=1, hard=True),))
    assert not can_build_person_by_person(problem)
    assert build_person_by_person(problem, time_limit_s=1.0) is None


def test_walk_stands_in_when_own_searches_find_nothing(
    tight_problem: Callable[..., Problem],
    rota_of_cells: RotaOfCells,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With every person's own search out of time, the day-by-day walk draws them all, and the
    rota still keeps every hard rule."""
    searched: list[int] = []

    def out_of_time(problem: Problem, e: int, *args: object, **kwargs: object) -> None:
        searched.append(e)

    monkeypatch.setattr(construct, "_best_days_alone", out_of_time)
    problem = tight_problem()
    cells = build_person_by_person(problem, time_limit_s=1.0)
    assert cells is not None
    assert validate(problem, rota_of_cells(problem, cells)).rule_breaks == ()
    # Two misses in a row, then no more searches: the others go straight to the walk.
    assert searched == [0, 1]


def test_people_left_when_the_searches_end_are_walked(
    tight_problem: Callable[..., Problem],
    rota_of_cells: RotaOfCells,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once the searches' end is reached nobody is searched for, yet everyone is drawn, by the
    walk, and the rota keeps every hard rule."""
    searched: list[int] = []
    search = construct._best_days_alone

    def recorded(problem: Problem, e: int, *args: Any, **kwargs: Any) -> Any:
        searched.append(e)
        return search(problem, e, *args, **kwargs)

    monkeypatch.setattr(construct, "_best_days_alone", recorded)
    problem = tight_problem()
    cells = build_person_by_person(problem, time_limit_s=10.0, searches_end_s=0.0)
    assert searched == []
    assert cells is not None
    assert {e for e, _, _ in cells} == set(range(len(problem.staff)))
    assert validate(problem, rota_of_cells(problem, cells)).rule_breaks == ()


def test_no_search_runs_past_the_searches_end(
    tight_problem: Callable[..., Problem],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A person's share of a long time limit is cut to what is left before the searches' end."""
    shares: list[float] = []
    search = construct._best_days_alone

    def recorded(problem: Problem, e: int, demands: Any, time_limit_s: float, *args: Any) -> Any:
        shares.append(time_limit_s)
        return search(problem, e, demands, time_limit_s, *args)

    monkeypatch.setattr(construct, "_best_days_alone", recorded)
    cells = build_person_by_person(tight_problem(), time_limit_s=100.0, searches_end_s=1.0)
    assert cells is not None
    assert shares
    assert max(shares) <= 1.0


def test_people_with_fewer_shift_types_are_drawn_first(
    tight_problem: Callable[..., Problem],
) -> None:
    """The order of drawing runs from the fewest shift types a person may work to the most, in
    roster order among equals."""
    problem = tight_problem()
    staff = list(problem.staff)
    staff[1] = staff[1].model_copy(update={"shift_types": frozenset({"L"})})
    staff[3] = staff[3].model_copy(
        update={"rules": staff[3].rules.model_copy(update={"max_shifts": {"E": 0}})}
    )
    problem = problem.with_changes(staff=tuple(staff))
    assert construct._drawing_order(problem) == [1, 3, 0, 2, 4]


def test_the_flexible_person_fills_what_the_others_cannot(
    tight_problem: Callable[..., Problem],
) -> None:
    """Where only the first person in the roster may work the late shift, they are drawn last and
    work late shifts only: the others have taken the early ones, which anyone may work."""
    problem = tight_problem()
    early_only = [
        person.model_copy(update={"shift_types": frozenset({"E"})}) for person in problem.staff[1:]
    ]
    problem = problem.with_changes(staff=(problem.staff[0], *early_only))
    cells = build_person_by_person(problem, time_limit_s=5.0)
    assert cells is not None
    assert {s for e, _, s in cells if e == 0} == {1}


def test_roster_order_stands_in_when_someone_has_no_rota(
    tight_problem: Callable[..., Problem],
    rota_of_cells: RotaOfCells,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If someone has no rota with the least flexible drawn first, everyone is drawn again in
    roster order, and that rota keeps every hard rule."""
    problem = tight_problem()
    late_only = problem.staff[1].model_copy(update={"shift_types": frozenset({"L"})})
    problem = problem.with_changes(staff=(problem.staff[0], late_only, *problem.staff[2:]))
    orders: list[list[int]] = []
    draw = construct._draw

    def nobody_first(problem: Problem, order: list[int], *args: Any) -> set[Cell] | None:
        orders.append(order)
        return None if len(orders) == 1 else draw(problem, order, *args)

    monkeypatch.setattr(construct, "_draw", nobody_first)
    cells = build_person_by_person(problem, time_limit_s=5.0)
    assert orders == [[1, 0, 2, 3, 4], [0, 1, 2, 3, 4]]
    assert cells is not None
    assert validate(problem, rota_of_cells(problem, cells)).rule_breaks == ()


def test_drawing_weighs_coverage_windows(
    tight_problem: Callable[..., Problem], rota_of_cells: RotaOfCells
) -> None:
    """With a coverage window instead of shift demands, each person is placed where the window
    is still short: every minute of 06:00-22:00 has someone on duty, on early and late shifts
    alike, though no shift type is asked for by name."""
    window = CoverageWindow(start="06:00", end="22:00", min_staff=1, weight_under=10)
    problem = tight_problem(shift_demands=(), coverage_windows=(window,))
    cells = build_person_by_person(problem, time_limit_s=5.0)
    assert cells is not None
    report = validate(problem, rota_of_cells(problem, cells))
    assert report.rule_breaks == ()
    assert [t for t in report.terms if t.family.value == "uncovered"] == []


def test_a_window_slice_counts_once_for_the_shift_spanning_it(
    tight_problem: Callable[..., Problem],
) -> None:
    """A window cut at the shift change becomes one demand per slice and day, each worth its
    minutes: 06:00-14:00 met by the early shift, 14:00-22:00 by the late one; a slice no
    shift spans is left out."""
    window = CoverageWindow(start="06:00", end="23:00", min_staff=2, weight_under=3)
    problem = tight_problem(weeks=1, shift_demands=(), coverage_windows=(window,))
    demands = [demand.row for demand in construct._day_demands(problem)]
    assert len(demands) == 2 * 7
    first_day = sorted(
        (sorted(demand.cells), demand.min_staff, demand.weight_under)
        for demand in demands
        if {d for d, _ in demand.cells} == {0}
    )
    assert first_day == [([(0, 0)], 2, 3 * 8 * 60), ([(0, 1)], 2, 3 * 8 * 60)]


def test_a_weekend_worked_is_worked_on_both_days_where_it_costs_nothing_more() -> None:
    """One person with one weekend and two shifts to give, asked for every day, who wishes to
    work the first Saturday: any second shift leaves the same shortfall, and the Sunday beside
    it keeps the other weekend's shifts for someone else's weekend."""
    monday = date(2026, 12, 7)
    problem = Problem(
        start=monday,
        days=14,
        shift_types=(ShiftType(code="D", start="09:00", end="17:00"),),
        staff=(Staff(id="S0", rules=StaffRules(max_weekends=1, max_total_hours=16)),),
        shift_demands=(ShiftDemand(shift="D", min_staff=1, weight_under=100),),
        requests=(ShiftRequest(staff_id="S0", date=date(2026, 12, 12), weight=10),),
        rules=Rules(max_hours_per_week=None),
        # Without these the wish for a run of days would choose the Sunday too.
        weights=Weights(isolated_work_day=0, isolated_day_off=0),
    )
    for seed in range(4):
        cells = build_person_by_person(problem, time_limit_s=5.0, seed=seed)
        assert cells is not None
        assert sorted(d for _, d, _ in cells) == [5, 6], seed


def test_a_shift_few_others_could_work_comes_before_a_wish() -> None:
    """The first person drawn can give one shift, wanted on Monday and on Tuesday, and wishes to
    work the Tuesday; the two drawn after them are on leave on Monday. They take the Monday, which
    no one after them could staff, and leave the Tuesday to the others: without the lean to
    scarce shifts the wish would win and Monday would stay short."""
    monday = date(2026, 12, 7)
    problem = Problem(
        start=monday,
        days=2,
        shift_types=(ShiftType(code="D", start="09:00", end="17:00"),),
        staff=tuple(Staff(id=f"S{k}", rules=StaffRules(max_total_hours=8)) for k in range(3)),
        shift_demands=(ShiftDemand(shift="D", min_staff=1, max_staff=1, weight_under=100),),
        leave=tuple(Leave(staff_id=f"S{k}", start=monday, end=monday) for k in (1, 2)),
        requests=(ShiftRequest(staff_id="S0", date=monday + timedelta(days=1), weight=1),),
        rules=Rules(max_hours_per_week=None),
        weights=Weights(isolated_work_day=0, isolated_day_off=0),
    )
    for seed in range(4):
        cells = build_person_by_person(problem, time_limit_s=5.0, seed=seed)
        assert cells is not None
        assert {d for e, d, _ in cells if e == 0} == {0}, seed
        assert sorted(d for _, d, _ in cells) == [0, 1], seed
