"""The day-by-day walk: whatever rota it draws keeps every hard rule of the person, in the
independent checker's eyes; where it cannot keep one by construction it draws nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import (
    DAY_OFF,
    ForbiddenSequence,
    Leave,
    Pin,
    Problem,
    Rota,
    Rules,
    ShiftType,
    Staff,
    StaffRules,
)
from scheduler.greedy import OFF, can_draw, draw_alone
from scheduler.validate import validate

RotaOfCells = Callable[[Problem, Iterable[tuple[int, int, int]]], Rota]

START = date(2026, 12, 7)
"""A Monday."""

SHIFTS = (
    ShiftType(code="E", start="06:00", end="14:00"),
    ShiftType(code="L", start="14:00", end="22:00"),
    ShiftType(code="N", start="22:00", end="08:00"),
)


@st.composite
def _staff_rules(draw: st.DrawFn, days: int) -> StaffRules:
    """Run, weekend, weekly and horizon rules, each present about half of the time."""
    low = draw(st.integers(0, days * 6))
    return StaffRules(
        max_consecutive_days=draw(st.none() | st.integers(2, 6)),
        min_consecutive_days=draw(st.none() | st.integers(1, 3)),
        min_days_off_run=draw(st.none() | st.integers(1, 3)),
        min_days_off_per_week=draw(st.none() | st.integers(0, 3)),
        max_weekends=draw(st.none() | st.integers(0, 2)),
        max_hours_per_week=draw(st.none() | st.sampled_from([24.0, 40.0, 48.0])),
        min_total_hours=draw(st.none() | st.just(float(low))),
        max_total_hours=draw(st.none() | st.just(float(low + draw(st.integers(0, 40))))),
        max_shifts=draw(st.dictionaries(st.sampled_from(["E", "L", "N"]), st.integers(0, 6))),
    )


@st.composite
def _problems(draw: st.DrawFn) -> Problem:
    """One to three people over one to three weeks, with leave and the walk's rules at random."""
    days = draw(st.integers(7, 21))
    people = draw(st.integers(1, 3))
    staff = tuple(Staff(id=f"P{k}", rules=draw(_staff_rules(days))) for k in range(people))
    leave = []
    for person in staff:
        if draw(st.booleans()):
            first = draw(st.integers(0, days - 1))
            last = min(days - 1, first + draw(st.integers(0, 4)))
            leave.append(
                Leave(
                    staff_id=person.id,
                    start=START + timedelta(days=first),
                    end=START + timedelta(days=last),
                )
            )
    sequences = draw(
        st.lists(
            st.sampled_from(
                [("N", "E"), ("L", "E"), ("N", "L"), ("N", DAY_OFF, "N"), ("E", DAY_OFF, "N")]
            ),
            unique=True,
            max_size=3,
        )
    )
    return Problem(
        start=START,
        days=days,
        shift_types=SHIFTS,
        staff=staff,
        leave=tuple(leave),
        rules=Rules(
            min_rest_hours=draw(st.sampled_from([0, 11])),
            max_days_off_run=draw(st.none() | st.integers(2, 5)),
            forbidden_sequences=tuple(ForbiddenSequence(pattern=p) for p in sequences),
            max_hours_per_week=None,
            min_days_off_per_week=0,
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_problems(), st.integers(-3, 3), st.sampled_from([0.0, 1.5, 5.0]))
def test_walked_rotas_keep_every_hard_rule(
    rota_of_cells: RotaOfCells, problem: Problem, value: int, pressure: float
) -> None:
    """Random rules, leave and wishes: a person the walk draws breaks no hard rule of theirs."""
    values = {(d, s): value * ((d + s) % 3 - 1) for d in range(problem.days) for s in range(3)}
    drawn = {}
    for e in range(len(problem.staff)):
        days = draw_alone(problem, e, values, pressure)
        if days is not None:
            assert len(days) == problem.days
            drawn[e] = days
    walked = {problem.staff[e].id for e in drawn}
    cells = [(e, d, s) for e, days in drawn.items() for d, s in enumerate(days) if s != OFF]
    breaks = validate(problem, rota_of_cells(problem, cells)).rule_breaks
    assert [b for b in breaks if b.staff_id in walked] == []


def test_no_walk_where_a_rule_is_not_kept_by_construction(
    tight_problem: Callable[..., Problem],
) -> None:
    """A pin, a weekly minimum or a cyclic horizon: the walk leaves the person to their model."""
    pinned = tight_problem(pins=(Pin(staff_id="S1", date=START, shift="E"),))
    assert not can_draw(pinned, 1) and can_draw(pinned, 2)
    assert draw_alone(pinned, 1, {}) is None
    weekly = tight_problem(
        rules=Rules(min_rest_hours=11, max_hours_per_week=None, min_hours_per_week=8)
    )
    assert draw_alone(weekly, 0, {}) is None
    cyclic = tight_problem(rules=Rules(cyclic=True, max_hours_per_week=None))
    assert draw_alone(cyclic, 0, {}) is None
