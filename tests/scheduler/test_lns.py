"""Large-neighbourhood search: never worse than where it started, and every rota checks out."""

from __future__ import annotations

from collections.abc import Callable

from models import Problem, Rota
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


def _start(problem: Problem, built: RotaModel) -> lns.Incumbent:
    """The person-by-person rota, completed by the full model."""
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
    incumbent = lns.complete(built, values, 5.0, 1, 0)
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


def test_improve_stops_at_the_bound(tight_problem: Callable[..., Problem]) -> None:
    """Given a bound the incumbent already meets, the search returns it at once, unchanged."""
    problem = tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    assert lns.improve(built, start, 30.0, 1, 0, bound=start.objective) is start
