"""Large-neighbourhood search: never worse than where it started, and every rota checks out."""

from __future__ import annotations

from datetime import date, timedelta

from models import Leave, Problem, Rota, Rules, ShiftDemand, ShiftType, Staff, StaffRules
from models.rota import Assignment
from scheduler import lns
from scheduler.construct import build_person_by_person
from scheduler.model import RotaModel, build_model
from scheduler.validate import validate

START = date(2026, 12, 7)
EARLY = ShiftType(code="E", start="06:00", end="14:00")
LATE = ShiftType(code="L", start="14:00", end="22:00")


def _tight_problem(**fields: object) -> Problem:
    """Five people over two weeks with tight hours, runs and weekends, two a shift wanted."""
    staff = tuple(
        Staff(
            id=f"S{k}",
            rules=StaffRules(
                min_total_hours=64,
                max_total_hours=72,
                max_consecutive_days=4,
                min_consecutive_days=2,
                min_days_off_run=2,
                max_weekends=1,
            ),
        )
        for k in range(5)
    )
    values: dict[str, object] = {
        "start": START,
        "days": 14,
        "shift_types": (EARLY, LATE),
        "staff": staff,
        "shift_demands": (
            ShiftDemand(shift="E", min_staff=2, max_staff=2, weight_under=100, weight_over=10),
            ShiftDemand(shift="L", min_staff=1, max_staff=1, weight_under=100, weight_over=10),
        ),
        "leave": (
            Leave(staff_id="S0", start=START + timedelta(days=3), end=START + timedelta(days=4)),
        ),
        "rules": Rules(min_rest_hours=11, max_hours_per_week=None, min_days_off_per_week=0),
    }
    values.update(fields)
    return Problem.model_validate(values)


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


def test_completed_first_rota_has_the_checkers_objective() -> None:
    """A rota given by its cells gets from the model exactly the objective the checker computes."""
    problem = _tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    report = validate(problem, _rota(problem, built, start))
    assert report.rule_breaks == ()
    assert report.objective == start.objective


def test_improve_is_never_worse_and_checks_out() -> None:
    """Two seconds of search keep every rule, cost no more, and report the checker's objective."""
    problem = _tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    better = lns.improve(built, start, time_limit_s=2.0, workers=1, seed=0)
    report = validate(problem, _rota(problem, built, better))
    assert report.rule_breaks == ()
    assert better.objective == report.objective
    assert better.objective <= start.objective


def test_improve_stops_at_the_bound() -> None:
    """Given a bound the incumbent already meets, the search returns it at once, unchanged."""
    problem = _tight_problem()
    built = build_model(problem)
    start = _start(problem, built)
    assert lns.improve(built, start, 30.0, 1, 0, bound=start.objective) is start
