"""Implied constraints remove no rota the rules allow, and bind where the rules alone do not."""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from models import Problem, ShiftType, Staff, StaffRules
from scheduler.constraints.implied import add_shift_count_bounds, add_work_and_rest_windows
from scheduler.constraints.sequences import add_runs_of_days
from scheduler.constraints.workload import add_horizon_totals
from scheduler.model import RuleFamily
from scheduler.variables import create_variables

Build = Callable[..., Problem]
CountRotas = Callable[[Problem, tuple[RuleFamily, ...]], int]

A = ShiftType(code="A", start="09:00", end="17:00")
SHORT = ShiftType(code="S", start="09:00", end="13:00")


def test_work_and_rest_windows_remove_no_rota(build: Build, count_rotas: CountRotas) -> None:
    """Max 3 worked and min 2 off in a row over 11 days: the 5-day windows remove no rota."""
    problem = build(
        (A,), staff=1, days=11, rules={"max_consecutive_days": 3, "min_days_off_run": 2}
    )
    rules = (add_runs_of_days,)
    assert count_rotas(problem, rules) == count_rotas(problem, (*rules, add_work_and_rest_windows))


def test_work_and_rest_windows_are_cyclic_too(build: Build, count_rotas: CountRotas) -> None:
    """In a cyclic rota of 8 days the windows wrap, and still remove no rota."""
    problem = build(
        (A,),
        staff=1,
        days=8,
        rules={"max_consecutive_days": 2, "min_days_off_run": 3, "cyclic": True},
    )
    rules = (add_runs_of_days,)
    assert count_rotas(problem, rules) == count_rotas(problem, (*rules, add_work_and_rest_windows))


def test_work_and_rest_window_binds_where_the_lp_would_not(build: Build) -> None:
    """With max 3 worked and min 2 off, the windows alone forbid working 4 of 5 days."""
    problem = build((A,), staff=1, days=5, rules={"max_consecutive_days": 3, "min_days_off_run": 2})
    model = cp_model.CpModel()
    v = create_variables(problem, model)
    add_work_and_rest_windows(model, problem, v)
    model.add(sum(v.works[0]) >= 4)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.INFEASIBLE


def test_work_and_rest_windows_left_out_of_a_rotation_timetable(
    build: Build, count_rotas: CountRotas
) -> None:
    """In a rotation timetable the windows add nothing: the same rule as without them."""
    problem = build(
        (A,),
        staff=2,
        days=14,
        rules={"max_consecutive_days": 3, "min_days_off_run": 2, "cyclic": True, "rotation": True},
    )
    model = cp_model.CpModel()
    v = create_variables(problem, model)
    add_work_and_rest_windows(model, problem, v)
    assert len(model.proto.constraints) == 14  # only "works" as the sum of each day's shifts
    rules = (add_runs_of_days,)
    assert count_rotas(problem, rules) == count_rotas(problem, (*rules, add_work_and_rest_windows))


def test_shift_count_bounds_remove_no_rota(build: Build, count_rotas: CountRotas) -> None:
    """Shifts of 8 and 4 hours, 12-20 hours in all: the 2-5 shift bounds remove no rota."""
    person = Staff(id="S1", rules=StaffRules(min_total_hours=12, max_total_hours=20))
    problem = build((A, SHORT), staff=(person,), days=6)
    rules = (add_horizon_totals,)
    assert count_rotas(problem, rules) == count_rotas(problem, (*rules, add_shift_count_bounds))
    assert count_rotas(problem, rules) > 0
