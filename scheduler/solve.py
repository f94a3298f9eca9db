"""The engine's one entry point, ``solve(problem) -> SolveResult``. Pure: no I/O, no globals."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ortools.sat.python import cp_model

from models import Assignment, ObjectiveTerm, Problem, Rota
from scheduler import lns
from scheduler.analysis import explain_shortfalls, find_structural_gaps
from scheduler.construct import Cell, build_person_by_person, can_build_person_by_person
from scheduler.decompose import independent_parts
from scheduler.model import RotaModel, build_model
from scheduler.relaxation import RelaxationBound
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

_FINISH_PER_BUILD = 0.35
_FINISH_SHARE = 0.5
"""Time kept back from a part's search for what follows it, as a share of how long building its
model took: reading the rota out of the solver, freeing the model, checking the rota and
explaining its shortfalls. Both walk the same rows and cells, so the ratio holds on a slow
machine as on a fast one: 0.30–0.32 on Curtois 23 and 24 (24: 27–32 s of building, 9–10 s
after the search). It never takes more than ``_FINISH_SHARE`` of the part's time."""

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

_FULL_SEARCH_SHARE = 0.25
_MID_FULL_SEARCH_SHARE = 0.5
_MID_CELLS = 10_000
"""Share of a large part's time limit for the full search, before large-neighbourhood search:
a half below ``_MID_CELLS`` cells, where the full search still finds good rotas, a quarter from
there on."""

_NO_ROTA_SHARE = 0.5
"""Share of a small part's time limit after which a full search with no rota yet is stopped."""

_LNS_MIN_CELLS = 3_000
"""From this many (person, day, shift type) cells on, large-neighbourhood search takes over from
the full search after its share of the time; smaller rotas keep the full search to the end.
Lowered from 10,000: on Curtois 10, 11 and 16–18 (3,360–8,400 cells) the full search for a half
and LNS for the other beat the full search for the whole minute (17: 6644 against 9201; 14, at
1497 against 1292, is the exception; benchmarks/README.md)."""

_FULL_SEARCH_CELLS_PER_S = 2_000
"""A large part gets the full search only if it has at most this many cells per second of its
time limit: beyond, CP-SAT's presolve alone outlasts the search's share (Curtois 22, 182,000
cells: 16 s with two workers; 24, 1.7 million: over 17 s for a share of 7 s) and finds no
rota, so the time goes to the rota drawn person by person and LNS instead."""

_DRAWN_START_CELLS_PER_S = 250
"""Where a rota can be drawn person by person and the coverage is shift demands only, a large
part with more than this many cells per second of its time limit skips the full search too.
On Curtois 12, 13, 19 and 20 (16,800–60,480 cells at 60 s) the full search's share gave a
bound of 0 to 3 and rotas far worse than the drawn one; the whole minute on LNS from the drawn
rota gave medians 7–26 % lower (seeds 0 and 1, benchmarks/README.md)."""

_BESIDE_CELLS_PER_S = 100
_BESIDE_SHARE = 0.25
_MID_BESIDE_SHARE = 0.75
_BOUND_LINEARIZATION = 2
"""With two workers or more, a large part of more than ``_BESIDE_CELLS_PER_S`` cells per second
of its time limit, with a rota drawn person by person and shift demands only, runs the full
search on one worker for the lower bound (with the full linear relaxation, like the portfolio's
``max_lp`` worker), beside the drawing and improving of that rota on the others: for three
quarters of its time, a quarter from ``_MID_CELLS`` on. Measured at 60 s, seeds 0 and 1, against
the full search on both workers first (benchmarks/README.md): Curtois 15 4775 and 4971 (5314
and 5469; bound 2659 instead of 3725), 17 6223 and 6695 (6928 and 6935; bound 5722 instead of
0), 11 3449 and 3554 (3466 and 3472; bound 3437 either way). Smaller rotas keep the full
search on every worker first: there it finds the better rotas (Curtois 9: 454 and 553 beside,
441 and 442 without). On Curtois 11 a half of the time left the bound at 3: its relaxation
needs about 45 s on one worker."""

_RELAXATION_SHARE = 0.5
_RELAXATION_CELLS_PER_S = 1_100
"""A large part of at most ``_RELAXATION_CELLS_PER_S`` cells per second of its time limit works
out the linear relaxation's bound (``scheduler.relaxation``) in a thread beside the searches,
for at most half of its time, at a low priority. Alone on a core it takes under 4 s up to
Curtois 19 (16,800 cells), 17 s on Curtois 13 (60,480), about 30 s on Curtois 20 (54,600) and
over a minute on 21 (145,600, 2,427 cells per second at 60 s). At 60 s it lifts the bound from 0 to
3622 on 12, to 2694 on 19 and to 300 on 13 (benchmarks/README.md).

Where the searches leave a core idle (fewer workers than cores), the thread goes on to price
coverage (``scheduler.pricing``) for the rest of the time: that bound needs a core of its own
for about a minute on Curtois 8-12. Beside two workers on two cores it got too little of one to
lift the bound (Curtois 8-20 at 60 s: within 2 of the bound without it), so there it is left
out rather than take even a little from the searches (benchmarks/README.md)."""

_CONSTRUCTION_SHARE = 0.3
"""Most of the time left that drawing a first rota person by person may take."""

_DRAWING_SEARCHES_SHARE = 0.8
"""Each person drawn gets at least a tenth of a second for their own search, so on a large team
the drawing can take longer than ``_CONSTRUCTION_SHARE`` (200 agents: 10 s for the whole
drawing). Past this share of the time left, the people not yet drawn are walked day by day, and
the rest of the time is kept for completing the rota in the model (0.3 s there). Without it a
5 s limit on 200 agents ran 11 s and returned no rota."""


_STRICT_SHARE = 0.25
_STRICT_EFFORT = 1.0
"""With hard demands, the strict model gets a quarter of the time limit and at most 1.0 of
CP-SAT's deterministic time (its load-independent work measure) to find a first rota before the
solver minimises the demands' breaks instead (``_keep_hard_demands``). Where the strict model
succeeds on the RWS benchmarks it needed at most 0.62 (benchmarks/README.md)."""

_LNS_EFFORT = 2.5
"""Deterministic time for neighbourhood search alone on the demands' breaks; on RWS Example15
it reached 0 within 0.6–1.9 (benchmarks/README.md)."""


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
    other, each with a share of the time limit in proportion to its size. A small part gets the
    full search throughout; if it has no rota after half of its time, a first rota drawn
    person by person (when every hard rule is about one person) seeds a new full search. A
    large part (3,000 cells or more) gets the full search for half of its time, a quarter from
    10,000 cells on (for the lower bound), then the better of its rota and the one drawn person
    by person is improved by large-neighbourhood search; a part too large for the full search
    to get past its presolve in that share (``_FULL_SEARCH_CELLS_PER_S``), or, on shift demands
    only, too large for it to beat or bound the drawn rota (``_DRAWN_START_CELLS_PER_S``),
    starts from the drawn rota. Between the two, with two workers or more, the full search runs
    on one worker for the bound while the others draw and improve that rota
    (``_BESIDE_CELLS_PER_S``). Beside all of this, a large part works out the bound of a linear
    relaxation in a thread of its own (``_RELAXATION_CELLS_PER_S``), then, on a core the searches
    leave idle, the bound from prices on coverage (``scheduler.pricing``) for the rest of the
    time, and the highest of those bounds and CP-SAT's is reported. Building the model counts
    against the time limit, and so does checking the rota after the search
    (``_FINISH_PER_BUILD``). An infeasible or timed-out run returns its status with no rota; it
    does not raise.

    With hard shift demands the strict model is tried first, then their breaks are minimised
    and the search goes on from a rota that keeps them.

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
        run = _PartRun(
            workers=workers,
            seed=seed,
            started=started,
            done=(
                sum(r.objective for r in results),
                sum(r.best_bound for r in results),
                index,
                len(parts),
            ),
            on_progress=on_progress,
            stop=stop,
        )
        result = _solve_part(part, share, run)
        results.append(result)
        if not result.status.has_rota:
            break
    status = _overall_status([r.status for r in results], len(parts))
    if not status.has_rota:
        return SolveResult(
            status=status,
            wall_time_s=time.perf_counter() - started,
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
        wall_time_s=time.perf_counter() - started,
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


@dataclass(frozen=True)
class _PartRun:
    """How one part's search runs and reports back: its workers and seed, when the whole solve
    started, what the parts before it add up to (objective, bound, parts done, parts), and the
    caller's progress callback and Stop."""

    workers: int
    seed: int
    started: float
    done: tuple[int, int, int, int]
    on_progress: ProgressCallback | None
    stop: _StopFlag

    def watcher(self) -> _Watcher:
        """A watcher for one search of this part."""
        return _Watcher(self.started, self.done, self.on_progress)

    def quiet_watcher(self) -> _Watcher:
        """A watcher that reports no progress, for a search whose rotas are not the best."""
        return _Watcher(self.started, self.done, None)

    def reporter(self, bound: int) -> Callable[[int], None] | None:
        """Progress for each better rota that large-neighbourhood search finds."""
        if self.on_progress is None:
            return None
        report = self.on_progress
        objective, best_bound, parts_done, parts = self.done

        def better(found: int) -> None:
            elapsed = time.perf_counter() - self.started
            report(Progress(elapsed, objective + found, best_bound + bound, parts_done, parts))

        return better


def _size(part: Problem) -> int:
    return len(part.staff) * part.days * len(part.shift_types)


def _is_large(part: Problem) -> bool:
    """Whether the part is large enough for large-neighbourhood search (``_LNS_MIN_CELLS``)."""
    return _size(part) >= _LNS_MIN_CELLS


def _overall_status(statuses: list[SolveStatus], parts: int) -> SolveStatus:
    """Optimal only if every part is; the first part without a rota decides otherwise."""
    for status in statuses:
        if not status.has_rota:
            return status
    if len(statuses) == parts and all(s is SolveStatus.OPTIMAL for s in statuses):
        return SolveStatus.OPTIMAL
    return SolveStatus.FEASIBLE


def _solve_part(part: Problem, time_limit_s: float, run: _PartRun) -> _PartResult:
    building = time.perf_counter()
    # A small part keeps the full search to the end, where the bound decides whether it proves
    # its rota optimal; the exact run rules give that bound, but slow the searches of a large
    # part, which neighbourhood search improves (``add_runs_of_days_exactly``).
    built = build_model(part, exact_runs=not _is_large(part))
    # Building counts against the time limit (a year of 150 people and 32 shift types takes
    # half a minute of it), and so does checking the rota after the search.
    built_s = time.perf_counter() - building
    finishing = min(_FINISH_SHARE * time_limit_s, _FINISH_PER_BUILD * built_s)
    left = max(0.05, time_limit_s - built_s - finishing)
    solve_built = _solve_with_hard_demands if built.variables.demand_slack else _solve_soft
    return solve_built(part, built, left, run)


@dataclass
class _SoftSearch:
    """One part's search without hard demands, step by step: its time, the best rota so far and
    the bound, and when its first rota drawn person by person came."""

    part: Problem
    built: RotaModel
    run: _PartRun
    deadline: float
    watcher: _Watcher
    status: SolveStatus = SolveStatus.UNKNOWN
    best_bound: int = 0
    incumbent: lns.Incumbent | None = None
    first_drawn_s: float | None = None
    round_s: float = 0.0
    """How long completing the drawn rota in the model took: a neighbourhood search round takes
    as long at least."""

    @cached_property
    def copies(self) -> lns.ModelCopies:
        """The searches' copies of the model, kept from one search to the next."""
        return lns.ModelCopies(self.built)

    @property
    def large(self) -> bool:
        """Whether the part is large enough for large-neighbourhood search."""
        return _is_large(self.part)

    def left(self) -> float:
        """Seconds left of the part's time limit."""
        return max(0.05, self.deadline - time.perf_counter())

    def offer(self, found: lns.Incumbent) -> None:
        """Keep ``found`` if it beats the best rota so far."""
        if found.beats(self.incumbent):
            self.incumbent = found

    def full_search_first(self) -> None:
        """The full search on every worker: to the end on a small rota, unless it has no rota
        half way and one drawn person by person can stand in; for its share of the time on a
        large one."""
        part = self.part
        share = _FULL_SEARCH_SHARE if _size(part) >= _MID_CELLS else _MID_FULL_SEARCH_SHARE
        limit = share * self.left() if self.large else self.left()
        solver = _solver(limit, self.run.workers, self.run.seed)
        timer = threading.Timer(
            _NO_ROTA_SHARE * self.left(), _stop_if_no_rota, (solver, self.watcher)
        )
        if not self.large and can_build_person_by_person(part):
            timer.start()
        self.status = _search(solver, self.built.model, self.watcher, self.run.stop)
        timer.cancel()
        if self.status.has_rota:
            self.best_bound = round(solver.best_objective_bound)
            self.incumbent = lns.Incumbent.of(self.built, solver)

    def bound_beside(self) -> _Background:
        """The full search on one worker, for the bound, left running (``_BESIDE_SHARE``)."""
        beside = _BESIDE_SHARE if _size(self.part) >= _MID_CELLS else _MID_BESIDE_SHARE
        solver = _solver(beside * self.left(), 1, self.run.seed, full_searches=False)
        solver.parameters.linearization_level = _BOUND_LINEARIZATION
        # Its progress is not reported: its rotas trail those of the drawn rota's search.
        return _Background(solver, self.built.model, self.run.quiet_watcher(), self.run.stop)

    def draw(self, full: _Background | None) -> None:
        """A rota drawn person by person, completed in the model: on tight hours rules the full
        search can take longer than the whole time limit to find any rota, and on large rotas
        its first ones are far worse than this one. Beside a full search still running, the
        drawn rota is improved on the other workers until that search ends."""
        workers = self.run.workers - 1 if full is not None else self.run.workers
        left = self.left()
        cells = build_person_by_person(
            self.part,
            _CONSTRUCTION_SHARE * left,
            self.run.seed,
            searches_end_s=_DRAWING_SEARCHES_SHARE * left,
        )
        drawn = None
        if cells is not None:
            completing = time.perf_counter()
            values = _cell_values(self.built, cells)
            drawn = lns.complete(
                self.built, values, self.left(), workers, self.run.seed, self.copies
            )
            self.round_s = time.perf_counter() - completing
        report = self.run.reporter(self.best_bound)
        if drawn is not None:
            if self.watcher.first_solution_s is None:
                self.first_drawn_s = drawn.found_s - self.run.started
            if report is not None and drawn.beats(self.incumbent):
                report(drawn.objective)
        if drawn is not None and full is not None:
            drawn = lns.improve(
                self.built,
                drawn,
                self.left() - 0.05,
                workers,
                self.run.seed,
                should_stop=lambda: full.done() or self.run.stop.check(),
                on_better=report,
                round_s=self.round_s,
                copies=self.copies,
            )
        if full is not None:
            self.status = full.join()
            # Its bound holds even where it found no rota in its share.
            self.best_bound = max(0, round(full.solver.best_objective_bound))
            if self.status.has_rota:
                found = lns.Incumbent.of(self.built, full.solver)
                if report is not None and found.beats(drawn):
                    report(found.objective)
                self.offer(found)
        if drawn is not None:
            self.offer(drawn)

    def full_search_again(self) -> None:
        """The full search on every worker for the rest of the time, from the best rota if there
        is one."""
        solver = _solver(self.left(), self.run.workers, self.run.seed)
        if self.incumbent is not None:
            _hint_values(self.built, self.incumbent.values)
        self.status = _search(solver, self.built.model, self.watcher, self.run.stop)
        if self.status.has_rota:
            self.best_bound = round(solver.best_objective_bound)
            found = lns.Incumbent.of(self.built, solver)
            if self.incumbent is None or found.objective <= self.incumbent.objective:
                self.incumbent = found

    def improve(self, incumbent: lns.Incumbent) -> lns.Incumbent:
        """``incumbent`` improved by large-neighbourhood search to the end, on every worker."""
        return lns.improve(
            self.built,
            incumbent,
            self.left() - 0.05,
            self.run.workers,
            self.run.seed,
            self.best_bound,
            should_stop=self.run.stop.check,
            on_better=self.run.reporter(self.best_bound),
            round_s=self.round_s,
            copies=self.copies,
        )


def _solve_soft(
    part: Problem,
    built: RotaModel,
    time_limit_s: float,
    run: _PartRun,
) -> _PartResult:
    """No hard demands: the full search, a first rota drawn person by person where it helps, and
    large-neighbourhood search on large rotas (see ``solve``)."""
    search = _SoftSearch(part, built, run, time.perf_counter() + time_limit_s, run.watcher())
    large = search.large
    relaxation = None
    if large and _cells_per_s(part, time_limit_s) <= _RELAXATION_CELLS_PER_S:
        pricing = run.workers < _cores()
        share = 1.0 if pricing else _RELAXATION_SHARE
        relaxation = RelaxationBound(part, share * time_limit_s, pricing=pricing)
    full: _Background | None = None
    if not large or not _skips_full_search(part, time_limit_s):
        if large and _bound_beside(part, time_limit_s, run.workers):
            full = search.bound_beside()
        else:
            search.full_search_first()
    status = search.status
    if (
        full is not None
        or status is SolveStatus.UNKNOWN
        or (large and status is SolveStatus.FEASIBLE and _draws_after_full_rota(part))
    ):
        search.draw(full)
    if search.status is SolveStatus.UNKNOWN and (search.incumbent is None or not large):
        search.full_search_again()
    incumbent = search.incumbent
    if incumbent is None:
        if relaxation is not None:
            relaxation.stop()
        return _PartResult(search.status)
    if relaxation is not None:
        search.best_bound = max(search.best_bound, relaxation.best)
    if large and search.status is not SolveStatus.OPTIMAL:
        incumbent = search.improve(incumbent)
    if relaxation is not None:
        search.best_bound = max(search.best_bound, relaxation.stop())
    best_bound = search.best_bound
    firsts = [s for s in (search.watcher.first_solution_s, search.first_drawn_s) if s is not None]
    final = SolveStatus.OPTIMAL if incumbent.objective <= best_bound else SolveStatus.FEASIBLE
    return _PartResult(
        status=final,
        assignments=_assignments(part, built, incumbent.solver),
        terms=_terms(part, built, incumbent.solver),
        objective=incumbent.objective,
        best_bound=min(best_bound, incumbent.objective),
        first_solution_s=min(firsts, default=None),
    )


def _skips_full_search(part: Problem, time_limit_s: float) -> bool:
    """Whether a large part starts from the rota drawn person by person without a full search:
    its presolve would outlast the search's share, or (on shift demands only) the part is too
    large for the full search to find better than the drawn rota or bound it in its share."""
    density = _cells_per_s(part, time_limit_s)
    if density > _FULL_SEARCH_CELLS_PER_S:
        return True
    return _drawn_on_shift_demands(part) and density > _DRAWN_START_CELLS_PER_S


def _bound_beside(part: Problem, time_limit_s: float, workers: int) -> bool:
    """Whether a large part's full search runs on one worker beside the drawing and improving of
    a first rota, rather than before it on every worker (``_BESIDE_CELLS_PER_S``)."""
    density = _cells_per_s(part, time_limit_s)
    return workers >= 2 and _drawn_on_shift_demands(part) and density > _BESIDE_CELLS_PER_S


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _cells_per_s(part: Problem, time_limit_s: float) -> float:
    """The part's cells per second of its time limit, the measure of the rules above."""
    return _size(part) / max(time_limit_s, 1e-9)


def _draws_after_full_rota(part: Problem) -> bool:
    """Whether a large part whose full search found a rota draws one person by person as well,
    for the better of the two to start the neighbourhood search: always on shift demands; with
    coverage windows only from ``_MID_CELLS`` cells on. Below, the full search's rota after half
    of the time was the better start even where the drawn rota cost less, since the drawn rota
    changes shift type often (100 agents: 27 620 from the full search's rota of 788 140, 38 900
    from the drawn one of 98 700; benchmarks/README.md)."""
    return not part.coverage_windows or _size(part) >= _MID_CELLS


def _drawn_on_shift_demands(part: Problem) -> bool:
    """Whether a rota can be drawn person by person and the part's coverage is shift demands
    only, as on the Curtois rotas the two rules above were measured on. With coverage windows
    (200 agents over three weeks, 09:00-24:00) the full search on both workers first gave as
    good a rota and a better bound (benchmarks/README.md)."""
    return can_build_person_by_person(part) and not part.coverage_windows


class _Background:
    """A full search in its own thread, beside a rota that stands in for its own: the caller's
    Stop ends it at once, rota or not, and an error in it reaches the caller at ``join``."""

    def __init__(
        self, solver: cp_model.CpSolver, model: cp_model.CpModel, watcher: _Watcher, stop: _StopFlag
    ) -> None:
        self.solver = solver
        self._status = SolveStatus.UNKNOWN
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(model, watcher, stop), name="shiftplan-full", daemon=True
        )
        self._thread.start()

    def _run(self, model: cp_model.CpModel, watcher: _Watcher, stop: _StopFlag) -> None:
        finished = stop.watch(self.solver, lambda: True)
        try:
            self._status = _STATUS.get(self.solver.solve(model, watcher), SolveStatus.UNKNOWN)
        except BaseException as error:  # re-raised in the caller's thread by join()
            self._error = error
        finally:
            if finished is not None:
                finished.set()

    def done(self) -> bool:
        """Whether the search has ended."""
        return not self._thread.is_alive()

    def join(self) -> SolveStatus:
        """Wait for the search to end; its status."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._status


def _stop_if_no_rota(solver: cp_model.CpSolver, watcher: _Watcher) -> None:
    """Stop a search that has found no rota yet."""
    if watcher.first_solution_s is None:
        solver.stop_search()


def _hint_values(built: RotaModel, values: dict[int, int]) -> None:
    """Hint the model's cells with a rota's values."""
    for index, value in values.items():
        built.model.add_hint(built.model.get_int_var_from_proto_index(index), value)


def _solve_with_hard_demands(
    part: Problem,
    built: RotaModel,
    time_limit_s: float,
    run: _PartRun,
) -> _PartResult:
    """Hard demands: the strict model first, often quick; without a rota after a short effort,
    minimise the demands' breaks instead, then go on from the rota that keeps them."""
    part_started = time.perf_counter()
    solver = _solver(time_limit_s, run.workers, run.seed)
    watcher = run.watcher()
    strict = built.model.clone()
    for slack in built.variables.demand_slack:
        strict.add(slack == 0)
    solver.parameters.max_time_in_seconds = _STRICT_SHARE * time_limit_s
    solver.parameters.max_deterministic_time = _STRICT_EFFORT
    status = _search(solver, strict, watcher, run.stop)
    if status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE, SolveStatus.INVALID):
        return _part_result(part, built, solver, status, watcher)
    if status is SolveStatus.FEASIBLE and watcher.first_solution_s is not None:
        found: cp_model.CpSolver | SolveStatus = solver
        found_s = watcher.first_solution_s
    else:
        left = max(0.05, time_limit_s - (time.perf_counter() - part_started))
        found = _keep_hard_demands(built, left, run.workers, run.seed)
        found_s = time.perf_counter() - run.started
    if isinstance(found, SolveStatus):
        return _PartResult(found)
    if not any(p.weight for p in built.penalties):
        # Nothing left to optimise: the rota that keeps every hard demand is optimal.
        return _result(part, built, found, SolveStatus.OPTIMAL, 0, found_s)
    _fix_hard_demands(built, found)
    left = max(0.05, time_limit_s - (time.perf_counter() - part_started))
    solver = _solver(left, run.workers, run.seed)
    watcher = run.watcher()
    status = _search(solver, built.model, watcher, run.stop)
    if not status.has_rota:
        # Time ran out before the search repeated the rota it started from: return that one.
        return _result(part, built, found, SolveStatus.FEASIBLE, 0, found_s)
    watcher.first_solution_s = found_s
    return _part_result(part, built, solver, status, watcher)


def _search(
    solver: cp_model.CpSolver, model: cp_model.CpModel, watcher: _Watcher, stop: _StopFlag
) -> SolveStatus:
    """Run one search, which the caller's Stop ends once it has a rota."""
    finished = stop.watch(solver, lambda: watcher.first_solution_s is not None)
    try:
        return _STATUS.get(solver.solve(model, watcher), SolveStatus.UNKNOWN)
    finally:
        if finished is not None:
            finished.set()


def _part_result(
    part: Problem,
    built: RotaModel,
    solver: cp_model.CpSolver,
    status: SolveStatus,
    watcher: _Watcher,
) -> _PartResult:
    if not status.has_rota:
        return _PartResult(status)
    return _result(
        part, built, solver, status, round(solver.best_objective_bound), watcher.first_solution_s
    )


def _solver(
    time_limit_s: float, workers: int, seed: int, *, full_searches: bool = True
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if full_searches and workers <= len(_FULL_SEARCHES):
        # With few workers CP-SAT keeps one full search (default_lp) beside its LNS workers; on
        # rotas max_lp's stronger relaxation proves optimality where default_lp's bound stays at
        # zero (benchmarks/README.md has the measurements).
        solver.parameters.subsolvers.extend(_FULL_SEARCHES)
    return solver


def _keep_hard_demands(
    built: RotaModel, time_limit_s: float, workers: int, seed: int
) -> cp_model.CpSolver | SolveStatus:
    """Find a rota that keeps every hard demand, minimising their shortfall and surplus first.

    As plain constraints, exact counts leave CP-SAT's neighbourhood search nothing to improve
    until a first rota exists, and its tree search rarely finds one on long rotations
    (benchmarks/README.md); with the breaks as the objective, every rota is a start and each
    improvement a step. Returns the solver holding a rota with no break, or the status.
    """
    started = time.perf_counter()
    model = built.model
    model.minimize(sum(built.variables.demand_slack))
    # Neighbourhood search alone first: a tree search rarely lowers the breaks, and with two
    # workers it would hold one of them. Then, if breaks are left, CP-SAT's own portfolio from
    # the best rota so far, whose full search can also prove that none keeps every demand (not
    # max_lp: the breaks' bound is 0 until proven otherwise). Measured in benchmarks/README.md.
    solver = _solver(time_limit_s, workers, seed, full_searches=False)
    solver.parameters.use_lns_only = True
    solver.parameters.max_deterministic_time = _LNS_EFFORT
    status = solver.solve(model)
    if not _no_breaks(status, solver):
        again = model.clone()
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            for index, value in enumerate(solver.response_proto.solution):
                again.proto.solution_hint.vars.append(index)
                again.proto.solution_hint.values.append(value)
        left = max(0.05, time_limit_s - (time.perf_counter() - started))
        solver = _solver(left, workers, seed, full_searches=False)
        status = solver.solve(again)
    model.minimize(built.objective())
    if status == cp_model.MODEL_INVALID:
        return SolveStatus.INVALID
    if _no_breaks(status, solver):
        return solver
    if status in (cp_model.INFEASIBLE, cp_model.OPTIMAL) or solver.best_objective_bound > 0:
        # Proven: no rota keeps every hard rule (the least break is above 0).
        return SolveStatus.INFEASIBLE
    return SolveStatus.UNKNOWN


def _no_breaks(status: cp_model.CpSolverStatus, solver: cp_model.CpSolver) -> bool:
    """Whether the solver holds a rota with no hard demand broken."""
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value == 0


def _fix_hard_demands(built: RotaModel, kept: cp_model.CpSolver) -> None:
    """Make hard demands strict again and start the search from the rota that keeps them."""
    model = built.model
    for slack in built.variables.demand_slack:
        model.add(slack == 0)
    for index, value in enumerate(kept.response_proto.solution):
        model.proto.solution_hint.vars.append(index)
        model.proto.solution_hint.values.append(value)


def _result(
    part: Problem,
    built: RotaModel,
    solver: cp_model.CpSolver,
    status: SolveStatus,
    best_bound: int,
    first_solution_s: float | None,
) -> _PartResult:
    """The rota held by ``solver``, its objective terms and their total (recomputed, since the
    solver may have minimised the hard demands' breaks instead)."""
    terms = _terms(part, built, solver)
    return _PartResult(
        status=status,
        assignments=_assignments(part, built, solver),
        terms=terms,
        objective=sum(term.amount * term.weight for term in terms),
        best_bound=best_bound,
        first_solution_s=first_solution_s,
    )


def _cell_values(built: RotaModel, cells: set[Cell]) -> dict[int, int]:
    """The shift and "works" cells of the model set to the rota ``cells``."""
    values: dict[int, int] = {}
    for e, days in enumerate(built.variables.shift):
        for d, day in enumerate(days):
            worked = [int((e, d, s) in cells) for s in range(len(day))]
            for cell, value in zip(day, worked, strict=True):
                values.setdefault(cell.index, value)
            values.setdefault(built.variables.works[e][d].index, max(worked, default=0))
    return values


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
    # One copy of the solution, read by index, and only the shift cells of days worked: asking
    # the solver for each of the 1.75 million cells of a year of 150 people and 32 shift types
    # took 2 s.
    solution = list(solver.response_proto.solution)
    assignments: list[Assignment] = []
    for e, person in enumerate(problem.staff):
        days = zip(built.variables.shift[e], built.variables.works[e], strict=True)
        for d, (cells, works) in enumerate(days):
            if not solution[works.index]:
                continue
            when = problem.horizon.date_of(d)
            assignments.extend(
                Assignment(staff_id=person.id, date=when, shift=shift.code)
                for cell, shift in zip(cells, problem.shift_types, strict=True)
                if solution[cell.index]
            )
    return tuple(assignments)


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
