"""Wishes: a shift (or a day off) that a person wants or does not want on a date."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models import ObjectiveFamily, Problem
from scheduler.penalty import Penalty, weight_or_default
from scheduler.variables import RotaVars


def add_requests(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Each wish that the rota does not grant costs the wish's weight once."""
    index = {person.id: e for e, person in enumerate(problem.staff)}
    codes = [shift.code for shift in problem.shift_types]
    penalties = []
    for request in problem.requests:
        e = index[request.staff_id]
        d = problem.horizon.day_of(request.date)
        if d is None:
            continue
        worked = (
            v.works[e][d] if request.shift is None else v.shift[e][d][codes.index(request.shift)]
        )
        penalties.append(
            Penalty(
                ObjectiveFamily.REQUEST,
                weight_or_default(request.weight, problem.weights.request),
                1 - worked if request.want else worked,
                staff_id=request.staff_id,
                day=d,
                explanation=f"{request.staff_id} {request.description} on {request.date}",
            )
        )
    return penalties
