"""Large-neighbourhood search: free a few people, or a few days, keep the rest of the best rota
found so far, and let CP-SAT re-draw the freed part; keep the result when it costs no more.

With two workers the full search improves a rota of 30 or more people slowly; short searches over
such neighbourhoods improve it much faster (benchmarks/README.md has the measurements).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.model import RotaModel

Values = dict[int, int]
"""Variable index → value: the shift and "works" cells of a rota."""


@dataclass
class Incumbent:
    """The best rota so far: its cell values, objective, and the solver holding the solution."""

    values: Values
    objective: int
    solver: cp_model.CpSolver
    found_s: float = field(default_factory=time.perf_counter)

    @classmethod
    def of(cls, built: RotaModel, solver: cp_model.CpSolver) -> Incumbent:
        """The solver's last solution as an incumbent."""
        return cls(_cell_values(built, solver), objective_of(built, solver), solver)


def objective_of(built: RotaModel, solver: cp_model.CpSolver) -> int:
    """The objective of the solver's solution, from its penalty values."""
    return sum(p.weight * round(solver.value(p.amount)) for p in built.penalties if p.weight)


def _cell_values(built: RotaModel, solver: cp_model.CpSolver) -> Values:
    """The values of every shift and "works" cell in the solver's solution."""
    values: Values = {}
    for e, days in enumerate(built.variables.shift):
        for d, day in enumerate(days):
            for cell in (*day, built.variables.works[e][d]):
                values.setdefault(cell.index, int(solver.value(cell)))
    return values


def _cells_of(built: RotaModel, people: set[int], days: set[int]) -> set[int]:
    """Indexes of the cells of ``people`` on ``days``."""
    indexes: set[int] = set()
    for e in people:
        for d in days:
            indexes.update(cell.index for cell in built.variables.shift[e][d])
            indexes.add(built.variables.works[e][d].index)
    return indexes


def complete(
    built: RotaModel, values: Values, time_limit_s: float, workers: int, seed: int
) -> Incumbent | None:
    """The full solution of a rota given by its cells (penalties and helper variables); None if
    the rota breaks a hard rule of the model."""
    _, result = _redraw(built, values, set(), time_limit_s, workers, seed)
    return result


def improve(
    built: RotaModel,
    incumbent: Incumbent,
    time_limit_s: float,
    workers: int,
    seed: int,
    bound: int = 0,
    *,
    should_stop: Callable[[], bool] | None = None,
    on_better: Callable[[int], None] | None = None,
    round_s: float = 0.0,
) -> Incumbent:
    """The best rota found by re-drawing neighbourhoods of ``incumbent`` within the time limit,
    stopping early at ``bound``, a proven lower bound, or when ``should_stop`` says so (checked
    between rounds, each at most ``_SUB_SEARCH_S``). ``on_better`` hears each lower objective.
    ``round_s`` is how long copying, fixing and solving the model once took (``complete``): no
    round starts with less time left than a round takes.

    Each round re-draws ``workers`` neighbourhoods side by side, one search each, and keeps the
    best outcome if it costs no more than the incumbent. A neighbourhood is a few random people
    over the whole horizon, or everyone over a few consecutive days; each kind's size grows after
    a search solved to optimality and shrinks after one that ran out of time.
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    staff = len(built.variables.shift)
    days = len(built.variables.works[0]) if staff else 0
    if not staff or not days:
        return incumbent
    sizes = {_PEOPLE: min(staff, 3), _DAYS: min(days, 7)}
    limits = {_PEOPLE: staff, _DAYS: days}
    round_ = 0
    # Seconds a round takes beyond its searches' limit (copying and fixing the model): on a
    # year of 50 people over a second, so the last round must start that much before the end.
    overhead = _CONTENTION * round_s
    # Where one copy of the model costs more than a few searches' time, side-by-side searches
    # mostly copy and presolve, and each copy of a year of 150 people holds a gigabyte: one
    # neighbourhood at a time then, with every worker on it.
    side_by_side = max(1, workers) if round_s <= _SLOW_COPY * _SUB_SEARCH_S else 1
    threads = max(1, workers) // side_by_side
    with ThreadPoolExecutor(side_by_side) as pool:
        while incumbent.objective > bound:
            round_started = time.perf_counter()
            left = time_limit_s - (round_started - started)
            if left < 0.2 + overhead or (should_stop is not None and should_stop()):
                break
            search_s = min(left - overhead, _SUB_SEARCH_S)
            round_ += 1
            kinds = [(_PEOPLE, _DAYS)[(round_ + k) % 2] for k in range(side_by_side)]
            jobs = []
            for k, kind in enumerate(kinds):
                free = _neighbourhood(built, kind, sizes[kind], rng)
                sub_seed = seed + round_ * len(kinds) + k
                jobs.append(
                    pool.submit(
                        _redraw,
                        built,
                        incumbent.values,
                        free,
                        search_s,
                        threads,
                        sub_seed,
                    )
                )
            for kind, job in zip(kinds, jobs, strict=True):
                solved, result = job.result()
                if result is not None and result.objective <= incumbent.objective:
                    if result.objective == incumbent.objective:
                        result.found_s = incumbent.found_s
                    elif on_better is not None:
                        on_better(result.objective)
                    incumbent = result
                grown = sizes[kind] + _STEP[kind] if solved else sizes[kind] - _STEP[kind]
                sizes[kind] = max(_STEP[kind], min(limits[kind], grown))
            took = time.perf_counter() - round_started
            overhead = max(overhead, took - search_s)
    return incumbent


_PEOPLE, _DAYS = "people", "days"
_STEP = {_PEOPLE: 1, _DAYS: 2}
"""How much a neighbourhood grows or shrinks after one search: people, or days."""


def _neighbourhood(built: RotaModel, kind: str, size: int, rng: random.Random) -> set[int]:
    """The cells of ``size`` random people over the whole horizon, or of everyone over ``size``
    consecutive days from a random first day."""
    staff = len(built.variables.shift)
    days = len(built.variables.works[0])
    if kind == _PEOPLE:
        return _cells_of(built, set(rng.sample(range(staff), size)), set(range(days)))
    first = rng.randrange(days)
    return _cells_of(built, set(range(staff)), {(first + k) % days for k in range(size)})


_SUB_SEARCH_S = 1.0
"""Time limit of one neighbourhood's search."""

_SLOW_COPY = 4.0
"""From a model copy (with its fixing and presolve) this many times a search's limit on, a
round re-draws one neighbourhood at a time."""

_CONTENTION = 1.5
"""A round's searches run side by side, each copying and fixing the model: measured on Curtois 24
on the shared 2-core machine, a round of two took 1.4–1.5 times as long as one search alone."""


def _redraw(
    built: RotaModel,
    values: Values,
    free: set[int],
    time_limit_s: float,
    workers: int,
    seed: int,
) -> tuple[bool, Incumbent | None]:
    """Re-solve with every cell outside ``free`` fixed to ``values``: whether the sub-search was
    solved to optimality, and its rota if it found one."""
    model = built.model.clone()
    proto = model.proto
    variables = proto.variables
    for index, value in values.items():
        if index in free:
            model.add_hint(model.get_int_var_from_proto_index(index), value)
        else:
            # Each cell is a Boolean, its domain the two bounds [0, 1]: both set to the value.
            domain = variables[index].domain
            domain[0] = value
            domain[1] = value
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # The full linear relaxation: per-person hours bounds make a rota of a few people a hard
    # puzzle for the default search (measured: 0.2 s against 3.5 s for one person on Curtois 16).
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, None
    return status == cp_model.OPTIMAL, Incumbent(
        _cell_values(built, solver), objective_of(built, solver), solver
    )
