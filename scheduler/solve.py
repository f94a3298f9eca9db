"""The engine's one entry point, ``solve(problem) -> SolveResult``. Pure: no I/O, no globals."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models import Assignment, ObjectiveTerm, Problem, Rota
from scheduler.analysis import explain_shortfalls, find_structural_gaps
from scheduler.model import RotaModel, build_model
from scheduler.result import SolveResult, SolveStatus
from scheduler.validate import validate


@dataclass(frozen=True)
class Progress:
    """A snapshot of a running solve, reported each time a better rota is found."""

    elapsed_s: float
    objective: int
    best_bound: int


ProgressCallback = Callable[[Progress], None]

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.INVALID,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Notes when the first rota was found and passes progress on to the caller."""

    def __init__(self, started: float, on_progress: ProgressCallback | None) -> None:
        super().__init__()
        self._started = started
        self._on_progress = on_progress
        self.first_solution_s: float | None = None

    def on_solution_callback(self) -> None:
        elapsed = time.perf_counter() - self._started
        if self.first_solution_s is None:
            self.first_solution_s = elapsed
        if self._on_progress is not None:
            self._on_progress(
                Progress(elapsed, round(self.ObjectiveValue()), round(self.BestObjectiveBound()))
            )


def solve(
    problem: Problem,
    *,
    time_limit_s: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
) -> SolveResult:
    """Draw the best rota for ``problem`` within the time limit.

    An infeasible or timed-out run returns its status with no rota; it does not raise.
    """
    started = time.perf_counter()
    gaps = find_structural_gaps(problem)
    built = build_model(problem)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    watcher = _Watcher(started, on_progress)
    status = _STATUS.get(solver.solve(built.model, watcher), SolveStatus.UNKNOWN)
    wall = time.perf_counter() - started
    if not status.has_rota:
        return SolveResult(
            status=status,
            wall_time_s=wall,
            structural_gaps=gaps,
            message=_no_rota_message(status, time_limit_s),
        )
    rota = _read_rota(problem, built, solver)
    report = explain_shortfalls(problem, rota, validate(problem, rota))
    return SolveResult(
        status=status,
        rota=rota,
        report=report.model_copy(update={"structural_gaps": gaps}),
        objective=round(solver.objective_value),
        best_bound=round(solver.best_objective_bound),
        wall_time_s=wall,
        first_solution_s=watcher.first_solution_s,
        terms=_terms(problem, built, solver),
        structural_gaps=gaps,
    )


def _no_rota_message(status: SolveStatus, time_limit_s: float) -> str:
    if status is SolveStatus.INFEASIBLE:
        return (
            "No rota can keep every hard rule: check approved leave, pins, weekly hours and the "
            "rules on consecutive days against the number of staff."
        )
    if status is SolveStatus.UNKNOWN:
        return f"No rota found within {time_limit_s:g} s; allow more time."
    return "The model could not be built; please report this as a bug."


def _read_rota(problem: Problem, built: RotaModel, solver: cp_model.CpSolver) -> Rota:
    """The assignments of the solution."""
    shifts = built.variables.shift
    assignments = [
        Assignment(staff_id=person.id, date=problem.horizon.date_of(d), shift=shift.code)
        for e, person in enumerate(problem.staff)
        for d in range(problem.days)
        for s, shift in enumerate(problem.shift_types)
        if solver.boolean_value(shifts[e][d][s])
    ]
    return Rota(start=problem.start, days=problem.days, assignments=tuple(assignments))


def _terms(
    problem: Problem, built: RotaModel, solver: cp_model.CpSolver
) -> tuple[ObjectiveTerm, ...]:
    """The non-zero penalties of the solution, as the model computed them."""
    terms = []
    for penalty in built.penalties:
        amount = round(solver.value(penalty.amount))
        if amount == 0 or penalty.weight == 0:
            continue
        terms.append(
            ObjectiveTerm(
                family=penalty.family,
                amount=amount,
                weight=penalty.weight,
                staff_id=penalty.staff_id,
                date=None if penalty.day is None else problem.horizon.date_of(penalty.day),
                team=penalty.team,
                explanation=penalty.explanation,
            )
        )
    return tuple(terms)
