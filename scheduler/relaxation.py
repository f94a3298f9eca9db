"""A lower bound on what any rota costs, from a linear programme a simplex solver solves in
seconds on rotas where CP-SAT's search gives no bound in a minute (Curtois 13 and 19: 0 at 60 s).

The programme is the linear relaxation of a lighter model of the same problem: the rules that
limit how much each person can work (leave, pins, hours, days off, weekends, shift counts) and
the terms the objective weighs on coverage and on wishes. The rules on sequences (rest,
forbidden successions, runs) are left out, and so are the terms on fairness and on the shape of
the rota, which are never negative. Every rota keeps the rules that are left and costs at least
the terms that are left, so the programme's optimum, rounded up, bounds every rota from below.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model, cp_model_helper

from models import Problem
from scheduler.constraints.coverage import add_coverage_windows, add_shift_demands
from scheduler.constraints.leave import add_requested_leave
from scheduler.constraints.requests import add_requests
from scheduler.constraints.rest import add_forbidden_sequences, add_min_rest
from scheduler.constraints.sequences import add_runs_of_days, add_shift_type_runs
from scheduler.model import HARD_RULES, RuleFamily
from scheduler.penalty import Penalty
from scheduler.pricing import PricingBound
from scheduler.variables import create_variables

SEQUENCE_RULES: tuple[RuleFamily, ...] = (
    add_min_rest,
    add_forbidden_sequences,
    add_runs_of_days,
    add_shift_type_runs,
)
CAPACITY_RULES: tuple[RuleFamily, ...] = tuple(f for f in HARD_RULES if f not in SEQUENCE_RULES)
"""The hard rules of the relaxation: every hard rule of the model but those on sequences, that is,
how much each person can work, and when."""

COVERAGE_TERMS: tuple[RuleFamily, ...] = (add_coverage_windows, add_shift_demands)
WISH_TERMS: tuple[RuleFamily, ...] = (add_requests, add_requested_leave)
"""The objective's terms in the relaxation: coverage first, then wishes too. With coverage alone
the programme solves several times faster (Curtois 13: 6 s against 18 s with GLOP), so that
bound comes first and the tighter one after it, from the first one's basis."""

_INTEGRAL_TOLERANCE = 1e-6
"""Relative slack before rounding the programme's optimum up, for the solver's own rounding."""

_NICENESS = 10
"""The niceness of the thread working out the bound (``_yield_to_the_searches``). Where both
cores are busy it then gets about a tenth of one. At 19, the lowest priority, it got next to
nothing there: on Curtois 15, whose full search runs beside the drawing, not even the first
programme was solved in 60 s (bound 2872 from CP-SAT; 3696 at 10, benchmarks/README.md)."""

_JOIN_S = 0.5
"""How long ``RelaxationBound.stop`` waits for an interrupted solve to return."""

_HUGE = 2**62
"""Bounds beyond this stand for no bound in CP-SAT's models (they use the int64 limits)."""


@dataclass(frozen=True)
class Objective:
    """A linear objective of a CP-SAT model: ``scale * (sum(coefficient * ref) + offset)``."""

    refs: tuple[int, ...]
    coefficients: tuple[int, ...]
    offset: float = 0.0
    scale: float = 1.0

    @classmethod
    def of(cls, proto: cp_model_helper.CpModelProto) -> Objective:
        """The objective of a model's proto."""
        written = proto.objective
        scale = written.scaling_factor or 1.0
        return cls(tuple(written.vars), tuple(written.coeffs), written.offset, scale)


@dataclass
class _Rows:
    """A linear programme being written: row bounds and coefficients by column."""

    lower: list[float]
    upper: list[float]
    terms: list[dict[int, float]]

    def add(self, lower: float, upper: float, terms: Iterable[tuple[int, float]]) -> None:
        """Add ``lower <= sum(coefficient * column) <= upper``; repeated columns add up."""
        row: dict[int, float] = {}
        for column, coefficient in terms:
            row[column] = row.get(column, 0.0) + coefficient
        self.lower.append(lower)
        self.upper.append(upper)
        self.terms.append(row)


def _literal(ref: int) -> tuple[int, float, float]:
    """A literal of CP-SAT's model as (column, coefficient, constant): ``not x`` is ``1 - x``."""
    return (ref, 1.0, 0.0) if ref >= 0 else (-ref - 1, -1.0, 1.0)


def _literal_terms(refs: Sequence[int]) -> tuple[list[tuple[int, float]], float]:
    """The sum of some literals as column terms and a constant."""
    literals = [_literal(ref) for ref in refs]
    return [(column, sign) for column, sign, _ in literals], sum(c for _, _, c in literals)


def _linear_terms(refs: Sequence[int], coefficients: Sequence[int]) -> list[tuple[int, float]]:
    """``sum(coefficient * ref)`` as column terms. In a linear expression a negated ref stands
    for ``-x``, as CP-SAT reads it (OR-Tools' Python layer writes ``not x`` as ``1 - x``)."""
    return [
        (ref, float(k)) if ref >= 0 else (-ref - 1, -float(k))
        for ref, k in zip(refs, coefficients, strict=True)
    ]


def _finite(value: float, infinity: float) -> float:
    if value >= _HUGE:
        return infinity
    if value <= -_HUGE:
        return -infinity
    return value


def _relaxed_rows(proto: cp_model_helper.CpModelProto, infinity: float) -> _Rows:
    """The rows of the linear relaxation of a CP-SAT model.

    A linear constraint is kept over the hull of its domain, a clause as "the sum of its
    literals is at least 1", at-most-one and exactly-one as sums, an implication ``a => b`` as
    ``b >= a``, and ``t == max(e...)`` as ``t >= e`` for each ``e``. Any other constraint, and a
    linear one that holds only when a literal is true, is left out: leaving a constraint out
    only lowers the optimum.
    """
    rows = _Rows([], [], [])
    for constraint in proto.constraints:
        enforced = list(constraint.enforcement_literal)
        if constraint.has_bool_and():
            conditions = [_literal(ref) for ref in enforced]
            condition_constant = sum(offset for _, _, offset in conditions)
            for ref in constraint.bool_and.literals:
                # Each consequence is at least the conjunction of the conditions.
                column, sign, offset = _literal(ref)
                terms = [(column, sign)] + [(c, -s) for c, s, _ in conditions]
                lower = 1 - len(conditions) - offset + condition_constant
                rows.add(lower, infinity, terms)
        elif enforced:
            continue
        elif constraint.has_linear():
            domain = list(constraint.linear.domain)
            terms = _linear_terms(constraint.linear.vars, constraint.linear.coeffs)
            rows.add(_finite(domain[0], infinity), _finite(domain[-1], infinity), terms)
        elif (
            constraint.has_bool_or() or constraint.has_at_most_one() or constraint.has_exactly_one()
        ):
            if constraint.has_bool_or():
                literals = list(constraint.bool_or.literals)
            elif constraint.has_at_most_one():
                literals = list(constraint.at_most_one.literals)
            else:
                literals = list(constraint.exactly_one.literals)
            terms, constant = _literal_terms(literals)
            lower = 1 - constant if not constraint.has_at_most_one() else -infinity
            upper = 1 - constant if not constraint.has_bool_or() else infinity
            rows.add(lower, upper, terms)
        elif constraint.has_lin_max():
            target = constraint.lin_max.target
            target_terms = _linear_terms(target.vars, target.coeffs)
            for expression in constraint.lin_max.exprs:
                terms = _linear_terms(expression.vars, expression.coeffs)
                lower = expression.offset - target.offset
                rows.add(lower, infinity, target_terms + [(c, -k) for c, k in terms])
    return rows


class LinearBound:
    """The linear relaxation of a CP-SAT model in GLOP, solved for one objective after another:
    each solve starts from the last one's basis. GLOP releases Python's lock while it solves,
    so it can run in a thread beside the search."""

    def __init__(self, proto: cp_model_helper.CpModelProto) -> None:
        solver = pywraplp.Solver.CreateSolver("GLOP")
        if solver is None:  # pragma: no cover - GLOP ships with OR-Tools
            raise RuntimeError("OR-Tools has no GLOP linear solver")
        self._solver = solver
        infinity = solver.infinity()
        self._columns = []
        for variable in proto.variables:
            domain = list(variable.domain)
            self._columns.append(
                solver.NumVar(_finite(domain[0], infinity), _finite(domain[-1], infinity), "")
            )
        rows = _relaxed_rows(proto, infinity)
        for lower, upper, terms in zip(rows.lower, rows.upper, rows.terms, strict=True):
            row = solver.Constraint(lower, upper)
            for column, coefficient in terms.items():
                row.SetCoefficient(self._columns[column], coefficient)

    def minimum(self, objective: Objective, time_limit_s: float) -> int | None:
        """The least value of ``objective`` over the relaxation, rounded up: a lower bound on
        the objective of every integer solution of the model. None if the time ran out."""
        cost = self._solver.Objective()
        cost.Clear()
        for column, coefficient in _linear_terms(objective.refs, objective.coefficients):
            cost.SetCoefficient(
                self._columns[column], cost.GetCoefficient(self._columns[column]) + coefficient
            )
        cost.SetMinimization()
        self._solver.SetTimeLimit(max(1, round(time_limit_s * 1000)))
        if self._solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        value = objective.scale * (float(cost.Value()) + objective.offset)
        return max(0, math.ceil(value - _INTEGRAL_TOLERANCE * max(1.0, abs(value))))

    def interrupt(self) -> None:
        """End a solve under way (from another thread); it then reports no bound."""
        self._solver.InterruptSolve()


def _relaxed_model(problem: Problem) -> tuple[cp_model.CpModel, list[Penalty], list[Penalty]]:
    """The lighter model of ``problem``: its penalties on coverage, and on wishes."""
    model = cp_model.CpModel()
    variables = create_variables(problem, model)
    for family in CAPACITY_RULES:
        family(model, problem, variables)
    coverage = [p for f in COVERAGE_TERMS for p in f(model, problem, variables)]
    wishes = [p for f in WISH_TERMS for p in f(model, problem, variables)]
    return model, coverage, wishes


def _objective_of(model: cp_model.CpModel, penalties: list[Penalty]) -> Objective:
    """The objective of minimising ``penalties``, as CP-SAT writes it."""
    model.minimize(sum(p.weight * p.amount for p in penalties if p.weight))
    return Objective.of(model.proto)


def _yield_to_the_searches() -> None:
    """Give the calling thread a low CPU priority, where the system allows it per thread
    (Linux): it then runs mostly on cores the searches leave idle, such as the second core while
    a rota is drawn person by person, and takes little from the searches when they use every
    core."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not permitted
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICENESS)


class RelaxationBound:
    """The relaxation's bound, worked out in a thread: first on coverage, then on coverage and
    wishes; with ``pricing``, then the bound from prices on coverage (``scheduler.pricing``)
    for the rest of the time, where people can be drawn one by one. ``best`` is the highest
    bound found so far (0 before the first)."""

    def __init__(self, problem: Problem, time_limit_s: float, *, pricing: bool = False) -> None:
        self.best = 0
        self._problem = problem
        self._time_limit_s = time_limit_s
        self._pricing = pricing
        self._current: LinearBound | PricingBound | None = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="shiftplan-bound", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        deadline = time.perf_counter() + self._time_limit_s
        _yield_to_the_searches()
        try:
            model, coverage, wishes = _relaxed_model(self._problem)
            objectives = [_objective_of(model, coverage)]
            if any(p.weight for p in wishes):
                objectives.append(_objective_of(model, coverage + wishes))
            linear = LinearBound(model.proto)
            if not self._start(linear):
                return
            for objective in objectives:
                left = deadline - time.perf_counter()
                if left <= 0 or self._stopped.is_set():
                    return
                found = linear.minimum(objective, left)
                if found is None:
                    return
                self.best = max(self.best, found)
            left = deadline - time.perf_counter()
            if self._pricing and left > 0:
                pricing = PricingBound(self._problem)  # no bound where it does not apply
                if self._start(pricing):
                    pricing.run(left, on_better=self._offer)
        except BaseException as error:  # re-raised in the caller's thread by stop()
            self._error = error

    def _start(self, work: LinearBound | PricingBound) -> bool:
        """Make ``work`` the one ``stop`` interrupts; False if stopped already."""
        with self._lock:
            if self._stopped.is_set():
                return False
            self._current = work
            return True

    def _offer(self, bound: int) -> None:
        self.best = max(self.best, bound)

    def wait(self) -> int:
        """Wait for the work to end; the best bound found."""
        self._thread.join()
        return self.stop()

    def stop(self) -> int:
        """End the work under way; the best bound found. Building the programme cannot be
        interrupted: if it is still being built, the thread is left to end on its own."""
        with self._lock:
            self._stopped.set()
            if self._current is not None:
                self._current.interrupt()
        self._thread.join(_JOIN_S)
        if self._error is not None:
            raise self._error
        return self.best


def relaxation_bound(problem: Problem, time_limit_s: float) -> int:
    """The relaxation's bound for ``problem`` (0 if the time runs out first)."""
    return RelaxationBound(problem, time_limit_s).wait()
