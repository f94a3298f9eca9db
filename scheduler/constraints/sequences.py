"""Runs of consecutive days: working days, days off, and days on the same shift type."""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from models import Problem
from scheduler.penalty import Penalty
from scheduler.variables import Literal, RotaVars


def _limit_long_runs(
    model: cp_model.CpModel,
    v: RotaVars,
    days_on: Sequence[Literal],
    max_len: int,
    exempt: Sequence[bool] | None = None,
) -> None:
    """No run of ``max_len + 1`` consecutive days all true; an exempt day ends a run."""
    if v.cyclic and max_len >= v.n_days:
        if not any(exempt or ()):
            model.add_bool_or([literal.Not() for literal in days_on])
        return
    for first in range(v.n_days):
        days = v.run_days(first, max_len + 1)
        if days is not None and not (exempt and any(exempt[d] for d in days)):
            model.add_bool_or([days_on[d].Not() for d in days])


def _forbid_short_runs(
    model: cp_model.CpModel, v: RotaVars, days_on: Sequence[Literal], min_len: int
) -> None:
    """No run of true literals shorter than ``min_len`` with a false day on both sides.

    A run cut by either end of a non-cyclic horizon is exempt: the rota continues beyond it.
    """
    for length in range(1, min_len):
        for first in range(v.n_days):
            days = v.run_days(first - 1, length + 2)
            # A cyclic run needs at least one day off around it; with none it never ends.
            if days is None or (v.cyclic and length + 1 > v.n_days):
                continue
            before, *inside, after = days
            model.add_bool_or(
                [days_on[before], *(days_on[d].Not() for d in inside), days_on[after]]
            )


def add_working_day_runs(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """A run of working days is at most the person's max consecutive days (6 by default) and at
    least their min consecutive days."""
    for e, person in v.people():
        rules = problem.rules_for(person)
        _limit_long_runs(model, v, v.works[e], rules.max_consecutive_days)
        _forbid_short_runs(model, v, v.works[e], rules.min_consecutive_days)
    return []


def add_days_off_runs(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """A run of days off is at least the min days off in a row and at most the max, if any.

    Approved leave is not a day off for the max: it splits a run of days off in two.
    """
    for e, person in v.people():
        rules = problem.rules_for(person)
        days_off = [works.Not() for works in v.works[e]]
        _forbid_short_runs(model, v, days_off, rules.min_days_off_run)
        if rules.max_days_off_run is not None:
            on_leave = [
                problem.approved_leave_on(person.id, day) is not None
                for day in problem.horizon.dates()
            ]
            _limit_long_runs(model, v, days_off, rules.max_days_off_run, exempt=on_leave)
    return []


def add_shift_type_runs(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Consecutive days on the same shift type stay within that type's min and max run length."""
    codes = [shift.code for shift in problem.shift_types]
    for run in problem.rules.shift_runs:
        s = codes.index(run.shift)
        for e, _ in v.people():
            days_on = [v.shift[e][d][s] for d in range(problem.days)]
            if run.max_days is not None:
                _limit_long_runs(model, v, days_on, run.max_days)
            _forbid_short_runs(model, v, days_on, run.min_days)
    return []
