"""Implied constraints: consequences of the hard rules, stated outright so that the solver's
linear relaxation sees them and its lower bound rises. They remove no rota the rules allow."""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from models import Problem
from scheduler.penalty import Penalty
from scheduler.variables import RotaVars


def add_work_and_rest_windows(
    model: cp_model.CpModel, problem: Problem, v: RotaVars
) -> list[Penalty]:
    """Any ``max + min_off`` consecutive days hold at most ``max`` working days, where ``max`` is
    the person's max consecutive working days and ``min_off`` their min days off in a row.

    Why it holds: with fewer days off, every run of days off in the window touches one of its
    ends (a run inside would be too short), so the working days between them form one run longer
    than ``max``. The window clauses of the two rules alone only bound ``max + 1`` days.

    Not in a rotation timetable: there the strict model's search for a first rota needed more
    effort with these windows (RWS Example19, seeds 0-5: 4 of 6 over the 1.0 of deterministic
    time it gets, none without them; benchmarks/README.md).
    """
    if problem.rules.rotation:
        return []
    for e, person in v.people():
        rules = problem.rules_for(person)
        most, min_off = rules.max_consecutive_days, rules.min_days_off_run
        length = most + min_off
        if min_off < 2 or length > v.n_days:
            continue
        for first in range(v.n_days):
            days = v.run_days(first, length)
            if days is not None:
                model.add(sum(v.works[e][d] for d in days) <= most)
    return []


def add_shift_count_bounds(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """The number of shifts a person works lies between their min total minutes over their longest
    shift and their max total minutes over their shortest shift.

    Stated on the count of working days, this links the hours rules to the day-level rules when
    shifts differ in length (with one length the solver finds it alone).
    """
    if problem.rules.allowed_same_day:
        return []  # two shifts on one day would break the link between days and minutes
    for e, person in v.people():
        rules = problem.rules_for(person)
        lengths = {
            shift.paid_minutes for shift in problem.shift_types if person.may_ever_work(shift.code)
        }
        if len(lengths) < 2:
            continue
        days_worked = sum(v.works[e])
        if rules.min_total_minutes is not None and max(lengths) > 0:
            model.add(days_worked >= math.ceil(rules.min_total_minutes / max(lengths)))
        if rules.max_total_minutes is not None and min(lengths) > 0:
            model.add(days_worked <= rules.max_total_minutes // min(lengths))
    return []
