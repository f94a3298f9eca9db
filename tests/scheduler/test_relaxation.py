"""The linear relaxation's lower bound: how CP-SAT's constraints become rows, and the bound on
rotas whose cost the staff's capacity alone decides."""

from __future__ import annotations

from datetime import date

import pytest
from ortools.sat.python import cp_model

from models import Problem, Rules, ShiftDemand, ShiftType, Staff, StaffRules
from scheduler import relaxation as relaxation_module
from scheduler import solve as solve_module
from scheduler.relaxation import LinearBound, Objective, RelaxationBound, relaxation_bound
from scheduler.solve import solve
from scheduler.validate import validate

MONDAY = date(2026, 12, 7)
DAY = ShiftType(code="D", start="09:00", end="17:00")


def _least(model: cp_model.CpModel) -> int | None:
    """The relaxation's bound on the model's own objective."""
    return LinearBound(model.proto).minimum(Objective.of(model.proto), 10)


def test_a_clause_binds_its_literals() -> None:
    model = cp_model.CpModel()
    worked, paid = model.new_bool_var("worked"), model.new_bool_var("paid")
    model.add(worked == 1)
    model.add_bool_or([worked.Not(), paid])
    model.minimize(10 * paid)
    assert _least(model) == 10


def test_an_implication_binds_its_consequence() -> None:
    model = cp_model.CpModel()
    worked, paid = model.new_bool_var("worked"), model.new_bool_var("paid")
    model.add(worked == 1)
    model.add_bool_and([paid]).only_enforce_if(worked)
    model.minimize(7 * paid + 1)
    assert _least(model) == 8


def test_a_max_is_at_least_each_of_its_terms_and_the_bound_rounds_up() -> None:
    model = cp_model.CpModel()
    saturday, sunday = model.new_bool_var("saturday"), model.new_bool_var("sunday")
    weekend = model.new_bool_var("weekend")
    model.add(saturday + sunday == 1)
    model.add_max_equality(weekend, [saturday, sunday])
    model.minimize(weekend)
    # The relaxation may split the one day between Saturday and Sunday: its optimum is 1/2, and
    # every integer solution costs at least 1.
    assert _least(model) == 1


def test_a_constraint_that_holds_only_under_a_condition_is_left_out() -> None:
    model = cp_model.CpModel()
    switch, paid = model.new_bool_var("switch"), model.new_bool_var("paid")
    model.add(paid == 1).only_enforce_if(switch)
    model.add_bool_or([switch])
    model.minimize(5 * paid)
    assert _least(model) == 0  # left out, so lower than the model's own optimum of 5


def _team(people: int, weeks: int, rules: StaffRules, demands: tuple[ShiftDemand, ...]) -> Problem:
    return Problem(
        start=MONDAY,
        days=7 * weeks,
        shift_types=(DAY,),
        staff=tuple(Staff(id=f"S{k}", rules=rules) for k in range(people)),
        shift_demands=demands,
        rules=Rules(max_hours_per_week=None),
    )


def test_weekends_beyond_everyone_s_max_weekends_stay_uncovered() -> None:
    # Three people, one weekend each, two weekends of three people a day: 12 weekend shifts,
    # at most 3 x 2 of them worked, so at least 6 uncovered at 100 each.
    problem = _team(
        3,
        2,
        StaffRules(max_weekends=1),
        (ShiftDemand(shift="D", weekdays=frozenset({5, 6}), min_staff=3, weight_under=100),),
    )
    bound = relaxation_bound(problem, 10)
    assert bound == 600
    result = solve(problem, time_limit_s=5, workers=2, seed=0)
    assert result.rota is not None
    assert validate(problem, result.rota).objective >= bound


def test_shifts_beyond_everyone_s_max_hours_stay_uncovered() -> None:
    # One person with at most 16 paid hours: 2 of 7 daily shifts of 8 hours.
    problem = _team(
        1,
        1,
        StaffRules(max_total_hours=16),
        (ShiftDemand(shift="D", min_staff=1, weight_under=100),),
    )
    assert relaxation_bound(problem, 10) == 500


def _weekend_team() -> Problem:
    """40 people over four weeks (3,360 cells: neighbourhood search, with the relaxation beside
    it). Weekends ask for 3 x 2 x 4 x 4 = 96 shifts; 40 people of one weekend each can work 80."""
    shifts = tuple(
        ShiftType(code=code, start=start, end=end)
        for code, start, end in (("E", "06:00", "14:00"), ("L", "14:00", "22:00"))
    )
    return Problem(
        start=MONDAY,
        days=28,
        shift_types=(*shifts, ShiftType(code="N", start="22:00", end="06:00")),
        staff=tuple(Staff(id=f"S{k}", rules=StaffRules(max_weekends=1)) for k in range(40)),
        shift_demands=tuple(
            ShiftDemand(shift=code, weekdays=frozenset({5, 6}), min_staff=4, weight_under=100)
            for code in ("E", "L", "N")
        ),
        rules=Rules(max_hours_per_week=None),
    )


@pytest.fixture
def bound_at_full_priority(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bound's thread at the searches' own priority. Its low priority is a policy for long
    solves; beside two workers on two cores it may get too little of a core in the 2 s it has
    here (a clean clone's suite once saw a bound of 0), and these tests are about the wiring and
    the bound, not the priority."""
    monkeypatch.setattr(relaxation_module, "_NICENESS", 0)


@pytest.mark.usefixtures("bound_at_full_priority")
def test_a_large_rota_reports_the_relaxation_s_bound() -> None:
    problem = _weekend_team()
    result = solve(problem, time_limit_s=4, workers=2, seed=0)
    assert result.rota is not None and result.objective is not None
    assert result.best_bound is not None
    assert result.objective == validate(problem, result.rota).objective
    assert 1_600 <= result.best_bound <= result.objective


@pytest.mark.usefixtures("bound_at_full_priority")
def test_a_core_the_searches_leave_idle_goes_on_to_price_coverage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[bool] = []

    def recording(part: Problem, time_limit_s: float, *, pricing: bool = False) -> RelaxationBound:
        made.append(pricing)
        return RelaxationBound(part, time_limit_s, pricing=pricing)

    monkeypatch.setattr(solve_module, "RelaxationBound", recording)
    monkeypatch.setattr(solve_module, "_cores", lambda: 2)
    problem = _weekend_team()
    for workers in (1, 2):
        result = solve(problem, time_limit_s=4, workers=workers, seed=0)
        assert result.rota is not None and result.best_bound is not None
        assert result.objective is not None
        assert 1_600 <= result.best_bound <= validate(problem, result.rota).objective
    assert made == [True, False]
