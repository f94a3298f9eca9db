"""Splits a problem into parts that share no rule, so each part can be solved on its own.

Seven regional teams, each covered by its own people, are seven small rotas rather than one large
one: solving them apart gives the solver bounds it could never prove on the whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from models import CoverageWindow, Problem, ShiftDemand
from scheduler.constraints.coverage import counts_for


class _Groups:
    """Union-find over staff indexes."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, item: int) -> int:
        """The representative of ``item``'s group."""
        while self._parent[item] != item:
            self._parent[item] = self._parent[self._parent[item]]
            item = self._parent[item]
        return item

    def join(self, members: list[int]) -> None:
        """Put all ``members`` in one group."""
        for other in members[1:]:
            self._parent[self.find(other)] = self.find(members[0])


def _requirements(problem: Problem) -> list[CoverageWindow | ShiftDemand]:
    return [*problem.coverage_windows, *problem.shift_demands]


def independent_parts(problem: Problem) -> list[Problem]:
    """The problem split into parts whose staff share no requirement and no fairness team.

    Every requirement goes with the part of the people who count for it (one nobody counts for
    goes with the first part, where it is a constant shortfall). A problem that does not split
    comes back whole, as the only part.
    """
    if problem.rules.rotation:
        return [problem]  # everyone follows one pattern: nothing to split
    groups = _Groups(len(problem.staff))
    for requirement in _requirements(problem):
        counting = [e for e, person in enumerate(problem.staff) if counts_for(person, requirement)]
        groups.join(counting)
    teams: dict[str, list[int]] = defaultdict(list)
    for e, person in enumerate(problem.staff):
        teams[person.team].append(e)
    for members in teams.values():
        groups.join(members)

    roots = sorted({groups.find(e) for e in range(len(problem.staff))})
    if len(roots) == 1:
        return [problem]
    part_of = {root: index for index, root in enumerate(roots)}
    staff_part = {person.id: part_of[groups.find(e)] for e, person in enumerate(problem.staff)}
    return [_part(problem, staff_part, index) for index in range(len(roots))]


def _requirement_part(
    problem: Problem, requirement: CoverageWindow | ShiftDemand, staff_part: dict[str, int]
) -> int:
    for person in problem.staff:
        if counts_for(person, requirement):
            return staff_part[person.id]
    return 0


def _part(problem: Problem, staff_part: dict[str, int], index: int) -> Problem:
    def mine(staff_id: str) -> bool:
        return staff_part[staff_id] == index

    return problem.with_changes(
        **{
            "staff": tuple(person for person in problem.staff if mine(person.id)),
            "coverage_windows": tuple(
                window
                for window in problem.coverage_windows
                if _requirement_part(problem, window, staff_part) == index
            ),
            "shift_demands": tuple(
                demand
                for demand in problem.shift_demands
                if _requirement_part(problem, demand, staff_part) == index
            ),
            **_personal_items(problem, mine),
        }
    )


def _personal_items(problem: Problem, mine: Callable[[str], bool]) -> dict[str, object]:
    """The leave, wishes, pins and history of the people ``mine`` keeps, as problem fields."""
    return {
        "leave": tuple(item for item in problem.leave if mine(item.staff_id)),
        "requests": tuple(item for item in problem.requests if mine(item.staff_id)),
        "pins": tuple(item for item in problem.pins if mine(item.staff_id)),
        "history": tuple(item for item in problem.history if mine(item.staff_id)),
    }


def alone(problem: Problem, e: int) -> Problem:
    """Person ``e``'s own rota problem: their rules, leave, wishes, pins and history, and no
    coverage. With no rule tying people together, it holds every hard rule on them and every
    term of the objective that weighs them alone."""
    person = problem.staff[e]
    return problem.with_changes(
        staff=(person,),
        coverage_windows=(),
        shift_demands=(),
        **_personal_items(problem, lambda staff_id: staff_id == person.id),
    )
