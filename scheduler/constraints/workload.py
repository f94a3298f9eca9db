"""How much each person works: per week, per horizon, per shift type, and weekends."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models import Problem, Staff
from scheduler.penalty import Penalty
from scheduler.variables import RotaVars


def paid_minutes(
    problem: Problem, v: RotaVars, e: int, days: range | tuple[int, ...]
) -> cp_model.LinearExprT:
    """Paid minutes person ``e`` works over ``days``."""
    shifts = range(len(problem.shift_types))
    cells = [v.shift[e][d][s] for d in days for s in shifts]
    # Each shift type's minutes once, repeated day by day: asked cell by cell, a year of 150
    # people made 3.5 million calls.
    per_day = [shift.paid_minutes for shift in problem.shift_types]
    return cp_model.LinearExpr.weighted_sum(cells, per_day * len(days))


def approved_leave_days(problem: Problem, person: Staff, days: range | tuple[int, ...]) -> int:
    """Days of approved leave a person has among ``days``."""
    return sum(1 for d in days if problem.approved_leave_on(person.id, problem.horizon.date_of(d)))


def add_weekly_hours(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Paid hours in each week stay under the max; in each full week, paid hours plus the credit
    for approved leave reach the min."""
    credit_per_day = round(problem.rules.leave_day_hours * 60)
    for e, person in v.people():
        rules = problem.rules_for(person)
        for week in problem.horizon.weeks:
            worked = paid_minutes(problem, v, e, week)
            if rules.max_minutes_per_week is not None:
                model.add(worked <= rules.max_minutes_per_week)
            if rules.min_minutes_per_week > 0 and len(week) == 7:
                credit = credit_per_day * approved_leave_days(problem, person, week)
                model.add(worked >= rules.min_minutes_per_week - credit)
    return []


def add_days_off_per_week(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Each full week has at least the min days off (1 by default)."""
    for e, person in v.people():
        min_off = problem.rules_for(person).min_days_off_per_week
        for week in problem.horizon.full_weeks:
            model.add(sum(v.works[e][d] for d in week) <= len(week) - min_off)
    return []


def add_max_weekends(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Nobody works more weekends than their max; a weekend counts if any of its days is worked."""
    for e, person in v.people():
        max_weekends = problem.rules_for(person).max_weekends
        if max_weekends is not None and problem.horizon.weekends:
            model.add(sum(v.weekend_worked[e]) <= max_weekends)
    return []


def add_horizon_totals(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Paid hours over the whole horizon stay within the person's bounds, and no shift type is
    worked more often than the person's max for it."""
    codes = [shift.code for shift in problem.shift_types]
    for e, person in v.people():
        rules = problem.rules_for(person)
        total = paid_minutes(problem, v, e, range(problem.days))
        if rules.max_total_minutes is not None:
            model.add(total <= rules.max_total_minutes)
        if rules.min_total_minutes is not None:
            model.add(total >= rules.min_total_minutes)
        for code, most in rules.max_shifts.items():
            s = codes.index(code)
            days = [v.shift[e][d][s] for d in range(problem.days)]
            model.add(cp_model.LinearExpr.sum(days) <= most)
    return []
