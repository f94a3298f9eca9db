"""Rotation quality: keep one shift type through a run of working days, rotate forward
(A → B → C rather than back), and avoid single working days and single days off."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models import ObjectiveFamily, Problem
from scheduler.penalty import Penalty
from scheduler.variables import Literal, RotaVars


def _all_of(model: cp_model.CpModel, literals: list[Literal]) -> Literal:
    """A Boolean that is true exactly when every literal is true."""
    both = model.new_bool_var("")
    for literal in literals:
        model.add_implication(both, literal)
    model.add_bool_or([*(literal.Not() for literal in literals), both])
    return both


def _any_of(model: cp_model.CpModel, literals: list[Literal]) -> Literal:
    """A Boolean that is true exactly when at least one literal is true."""
    anything = model.new_bool_var("")
    model.add_max_equality(anything, literals)
    return anything


def _consecutive_days(problem: Problem, v: RotaVars) -> list[tuple[int, int]]:
    """Pairs (d, next day), wrapping at the end when the rota is cyclic."""
    pairs = []
    for d in range(problem.days):
        following = v.day(d + 1)
        if following is not None and following != d:
            pairs.append((d, following))
    return pairs


def add_shift_changes(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Working two days in a row on different shift types costs ``shift_change``: a person keeps
    one shift type through a run of working days."""
    weight = problem.weights.shift_change
    if weight == 0 or len(problem.shift_types) < 2:
        return []
    penalties = []
    for e, person in enumerate(problem.staff):
        for d, following in _consecutive_days(problem, v):
            new_types = [
                _all_of(model, [v.shift[e][following][s], v.shift[e][d][s].Not()])
                for s in range(len(problem.shift_types))
            ]
            changed = _all_of(model, [v.works[e][d], _any_of(model, new_types)])
            penalties.append(
                Penalty(ObjectiveFamily.SHIFT_CHANGE, weight, changed, staff_id=person.id, day=d)
            )
    return penalties


def add_backward_rotation(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Following a shift with one that starts earlier the next day (B then A, N then D) costs
    ``backward_rotation``: forward rotation gives the body time to adjust."""
    weight = problem.weights.backward_rotation
    shifts = problem.shift_types
    backward_pairs = [
        (s, t)
        for s, first in enumerate(shifts)
        for t, second in enumerate(shifts)
        if s != t and second.start < first.start
    ]
    if weight == 0 or not backward_pairs:
        return []
    penalties = []
    for e, person in enumerate(problem.staff):
        for d, following in _consecutive_days(problem, v):
            backward = _any_of(
                model,
                [
                    _all_of(model, [v.shift[e][d][s], v.shift[e][following][t]])
                    for s, t in backward_pairs
                ],
            )
            penalties.append(
                Penalty(
                    ObjectiveFamily.BACKWARD_ROTATION, weight, backward, staff_id=person.id, day=d
                )
            )
    return penalties


def add_isolated_days(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """A single working day between two days off costs ``isolated_work_day``; a single day off
    between two working days costs ``isolated_day_off``."""
    weights = problem.weights
    if problem.days < 3 or (weights.isolated_work_day == 0 and weights.isolated_day_off == 0):
        return []
    penalties = []
    for e, person in enumerate(problem.staff):
        works = v.works[e]
        for d in range(problem.days):
            before, after = v.day(d - 1), v.day(d + 1)
            if before is None or after is None:
                continue
            if weights.isolated_work_day:
                lone = _all_of(model, [works[d], works[before].Not(), works[after].Not()])
                penalties.append(
                    Penalty(
                        ObjectiveFamily.ISOLATED_WORK_DAY,
                        weights.isolated_work_day,
                        lone,
                        staff_id=person.id,
                        day=d,
                    )
                )
            if weights.isolated_day_off:
                lone = _all_of(model, [works[d].Not(), works[before], works[after]])
                penalties.append(
                    Penalty(
                        ObjectiveFamily.ISOLATED_DAY_OFF,
                        weights.isolated_day_off,
                        lone,
                        staff_id=person.id,
                        day=d,
                    )
                )
    return penalties
