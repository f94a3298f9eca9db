"""The model and the independent checker agree on random small problems.

Every rota the solver returns keeps every hard rule in the checker's eyes, and the objective the
model reports equals the one the checker recomputes from ``docs/rules.md``, family by family.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import combinations
from typing import TypeVar

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from models import (
    DAY_OFF,
    Assignment,
    CoverageWindow,
    ForbiddenSequence,
    Leave,
    LeaveStatus,
    ObjectiveFamily,
    ObjectiveTerm,
    Pin,
    Problem,
    Rota,
    Rules,
    ShiftDemand,
    ShiftRequest,
    ShiftRun,
    ShiftType,
    Staff,
    StaffRules,
    Weights,
)
from scheduler.pricing import pricing_bound
from scheduler.relaxation import relaxation_bound
from scheduler.result import SolveStatus
from scheduler.solve import solve
from scheduler.validate import validate

START = date(2026, 12, 7)
"""A Monday."""

CODES = ("A", "B", "C")
TEAMS = ("", "red", "blue")

T = TypeVar("T")


def maybe(draw: st.DrawFn, values: st.SearchStrategy[T]) -> T | None:
    """A value from ``values``, or None about half of the time."""
    return draw(st.none() | values)


def rarely(draw: st.DrawFn, values: st.SearchStrategy[T]) -> T | None:
    """A value from ``values`` about a quarter of the time, else None."""
    return draw(values) if draw(st.integers(0, 3)) == 0 else None


def quarter_hours(low: int, high: int) -> st.SearchStrategy[int]:
    """Times of day in minutes on a 15-minute grid between ``low`` and ``high``."""
    return st.integers(low // 15, high // 15).map(lambda k: k * 15)


@st.composite
def shift_types(draw: st.DrawFn) -> tuple[ShiftType, ...]:
    """One to three shift types: day, overnight (end at or before start), whole-day, on call."""
    count = draw(st.integers(1, 3))
    shifts = []
    for code in CODES[:count]:
        start = draw(quarter_hours(0, 1425))
        length = draw(st.sampled_from([120, 480, 1440]) | quarter_hours(15, 1440))
        shifts.append(
            ShiftType(
                code=code,
                start=start,
                end=(start + length) % 1440 or draw(st.sampled_from([0, 1440])),
                on_call=draw(st.booleans()),
                paid_hours=maybe(draw, st.sampled_from([0.0, 4.0, 7.5, 8.0, 12.0])),
                late=maybe(draw, st.booleans()),
            )
        )
    return tuple(shifts)


def staff_rules(draw: st.DrawFn, codes: list[str]) -> StaffRules:
    """Per-person overrides, most of them left empty."""
    if draw(st.integers(0, 2)) != 0:
        return StaffRules()
    return StaffRules(
        min_hours_per_week=rarely(draw, st.sampled_from([0.0, 4.0, 16.0])),
        max_hours_per_week=maybe(draw, st.integers(8, 60)),
        target_hours_per_week=maybe(draw, st.sampled_from([0.0, 20.0, 40.0, 60.0])),
        max_consecutive_days=maybe(draw, st.integers(3, 7)),
        min_consecutive_days=maybe(draw, st.integers(1, 2)),
        min_days_off_per_week=maybe(draw, st.integers(0, 2)),
        min_days_off_run=maybe(draw, st.integers(1, 2)),
        max_weekends=maybe(draw, st.integers(0, 2)),
        min_total_hours=rarely(draw, st.sampled_from([4.0, 16.0, 30.0])),
        max_total_hours=maybe(draw, st.sampled_from([0.0, 20.0, 40.0, 80.0])),
        max_shifts=draw(st.dictionaries(st.sampled_from(codes), st.integers(0, 4), max_size=2)),
    )


def staff_members(draw: st.DrawFn, codes: list[str]) -> tuple[Staff, ...]:
    """Two to four people in up to three teams, some with a skill or a list of shift types."""
    count = draw(st.integers(2, 4))
    return tuple(
        Staff(
            id=f"S{k + 1}",
            team=draw(st.sampled_from(TEAMS)),
            skills=draw(st.frozensets(st.just("lead"))),
            shift_types=maybe(draw, st.frozensets(st.sampled_from(codes), min_size=1)),
            rules=staff_rules(draw, codes),
        )
        for k in range(count)
    )


def on_days(draw: st.DrawFn, days: int) -> dict[str, object]:
    """Weekdays or listed dates, a skill or team restriction, bounds and own weights."""
    low = draw(st.integers(0, 2))
    return {
        "weekdays": draw(st.frozensets(st.integers(0, 6), min_size=1)),
        "dates": maybe(
            draw,
            st.frozensets(st.integers(0, days - 1).map(lambda d: START + timedelta(days=d))),
        ),
        "skill": maybe(draw, st.just("lead")),
        "team": maybe(draw, st.sampled_from(TEAMS[1:])),
        "min_staff": low,
        "max_staff": maybe(draw, st.integers(low, low + 2)),
        "weight_under": maybe(draw, st.integers(0, 5)),
        "weight_over": maybe(draw, st.integers(0, 5)),
    }


def coverage(
    draw: st.DrawFn, days: int, codes: list[str]
) -> tuple[tuple[CoverageWindow, ...], tuple[ShiftDemand, ...]]:
    """Up to two coverage windows (overnight and 24:00 starts included) and two shift demands."""
    windows = tuple(
        CoverageWindow(
            start=draw(quarter_hours(0, 1440)),
            end=draw(quarter_hours(0, 1440)),
            **on_days(draw, days),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    demands = tuple(
        ShiftDemand(shift=draw(st.sampled_from(codes)), **on_days(draw, days))
        for _ in range(draw(st.integers(0, 2)))
    )
    return windows, demands


def leave_and_wishes(
    draw: st.DrawFn, days: int, staff_ids: list[str], codes: list[str]
) -> tuple[tuple[Leave, ...], tuple[ShiftRequest, ...], tuple[Pin, ...]]:
    """Approved and requested leave (possibly reaching past the horizon), wishes and pins."""
    leave = []
    for _ in range(draw(st.integers(0, 2))):
        first = START + timedelta(days=draw(st.integers(-3, days)))
        leave.append(
            Leave(
                staff_id=draw(st.sampled_from(staff_ids)),
                start=first,
                end=first + timedelta(days=draw(st.integers(0, 3))),
                status=draw(st.sampled_from(list(LeaveStatus))),
                weight=maybe(draw, st.integers(0, 5)),
            )
        )
    day = st.integers(0, days - 1).map(lambda d: START + timedelta(days=d))
    requests = tuple(
        ShiftRequest(
            staff_id=draw(st.sampled_from(staff_ids)),
            date=draw(day),
            shift=maybe(draw, st.sampled_from(codes)),
            want=draw(st.booleans()),
            weight=maybe(draw, st.integers(0, 5)),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    pins = tuple(
        Pin(
            staff_id=draw(st.sampled_from(staff_ids)),
            date=draw(day),
            shift=maybe(draw, st.sampled_from(codes)),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    return tuple(leave), requests, pins


def overlap(first: ShiftType, second: ShiftType) -> bool:
    """Whether two shift types worked on the same day overlap in time."""
    return first.start < second.end_minutes and second.start < first.end_minutes


def rules(draw: st.DrawFn, shifts: tuple[ShiftType, ...]) -> Rules:
    """Random rules; each is left at its default about half of the time."""
    codes = [shift.code for shift in shifts]
    pairs = [
        (first.code, second.code)
        for first, second in combinations(shifts, 2)
        if not overlap(first, second)
    ]
    max_days = draw(st.integers(1, 7))
    min_off_run = draw(st.integers(1, 3))
    pattern = st.lists(st.sampled_from([*codes, DAY_OFF]), min_size=2, max_size=3)
    chosen: dict[str, object] = {
        "allowed_same_day": draw(st.frozensets(st.sampled_from(pairs))) if pairs else frozenset(),
        "min_rest_hours": draw(st.sampled_from([0, 8, 11, 12.5, 36])),
        "max_consecutive_days": max_days,
        "min_consecutive_days": draw(st.integers(1, min(max_days, 3))),
        "min_days_off_per_week": draw(st.integers(0, 2)),
        "min_days_off_run": min_off_run,
        "max_days_off_run": maybe(draw, st.integers(min_off_run, 5)),
        "max_weekends": maybe(draw, st.integers(0, 2)),
        "min_hours_per_week": draw(st.sampled_from([0, 0, 8, 20])),
        "max_hours_per_week": maybe(draw, st.sampled_from([10, 24, 44, 60])),
        "target_hours_per_week": draw(st.sampled_from([0, 20, 40])),
        "leave_day_hours": draw(st.sampled_from([0, 7.5, 8])),
        "forbidden_sequences": tuple(
            ForbiddenSequence(pattern=tuple(found)) for found in draw(st.lists(pattern, max_size=2))
        ),
        "shift_runs": tuple(
            ShiftRun(shift=code, min_days=low, max_days=maybe(draw, st.integers(low, 4)))
            for code, low in draw(
                st.lists(st.tuples(st.sampled_from(codes), st.integers(1, 3)), max_size=2)
            )
        ),
        "weekend_days": draw(
            st.sampled_from([frozenset({5, 6}), frozenset({4, 5}), frozenset({6}), frozenset()])
        ),
        "cyclic": draw(st.booleans()),
    }
    kept = {name: value for name, value in chosen.items() if draw(st.booleans())}
    return Rules(**kept)


def weights(draw: st.DrawFn) -> Weights:
    """Small random weights (zero included), or the defaults."""
    if draw(st.booleans()):
        return Weights()
    return Weights(**{name: draw(st.integers(0, 50)) for name in Weights.model_fields})


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """A small random problem that the Problem validator accepts."""
    days = draw(st.integers(7, 10))
    shifts = draw(shift_types())
    codes = [shift.code for shift in shifts]
    staff = staff_members(draw, codes)
    windows, demands = coverage(draw, days, codes)
    leave, requests, pins = leave_and_wishes(draw, days, [p.id for p in staff], codes)
    try:
        return Problem(
            start=START,
            days=days,
            shift_types=shifts,
            staff=staff,
            coverage_windows=windows,
            shift_demands=demands,
            leave=leave,
            requests=requests,
            pins=pins,
            rules=rules(draw, shifts),
            weights=weights(draw),
        )
    except ValidationError:
        # A pin on approved leave or on a shift the person may not work: not a problem at all.
        assume(False)
        raise


def model_by_family(terms: tuple[ObjectiveTerm, ...]) -> dict[ObjectiveFamily, int]:
    """The model's objective summed per family, zero families left out (as the checker does)."""
    totals: dict[ObjectiveFamily, int] = defaultdict(int)
    for term in terms:
        totals[term.family] += term.cost
    return {family: cost for family, cost in totals.items() if cost != 0}


def neighbours(problem: Problem, rota: Rota, count: int) -> Iterator[Rota]:
    """Rotas that differ from ``rota`` in one cell, drawn with a fixed seed."""
    pick = random.Random(0)
    contents: list[tuple[str, ...]] = [
        (),
        *((shift.code,) for shift in problem.shift_types),
        *sorted(problem.rules.allowed_same_day),
    ]
    for _ in range(count):
        staff_id = pick.choice(problem.staff).id
        when = problem.start + timedelta(days=pick.randrange(problem.days))
        kept = [a for a in rota.assignments if (a.staff_id, a.date) != (staff_id, when)]
        added = [
            Assignment(staff_id=staff_id, date=when, shift=code) for code in pick.choice(contents)
        ]
        yield rota.model_copy(update={"assignments": (*kept, *added)})


def check_model_against_checker(problem: Problem) -> None:
    """Solve ``problem`` and compare the model's view of the result with the checker's."""
    result = solve(problem, time_limit_s=2, workers=1, seed=0)
    if not result.status.has_rota:
        assert result.status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN), result.message
        assert result.rota is None
        if result.status is SolveStatus.INFEASIBLE:
            # A rota where nobody works is a witness: if it keeps every rule, the model is wrong.
            nobody = validate(problem, Rota(start=problem.start, days=problem.days))
            assert nobody.rule_breaks, "INFEASIBLE, yet the empty rota keeps every hard rule"
        return
    assert result.rota is not None
    report = validate(problem, result.rota)
    assert report.rule_breaks == ()
    assert model_by_family(result.terms) == report.by_family
    assert result.objective == report.objective
    # The linear relaxation's bound and the bound from prices on coverage hold for this rota
    # too (scheduler.relaxation, scheduler.pricing).
    assert relaxation_bound(problem, 10) <= report.objective
    assert pricing_bound(problem, 10) <= report.objective
    if result.status is not SolveStatus.OPTIMAL:
        return
    # The model proved that no rota beats its own: the checker must not find a cheaper valid one
    # (else the model forbids a valid rota or overcharges it).
    for other in (
        Rota(start=problem.start, days=problem.days),
        *neighbours(problem, result.rota, 30),
    ):
        checked = validate(problem, other)
        if not checked.rule_breaks:
            assert checked.objective >= report.objective, (other, checked.by_family)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(problems())
def test_model_and_checker_agree_on_random_problems(problem: Problem) -> None:
    """Random small problems: solved rotas break no rule and both objectives agree per family."""
    check_model_against_checker(problem)
