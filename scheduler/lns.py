"""Large-neighbourhood search: free a few people, or a few days, keep the rest of the best rota
found so far, and let CP-SAT re-draw the freed part; keep the result when it costs no more.

With two workers the full search improves a rota of 30 or more people slowly; short searches over
such neighbourhoods improve it much faster (benchmarks/README.md has the measurements).
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.sat.python import cp_model, cp_model_helper

from scheduler.model import RotaModel
from scheduler.penalty import Penalty

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

    def beats(self, other: Incumbent | None) -> bool:
        """Whether this rota costs less than ``other`` (any rota beats none)."""
        return other is None or self.objective < other.objective


def objective_of(built: RotaModel, solver: cp_model.CpSolver) -> int:
    """The objective of the solver's solution, from its penalty values."""
    return sum(_cost(p, solver) for p in built.penalties if p.weight)


def _cost(penalty: Penalty, solver: cp_model.CpSolver) -> int:
    """What ``penalty`` costs in the solver's solution: its weight times its amount."""
    return penalty.weight * round(solver.value(penalty.amount))


def _cell_indexes(built: RotaModel) -> list[int]:
    """Indexes of every shift and "works" cell, each once (a rotation shares them, and every cell
    a person may never work is the same constant)."""
    indexes: dict[int, None] = {}
    for e, days in enumerate(built.variables.shift):
        for d, day in enumerate(days):
            for cell in (*day, built.variables.works[e][d]):
                indexes.setdefault(cell.index, None)
    return list(indexes)


def _cell_values(
    built: RotaModel, solver: cp_model.CpSolver, cells: list[int] | None = None
) -> Values:
    """The values of every shift and "works" cell (``cells``, if given) in the solver's solution."""
    # One copy of the solution, read by index: asking the solver cell by cell costs far more on
    # rotas of 50 000 cells.
    solution = list(solver.response_proto.solution)
    return {index: int(solution[index]) for index in cells or _cell_indexes(built)}


def _cells_of(built: RotaModel, people: Sequence[int], days: Sequence[int]) -> set[int]:
    """Indexes of the cells of ``people`` on ``days``."""
    indexes: set[int] = set()
    for e in people:
        for d in days:
            indexes.update(cell.index for cell in built.variables.shift[e][d])
            indexes.add(built.variables.works[e][d].index)
    return indexes


class ModelCopies:
    """The searches' copies of one model, each fixed to the rota of its last search, kept for
    the next searches. Copying a year of 150 people and fixing its 1.2 million cells took longer
    than the drawn rota's completion itself (8 s of 13 on Curtois 24), so the copy that completed
    a rota serves the first neighbourhood search after it, and a search's copy the next
    ``improve``, with only the cells that differ fixed anew."""

    def __init__(self, built: RotaModel) -> None:
        self.built = built
        self._cells: list[int] | None = None
        self._idle: list[_Redrawer] = []
        self._lock = threading.Lock()

    def take(self) -> _Redrawer:
        """A copy no search is using: a kept one if there is one, else a new one."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
            if self._cells is None:
                self._cells = _cell_indexes(self.built)
            cells = self._cells
        return _Redrawer(self.built, cells)

    def kept_search_s(self) -> float | None:
        """How long the last search on a kept copy took once its cells were fixed; None if none
        is kept."""
        with self._lock:
            return self._idle[-1].search_s if self._idle else None

    def give_back(self, redrawer: _Redrawer) -> None:
        """Keep ``redrawer`` for a later search."""
        with self._lock:
            self._idle.append(redrawer)


def complete(
    built: RotaModel,
    values: Values,
    time_limit_s: float,
    workers: int,
    seed: int,
    copies: ModelCopies | None = None,
) -> Incumbent | None:
    """The full solution of a rota given by its cells (penalties and helper variables); None if
    the rota breaks a hard rule of the model. The copy of the model it solved goes to ``copies``
    (if given), fixed to the rota."""
    copies = copies or ModelCopies(built)
    redrawer = copies.take()
    _, result = redrawer.redraw(values, set(), time_limit_s, workers, seed)
    copies.give_back(redrawer)
    if result is not None:
        # Every cell was fixed, so the rota's cells are ``values`` itself: handed back as the
        # same dict, the next search on this copy skips comparing a year's 1.2 million cells
        # only to find that none moved.
        result.values = values
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
    copies: ModelCopies | None = None,
) -> Incumbent:
    """The best rota found by re-drawing neighbourhoods of ``incumbent`` within the time limit,
    stopping early at ``bound``, a proven lower bound, or when ``should_stop`` says so (checked
    before each search, each at most ``_SUB_SEARCH_S``). ``on_better`` hears each lower objective.
    ``round_s`` is how long copying, fixing and solving the model once took (``complete``): no
    search starts with less time left than that. The searches take their copies of the model
    from ``copies`` (if given) and leave them there.

    ``workers`` searches run side by side, one CP-SAT worker each; each starts from the best rota
    at the time it starts, so a better rota found by one is the next starting point of all, and
    none waits for the others. A result that costs no more than the best rota replaces it; after
    a run of searches without gain, each must change the rota (``_STALL_SEARCHES``).

    A neighbourhood is a set of people over a set of days (``_KINDS``); the days often lie around
    a costly day of the best rota (uncovered shifts, wishes not granted there), and the people
    are often those who could make up a shift left short. Each kind's size grows after a search
    solved to optimality and shrinks after one that ran out of time, and the kinds that improved
    the rota lately are drawn more often.
    """
    staff = len(built.variables.shift)
    days = len(built.variables.works[0]) if staff else 0
    if not staff or not days or incumbent.objective <= bound:
        return incumbent
    # Where one copy of the model costs more than a few searches' time, side-by-side searches
    # mostly copy and presolve, and each copy of a year of 150 people holds a gigabyte: one
    # search at a time then, with every worker on it.
    side_by_side = max(1, workers) if round_s <= _SLOW_COPY * _SUB_SEARCH_S else 1
    copies = copies or ModelCopies(built)
    kept_s = copies.kept_search_s()
    # A kept copy is fixed already: its first search costs what its last one did once fixed,
    # not a whole copy.
    overhead = _CONTENTION * round_s if kept_s is None or side_by_side > 1 else kept_s
    search = _Search(
        built,
        incumbent,
        bound,
        time_limit_s,
        seed,
        should_stop,
        on_better,
        overhead=overhead,
        threads=max(1, workers) // side_by_side,
        copies=copies,
    )
    with ThreadPoolExecutor(side_by_side, thread_name_prefix="shiftplan-lns") as pool:
        jobs = [pool.submit(search.run, k) for k in range(side_by_side)]
        for job in jobs:
            job.result()  # an error in one search reaches the caller
    return search.incumbent


_PEOPLE, _DAYS, _BLOCK = "people", "days", "block"
_KINDS = (_PEOPLE, _DAYS, _BLOCK)
"""Neighbourhoods: a few people over the whole horizon (half of the time people who could make
up a shift left short); everyone over a few consecutive days; some people over some consecutive
days (a block, between the two)."""

_GROW, _SHRINK = 1.15, 0.85
"""Factors on a kind's size (free (person, day) pairs) after a search solved to optimality, and
after one that ran out of time."""

_SCORE_MEMORY = 0.8
_LEAST_SCORE = 0.1
"""A kind's score: the recent share of its searches that lowered the objective, with this
memory (the weight of the old score); each kind is drawn with probability in proportion to its
score plus the least score, so none is given up on."""

_COSTLY_SHARE = 0.8
"""Share of neighbourhoods placed around a day drawn in proportion to its cost in the best rota;
the others are placed uniformly."""

_FILL_SHARE = 0.5
"""Share of the "people" neighbourhoods that free people who could make up a shift left short in
the best rota, rather than people drawn at random."""

_HALF_WEEKEND_PEOPLE = 2
"""At most this many people who work a weekend on one day in one neighbourhood around a shortfall
on that weekend (``_half_weekend_people``)."""

_STALL_SEARCHES = 8
"""After this many searches in a row that did not lower the objective, each search must change
the rota (``differ`` in ``_Redrawer.redraw``) until one lowers it again. Solved to optimality
without gain, a search hands back the rota it started from, so on a plateau the neighbourhoods
keep circling the same rota; made to change it, a search finds another rota of the same cost
where there is one, and that rota, taken as the best, moves the next neighbourhoods elsewhere.
A lower objective is never lost this way: any better rota differs. Changing every search from
the start was worse on Curtois 12 and 13, where the first searches still gain often; after 8
without gain, 60 s, paired seeds: better in 30 of 48 runs over 8, 10 and 12–19, 0.6 % lower in
sum, though 2.4 % worse on 8 (benchmarks/README.md)."""

_SUB_SEARCH_S = 1.0
"""Time limit of one neighbourhood's search."""

_SLOW_COPY = 4.0
"""From a model copy (with its fixing and presolve) this many times a search's limit on, one
search runs at a time, with every worker."""

_CONTENTION = 1.5
"""Searches side by side each copy and fix the model: measured on Curtois 24 on the shared
2-core machine, two of them took 1.4–1.5 times as long as one alone."""

_LINEARIZATION = 2
"""CP-SAT's linearization level in a neighbourhood's search (2: the full linear relaxation)."""


@dataclass
class _Kind:
    """One kind of neighbourhood: its size in (person, day) pairs and its recent success."""

    name: str
    size: float
    score: float = 0.5


class _Search:
    """The shared state of the searches running side by side: the best rota and the kinds."""

    def __init__(
        self,
        built: RotaModel,
        incumbent: Incumbent,
        bound: int,
        time_limit_s: float,
        seed: int,
        should_stop: Callable[[], bool] | None,
        on_better: Callable[[int], None] | None,
        *,
        overhead: float = 0.0,
        threads: int = 1,
        copies: ModelCopies | None = None,
    ) -> None:
        self.built = built
        self.incumbent = incumbent
        self.bound = bound
        self.deadline = time.perf_counter() + time_limit_s
        self.seed = seed
        self.should_stop = should_stop
        self.on_better = on_better
        self.staff = len(built.variables.shift)
        self.days = len(built.variables.works[0])
        self.kinds = [
            _Kind(_PEOPLE, min(self.staff, 3) * self.days),
            _Kind(_DAYS, min(self.days, 7) * self.staff),
            _Kind(_BLOCK, min(self.days, 14) * max(1, self.staff // 4)),
        ]
        self.copies = copies or ModelCopies(built)
        self.searches = 0
        self.since_better = 0
        """Searches finished since the last that lowered the objective."""
        self.day_cost: list[int] | None = None
        self.shortfalls = [p for p in built.penalties if p.weight and p.fillers]
        self.shortfall_cost: list[int] | None = None
        self.horizon = built.variables.problem.horizon
        self.failed = False
        """Set when a search raised: the others stop too."""
        self.overhead = overhead
        """Seconds a search takes beyond its limit (presolve, fixing cells): none starts with
        less time left than its limit plus this; it grows with each slower search."""
        self.threads = threads
        """CP-SAT workers per search."""
        self.lock = threading.Lock()

    def left(self) -> float:
        """Seconds until the deadline."""
        return self.deadline - time.perf_counter()

    def finished(self) -> bool:
        """Whether to start no more searches."""
        if self.failed or self.incumbent.objective <= self.bound:
            return True
        if self.left() < 0.2 + self.overhead:
            return True
        return self.should_stop is not None and self.should_stop()

    def run(self, worker: int) -> None:
        """One worker's loop: pick a neighbourhood of the best rota, re-draw it, keep the result
        if it costs no more."""
        try:
            redrawer = self._loop(worker)
        except BaseException:
            self.failed = True
            raise
        if redrawer is not None:
            self.copies.give_back(redrawer)

    def _loop(self, worker: int) -> _Redrawer | None:
        """The searches of one worker until the end; the copy of the model they used."""
        rng = random.Random(self.seed * 1_000 + worker)
        redrawer: _Redrawer | None = None
        while True:
            with self.lock:
                if self.finished():
                    return redrawer
                start = self.incumbent
                kind = self._pick_kind(rng)
                people, days = self._neighbourhood(kind, rng)
                self.searches += 1
                sub_seed = self.seed + self.searches
            if redrawer is None:
                # Taken only once a search is due: over a year of 150 people a new copy alone
                # takes about 10 s, more than is left at the end of a minute.
                redrawer = self.copies.take()
                if self.finished():
                    return redrawer
            free = _cells_of(self.built, people, days)
            limit = min(self.left() - self.overhead, _SUB_SEARCH_S)
            began = time.perf_counter()
            differ = self.since_better >= _STALL_SEARCHES
            solved, result = redrawer.redraw(
                start.values, free, limit, self.threads, sub_seed, differ=differ
            )
            with self.lock:
                self.overhead = max(self.overhead, time.perf_counter() - began - limit)
                self._learn(kind, solved, result)

    def _pick_kind(self, rng: random.Random) -> _Kind:
        weights = [kind.score + _LEAST_SCORE for kind in self.kinds]
        return rng.choices(self.kinds, weights)[0]

    def _learn(self, kind: _Kind, solved: bool, result: Incumbent | None) -> None:
        """Keep a result that costs no more, and adapt the kind's size and score."""
        improved = result is not None and result.objective < self.incumbent.objective
        self.since_better = 0 if improved else self.since_better + 1
        if result is not None and result.objective <= self.incumbent.objective:
            if improved and self.on_better is not None:
                self.on_better(result.objective)
            if not improved:
                result.found_s = self.incumbent.found_s
            self.incumbent = result
            self.day_cost = None
            self.shortfall_cost = None
        kind.score = _SCORE_MEMORY * kind.score + (1 - _SCORE_MEMORY) * improved
        least, most = min(self.staff, self.days), self.staff * self.days
        kind.size = max(least, min(most, kind.size * (_GROW if solved else _SHRINK)))

    def _neighbourhood(self, kind: _Kind, rng: random.Random) -> tuple[list[int], list[int]]:
        """The people and days freed by a neighbourhood of ``kind``, about ``kind.size`` pairs."""
        everyone, horizon = list(range(self.staff)), self.days
        if kind.name == _PEOPLE:
            count = _clamp(round(kind.size / horizon), 1, self.staff)
            short = self._shortfall_costs()
            if sum(short) > 0 and rng.random() < _FILL_SHARE:
                penalty = rng.choices(self.shortfalls, short)[0]
                return self._people_to_fill(penalty, count, rng), list(range(horizon))
            return rng.sample(everyone, count), list(range(horizon))
        if kind.name == _DAYS:
            length = _clamp(round(kind.size / self.staff), 1, horizon)
            return everyone, self._window(length, rng)
        # A block: a window of random length, and as many people as the size allows.
        length = rng.randint(min(horizon, 2), horizon)
        count = _clamp(round(kind.size / length), 1, self.staff)
        return rng.sample(everyone, count), self._window(length, rng)

    def _people_to_fill(self, penalty: Penalty, count: int, rng: random.Random) -> list[int]:
        """``count`` people for a shift demand left short: on a weekend, first one or two who
        work only the other day of that weekend (``_half_weekend_people``); then people who may
        work that shift and do not work it that day in the best rota; then others. On
        capacity-tight rotas a shortfall is made up by a chain of people each taking over a
        shift of the next; drawn at random, the people of a neighbourhood rarely form one
        (Curtois 13: 120 people of 18 shift types)."""
        values = self.incumbent.values
        people = self._half_weekend_people(penalty.day, count, rng)
        chosen = set(people)
        could = [e for e, cell in penalty.fillers if values.get(cell) == 0 and e not in chosen]
        people += rng.sample(could, min(count - len(people), len(could)))
        chosen.update(people)
        others = [e for e in range(self.staff) if e not in chosen]
        return people + rng.sample(others, count - len(people))

    def _half_weekend_people(self, day: int | None, count: int, rng: random.Random) -> list[int]:
        """Up to ``_HALF_WEEKEND_PEOPLE`` people (fewer than ``count``) who work the other day
        of the weekend of ``day`` but not ``day`` itself, whatever shift types they may work.
        Where everyone is at their max weekends, a weekend shift left short is made up by
        someone working that weekend on one day only: they work both days and give up a
        weekday, or move their one weekend day so that another takes it over. On a rota of
        Curtois 10 stuck at 4 838, five people with the two such people among them lowered it
        in 4 of 16 searches, five drawn among those who may work the shift left short in 0
        (benchmarks/README.md)."""
        if day is None or day not in self.horizon.weekend_index or count < 2:
            return []
        index = self.horizon.weekend_index[day]
        weekend = self.horizon.weekends[index]
        values, works = self.incumbent.values, self.built.variables.works
        half = [
            e
            for e in range(self.staff)
            if values.get(works[e][day].index) == 0
            and any(values.get(works[e][other].index) == 1 for other in weekend if other != day)
        ]
        return rng.sample(half, min(len(half), _HALF_WEEKEND_PEOPLE, count - 1))

    def _shortfall_costs(self) -> list[int]:
        """What each shift demand's shortfall costs in the best rota (``self.shortfalls``)."""
        if self.shortfall_cost is None:
            solver = self.incumbent.solver
            self.shortfall_cost = [max(0, _cost(p, solver)) for p in self.shortfalls]
        return self.shortfall_cost

    def _window(self, length: int, rng: random.Random) -> list[int]:
        """``length`` consecutive days, around a costly day or from a random one (wrapping)."""
        costs = self._day_costs()
        if sum(costs) > 0 and rng.random() < _COSTLY_SHARE:
            centre = rng.choices(range(self.days), costs)[0]
            first = centre - rng.randrange(length)
        else:
            first = rng.randrange(self.days)
        return [(first + k) % self.days for k in range(length)]

    def _day_costs(self) -> list[int]:
        """What each day costs in the best rota: its weighted penalties."""
        if self.day_cost is None:
            costs = [0] * self.days
            solver = self.incumbent.solver
            for penalty in self.built.penalties:
                if penalty.weight and penalty.day is not None and 0 <= penalty.day < self.days:
                    costs[penalty.day] += _cost(penalty, solver)
            self.day_cost = [max(0, cost) for cost in costs]
        return self.day_cost


def _clamp(value: int, least: int, most: int) -> int:
    return max(least, min(most, value))


class _Redrawer:
    """One search's own copy of the model, with every cell fixed to a rota except those being
    re-drawn. Between searches only the cells whose value changes get a new domain: fixing all
    48 000 cells of a large rota anew (or as one conjunction, which presolve then propagates)
    cost more than the search itself (benchmarks/README.md)."""

    def __init__(self, built: RotaModel, cells: list[int]) -> None:
        self.built = built
        self.cells = cells
        self.model = built.model.clone()
        self.domains: dict[int, tuple[int, ...]] = {}
        """The model's own domain of each cell freed so far, read from ``built`` (never changed)
        when the cell is first freed: read up front, the 1.2 million cells of a year of 150
        people took 16 s, longer than the search they were copied for."""
        self.fixed: Values = {}
        """The value each fixed cell is fixed to; a cell not in it has its own domain."""
        self.start: Values = {}
        """The rota the cells were last fixed to (``values`` of the last search)."""
        self.opened: set[int] = set()
        """The cells freed by a search since they were last fixed (or ever)."""
        self.search_s = 0.0
        """How long the last search took once its cells were fixed: presolve, search and reading
        its rota (on Curtois 24 the reading alone takes seconds)."""
        # "Some freed cell changes", switched on by its own literal: one constraint whose
        # literals are rewritten before each search, since the proto's constraints cannot be
        # removed again.
        change = self.model.new_bool_var("change")
        self.change_literal = change.index
        self.change_rule = len(self.model.proto.constraints)
        self.model.add_bool_or([change]).only_enforce_if(change)

    def redraw(
        self,
        values: Values,
        free: set[int],
        time_limit_s: float,
        workers: int,
        seed: int,
        differ: bool = False,
    ) -> tuple[bool, Incumbent | None]:
        """Re-solve with every cell outside ``free`` fixed to ``values``: whether the sub-search
        was solved to optimality, and its rota if it found one. With ``differ``, the rota must
        differ from ``values`` in a freed cell."""
        proto = self.model.proto
        self._fix(values, free)
        fixed = time.perf_counter()
        hinted = [index for index in free if index in values]
        literals = proto.constraints[self.change_rule].bool_or.literals
        literals.clear()
        if differ:
            # A cell at 0 changes if it becomes 1, a cell at 1 if its negation holds.
            literals.extend(index if values[index] == 0 else -index - 1 for index in hinted)
        _set_domain(proto, self.change_literal, (1, 1) if literals else (0, 0))
        proto.clear_solution_hint()
        proto.solution_hint.vars.extend(hinted)
        proto.solution_hint.values.extend([values[index] for index in hinted])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(time_limit_s, 0.01)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        # The full linear relaxation: per-person hours bounds make a rota of a few people a hard
        # puzzle for the default search (measured: 0.2 s against 3.5 s for one person on
        # Curtois 16).
        solver.parameters.linearization_level = _LINEARIZATION
        status = solver.solve(self.model)
        result = None
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result = Incumbent(
                _cell_values(self.built, solver, self.cells),
                objective_of(self.built, solver),
                solver,
            )
        self.search_s = time.perf_counter() - fixed
        return status == cp_model.OPTIMAL, result

    def _fix(self, values: Values, free: set[int]) -> None:
        """Give each cell in ``free`` its own domain and fix every other cell of ``values`` to its
        value there. Only the cells that change state are touched, and only those can: the cells
        freed since they were last fixed, and those whose value differs from the last rota. On
        the searches that start from the same rota as the one before, walking all cells of
        ``values`` instead took a third of a search's fixed cost on Curtois 13."""
        proto = self.model.proto
        for index in free:
            if self.fixed.pop(index, None) is not None:
                _set_domain(proto, index, self._own_domain(index))
            self.opened.add(index)
        if values is self.start:
            candidates: Iterable[int] = self.opened - free
        elif not self.start:
            # The first rota: every cell, without pairing up the items of two dicts.
            candidates = values.keys() - free
            self.start = values
        else:
            # The set difference of the two dicts' items runs in C: a few milliseconds for the
            # 46 000 cells of Curtois 13.
            moved = {index for index, _ in values.items() - self.start.items()}
            candidates = (moved | self.opened) - free
            self.start = values
        for index in candidates:
            value = values.get(index)
            if value is not None and self.fixed.get(index) != value:
                self.fixed[index] = value
                _set_domain(proto, index, (value, value))
                self.opened.discard(index)

    def _own_domain(self, index: int) -> tuple[int, ...]:
        """The domain cell ``index`` has in the model before any fixing."""
        domain = self.domains.get(index)
        if domain is None:
            domain = tuple(self.built.model.proto.variables[index].domain)
            self.domains[index] = domain
        return domain


def _set_domain(proto: cp_model_helper.CpModelProto, index: int, bounds: tuple[int, ...]) -> None:
    """Give variable ``index`` the domain ``bounds`` (flat intervals). One call with a shared
    domain object: writing the two bounds of a cell's domain one by one took 5.2 s against 2.9 s
    over the 1.25 million cells of a year of 150 people."""
    cp_model.IntVar(proto, index).with_domain(_domain(bounds))


@functools.cache
def _domain(bounds: tuple[int, ...]) -> cp_model.Domain:
    """The domain of flat intervals ``bounds``, made once."""
    return cp_model.Domain.from_flat_intervals(list(bounds))
