"""Large-neighbourhood search: never worse than where it started, and every rota checks out."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Problem, Rota, ShiftDemand
from models.rota import Assignment
from scheduler import lns
from scheduler.construct import build_person_by_person
from scheduler.model import RotaModel, build_model
from scheduler.validate import validate


def _rota(problem: Problem, built: RotaModel, incumbent: lns.Incumbent) -> Rota:
    """The incumbent's rota, read from its solver."""
    return Rota(
        start=problem.start,
        days=problem.days,
        assignments=tuple(
            Assignment(staff_id=person.id, date=problem.horizon.date_of(d), shift=shift.code)
            for e, person in enumerate(problem.staff)
            for d in range(problem.days)
            for s, shift in enumerate(problem.shift_types)
            if incumbent.solver.boolean_value(built.variables.shift[e][d][s])
        ),
    )


def _start(
    problem: Problem, built: RotaModel, copies: lns.ModelCopies | None = None
) -> lns.Incumbent:
    """The person-by-person rota, completed by the full model (on a copy kept in ``copies``)."""
    cells = build_person_by_person(problem, time_limit_s=5.0)
    assert cells is not None
    values = {
        cell.index: int((e, d, s) in cells)
        for e, days in enumerate(built.variables.shift)
        for d, day in enumerate(days)
        for s, cell in enumerate(day)
    }
    for e, days in enumerate(built.variables.works):
        for d, works in enumerate(days):
            values[works.index] = int(any((e, d, s) in cells for s in range(2)))
    incumbent = lns.complete(built, values, 5.0, 1, 0, copies)
    assert incumbent is not None
    return incumbent


def test_completed_first_rota_has_the_checkers_objective(
    tight_problem: Callable[..., Problem],
) -> None:
    """A rota given by its cells gets from the model exactly the objective the checker computes."""
    problem = tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    report = validate(problem, _rota(problem, built, start))
    assert report.rule_breaks == ()
    assert report.objective == start.objective


def test_improve_is_never_worse_and_checks_out(tight_problem: Callable[..., Problem]) -> None:
    """Two seconds of search keep every rule, cost no more, and report the checker's objective."""
    problem = tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    better = lns.improve(built, start, time_limit_s=2.0, workers=1, seed=0)
    report = validate(problem, _rota(problem, built, better))
    assert report.rule_breaks == ()
    assert better.objective == report.objective
    assert better.objective <= start.objective


def test_improve_searches_on_the_copy_that_completed_its_start(
    tight_problem: Callable[..., Problem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy of the model that completed the first rota serves the searches after it: no new
    copy is made, and their rota still keeps every rule and reports the checker's objective."""
    problem = tight_problem()
    built = build_model(problem)
    copies = lns.ModelCopies(built)
    start = _start(problem, built, copies)
    made: list[lns._Redrawer] = []
    searched: list[lns._Redrawer] = []
    make, redraw = lns._Redrawer.__init__, lns._Redrawer.redraw

    def made_here(self: lns._Redrawer, built: RotaModel, cells: list[int]) -> None:
        made.append(self)
        make(self, built, cells)

    def searched_here(
        self: lns._Redrawer, *args: object, **kwargs: object
    ) -> tuple[bool, lns.Incumbent | None]:
        searched.append(self)
        return redraw(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lns._Redrawer, "__init__", made_here)
    monkeypatch.setattr(lns._Redrawer, "redraw", searched_here)
    better = lns.improve(built, start, time_limit_s=2.0, workers=1, seed=0, copies=copies)
    assert searched and made == []
    assert copies.take() is searched[0]
    report = validate(problem, _rota(problem, built, better))
    assert report.rule_breaks == ()
    assert better.objective == report.objective
    assert better.objective <= start.objective


def test_improve_stops_at_the_bound(tight_problem: Callable[..., Problem]) -> None:
    """Given a bound the incumbent already meets, the search returns it at once, unchanged."""
    problem = tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    assert lns.improve(built, start, 30.0, 1, 0, bound=start.objective) is start


def _kept_outside(start: lns.Values, result: lns.Values, free: set[int]) -> bool:
    """Whether every cell outside ``free`` has its value from ``start``."""
    return all(result[index] == value for index, value in start.items() if index not in free)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.tuples(st.sets(st.integers(0, 4), max_size=3), st.integers(0, 13), st.integers(1, 14)),
    second=st.tuples(
        st.sets(st.integers(0, 4), max_size=3), st.integers(0, 13), st.integers(1, 14)
    ),
)
def test_a_reused_redraw_changes_only_the_freed_cells(
    tight_problem: Callable[..., Problem],
    first: tuple[set[int], int, int],
    second: tuple[set[int], int, int],
) -> None:
    """One model re-drawing two neighbourhoods in turn keeps every other cell of each start rota,
    and each result checks out with the checker's objective."""
    problem = tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    redrawer = lns._Redrawer(built, lns._cell_indexes(built))
    values = start.values
    for people, first_day, length in (first, second):
        days = [(first_day + k) % problem.days for k in range(length)]
        free = lns._cells_of(built, sorted(people), days)
        _, result = redrawer.redraw(values, free, 2.0, 1, 0)
        assert result is not None
        assert _kept_outside(values, result.values, free)
        assert result.objective <= start.objective
        report = validate(problem, _rota(problem, built, result))
        assert report.rule_breaks == ()
        assert report.objective == result.objective
        values = result.values


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.sets(st.integers(0, 4), max_size=3),
            st.integers(0, 13),
            st.integers(0, 14),
            st.sets(st.integers(0, 10_000), max_size=6),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_each_search_fixes_exactly_the_cells_outside_its_neighbourhood(
    tight_problem: Callable[..., Problem],
    steps: list[tuple[set[int], int, int, set[int]]],
) -> None:
    """However the searches follow each other (from the same rota as the one before, or from one
    differing in a few cells), before each the model's cells outside the freed ones are fixed to
    that search's rota, and the freed ones have the model's own domains."""
    problem = tight_problem()
    built = build_model(problem)
    cells = lns._cell_indexes(built)
    own = {index: list(built.model.proto.variables[index].domain) for index in cells}
    redrawer = lns._Redrawer(built, cells)
    values = {index: domain[0] for index, domain in own.items()}
    for people, first_day, length, flips in steps:
        if flips:
            # Another rota: a new mapping, as after a search that lowered the objective.
            values = dict(values)
            for k in flips:
                index = cells[k % len(cells)]
                values[index] = own[index][-1] - values[index] + own[index][0]
        days = [(first_day + k) % problem.days for k in range(length)]
        free = lns._cells_of(built, sorted(people), days)
        redrawer._fix(values, free)
        domains = redrawer.model.proto.variables
        for index in cells:
            expected = own[index] if index in free else [values[index], values[index]]
            assert list(domains[index].domain) == expected, index


def test_a_redraw_that_must_differ_changes_a_freed_cell_and_only_then(
    tight_problem: Callable[..., Problem],
) -> None:
    """A search that must change the rota returns one that differs from the start in a freed
    cell and nowhere else, and checks out; the next search, not asked to, may keep the start."""
    problem = tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    redrawer = lns._Redrawer(built, lns._cell_indexes(built))
    free = lns._cells_of(built, [0, 1], range(problem.days))
    _, changed = redrawer.redraw(start.values, free, 2.0, 1, 0, differ=True)
    assert changed is not None
    assert _kept_outside(start.values, changed.values, free)
    assert any(changed.values[index] != start.values[index] for index in free)
    report = validate(problem, _rota(problem, built, changed))
    assert report.rule_breaks == ()
    assert report.objective == changed.objective
    _, kept = redrawer.redraw(start.values, set(), 2.0, 1, 0)
    assert kept is not None
    assert kept.values == start.values


def test_searches_must_change_the_rota_after_a_run_without_gain(
    tight_problem: Callable[..., Problem],
) -> None:
    """Each search that does not lower the objective adds one to the run of searches without
    gain (which, from ``_STALL_SEARCHES`` on, makes searches change the rota); one that lowers
    it ends the run."""
    problem = tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    search = lns._Search(built, start, 0, 1.0, 0, None, None)
    kind = search.kinds[0]
    for _ in range(lns._STALL_SEARCHES):
        search._learn(kind, True, None)
    assert search.since_better == lns._STALL_SEARCHES
    better = lns.Incumbent(start.values, start.objective - 1, start.solver)
    search._learn(kind, True, better)
    assert search.since_better == 0


def test_improve_made_to_change_the_rota_is_never_worse_and_checks_out(
    tight_problem: Callable[..., Problem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every search made to change the rota, the search still returns a rota that keeps
    every rule, costs no more than the start, and reports the checker's objective."""
    problem = tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    asked: list[bool] = []
    redraw = lns._Redrawer.redraw

    def recorded(
        self: lns._Redrawer,
        values: lns.Values,
        free: set[int],
        time_limit_s: float,
        workers: int,
        seed: int,
        differ: bool = False,
    ) -> tuple[bool, lns.Incumbent | None]:
        asked.append(differ)
        return redraw(self, values, free, time_limit_s, workers, seed, differ)

    monkeypatch.setattr(lns, "_STALL_SEARCHES", 0)
    monkeypatch.setattr(lns._Redrawer, "redraw", recorded)
    better = lns.improve(built, start, time_limit_s=2.0, workers=1, seed=0)
    assert asked and all(asked)
    report = validate(problem, _rota(problem, built, better))
    assert report.rule_breaks == ()
    assert better.objective == report.objective
    assert better.objective <= start.objective


def test_neighbourhoods_are_people_and_days_of_the_rota(
    tight_problem: Callable[..., Problem],
) -> None:
    """Every kind of neighbourhood frees distinct people and distinct days of the rota."""
    problem = tight_problem()
    built = build_model(problem)
    search = lns._Search(built, _start(problem, built), 0, 1.0, 0, None, None)
    rng = random.Random(0)
    for kind in search.kinds:
        for size in (1, 20, 70):
            kind.size = size
            people, days = search._neighbourhood(kind, rng)
            assert people and days
            assert len(set(people)) == len(people) and set(people) <= set(range(5))
            assert len(set(days)) == len(days) and set(days) <= set(range(14))


def test_windows_fall_often_on_the_costly_day(tight_problem: Callable[..., Problem]) -> None:
    """With all of the rota's cost on one day, at least about half the one-day windows are it."""
    problem = tight_problem()
    built = build_model(problem)
    search = lns._Search(built, _start(problem, built), 0, 1.0, 0, None, None)
    search.day_cost = [0] * problem.days
    search.day_cost[9] = 100
    rng = random.Random(0)
    hits = sum(search._window(1, rng) == [9] for _ in range(400))
    assert hits >= 400 * lns._COSTLY_SHARE * 0.8


def test_people_to_fill_a_shortfall_could_fill_it(tight_problem: Callable[..., Problem]) -> None:
    """People freed for a shift left short are first those who may work it and do not work it
    that day in the best rota; the neighbourhood is filled up with others, each person once."""
    problem = tight_problem(
        shift_demands=(ShiftDemand(shift="E", min_staff=4, weight_under=100),),
    )
    built = build_model(problem)
    start = _start(problem, built)
    search = lns._Search(built, start, 0, 1.0, 0, None, None)
    costs = search._shortfall_costs()
    short = [p for p, cost in zip(search.shortfalls, costs, strict=True) if cost > 0]
    assert short, "four of five people on E every day is more than their hours allow"
    rng = random.Random(0)
    for penalty in short:
        assert penalty.day is not None
        off_early = {
            e
            for e in range(len(problem.staff))
            if not start.solver.boolean_value(built.variables.shift[e][penalty.day][0])
        }
        for count in (1, 2, 5):
            people = search._people_to_fill(penalty, count, rng)
            assert len(people) == count == len(set(people))
            half = _leading_half_weekend_people(search, penalty.day, people)
            assert len(half) <= min(2, count - 1)
            could = off_early - set(half)
            rest = people[len(half) :]
            assert set(rest[: min(len(rest), len(could))]) <= could


def _leading_half_weekend_people(search: lns._Search, day: int, people: list[int]) -> list[int]:
    """The people at the head of ``people`` who work the other day of ``day``'s weekend, and
    not ``day``, in the search's best rota."""
    works = search.built.variables.works
    values = search.incumbent.values
    horizon = search.horizon
    weekend = horizon.weekends[horizon.weekend_index[day]] if day in horizon.weekend_index else ()
    others = [d for d in weekend if d != day]
    leading = []
    for e in people:
        if values[works[e][day].index] or not any(values[works[e][d].index] for d in others):
            break
        leading.append(e)
    return leading


def test_a_weekend_shortfall_frees_people_working_that_weekend_on_one_day(
    tight_problem: Callable[..., Problem],
) -> None:
    """For a weekend shift left short, up to two people (fewer than the neighbourhood holds) who
    work the other day of that weekend but not that day are freed first, whatever shifts they may
    work: they can make up the shortfall by working the whole weekend. On a weekday nobody is
    singled out this way."""
    problem = tight_problem(people=5)
    built = build_model(problem)
    search = lns._Search(built, _start(problem, built), 0, 1.0, 0, None, None)
    saturday, sunday = 5, 6
    weekend = problem.horizon.weekend_index
    assert problem.horizon.weekends[weekend[saturday]] == (saturday, sunday)
    assert weekend[sunday] == weekend[saturday]
    works = built.variables.works
    worked = {0: (saturday,), 1: (saturday,), 2: (sunday,), 3: (saturday, sunday), 4: ()}
    for e, days in worked.items():
        for d in (saturday, sunday):
            search.incumbent.values[works[e][d].index] = int(d in days)
    rng = random.Random(0)
    for count in (3, 5):
        assert set(search._half_weekend_people(sunday, count, rng)) == {0, 1}
    for count in (2, 3, 5):
        assert search._half_weekend_people(saturday, count, rng) == [2]
    one = search._half_weekend_people(sunday, 2, rng)
    assert len(one) == 1 and set(one) <= {0, 1}
    assert search._half_weekend_people(sunday, 1, rng) == []
    assert search._half_weekend_people(2, 5, rng) == []


def test_shortfalls_name_who_could_make_them_up(tight_problem: Callable[..., Problem]) -> None:
    """A shift demand's shortfall lists everyone who may work that shift, with their cell that
    day, and no one who may not."""
    problem = tight_problem()
    staff = list(problem.staff)
    staff[0] = staff[0].model_copy(update={"shift_types": frozenset({"L"})})
    problem = problem.model_copy(update={"staff": tuple(staff)})
    built = build_model(problem)
    early = [p for p in built.penalties if p.fillers and p.explanation.startswith("E ")]
    assert early
    for penalty in early:
        assert penalty.day is not None
        assert penalty.fillers == tuple(
            (e, built.variables.shift[e][penalty.day][0].index) for e in range(1, 5)
        )
