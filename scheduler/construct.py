"""A first rota drawn one person at a time: a hint for the full model and a rota to fall back on.

When no hard rule ties people together (no hard shift demand, no rotation timetable), every hard
rule is about one person, so solving each person alone gives a rota that keeps every hard rule.
Each person's own model weighs their wishes exactly and the coverage by what one more person
changes, given the people already placed: a shift demand still short of its min earns its under
weight, one at or over its max costs its over weight, and so does each slice of a coverage
window (``scheduler.timeline``) that a shift spans, by the slice's minutes. Among shortfalls, a
person leans to those that few of the people still to be drawn could make up (``_SCARCE_BONUS``).
People who may work the fewest shift types are drawn first, so that the most flexible fill what
the others leave. Fairness is left to the full model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models import LeaveStatus, Problem
from scheduler import greedy
from scheduler.decompose import alone
from scheduler.model import RotaModel, build_model
from scheduler.penalty import weight_or_default
from scheduler.requirements import CoverageRow, coverage_rows

Cell = tuple[int, int, int]
"""(person, day, shift type) indexes: the person works that shift that day."""


@dataclass
class _DayDemand:
    """A coverage row with the people placed on it so far, and those who could still be."""

    row: CoverageRow
    able: frozenset[int]
    """The people counting toward the row who may work one of its cells: that shift type, and not
    on approved leave that day."""
    placed: int = 0
    waiting: int = 0
    """Of ``able``, how many are still to be drawn after the person being drawn."""

    @property
    def cells(self) -> frozenset[tuple[int, int]]:
        """The (day, shift type) cells that count toward the row."""
        return self.row.cells

    @property
    def counting(self) -> frozenset[int]:
        """The people who count toward the row."""
        return self.row.counting

    def value_of_one_more(self) -> int:
        """What one more person on this shift changes in the objective (negative: it helps)."""
        row = self.row
        if self.placed < row.min_staff:
            return -row.weight_under
        if row.max_staff is not None and self.placed >= row.max_staff:
            return row.weight_over
        return 0

    def scarcity(self) -> float:
        """How much of the row's shortfall each person still to be drawn who could work it would
        have to make up: the shortfall over their number, at most 1 (1 when none is left); 0 when
        the row is not short or a shortfall costs nothing."""
        short = self.row.min_staff - self.placed
        if short <= 0 or self.row.weight_under <= 0:
            return 0.0
        return min(1.0, short / max(1, self.waiting))


_TIE_BREAK = 10
"""Each person's own objective is scaled by this before the days off in their weekends worked
are added (``_idle_weekend_days``), so those break ties only. On Curtois 13 every person's
cheapest rota left the same shortfall whether they worked a weekday or the second day of a
weekend they already worked; the one-day weekends then ran out before the weekends' shifts were
covered (benchmarks/README.md)."""

_SCARCE_BONUS = 30
"""What a shift demand left short is worth to the person being drawn beyond its shortfall, when
no one still to be drawn could work it; in proportion below that (``_DayDemand.scarcity``). It
is in units of the own objective scaled by ``_TIE_BREAK``, so 30 is 3 units: a person gives up
a wish of weight 1 or 2 for such a shift, never another shortfall. Every shortfall weighs the
same to one person, so without it the first people drawn took shifts that many after them could
still fill and left those that few could. Drawn rota of Curtois 8-19, seed 0: 7-27 % lower on
8, 10-13 and 15-19, 2 % and 8 % higher on 14 and 9; ``solve()`` at 20 s: Curtois 13 and 19 15-21 %
lower; at 60 s, 18 paired runs on 12, 13, 15 and 17-19: 13 18 % lower (4 of 4), 18 and 19 2-3 %
higher, 2.4 % lower in sum. Not with coverage windows (benchmarks/README.md)."""

_LEAST_PER_PERSON_S = 0.1
"""Each person's own search gets at least this long, even when the time limit is spent."""

_RETRY_S = 2.0
"""Time for a person's rota without objective, when neither their own search in its share nor the
day-by-day walk found one."""

_SEARCH_MISSES = 2
"""After this many people in a row whose own search found no rota in its share, the others are
drawn by the day-by-day walk first (``scheduler.greedy``): on a year-long horizon one person's
search takes seconds, so a share of a few tenths is spent in vain by each."""

_WALKS = ((1.5, 1.0), (0.5, 1.0), (0.0, 3.0), (1.5, 3.0), (0.0, 1.0), (5.0, 10.0), (0.0, 0.0))
"""The walk's (pressure, weekend lean) on each attempt until one gets through, in the order they
succeeded most often on Curtois 20–24 (each attempt takes milliseconds)."""


def can_build_person_by_person(problem: Problem) -> bool:
    """Whether every hard rule concerns one person, so people can be placed one at a time."""
    return not problem.rules.rotation and not any(d.hard for d in problem.shift_demands)


def build_person_by_person(
    problem: Problem,
    time_limit_s: float,
    seed: int = 0,
    *,
    searches_end_s: float | None = None,
) -> set[Cell] | None:
    """A rota keeping every hard rule, as the cells worked; None if some person has no rota of
    their own within their share of the time (or none at all), or the rules tie people together.

    People are drawn from the least flexible (``_drawing_order``); if someone then has no rota,
    everyone is drawn again in roster order in the time left. The time limit is shared out
    evenly, but each person gets at least 0.1 s. No person's own search starts or runs past
    ``searches_end_s`` seconds (if given): the people left then are drawn by the day-by-day
    walk, so that a time limit too short for everyone's search still gets a rota.
    """
    if not can_build_person_by_person(problem):
        return None
    started = time.perf_counter()
    searches_end = None if searches_end_s is None else started + searches_end_s
    least_flexible_first = _drawing_order(problem)
    cells = _draw(problem, least_flexible_first, time_limit_s, seed, searches_end)
    roster_order = list(range(len(problem.staff)))
    if cells is None and least_flexible_first != roster_order:
        # Measured on Curtois 22: in this order one person's walk and own model found no rota
        # of theirs, in roster order everyone had one.
        left = time_limit_s - (time.perf_counter() - started)
        cells = _draw(problem, roster_order, left, seed, searches_end)
    return cells


def _draw(
    problem: Problem,
    order: list[int],
    time_limit_s: float,
    seed: int,
    searches_end: float | None,
) -> set[Cell] | None:
    """The cells worked when people are drawn in ``order``, or None if someone has no rota.
    Past ``searches_end`` (a ``time.perf_counter`` reading) people are walked, not searched."""
    started = time.perf_counter()
    demands = _day_demands(problem)
    on_cell: dict[tuple[int, int], list[_DayDemand]] = {}
    able_for: dict[int, list[_DayDemand]] = {}
    for demand in demands:
        for cell in demand.cells:
            on_cell.setdefault(cell, []).append(demand)
        for e in demand.able:
            able_for.setdefault(e, []).append(demand)
    cells: set[Cell] = set()
    misses = 0
    for drawn, e in enumerate(order):
        for demand in able_for.get(e, []):
            demand.waiting -= 1
        now = time.perf_counter()
        left = time_limit_s - (now - started)
        share = max(_LEAST_PER_PERSON_S, left / (len(order) - drawn))
        if searches_end is not None:
            share = min(share, searches_end - now)
        mine = [demand for demand in demands if e in demand.counting]
        worked = None
        if misses < _SEARCH_MISSES and share > 0:
            worked = _best_days_alone(problem, e, mine, share, seed)
            misses = 0 if worked is not None else misses + 1
        if worked is None:
            worked = _walked_days(problem, e, mine)
        if worked is None:
            worked = _best_days_alone(problem, e, mine, _RETRY_S, seed, objective=False)
        if worked is None:
            return None
        for d, s in worked:
            cells.add((e, d, s))
            for demand in on_cell.get((d, s), []):
                if e in demand.counting:
                    demand.placed += 1
    return cells


def _drawing_order(problem: Problem) -> list[int]:
    """Staff indexes from the person who may work the fewest shift types to the one who may work
    the most (in roster order among equals). Drawn first, a person with few types takes the short
    shifts only they can fill; drawn last, a flexible person fills what is left. In roster order
    the first people were as likely to take shifts that anyone could fill (benchmarks/README.md,
    "People drawn from the least flexible")."""
    return sorted(
        range(len(problem.staff)),
        key=lambda e: sum(problem.staff[e].may_ever_work(s.code) for s in problem.shift_types),
    )


def _day_demands(problem: Problem) -> list[_DayDemand]:
    """Every coverage row that some shift counts toward (``scheduler.requirements``), with the
    people who may work one of its cells: they may work that shift type and are not on approved
    leave that day."""
    # As sets by shift type and by day, combined per row: asked person by person and row by
    # row, the 11 648 rows of a year of 150 people (Curtois 24) took 5 s.
    may_work = [
        frozenset(e for e, person in enumerate(problem.staff) if person.may_ever_work(shift.code))
        for shift in problem.shift_types
    ]
    away = [
        frozenset(
            e
            for e, person in enumerate(problem.staff)
            if problem.approved_leave_on(person.id, problem.horizon.date_of(d)) is not None
        )
        for d in range(problem.days)
    ]
    demands = []
    for row in coverage_rows(problem):
        if row.cells:
            able = frozenset().union(*(may_work[s] - away[d] for d, s in row.cells))
            able &= row.counting
            demands.append(_DayDemand(row, able, waiting=len(able)))
    return demands


def _walked_days(
    problem: Problem, e: int, demands: list[_DayDemand]
) -> list[tuple[int, int]] | None:
    """The (day, shift type) pairs of person ``e``'s rota drawn day by day, or None if the walk
    found none."""
    values = _values_alone(problem, e, demands)
    for pressure, weekend_lean in _WALKS:
        days = greedy.draw_alone(problem, e, values, pressure, weekend_lean)
        if days is not None:
            return [(d, s) for d, s in enumerate(days) if s != greedy.OFF]
    return None


def _values_alone(
    problem: Problem, e: int, demands: list[_DayDemand]
) -> dict[tuple[int, int], int]:
    """What working each (day, shift type) changes in person ``e``'s own objective and in the
    coverage, against a day off there."""
    values: dict[tuple[int, int], int] = {}
    for demand in demands:
        for key in demand.cells:
            values[key] = values.get(key, 0) + demand.value_of_one_more()
    person = problem.staff[e]
    codes = [shift.code for shift in problem.shift_types]
    for request in problem.requests:
        if request.staff_id != person.id:
            continue
        d = problem.horizon.day_of(request.date)
        if d is None:
            continue
        weight = weight_or_default(request.weight, problem.weights.request)
        # Granting a wish to work saves its weight; working against a wish costs it.
        change = -weight if request.want else weight
        shifts = range(len(codes)) if request.shift is None else [codes.index(request.shift)]
        for s in shifts:
            values[(d, s)] = values.get((d, s), 0) + change
    for leave in problem.leave:
        if leave.staff_id != person.id or leave.status is not LeaveStatus.REQUESTED:
            continue
        weight = weight_or_default(leave.weight, problem.weights.requested_leave)
        for d in range(problem.days):
            if leave.covers(problem.horizon.date_of(d)):
                for s in range(len(codes)):
                    values[(d, s)] = values.get((d, s), 0) + weight
    return values


def _idle_weekend_days(built: RotaModel) -> cp_model.LinearExpr:
    """Days off in the weekends the one person of ``built`` works, if they have a max of
    weekends: a weekend worked on one day only spends one of them on half the shifts."""
    v = built.variables
    if v.problem.rules_for(v.problem.staff[0]).max_weekends is None:
        return cp_model.LinearExpr.sum([])
    works = v.works[0]
    idle = [
        len(days) * worked - cp_model.LinearExpr.sum([works[d] for d in days])
        for worked, days in zip(v.weekend_worked[0], v.problem.horizon.weekends, strict=True)
    ]
    return cp_model.LinearExpr.sum(idle)


def _best_days_alone(
    problem: Problem,
    e: int,
    demands: list[_DayDemand],
    time_limit_s: float,
    seed: int,
    *,
    objective: bool = True,
) -> list[tuple[int, int]] | None:
    """The (day, shift type) pairs person ``e`` works in their best rota on their own, or None
    if their search finds none in time; without ``objective``, any rota of theirs."""
    built = build_model(alone(problem, e))
    shift = built.variables.shift[0]
    own = [p.weight * p.amount for p in built.penalties if p.weight]
    # Measured on shift demands only: with coverage windows (200 agents, 10 s) the rotas came
    # out 18 % worse with the lean (benchmarks/README.md).
    bonus = 0 if problem.coverage_windows else _SCARCE_BONUS
    cover = [
        (_TIE_BREAK * demand.value_of_one_more() - round(bonus * demand.scarcity())) * shift[d][s]
        for demand in demands
        for d, s in demand.cells
    ]
    cost = (
        _TIE_BREAK * cp_model.LinearExpr.sum(own)
        + cp_model.LinearExpr.sum(cover)
        + _idle_weekend_days(built)
    )
    built.model.minimize(cost if objective else 0)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    # The full linear relaxation finds rotas meeting tight hours bounds in a fraction of the time
    # the default search takes (measured on Curtois 16 and 17: 0.3 s against 3.5 s per person).
    solver.parameters.linearization_level = 2
    solver.parameters.max_time_in_seconds = max(time_limit_s, 0.01)
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [
        (d, s)
        for d in range(problem.days)
        for s in range(len(problem.shift_types))
        if solver.boolean_value(shift[d][s])
    ]
