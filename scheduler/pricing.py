"""A lower bound from prices on coverage: every person's cheapest rota of their own, given what
each shift they work is worth to the coverage.

When no hard rule ties people together, coverage is the only term of the objective that does
(fairness does too, but it never costs less than nothing and is left out). Priced per shift, it
comes apart: each person's cheapest rota under the prices is a small CP-SAT model of their own
rules and wishes. The prices come from a linear programme that mixes, for each person, the rotas
of theirs found so far (Dantzig-Wolfe decomposition by person, priced by column generation).
Whatever the prices, the worth of the requirements at those prices plus every person's cheapest
rota bounds every rota from below (Lagrangian duality), so the bound holds after any number of
rounds. Unlike the linear relaxation (``scheduler.relaxation``) it sees every rule on sequences
and the terms on the shape of each person's rota: alone on a core for 90 s it reaches 4034 on
Curtois 12 against the relaxation's 3622, where the best rota known costs 4040, and proves 4631
optimal on Curtois 10 (benchmarks/README.md).
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from models import Problem
from scheduler.construct import can_build_person_by_person
from scheduler.decompose import alone
from scheduler.model import build_model
from scheduler.requirements import CoverageRow, coverage_rows

Cell = tuple[int, int]
"""(day, shift type index) of one person's rota."""

_SCALE = 1_000
"""Prices are fractions and CP-SAT weighs whole numbers, so a person's model weighs ``_SCALE``
times the prices, rounded; the bound allows for the rounding."""

_PERSON_S = 0.1
"""Time for one person's cheapest rota in a round. Proving it cheapest takes CP-SAT far longer
on some rotas (Curtois 16, 56 days: 0.7 s a person), but a good rota found sooner moves the
prices as well; the bound then uses CP-SAT's lower bound for that person."""

_FIRST_ROTA_S = 5.0
"""Time for a person's first rota: the programme needs one of each person's to mix."""

_SMOOTHING = 0.5
"""Share of the prices that gave the best bound so far kept in the next round's prices (the
rest from the programme's), while rounds still add rotas: Wentges' smoothing."""

_SOLVES_PER_PASS = 8
_SETTLED = 0.01
"""Between two rounds that bound, passes over everyone solve the programme again after each
eighth of the people, for prices that follow the rotas found sooner, until a pass lowers the
programme's optimum by less than 1 %: a bound is worth working out only at prices that have
settled. Alone on a core, Curtois 8 reached its bound of 1296 in 65 s with these passes and in
82 s without (benchmarks/README.md)."""

_TOLERANCE = 1e-6
"""Relative slack before rounding the bound up, for the simplex solver's own rounding."""


@dataclass(frozen=True)
class PersonRota:
    """One rota of one person: the cells worked, and what it costs them (their own terms)."""

    cells: frozenset[Cell]
    cost: int


@dataclass(frozen=True)
class Cheapest:
    """A person's cheapest rotas found under some prices, and a lower bound on the cheapest
    value of ``own cost - worth of the cells worked`` over all their rotas."""

    lower: float
    found: tuple[PersonRota, ...]
    proved: bool = False
    """Whether the cheapest found is proved the cheapest."""


class PersonModel:
    """One person's CP-SAT model (``scheduler.decompose.alone``), built once, priced again and
    again: only its objective changes."""

    def __init__(self, problem: Problem, e: int) -> None:
        built = build_model(alone(problem, e), exact_runs=True)
        self._model = built.model
        self._own = built.objective()
        self.cells: dict[Cell, cp_model.IntVar] = {
            (d, s): var
            for d, day in enumerate(built.variables.shift[0])
            for s, var in enumerate(day)
            if not _is_constant(var)
        }
        """The cells this person may ever work, with their variables."""
        self._most_worked = problem.days * len(problem.shift_types)
        self._last: PersonRota | None = None
        self._solver: cp_model.CpSolver | None = None
        self._interrupted = False

    def cheapest(self, worth: dict[Cell, float], time_limit_s: float) -> Cheapest:
        """The person's cheapest rotas when each cell worked earns ``worth`` of it."""
        model = self._model
        scaled = {cell: round(_SCALE * value) for cell, value in worth.items()}
        scaled = {cell: k for cell, k in scaled.items() if k}
        # minimize() replaces the objective.
        model.minimize(
            cp_model.LinearExpr.weighted_sum(
                [self._own, *(self.cells[cell] for cell in scaled)],
                [_SCALE, *(-k for k in scaled.values())],
            )
        )
        model.proto.clear_solution_hint()
        if self._last is not None:
            for cell, var in self.cells.items():
                model.add_hint(var, cell in self._last.cells)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        # As for the rota drawn person by person (scheduler.construct): tight hours bounds need
        # the full linear relaxation.
        solver.parameters.linearization_level = 2
        solver.parameters.max_time_in_seconds = time_limit_s
        found: list[PersonRota] = []
        cells, own = self.cells, self._own

        class _Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                worked = frozenset(c for c, var in cells.items() if self.boolean_value(var))
                found.append(PersonRota(worked, int(self.value(own))))

        self._solver = solver
        if self._interrupted:
            return Cheapest(-math.inf, ())
        status = solver.solve(model, _Collect())
        self._solver = None
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or self._interrupted:
            return Cheapest(-math.inf, tuple(found))
        # Rounding moved the worth of each cell worked by at most half a unit of the scale.
        rounding = 0.5 * min(len(scaled), self._most_worked) / _SCALE
        if found:
            self._last = found[-1]
        lower = solver.best_objective_bound / _SCALE - rounding
        return Cheapest(lower, tuple(found), proved=status == cp_model.OPTIMAL)

    def interrupt(self) -> None:
        """End the search under way (from another thread), and any later one."""
        self._interrupted = True
        solver = self._solver
        if solver is not None:
            solver.stop_search()


def _is_constant(var: cp_model.IntVar) -> bool:
    domain = var.proto.domain
    return len(domain) == 2 and domain[0] == domain[1]


@dataclass(frozen=True)
class Prices:
    """The worth of one more person on each coverage row: ``under`` below its min (between 0
    and its under weight), ``over`` above its max (between minus its over weight and 0)."""

    under: tuple[float, ...]
    over: tuple[float, ...]

    def towards(self, other: Prices, share: float) -> Prices:
        """These prices moved ``share`` of the way to ``other``."""
        return Prices(
            tuple(a + share * (b - a) for a, b in zip(self.under, other.under, strict=True)),
            tuple(a + share * (b - a) for a, b in zip(self.over, other.over, strict=True)),
        )

    def of_row(self, r: int) -> float:
        """What one more person on row ``r`` is worth."""
        return self.under[r] + self.over[r]

    def worth_of_requirements(self, rows: list[CoverageRow]) -> float:
        """Each row's min times its under price plus its max times its over price: the constant
        of the Lagrangian function."""
        return sum(
            under * row.min_staff + (over * row.max_staff if row.max_staff is not None else 0.0)
            for row, under, over in zip(rows, self.under, self.over, strict=True)
        )


class _Mix:
    """The linear programme choosing a mix of each person's rotas found so far: each person's
    mix adds up to one, and each row's shortfall and surplus cost their weights."""

    def __init__(self, rows: list[CoverageRow], people: int) -> None:
        solver = pywraplp.Solver.CreateSolver("GLOP")
        if solver is None:  # pragma: no cover - GLOP ships with OR-Tools
            raise RuntimeError("OR-Tools has no GLOP linear solver")
        self._solver = solver
        self._rows = rows
        infinity = solver.infinity()
        self._under: list[pywraplp.Constraint | None] = []
        self._over: list[pywraplp.Constraint | None] = []
        self.rows_of: dict[tuple[int, int, int], list[int]] = defaultdict(list)
        """The rows each (person, day, shift type) counts toward."""
        objective = solver.Objective()
        for r, row in enumerate(rows):
            for e in row.counting:
                for d, s in row.cells:
                    self.rows_of[(e, d, s)].append(r)
            under = over = None
            if row.weighs_under:
                under = solver.Constraint(row.min_staff, infinity)
                missing = solver.NumVar(0, row.min_staff, "")
                under.SetCoefficient(missing, 1)
                objective.SetCoefficient(missing, row.weight_under)
            if row.weighs_over:
                over = solver.Constraint(-infinity, row.max_staff)
                surplus = solver.NumVar(0, infinity, "")
                over.SetCoefficient(surplus, -1)
                objective.SetCoefficient(surplus, row.weight_over)
            self._under.append(under)
            self._over.append(over)
        objective.SetMinimization()
        self._convexity = [solver.Constraint(1, 1) for _ in range(people)]
        self.rotas: list[set[frozenset[Cell]]] = [set() for _ in range(people)]

    def add(self, e: int, rota: PersonRota) -> bool:
        """Add a rota of person ``e`` to mix, unless it is there already; whether added."""
        if rota.cells in self.rotas[e]:
            return False
        self.rotas[e].add(rota.cells)
        column = self._solver.NumVar(0, self._solver.infinity(), "")
        self._solver.Objective().SetCoefficient(column, rota.cost)
        self._convexity[e].SetCoefficient(column, 1)
        counts: dict[int, int] = defaultdict(int)
        for d, s in rota.cells:
            for r in self.rows_of.get((e, d, s), ()):
                counts[r] += 1
        for r, count in counts.items():
            for side in (self._under[r], self._over[r]):
                if side is not None:
                    side.SetCoefficient(column, count)
        return True

    def solve(self) -> tuple[float, Prices] | None:
        """The programme's optimum and the rows' prices, kept within their weights; None if the
        solve was interrupted."""
        if self._solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        under, over = [], []
        for row, low, high in zip(self._rows, self._under, self._over, strict=True):
            under.append(0.0 if low is None else min(max(low.dual_value(), 0.0), row.weight_under))
            over.append(0.0 if high is None else max(min(high.dual_value(), 0.0), -row.weight_over))
        return self._solver.Objective().Value(), Prices(tuple(under), tuple(over))

    def interrupt(self) -> None:
        """End the solve under way (from another thread)."""
        self._solver.InterruptSolve()


@dataclass
class Round:
    """One round of pricing, for measuring: when it ended, the bound it gave, the programme's
    optimum after it (an upper bound on where the bounds converge), and rotas mixed so far."""

    seconds: float
    bound: float
    programme: float
    rotas: int


@dataclass
class PricingBound:
    """Rounds of pricing: each prices every person, then solves the programme for new prices.
    ``best`` is the highest bound so far, rounded up (0 before the first)."""

    problem: Problem
    best: int = 0
    rounds: list[Round] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._interrupted = threading.Event()
        self._people: list[PersonModel] = []
        self._person: PersonModel | None = None
        self._mix: _Mix | None = None

    def run(self, time_limit_s: float, *, on_better: Callable[[int], None] | None = None) -> int:
        """Price until the bound meets the programme's optimum or ``time_limit_s`` runs out;
        the best bound. ``on_better`` hears each better bound as it is found."""
        began = time.perf_counter()
        deadline = began + time_limit_s
        if not can_build_person_by_person(self.problem):
            return 0
        rows = coverage_rows(self.problem)
        mix = _Mix(rows, len(self.problem.staff))
        self._mix = mix
        # First prices: every requirement as if nobody covered it.
        best_prices = Prices(
            tuple(float(row.weight_under) if row.weighs_under else 0.0 for row in rows),
            tuple(0.0 for _ in rows),
        )
        prices, best_bound, person_s = best_prices, -math.inf, _PERSON_S
        while not self._interrupted.is_set():
            priced = self._round(rows, mix, prices, person_s, deadline)
            if priced is None:
                break
            bound, added, all_proved = priced
            if bound > best_bound:
                best_bound, best_prices = bound, prices
            if bound > 0 and math.ceil(bound - _TOLERANCE * bound) > self.best:
                self.best = math.ceil(bound - _TOLERANCE * bound)
                if on_better is not None:
                    on_better(self.best)
            solved = mix.solve()
            if solved is None:
                break
            programme, programme_prices = solved
            self.rounds.append(
                Round(time.perf_counter() - began, bound, programme, sum(map(len, mix.rotas)))
            )
            if self.best >= math.ceil(programme - _TOLERANCE * max(1.0, programme)):
                break  # the programme's optimum bounds the bounds: none can round up higher
            if added == 0 and all_proved and prices == programme_prices:
                break  # no rota of anyone's would lower the programme: it is the bound
            if added == 0 and prices == programme_prices:
                # The prices stay as they were: only longer searches can tighten the bound.
                person_s *= 2
            settled = self._settle(mix, programme, programme_prices, person_s, deadline)
            if settled is None:
                break
            # Between the prices that gave the best bound and the programme's: the programme's
            # alone swing from round to round and the bound with them.
            smoothing = _SMOOTHING if added else 0.0
            prices = best_prices.towards(settled, 1.0 - smoothing)
        return self.best

    def _settle(
        self, mix: _Mix, programme: float, prices: Prices, person_s: float, deadline: float
    ) -> Prices | None:
        """The programme's prices after passes over everyone that solve the programme again
        after every few people (``_SOLVES_PER_PASS`` solves a pass), until a pass lowers its
        optimum by less than ``_SETTLED``. None if the time ran out or the work was interrupted."""
        people = len(self.problem.staff)
        chunk = max(1, math.ceil(people / _SOLVES_PER_PASS))
        while True:
            before = programme
            for first in range(0, people, chunk):
                for e in range(first, min(first + chunk, people)):
                    left = deadline - time.perf_counter()
                    if left <= 0 or self._interrupted.is_set():
                        return None
                    cheapest = self._cheapest(e, mix, prices, min(person_s, left))
                    for rota in cheapest.found:
                        mix.add(e, rota)
                solved = mix.solve()
                if solved is None:
                    return None
                programme, prices = solved
            if before - programme <= _SETTLED * max(1.0, abs(before)):
                return prices

    def _round(
        self,
        rows: list[CoverageRow],
        mix: _Mix,
        prices: Prices,
        person_s: float,
        deadline: float,
    ) -> tuple[float, int, bool] | None:
        """Everyone priced once: the bound at ``prices``, the rotas added to the mix, and
        whether every person's cheapest rota was proved so. None if the time ran out."""
        bound = prices.worth_of_requirements(rows)
        added = 0
        all_proved = True
        for e in range(len(self.problem.staff)):
            left = deadline - time.perf_counter()
            if left <= 0 or self._interrupted.is_set():
                return None
            limit = person_s if mix.rotas[e] else _FIRST_ROTA_S
            cheapest = self._cheapest(e, mix, prices, min(limit, left))
            bound += cheapest.lower
            all_proved = all_proved and cheapest.proved
            added += sum(mix.add(e, rota) for rota in cheapest.found)
        self._person = None
        return bound, added, all_proved

    def _cheapest(self, e: int, mix: _Mix, prices: Prices, time_limit_s: float) -> Cheapest:
        """Person ``e``'s cheapest rotas at ``prices`` (their model built on first use)."""
        if e == len(self._people):
            self._people.append(PersonModel(self.problem, e))
        person = self._people[e]
        self._person = person
        if self._interrupted.is_set():  # set while the model was built
            return Cheapest(-math.inf, ())
        worth = {
            (d, s): sum(prices.of_row(r) for r in mix.rows_of.get((e, d, s), ()))
            for d, s in person.cells
        }
        return person.cheapest(worth, time_limit_s)

    def interrupt(self) -> None:
        """End the rounds (from another thread); ``best`` keeps the bound found so far."""
        self._interrupted.set()
        for part in (self._person, self._mix):
            if part is not None:
                part.interrupt()


def pricing_bound(problem: Problem, time_limit_s: float) -> int:
    """The bound from prices on coverage found in ``time_limit_s`` (0 if none)."""
    return PricingBound(problem).run(time_limit_s)
