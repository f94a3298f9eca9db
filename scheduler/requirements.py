"""The coverage the objective weighs, as plain counts: how many of some cells are worked, and
what each person short of a min or over a max costs. Shared by the models that weigh coverage
cell by cell rather than through the full CP-SAT model: the rota drawn person by person
(``scheduler.construct``) and the bound from prices on coverage (``scheduler.pricing``).
"""

from __future__ import annotations

from dataclasses import dataclass

from models import CoverageWindow, Problem, ShiftDemand
from scheduler.constraints.coverage import counts_for
from scheduler.penalty import weight_or_default
from scheduler.timeline import window_slices


@dataclass(frozen=True)
class CoverageRow:
    """One soft shift demand on one day, or one slice of a coverage window on one day: the
    people of ``counting`` who work any of its ``cells`` (day, shift type) count toward it.
    Each person short of ``min_staff`` costs ``weight_under``, each over ``max_staff``
    ``weight_over`` (for a slice: the window's weights times the slice's minutes)."""

    cells: frozenset[tuple[int, int]]
    counting: frozenset[int]
    min_staff: int
    max_staff: int | None
    weight_under: int
    weight_over: int

    @property
    def weighs_under(self) -> bool:
        """Whether a shortfall below the min costs anything."""
        return self.min_staff > 0 and self.weight_under > 0

    @property
    def weighs_over(self) -> bool:
        """Whether a surplus above the max costs anything."""
        return self.max_staff is not None and self.weight_over > 0

    def cost(self, working: int) -> int:
        """What the row costs when ``working`` people count toward it."""
        cost = self.weight_under * max(0, self.min_staff - working)
        if self.max_staff is not None:
            cost += self.weight_over * max(0, working - self.max_staff)
        return cost


def coverage_rows(problem: Problem) -> list[CoverageRow]:
    """Every soft shift demand on every day it applies and every slice of every coverage window
    on every day it applies, where a shortfall or a surplus costs something. A slice no shift
    spans is a row with no cells: its shortfall is a constant of every rota."""
    counting_for: dict[tuple[str | None, str | None], frozenset[int]] = {}

    def counting(requirement: ShiftDemand | CoverageWindow) -> frozenset[int]:
        key = (requirement.skill, requirement.team)
        if key not in counting_for:
            counting_for[key] = frozenset(
                e for e, person in enumerate(problem.staff) if counts_for(person, requirement)
            )
        return counting_for[key]

    rows = []
    codes = [shift.code for shift in problem.shift_types]
    for demand in problem.shift_demands:
        if demand.hard:
            continue
        under = weight_or_default(demand.weight_under, problem.weights.demand_under)
        over = weight_or_default(demand.weight_over, problem.weights.demand_over)
        for d in demand.days_within(problem.horizon):
            cells = frozenset({(d, codes.index(demand.shift))})
            rows.append(
                CoverageRow(
                    cells, counting(demand), demand.min_staff, demand.max_staff, under, over
                )
            )
    for window in problem.coverage_windows:
        under = weight_or_default(window.weight_under, problem.weights.uncovered)
        over = weight_or_default(window.weight_over, problem.weights.overstaffed)
        for d in window.days_within(problem.horizon):
            for piece in window_slices(problem, window, d):
                rows.append(
                    CoverageRow(
                        piece.covering,
                        counting(window),
                        window.min_staff,
                        window.max_staff,
                        under * piece.minutes,
                        over * piece.minutes,
                    )
                )
    return [row for row in rows if row.weighs_under or row.weighs_over]
