"""Rest between shifts and forbidden successions of shifts over consecutive days."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models import DAY_OFF, Problem
from models.clock import MINUTES_PER_DAY
from scheduler.penalty import Penalty
from scheduler.variables import RotaVars


def add_min_rest(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Between the end of a shift and the start of the next on a later day there are at least
    ``min_rest_hours`` hours, measured on real clock times (across midnight too)."""
    min_rest = round(problem.rules.min_rest_hours * 60)
    shifts = problem.shift_types
    too_close = [
        (k, s, t)
        for k in (1, 2)
        for s, first in enumerate(shifts)
        for t, second in enumerate(shifts)
        if k * MINUTES_PER_DAY + second.start - first.end_minutes < min_rest
    ]
    for e, _ in v.people():
        for d in range(problem.days):
            for k, s, t in too_close:
                later = v.day(d + k)
                if later is None:
                    continue
                model.add_bool_or([v.shift[e][d][s].Not(), v.shift[e][later][t].Not()])
    return []


def add_forbidden_sequences(
    model: cp_model.CpModel, problem: Problem, v: RotaVars
) -> list[Penalty]:
    """No person works a forbidden sequence on consecutive days, e.g. C then A the next day, or
    N, a day off, then N."""
    codes = [shift.code for shift in problem.shift_types]
    followers: dict[int, list[int]] = {}
    longer = []
    for sequence in problem.rules.forbidden_sequences:
        first, *rest = sequence.pattern
        if len(rest) == 1 and DAY_OFF not in sequence.pattern:
            followers.setdefault(codes.index(first), []).append(codes.index(rest[0]))
        else:
            longer.append(sequence)
    # Public instances forbid hundreds of pairs, which as single clauses would run to tens of
    # millions. With one shift a day, the shifts sharing one set of forbidden followers and those
    # followers on the next day form an at-most-one: one constraint per set and day.
    one_a_day = not problem.rules.allowed_same_day
    groups: dict[tuple[int, ...], list[int]] = {}
    for s, followers_of_s in followers.items():
        groups.setdefault(tuple(sorted(set(followers_of_s))), []).append(s)
    for e, _ in v.people():
        for d in range(problem.days):
            following = v.day(d + 1)
            if following is None:
                continue
            today, tomorrow = v.shift[e][d], v.shift[e][following]
            for banned, firsts in groups.items():
                if one_a_day and following != d:
                    model.add_at_most_one(
                        [*(today[s] for s in firsts), *(tomorrow[t] for t in banned)]
                    )
                    continue
                for s in firsts:
                    model.add_bool_and([tomorrow[t].Not() for t in banned]).only_enforce_if(
                        today[s]
                    )
    for sequence in longer:
        for e, _ in v.people():
            for d in range(problem.days):
                days = v.run_days(d, len(sequence.pattern))
                if days is None:
                    continue
                clause = [
                    v.works[e][day] if code == DAY_OFF else v.shift[e][day][codes.index(code)].Not()
                    for code, day in zip(sequence.pattern, days, strict=True)
                ]
                model.add_bool_or(clause)
    return []
