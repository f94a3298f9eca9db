"""Rotation timetables: one cyclic pattern, each person a week further on, and hard demands."""

from __future__ import annotations

from datetime import date

from models import (
    Assignment,
    ForbiddenSequence,
    Problem,
    Rota,
    Rules,
    ShiftDemand,
    ShiftRun,
    ShiftType,
    Staff,
)
from scheduler.result import SolveStatus
from scheduler.solve import solve
from scheduler.validate import validate

MONDAY = date(2026, 12, 7)
DAY = ShiftType(code="D", start="06:00", end="14:00")
NIGHT = ShiftType(code="N", start="22:00", end="06:00")


def rotation(weekly_demand: int, people: int = 4, **rules: object) -> Problem:
    """A rotation timetable of ``people`` weeks needing ``weekly_demand`` on D and on N daily."""
    return Problem(
        start=MONDAY,
        days=7 * people,
        shift_types=(DAY, NIGHT),
        staff=tuple(Staff(id=f"W{k}") for k in range(people)),
        shift_demands=tuple(
            ShiftDemand(shift=code, min_staff=weekly_demand, max_staff=weekly_demand, hard=True)
            for code in ("D", "N")
        ),
        rules=Rules(
            cyclic=True,
            rotation=True,
            min_rest_hours=0,
            min_days_off_per_week=0,
            max_hours_per_week=None,
            **rules,
        ),
    )


def test_everyone_follows_the_first_persons_pattern_a_week_apart() -> None:
    """Person k works on day d what the first person works on day d + 7k; no rule is broken."""
    problem = rotation(
        1,
        forbidden_sequences=(ForbiddenSequence(pattern=("N", "D")),),
        shift_runs=(ShiftRun(shift="N", min_days=2, max_days=3),),
        max_consecutive_days=5,
    )
    result = solve(problem, time_limit_s=5, workers=1)
    assert result.status.has_rota and result.rota is not None
    cells = result.rota.shifts_by_staff_and_date()
    for k, person in enumerate(problem.staff):
        for d in range(problem.days):
            mine = cells.get((person.id, problem.horizon.date_of(d)), [])
            pattern_day = problem.horizon.date_of((d + 7 * k) % problem.days)
            assert mine == cells.get(("W0", pattern_day), [])
    report = validate(problem, result.rota)
    assert report.rule_breaks == ()
    assert result.objective == report.objective == 0


def test_hard_demand_that_cannot_be_met_is_infeasible() -> None:
    """Three on each shift every day needs six people a day; four weeks of pattern cannot."""
    result = solve(rotation(3), time_limit_s=5, workers=1)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.rota is None


def test_validator_reports_a_broken_rotation_and_hard_demand() -> None:
    """A hand-made rota where W1 does not follow W0's pattern and days go unstaffed is flagged."""
    problem = rotation(1, people=2)
    rota = Rota(
        start=MONDAY,
        days=14,
        assignments=(Assignment(staff_id="W0", date=MONDAY, shift="D"),),
    )
    rules = {item.rule for item in validate(problem, rota).rule_breaks}
    assert rules == {"rotation", "shift_demand"}
