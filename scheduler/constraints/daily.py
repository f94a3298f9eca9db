"""What a person may do on one day."""

from __future__ import annotations

from itertools import combinations

from ortools.sat.python import cp_model

from models import Problem
from scheduler.penalty import Penalty
from scheduler.variables import RotaVars


def add_one_shift_per_day(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """A person works at most one shift a day, unless the pair is explicitly allowed (A then C)."""
    codes = [shift.code for shift in problem.shift_types]
    forbidden_pairs = [
        (s, t)
        for s, t in combinations(range(len(codes)), 2)
        if not problem.rules.allows_same_day(codes[s], codes[t])
    ]
    no_pair_allowed = len(forbidden_pairs) == len(codes) * (len(codes) - 1) // 2
    for e, _ in v.people():
        for d in range(problem.days):
            day = v.shift[e][d]
            if no_pair_allowed:
                model.add_at_most_one(day)
                continue
            for s, t in forbidden_pairs:
                model.add_bool_or([day[s].Not(), day[t].Not()])
    return []
