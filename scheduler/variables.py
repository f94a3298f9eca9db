"""The decision variables of the rota model, created in one place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ortools.sat.python import cp_model, cp_model_helper

from models import Problem, Staff

BoolVar = cp_model.IntVar
Literal = cp_model_helper.Literal
"""A Boolean variable or its negation."""


@dataclass
class RotaVars:
    """``shift[e][d][s]``: person ``e`` works shift ``s`` on day ``d``; ``works[e][d]``: any shift.

    Indices follow the problem's order of staff, days and shift types.
    """

    problem: Problem
    model: cp_model.CpModel
    shift: list[list[list[BoolVar]]] = field(default_factory=list)
    works: list[list[BoolVar]] = field(default_factory=list)
    demand_slack: list[cp_model.IntVar] = field(default_factory=list)
    """Shortfall and surplus of each hard shift demand. The solver first drives their sum to 0
    (a rota that keeps every hard demand), then fixes them at 0 (``scheduler.solve``)."""

    @property
    def n_days(self) -> int:
        """Days in the horizon."""
        return self.problem.days

    @property
    def cyclic(self) -> bool:
        """Whether neighbouring days wrap from the last day to the first."""
        return self.problem.rules.cyclic

    def day(self, d: int) -> int | None:
        """The day index ``d`` refers to: wrapped when cyclic, None when outside the horizon."""
        if self.cyclic:
            return d % self.n_days
        return d if 0 <= d < self.n_days else None

    def run_days(self, first: int, length: int) -> list[int] | None:
        """Indexes of ``length`` consecutive days from ``first``; None if they leave the horizon.

        When cyclic, the days wrap around (and repeat, if ``length`` exceeds the horizon).
        """
        days = [self.day(first + k) for k in range(length)]
        if any(d is None for d in days):
            return None
        return [d for d in days if d is not None]

    def people(self) -> Iterator[tuple[int, Staff]]:
        """The people whose own rules need constraints: everyone, except in a rotation timetable,
        where the others are the first person's pattern shifted by whole weeks."""
        staff = self.problem.staff[:1] if self.problem.rules.rotation else self.problem.staff
        return iter(enumerate(staff))

    @cached_property
    def weekend_worked(self) -> list[list[BoolVar]]:
        """``weekend_worked[e][w]``: person ``e`` works at least one day of weekend ``w``."""
        result: list[list[BoolVar]] = []
        for e, person in enumerate(self.problem.staff):
            row = []
            for w, days in enumerate(self.problem.horizon.weekends):
                worked = self.model.new_bool_var(f"weekend[{person.id},{w}]")
                self.model.add_max_equality(worked, [self.works[e][d] for d in days])
                row.append(worked)
            result.append(row)
        return result


def create_variables(problem: Problem, model: cp_model.CpModel) -> RotaVars:
    """One Boolean per (person, day, shift type) and one per (person, day) for "works that day".

    When no pair of shifts may share a day, "works" is the sum of the day's shifts.

    A shift type a person may never work (not among their shift types, or a max of 0 of it) gets
    no variables: their cells for it are the constant false, which keeps year-long rosters of
    150 people and 32 shift types small enough to build.

    In a rotation timetable only the first person's days are variables: person k's day d is the
    first person's day d + 7k (wrapping), the very same variables.
    """
    variables = RotaVars(problem, model)
    never = model.new_constant(0)
    one_shift_a_day = not problem.rules.allowed_same_day
    for person in problem.staff[:1] if problem.rules.rotation else problem.staff:
        allowed = [person.may_ever_work(shift.code) for shift in problem.shift_types]
        shifts_of_person = []
        works_of_person = []
        for d in range(problem.days):
            day_shifts = [
                _new_cell(model, f"shift[{person.id},{d},{shift.code}]") if may else never
                for shift, may in zip(problem.shift_types, allowed, strict=True)
            ]
            works = _new_cell(model, f"works[{person.id},{d}]")
            if one_shift_a_day:
                # Linear, so the LP relaxation sees "works" as the sum of the day's shifts; it
                # also keeps a person to one shift a day.
                model.add(cp_model.LinearExpr.sum(day_shifts) == works)
            else:
                model.add_max_equality(works, day_shifts)
            shifts_of_person.append(day_shifts)
            works_of_person.append(works)
        variables.shift.append(shifts_of_person)
        variables.works.append(works_of_person)
    if problem.rules.rotation:
        n = problem.days
        pattern, worked = variables.shift[0], variables.works[0]
        for k in range(1, len(problem.staff)):
            variables.shift.append([pattern[(d + 7 * k) % n] for d in range(n)])
            variables.works.append([worked[(d + 7 * k) % n] for d in range(n)])
    return variables


_BOOLEAN = cp_model.Domain(0, 1)


def _new_cell(model: cp_model.CpModel, name: str) -> cp_model.IntVar:
    """A 0-1 variable, as ``model.new_bool_var`` makes it but with one shared domain: a year of
    150 people has 1.2 million cells, and a domain object built for each cost seconds."""
    return cp_model.IntVar(model.proto).with_name(name).with_domain(_BOOLEAN)
