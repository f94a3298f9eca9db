"""The engine's one entry point, ``solve(problem) -> SolveResult``. Pure: no I/O, no globals."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models import Assignment, ObjectiveTerm, Problem, Rota
from scheduler.analysis import explain_shortfalls, find_structural_gaps
from scheduler.decompose import independent_parts
from scheduler.model import RotaModel, build_model
from scheduler.result import SolveResult, SolveStatus
from scheduler.validate import validate


@dataclass(frozen=True)
class Progress:
    """A snapshot of a running solve, reported each time a better rota is found.

    When the problem splits into independent parts, solved one after the other, ``objective`` and
    ``best_bound`` add up the parts finished so far and the one being solved; ``parts_done`` of
    ``parts`` are finished.
    """

    elapsed_s: float
    objective: int
    best_bound: int
    parts_done: int = 0
    parts: int = 1


ProgressCallback = Callable[[Progress], None]
StopCheck = Callable[[], bool]
"""Asked a few times a second while solving; True stops the search and keeps the best rota."""

_STOP_POLL_S = 0.1
_AFTER_STOP_S = 0.5
"""Once stopped, a part still searches this long (and until its first rota) before it ends."""

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.INVALID,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


_FULL_SEARCHES = ("max_lp", "core", "default_lp")
"""Full-problem searches in order of preference when workers are few."""


@dataclass(frozen=True)
class _PartResult:
    """The outcome of one independent part."""

    status: SolveStatus
    assignments: tuple[Assignment, ...] = ()
    terms: tuple[ObjectiveTerm, ...] = ()
    objective: int = 0
    best_bound: int = 0
    first_solution_s: float | None = None


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Notes when the first rota of a part was found and passes progress on to the caller."""

    def __init__(
        self, started: float, done: tuple[int, int, int, int], on_progress: ProgressCallback | None
    ) -> None:
        super().__init__()
        self._started = started
        self._done = done
        self._on_progress = on_progress
        self.first_solution_s: float | None = None

    def on_solution_callback(self) -> None:
        elapsed = time.perf_counter() - self._started
        if self.first_solution_s is None:
            self.first_solution_s = elapsed
        if self._on_progress is not None:
            objective, bound, parts_done, parts = self._done
            self._on_progress(
                Progress(
                    elapsed,
                    objective + round(self.ObjectiveValue()),
                    bound + round(self.BestObjectiveBound()),
                    parts_done,
                    parts,
                )
            )


def solve(
    problem: Problem,
    *,
    time_limit_s: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> SolveResult:
    """Draw the best rota for ``problem`` within the time limit.

    Independent parts of the problem (teams that share no requirement) are solved one after the
    other, each with a share of the time limit in proportion to its size. An infeasible or
    timed-out run returns its status with no rota; it does not raise.

    ``should_stop`` lets the caller end the search early (a Stop button): the part being solved
    keeps its best rota so far, and the parts not yet started get half a second each (and at
    least their first rota), so the result is still a whole rota (``stopped`` is then True).
    """
    started = time.perf_counter()
    stop = _StopFlag(should_stop)
    gaps = find_structural_gaps(problem)
    parts = independent_parts(problem)
    remaining_size = sum(_size(part) for part in parts)
    results: list[_PartResult] = []
    for index, part in enumerate(parts):
        left = max(0.05, time_limit_s - (time.perf_counter() - started))
        share = left * _size(part) / remaining_size
        remaining_size -= _size(part)
        done = (
            sum(r.objective for r in results),
            sum(r.best_bound for r in results),
            index,
            len(parts),
        )
        result = _solve_part(part, share, workers, seed, started, done, on_progress, stop)
        results.append(result)
        if not result.status.has_rota:
            break
    wall = time.perf_counter() - started
    status = _overall_status([r.status for r in results], len(parts))
    if not status.has_rota:
        return SolveResult(
            status=status,
            wall_time_s=wall,
            structural_gaps=gaps,
            message=_no_rota_message(status, time_limit_s, stop.raised),
            stopped=stop.raised,
        )
    rota = Rota(
        start=problem.start,
        days=problem.days,
        assignments=tuple(item for r in results for item in r.assignments),
    )
    report = explain_shortfalls(problem, rota, validate(problem, rota))
    first = [r.first_solution_s for r in results]
    return SolveResult(
        status=status,
        rota=rota,
        report=report.model_copy(update={"structural_gaps": gaps}),
        objective=sum(r.objective for r in results),
        best_bound=sum(r.best_bound for r in results),
        wall_time_s=wall,
        first_solution_s=None if None in first else first[-1],
        terms=tuple(term for r in results for term in r.terms),
        structural_gaps=gaps,
        parts=len(parts),
        stopped=stop.raised,
        message="Stopped on request: the best rota found until then." if stop.raised else "",
    )


class _StopFlag:
    """Whether the caller asked to stop; once raised it stays raised for the remaining parts."""

    def __init__(self, should_stop: StopCheck | None) -> None:
        self._should_stop = should_stop
        self.raised = False

    def check(self) -> bool:
        """Ask the caller (until it has said stop once)."""
        if not self.raised and self._should_stop is not None and self._should_stop():
            self.raised = True
        return self.raised

    def watch(
        self, solver: cp_model.CpSolver, has_rota: Callable[[], bool]
    ) -> threading.Event | None:
        """Beside a running search, stop it once asked to and it has a rota; set the event to end.

        The search is stopped only once it has a rota (and has run ``_AFTER_STOP_S``), so that a
        stop never throws away the parts already solved.
        """
        if self._should_stop is None:
            return None
        finished = threading.Event()
        began = time.perf_counter()

        def poll() -> None:
            while not finished.wait(_STOP_POLL_S):
                ran = time.perf_counter() - began
                if self.check() and has_rota() and ran >= _AFTER_STOP_S:
                    solver.stop_search()
                    return

        threading.Thread(target=poll, name="shiftplan-stop", daemon=True).start()
        return finished


def _size(part: Problem) -> int:
    return len(part.staff) * part.days * len(part.shift_types)


def _overall_status(statuses: list[SolveStatus], parts: int) -> SolveStatus:
    """Optimal only if every part is; the first part without a rota decides otherwise."""
    for status in statuses:
        if not status.has_rota:
            return status
    if len(statuses) == parts and all(s is SolveStatus.OPTIMAL for s in statuses):
        return SolveStatus.OPTIMAL
    return SolveStatus.FEASIBLE


def _solve_part(
    part: Problem,
    time_limit_s: float,
    workers: int,
    seed: int,
    started: float,
    done: tuple[int, int, int, int],
    on_progress: ProgressCallback | None,
    stop: _StopFlag,
) -> _PartResult:
    built = build_model(part)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if workers <= len(_FULL_SEARCHES):
        # With few workers CP-SAT keeps one full search (default_lp) beside its LNS workers; on
        # rotas max_lp's stronger relaxation proves optimality where default_lp's bound stays at
        # zero (benchmarks/README.md has the measurements).
        solver.parameters.subsolvers.extend(_FULL_SEARCHES)
    watcher = _Watcher(started, done, on_progress)
    finished = stop.watch(solver, lambda: watcher.first_solution_s is not None)
    try:
        status = _STATUS.get(solver.solve(built.model, watcher), SolveStatus.UNKNOWN)
    finally:
        if finished is not None:
            finished.set()
    if not status.has_rota:
        return _PartResult(status)
    return _PartResult(
        status=status,
        assignments=_assignments(part, built, solver),
        terms=_terms(part, built, solver),
        objective=round(solver.objective_value),
        best_bound=round(solver.best_objective_bound),
        first_solution_s=watcher.first_solution_s,
    )


def _no_rota_message(status: SolveStatus, time_limit_s: float, stopped: bool) -> str:
    if status is SolveStatus.INFEASIBLE:
        return (
            "No rota can keep every hard rule: check approved leave, pins, weekly hours and the "
            "rules on consecutive days against the number of staff."
        )
    if status is SolveStatus.UNKNOWN and stopped:
        return "Stopped on request before any rota was found."
    if status is SolveStatus.UNKNOWN:
        return f"No rota found within {time_limit_s:g} s; allow more time."
    return "The model could not be built; please report this as a bug."


def _assignments(
    problem: Problem, built: RotaModel, solver: cp_model.CpSolver
) -> tuple[Assignment, ...]:
    """The assignments of the solution."""
    shifts = built.variables.shift
    return tuple(
        Assignment(staff_id=person.id, date=problem.horizon.date_of(d), shift=shift.code)
        for e, person in enumerate(problem.staff)
        for d in range(problem.days)
        for s, shift in enumerate(problem.shift_types)
        if solver.boolean_value(shifts[e][d][s])
    )


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
