"""Leave and pins: days people are away, wish to be away, or have been fixed by the supervisor."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models import LeaveStatus, ObjectiveFamily, Problem
from scheduler.penalty import Penalty, weight_or_default
from scheduler.variables import RotaVars


def add_approved_leave(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Nobody works on a day of their approved leave."""
    for e, person in enumerate(problem.staff):
        for d in range(problem.days):
            if problem.approved_leave_on(person.id, problem.horizon.date_of(d)):
                model.add(v.works[e][d] == 0)
    return []


def add_requested_leave(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Each day worked against requested (not yet approved) leave costs the leave's weight."""
    index = {person.id: e for e, person in enumerate(problem.staff)}
    penalties = []
    for leave in problem.leave:
        if leave.status is not LeaveStatus.REQUESTED:
            continue
        weight = weight_or_default(leave.weight, problem.weights.requested_leave)
        for d in range(problem.days):
            when = problem.horizon.date_of(d)
            if leave.covers(when):
                penalties.append(
                    Penalty(
                        ObjectiveFamily.REQUESTED_LEAVE,
                        weight,
                        v.works[index[leave.staff_id]][d],
                        staff_id=leave.staff_id,
                        day=d,
                        explanation=f"{leave.staff_id} works on {when} against requested leave",
                    )
                )
    return penalties


def add_pins(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """A pinned cell is kept: the person works the pinned shift that day, or is off if so pinned."""
    index = {person.id: e for e, person in enumerate(problem.staff)}
    codes = [shift.code for shift in problem.shift_types]
    for pin in problem.pins:
        e = index[pin.staff_id]
        d = problem.horizon.day_of(pin.date)
        if d is None:
            continue
        if pin.shift is None:
            model.add(v.works[e][d] == 0)
        else:
            model.add(v.shift[e][d][codes.index(pin.shift)] == 1)
    return []
