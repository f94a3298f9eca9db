"""Fairness within each team: hours against contract, weekends, and late or on-call duty."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from models import ObjectiveFamily, Problem
from scheduler.constraints.workload import approved_leave_days, paid_minutes
from scheduler.penalty import Penalty
from scheduler.variables import RotaVars


def _teams(problem: Problem) -> dict[str, list[int]]:
    """Staff indexes per team, for teams of two or more people."""
    members: dict[str, list[int]] = defaultdict(list)
    for e, person in enumerate(problem.staff):
        members[person.team].append(e)
    return {team: people for team, people in members.items() if len(people) > 1}


def _spread(
    model: cp_model.CpModel, values: list[cp_model.LinearExprT], low: int, high: int
) -> cp_model.LinearExprT:
    """Exactly ``max(values) - min(values)``, for values within ``[low, high]``."""
    most = model.new_int_var(low, high, "")
    least = model.new_int_var(low, high, "")
    model.add_max_equality(most, values)
    model.add_min_equality(least, values)
    return most - least


def add_hours_fairness(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """In each team, paid hours relative to each person's contract are spread as evenly as possible:
    the gap between the most and least (paid + leave credit - target) costs per minute."""
    weight = problem.weights.hours_spread
    if weight == 0:
        return []
    credit_per_day = round(problem.rules.leave_day_hours * 60)
    longest = max(shift.paid_minutes for shift in problem.shift_types)
    penalties = []
    for team, people in _teams(problem).items():
        deviations: list[cp_model.LinearExprT] = []
        targets = []
        for e in people:
            person = problem.staff[e]
            target = round(problem.rules_for(person).target_minutes_per_week * problem.days / 7)
            credit = credit_per_day * approved_leave_days(problem, person, range(problem.days))
            deviations.append(paid_minutes(problem, v, e, range(problem.days)) + credit - target)
            targets.append(target)
        # A deviation lies between -target (nothing worked) and everything worked plus credit.
        bound = (longest * len(problem.shift_types) + credit_per_day) * problem.days + max(targets)
        amount = _spread(model, deviations, -bound, bound)
        penalties.append(
            Penalty(ObjectiveFamily.HOURS_SPREAD, weight, amount, team=team, explanation=team)
        )
    return penalties


def add_weekend_fairness(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """In each team, weekends worked differ as little as possible between people."""
    weight = problem.weights.weekends_spread
    weekends = len(problem.horizon.weekends)
    if weight == 0 or weekends == 0:
        return []
    return [
        Penalty(
            ObjectiveFamily.WEEKENDS_SPREAD,
            weight,
            _spread(model, [sum(v.weekend_worked[e]) for e in people], 0, weekends),
            team=team,
            explanation=team,
        )
        for team, people in _teams(problem).items()
    ]


def add_late_fairness(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """In each team, late and on-call shifts are shared as evenly as possible."""
    weight = problem.weights.late_spread
    late = [s for s, shift in enumerate(problem.shift_types) if shift.is_late]
    if weight == 0 or not late:
        return []
    most = problem.days * len(late)
    return [
        Penalty(
            ObjectiveFamily.LATE_SPREAD,
            weight,
            _spread(
                model,
                [sum(v.shift[e][d][s] for d in range(problem.days) for s in late) for e in people],
                0,
                most,
            ),
            team=team,
            explanation=team,
        )
        for team, people in _teams(problem).items()
    ]
