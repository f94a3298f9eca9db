"""Coverage: enough people on duty in every coverage window, and per shift type and day."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models import CoverageWindow, ObjectiveFamily, Problem, ShiftDemand, Staff
from scheduler.penalty import Penalty, weight_or_default
from scheduler.timeline import Slice, window_slices
from scheduler.variables import RotaVars


def counts_for(person: Staff, requirement: CoverageWindow | ShiftDemand) -> bool:
    """Whether a person counts toward a requirement (has its skill, belongs to its team)."""
    if requirement.skill is not None and requirement.skill not in person.skills:
        return False
    return requirement.team is None or person.team == requirement.team


def _on_duty(
    problem: Problem, v: RotaVars, window: CoverageWindow, piece: Slice
) -> cp_model.LinearExprT:
    """Number of people counting for the window who are on duty throughout the slice."""
    return sum(
        v.shift[e][d][s]
        for e, person in enumerate(problem.staff)
        if counts_for(person, window)
        for d, s in piece.covering
        if person.may_work(problem.shift_types[s].code)
    )


def _shortfall(
    model: cp_model.CpModel, missing: cp_model.LinearExprT, most: int
) -> cp_model.IntVar:
    """An integer equal to ``max(0, missing)``, where ``missing`` is at most ``most``."""
    amount = model.new_int_var(0, max(most, 0), "")
    model.add_max_equality(amount, [0, missing])
    return amount


def add_coverage_windows(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """At every minute of a coverage window at least its min people (with its skill, of its team)
    are on duty, and no more than its max. Each missing or surplus person-minute costs the
    window's weight, so a rota always comes back and every shortfall is visible."""
    penalties = []
    for window in problem.coverage_windows:
        under_weight = weight_or_default(window.weight_under, problem.weights.uncovered)
        over_weight = weight_or_default(window.weight_over, problem.weights.overstaffed)
        staff_count = sum(1 for person in problem.staff if counts_for(person, window))
        for d in range(problem.days):
            when = problem.horizon.date_of(d)
            if not window.applies_on(when):
                continue
            under: list[cp_model.LinearExprT] = []
            over: list[cp_model.LinearExprT] = []
            for piece in window_slices(problem, window, d):
                on_duty = _on_duty(problem, v, window, piece)
                under.append(
                    piece.minutes * _shortfall(model, window.min_staff - on_duty, window.min_staff)
                )
                if window.max_staff is not None:
                    surplus = _shortfall(model, on_duty - window.max_staff, staff_count)
                    over.append(piece.minutes * surplus)
            where = f"{window.description} on {when}"
            penalties.append(
                Penalty(
                    ObjectiveFamily.UNCOVERED, under_weight, sum(under), day=d, explanation=where
                )
            )
            if over:
                penalties.append(
                    Penalty(
                        ObjectiveFamily.OVERSTAFFED,
                        over_weight,
                        sum(over),
                        day=d,
                        explanation=where,
                    )
                )
    return penalties


def add_shift_demands(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """On each day a demand applies, between its min and max people work that shift type; each
    missing or surplus person costs the demand's weight, and a hard demand is never broken."""
    codes = [shift.code for shift in problem.shift_types]
    penalties = []
    for demand in problem.shift_demands:
        s = codes.index(demand.shift)
        under_weight = weight_or_default(demand.weight_under, problem.weights.demand_under)
        over_weight = weight_or_default(demand.weight_over, problem.weights.demand_over)
        counting = [e for e, person in enumerate(problem.staff) if counts_for(person, demand)]
        for d in range(problem.days):
            when = problem.horizon.date_of(d)
            if not demand.applies_on(when):
                continue
            working = sum(v.shift[e][d][s] for e in counting)
            if demand.hard:
                model.add(working >= demand.min_staff)
                if demand.max_staff is not None:
                    model.add(working <= demand.max_staff)
                continue
            where = f"{demand.description} on {when}"
            if demand.min_staff > 0:
                missing = _shortfall(model, demand.min_staff - working, demand.min_staff)
                penalties.append(
                    Penalty(
                        ObjectiveFamily.DEMAND_UNDER,
                        under_weight,
                        missing,
                        day=d,
                        explanation=where,
                    )
                )
            if demand.max_staff is not None:
                surplus = _shortfall(model, working - demand.max_staff, len(counting))
                penalties.append(
                    Penalty(
                        ObjectiveFamily.DEMAND_OVER, over_weight, surplus, day=d, explanation=where
                    )
                )
    return penalties
