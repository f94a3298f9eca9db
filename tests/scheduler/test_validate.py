"""The independent checker: hard rules, coverage and the objective on tiny hand-built rotas."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from models import (
    Assignment,
    CoverageWindow,
    ForbiddenSequence,
    Leave,
    LeaveStatus,
    ObjectiveFamily,
    Pin,
    Problem,
    Report,
    Rota,
    Rules,
    ShiftDemand,
    ShiftRequest,
    ShiftRun,
    ShiftType,
    Staff,
    StaffRules,
)
from scheduler.phrases import render
from scheduler.validate import validate

START = date(2026, 12, 7)
"""A Monday: day 5 is a Saturday."""

A = ShiftType(code="A", start=9 * 60, end=17 * 60)
B = ShiftType(code="B", start=12 * 60, end=20 * 60)
C = ShiftType(code="C", start=20 * 60, end=22 * 60, on_call=True)
L = ShiftType(code="L", start=14 * 60, end=23 * 60)
N = ShiftType(code="N", start=22 * 60, end=6 * 60)
SHIFTS = (A, B, C, L, N)

LOOSE: dict[str, Any] = {
    "min_rest_hours": 0,
    "max_consecutive_days": 100,
    "min_days_off_per_week": 0,
    "max_hours_per_week": None,
}
"""Rules that nothing in these tests breaks unless a test tightens one."""

ZHANG = Staff(id="S1", name="张伟")
LI = Staff(id="S2", name="李娜")
Cell = tuple[str, int, str]


def rules(**changes: Any) -> Rules:
    """Loose rules with some tightened."""
    return Rules(**{**LOOSE, **changes})


def make_problem(
    *,
    days: int = 7,
    staff: Iterable[Staff] = (ZHANG,),
    rule_set: Rules | None = None,
    shifts: tuple[ShiftType, ...] = SHIFTS,
    **extra: Any,
) -> Problem:
    """A problem over ``days`` days from START, by default with all five test shift types."""
    return Problem(
        start=START,
        days=days,
        shift_types=shifts,
        staff=tuple(staff),
        rules=rule_set or rules(),
        **extra,
    )


def day(index: int) -> date:
    """The date of a day index."""
    return START + timedelta(days=index)


def make_rota(problem: Problem, *cells: Cell) -> Rota:
    """A rota from (staff id, day index, shift code) cells."""
    assignments = tuple(
        Assignment(staff_id=staff_id, date=day(index), shift=code)
        for staff_id, index, code in cells
    )
    return Rota(start=problem.start, days=problem.days, assignments=assignments)


def run(staff_id: str, days: Iterable[int], code: str = "A") -> list[Cell]:
    """The same shift on several days."""
    return [(staff_id, index, code) for index in days]


def check(problem: Problem, *cells: Cell) -> Report:
    """Validate a rota given as cells."""
    return validate(problem, make_rota(problem, *cells))


def broken(report: Report, rule: str) -> list[str]:
    """Messages of the breaks of one rule."""
    return [item.message for item in report.rule_breaks if item.rule == rule]


def amounts(report: Report, family: ObjectiveFamily) -> list[int]:
    """Amounts of the terms of one family, in order."""
    return [term.amount for term in report.terms if term.family is family]


# --- hard rules -------------------------------------------------------------------------------


def test_unknown_assignments_are_reported_and_ignored() -> None:
    """Unknown staff, unknown shift and out-of-horizon dates are `unknown` and count for nothing."""
    problem = make_problem(days=1)
    rota = Rota(
        start=START,
        days=1,
        assignments=(
            Assignment(staff_id="S9", date=START, shift="A"),
            Assignment(staff_id="S1", date=START, shift="Z"),
            Assignment(staff_id="S1", date=START - timedelta(days=1), shift="A"),
        ),
    )
    report = validate(problem, rota)
    assert [item.rule for item in report.rule_breaks] == ["unknown"] * 3
    assert "S9" in report.rule_breaks[0].message
    assert report.staff[0].paid_minutes == 0
    assert not validate(problem, make_rota(problem, ("S1", 0, "A"))).rule_breaks


def test_not_allowed_shift() -> None:
    """Working a shift type outside one's list breaks the rule; a listed one does not."""
    problem = make_problem(staff=[Staff(id="S1", name="张伟", shift_types=frozenset({"A"}))])
    assert broken(check(problem, ("S1", 2, "B")), "not_allowed_shift") == [
        "S1 张伟 works B on 2026-12-09 but may only work A"
    ]
    assert not check(problem, ("S1", 2, "A")).rule_breaks


def test_approved_leave() -> None:
    """Work on a day of approved leave is a break; requested leave and other days are not."""
    leave = (
        Leave(staff_id="S1", start=day(2), end=day(2)),
        Leave(staff_id="S1", start=day(4), end=day(4), status=LeaveStatus.REQUESTED),
    )
    problem = make_problem(leave=leave)
    report = check(problem, ("S1", 2, "A"))
    assert [(item.rule, item.date) for item in report.rule_breaks] == [("approved_leave", day(2))]
    assert not check(problem, ("S1", 3, "A"), ("S1", 4, "A")).rule_breaks


def test_pins() -> None:
    """A pinned shift not worked and work on a pinned-off day both break `pin`."""
    pins = (Pin(staff_id="S1", date=day(1), shift="A"), Pin(staff_id="S1", date=day(2)))
    problem = make_problem(pins=pins)
    report = check(problem, ("S1", 1, "B"), ("S1", 2, "A"))
    assert broken(report, "pin") == [
        "S1 张伟 is pinned to A on 2026-12-08 but does not work it",
        "S1 张伟 is pinned off on 2026-12-09 but works A",
    ]
    assert not check(problem, ("S1", 1, "A")).rule_breaks


def test_one_shift_per_day() -> None:
    """Two shifts a day break the rule unless the pair is allowed; the same shift twice always."""
    problem = make_problem(rule_set=rules(allowed_same_day=frozenset({("A", "C")})))
    assert len(broken(check(problem, ("S1", 0, "A"), ("S1", 0, "B")), "one_shift_per_day")) == 1
    assert len(broken(check(problem, ("S1", 0, "A"), ("S1", 0, "A")), "one_shift_per_day")) == 1
    assert not check(problem, ("S1", 0, "A"), ("S1", 0, "C")).rule_breaks


def test_min_rest_next_day() -> None:
    """L (ends 23:00) then A (09:00) rests 10h, below an 11h minimum; C then A rests 11h."""
    problem = make_problem(rule_set=rules(min_rest_hours=11))
    assert broken(check(problem, ("S1", 0, "L"), ("S1", 1, "A")), "min_rest") == [
        "S1 张伟 has 10h rest between L on 2026-12-07 (ends 23:00) and A on 2026-12-08 "
        "(starts 09:00); at least 11h required"
    ]
    assert not check(problem, ("S1", 0, "C"), ("S1", 1, "A")).rule_breaks


def test_min_rest_two_days_apart() -> None:
    """Rest is also checked against the shift two days later (k = 2), never three."""
    problem = make_problem(rule_set=rules(min_rest_hours=36))
    report = check(problem, ("S1", 0, "C"), ("S1", 2, "A"))
    assert [item.date for item in report.rule_breaks if item.rule == "min_rest"] == [day(0)]
    assert "35h rest" in broken(report, "min_rest")[0]
    assert not check(problem, ("S1", 0, "C"), ("S1", 3, "A")).rule_breaks


def test_min_rest_wraps_when_cyclic() -> None:
    """C on the last day and A on day 0 rest 11h: too little for 12h only in a cyclic rota."""
    cells = (("S1", 6, "C"), ("S1", 0, "A"))
    assert broken(
        check(make_problem(rule_set=rules(min_rest_hours=12, cyclic=True)), *cells), "min_rest"
    )
    assert not check(make_problem(rule_set=rules(min_rest_hours=12)), *cells).rule_breaks


def test_max_consecutive_days() -> None:
    """Seven days in a row break a maximum of six, with a message naming the dates; six do not."""
    problem = make_problem(days=8, rule_set=rules(max_consecutive_days=6))
    assert broken(check(problem, *run("S1", range(7))), "max_consecutive_days") == [
        "S1 张伟 works 7 days in a row from 2026-12-07 to 2026-12-13; at most 6 allowed"
    ]
    assert not check(problem, *run("S1", range(6))).rule_breaks


def chinese(report: Report, rule: str) -> list[str]:
    """Messages of the breaks of one rule, written for a Chinese reader."""
    return [
        render(item.message_phrase, "zh")
        for item in report.rule_breaks
        if item.rule == rule and item.message_phrase is not None
    ]


def test_rule_breaks_in_chinese() -> None:
    """HR reading in Chinese gets every rule break in Chinese, the same facts as in English."""
    pins = (Pin(staff_id="S1", date=day(1), shift="A"), Pin(staff_id="S1", date=day(2)))
    problem = make_problem(days=8, pins=pins, rule_set=rules(max_consecutive_days=3))
    report = check(problem, ("S1", 1, "B"), *run("S1", range(2, 7)))
    assert chinese(report, "pin") == [
        "S1 张伟在 2026-12-08 固定上 A 班，却没有上",
        "S1 张伟在 2026-12-09 固定为休息，却上了 A 班",
    ]
    assert chinese(report, "max_consecutive_days") == [
        "S1 张伟从 2026-12-08 到 2026-12-13 连续上班 6 天；最多允许 3 天"
    ]
    english = [item.message for item in report.rule_breaks]
    assert english == [
        render(item.message_phrase, "en") for item in report.rule_breaks if item.message_phrase
    ]


def test_max_consecutive_days_wraps_when_cyclic() -> None:
    """Days 6,7 and 0-3 form a run of six only when the rota is cyclic."""
    cells = run("S1", [0, 1, 2, 3, 6, 7])
    cyclic = make_problem(days=8, rule_set=rules(max_consecutive_days=5, cyclic=True))
    report = check(cyclic, *cells)
    assert [(item.rule, item.date) for item in report.rule_breaks] == [
        ("max_consecutive_days", day(6))
    ]
    assert "6 days in a row from 2026-12-13 to 2026-12-10" in report.rule_breaks[0].message
    assert not check(
        make_problem(days=8, rule_set=rules(max_consecutive_days=5)), *cells
    ).rule_breaks


def test_working_every_day_of_a_cyclic_rota_never_ends() -> None:
    """In a cyclic rota, working all n days is a run without end, longer than any maximum."""
    problem = make_problem(days=7, rule_set=rules(max_consecutive_days=7, cyclic=True))
    assert len(broken(check(problem, *run("S1", range(7))), "max_consecutive_days")) == 1
    plain = make_problem(days=7, rule_set=rules(max_consecutive_days=7))
    assert not check(plain, *run("S1", range(7))).rule_breaks


def test_min_consecutive_days_and_horizon_ends() -> None:
    """A single working day mid-horizon is too short; one touching day 0 or day n-1 is exempt."""
    problem = make_problem(rule_set=rules(min_consecutive_days=2))
    report = check(problem, ("S1", 3, "A"))
    assert [(item.rule, item.date) for item in report.rule_breaks] == [
        ("min_consecutive_days", day(3))
    ]
    assert not check(problem, ("S1", 0, "A"), ("S1", 6, "A")).rule_breaks
    cyclic = make_problem(rule_set=rules(min_consecutive_days=2, cyclic=True))
    assert len(broken(check(cyclic, ("S1", 0, "A")), "min_consecutive_days")) == 1


def test_min_days_off_run() -> None:
    """One day off between working days breaks a minimum of two; at the horizon end it is exempt."""
    problem = make_problem(rule_set=rules(min_days_off_run=2))
    report = check(problem, *run("S1", [0, 1, 2, 4, 5, 6]))
    assert [(item.rule, item.date) for item in report.rule_breaks] == [("min_days_off_run", day(3))]
    assert not check(problem, *run("S1", range(1, 7))).rule_breaks


def test_max_days_off_run() -> None:
    """Four days off in a row break a maximum of three, even touching the horizon's end."""
    problem = make_problem(rule_set=rules(max_days_off_run=3))
    assert len(broken(check(problem, *run("S1", [0, 1, 6])), "max_days_off_run")) == 1
    assert len(broken(check(problem, *run("S1", [0, 1, 2])), "max_days_off_run")) == 1
    assert not check(problem, *run("S1", [0, 4])).rule_breaks


def test_min_days_off_per_week_full_weeks_only() -> None:
    """A full week with one day off breaks a minimum of two; a partial week is not checked."""
    problem = make_problem(days=10, rule_set=rules(min_days_off_per_week=2))
    report = check(problem, *run("S1", range(1, 10)))
    assert broken(report, "min_days_off_per_week") == [
        "S1 张伟 has 1 day off in the week 2026-12-07 to 2026-12-13; at least 2 required"
    ]
    assert not check(problem, *run("S1", [0, 1, 2, 3, 4, 7, 8, 9])).rule_breaks


def test_max_hours_per_week_includes_partial_weeks() -> None:
    """24h in a full or a partial week break a 16h maximum; 16h does not."""
    problem = make_problem(days=10, rule_set=rules(max_hours_per_week=16))
    report = check(problem, *run("S1", [0, 1, 2, 7, 8, 9]))
    assert [item.date for item in report.rule_breaks if item.rule == "max_hours_per_week"] == [
        day(0),
        day(7),
    ]
    assert not check(problem, *run("S1", [0, 1, 7, 8])).rule_breaks


def test_min_hours_per_week_with_leave_credit() -> None:
    """8h worked plus one approved leave day (8h credit) meet 16h; 8h alone does not."""
    leave = (Leave(staff_id="S1", start=day(3), end=day(3)),)
    with_leave = make_problem(days=9, rule_set=rules(min_hours_per_week=16), leave=leave)
    assert not check(with_leave, ("S1", 0, "A")).rule_breaks
    without = make_problem(days=9, rule_set=rules(min_hours_per_week=16))
    assert broken(check(without, ("S1", 0, "A")), "min_hours_per_week") == [
        "S1 张伟 is paid 8h plus 0h leave credit in the week 2026-12-07 to 2026-12-13; "
        "at least 16h required"
    ]


def test_max_weekends() -> None:
    """Saturday of week one and Sunday of week two are two weekends; one Sat+Sun is one."""
    problem = make_problem(days=14, rule_set=rules(max_weekends=1))
    report = check(problem, ("S1", 5, "A"), ("S1", 13, "A"))
    assert [(item.rule, item.date) for item in report.rule_breaks] == [("max_weekends", day(12))]
    assert not check(problem, ("S1", 5, "A"), ("S1", 6, "A")).rule_breaks


def test_total_hours_bounds() -> None:
    """Paid time over the horizon below the person's minimum or above their maximum breaks."""
    person = Staff(id="S1", rules=StaffRules(min_total_hours=16, max_total_hours=24))
    problem = make_problem(staff=[person])
    assert broken(check(problem, ("S1", 0, "A")), "min_total_hours")
    assert broken(check(problem, *run("S1", range(4))), "max_total_hours")
    assert not check(problem, *run("S1", range(2))).rule_breaks


def test_max_shifts() -> None:
    """Two C shifts break a maximum of one C; one does not."""
    person = Staff(id="S1", rules=StaffRules(max_shifts={"C": 1}))
    problem = make_problem(staff=[person])
    assert broken(check(problem, ("S1", 0, "C"), ("S1", 3, "C")), "max_shifts") == [
        "S1 works C 2 times; at most 1 allowed"
    ]
    assert not check(problem, ("S1", 0, "C"), ("S1", 3, "A")).rule_breaks


def test_forbidden_sequence() -> None:
    """C then A the next day matches `C A`; with a day between it does not."""
    problem = make_problem(
        rule_set=rules(forbidden_sequences=(ForbiddenSequence(pattern=("C", "A")),))
    )
    report = check(problem, ("S1", 1, "C"), ("S1", 2, "A"))
    assert [(item.rule, item.date) for item in report.rule_breaks] == [
        ("forbidden_sequence", day(1))
    ]
    assert not check(problem, ("S1", 1, "C"), ("S1", 3, "A")).rule_breaks


def test_forbidden_sequence_with_day_off_and_wrap() -> None:
    """`N - N` matches across a day off, and across the wrap only when cyclic."""
    pattern = (ForbiddenSequence(pattern=("N", "-", "N")),)
    plain = make_problem(rule_set=rules(forbidden_sequences=pattern))
    assert broken(check(plain, ("S1", 2, "N"), ("S1", 4, "N")), "forbidden_sequence")
    assert not check(plain, ("S1", 2, "N"), ("S1", 3, "A"), ("S1", 4, "N")).rule_breaks
    assert not check(plain, ("S1", 6, "N"), ("S1", 1, "N")).rule_breaks
    cyclic = make_problem(rule_set=rules(forbidden_sequences=pattern, cyclic=True))
    assert broken(check(cyclic, ("S1", 6, "N"), ("S1", 1, "N")), "forbidden_sequence")


def test_shift_run_bounds_and_horizon_ends() -> None:
    """A run of A shorter than 2 mid-horizon or longer than 3 breaks; at day 0 short is fine."""
    bounds = (ShiftRun(shift="A", min_days=2, max_days=3),)
    problem = make_problem(rule_set=rules(shift_runs=bounds))
    assert len(broken(check(problem, ("S1", 3, "A")), "shift_run")) == 1
    assert len(broken(check(problem, *run("S1", range(1, 5))), "shift_run")) == 1
    assert not check(problem, ("S1", 0, "A"), ("S1", 3, "A"), ("S1", 4, "A")).rule_breaks


# --- coverage windows -------------------------------------------------------------------------


def seed_window(**changes: Any) -> CoverageWindow:
    """Every day 09:00–24:00, at least one person."""
    return CoverageWindow(**{"start": 9 * 60, "end": 24 * 60, "min_staff": 1, **changes})


def test_uncovered_person_minutes() -> None:
    """Window 09:00–24:00 min 1 with only A 09–17 worked: 420 person-minutes uncovered × 100."""
    problem = make_problem(days=1, coverage_windows=(seed_window(),))
    report = check(problem, ("S1", 0, "A"))
    assert amounts(report, ObjectiveFamily.UNCOVERED) == [420]
    assert report.terms[0].weight == 100
    assert report.objective == 42_000
    assert report.by_family == {ObjectiveFamily.UNCOVERED: 42_000}


def test_overstaffed_person_minutes() -> None:
    """Two people on A against a max of 1 is 480 surplus person-minutes at the window's weight."""
    window = CoverageWindow(start=9 * 60, end=17 * 60, min_staff=0, max_staff=1, weight_over=3)
    problem = make_problem(days=1, staff=[ZHANG, LI], coverage_windows=(window,))
    report = check(problem, ("S1", 0, "A"), ("S2", 0, "A"))
    assert amounts(report, ObjectiveFamily.OVERSTAFFED) == [480]
    assert report.by_family == {ObjectiveFamily.OVERSTAFFED: 1440}


def test_slices_are_uniform_and_flag_the_structural_gap() -> None:
    """Slices are cut at shift-type boundaries on every date; only 22:00–24:00 is structural."""
    problem = make_problem(days=3, coverage_windows=(seed_window(),), shifts=(A, B, C))
    report = check(problem, ("S1", 1, "B"))
    expected = [(540, 720), (720, 1020), (1020, 1200), (1200, 1320), (1320, 1440)]
    for index in range(3):
        pieces = [piece for piece in report.coverage if piece.date == day(index)]
        assert [(piece.start, piece.end) for piece in pieces] == expected
        assert [piece.structural for piece in pieces] == [False] * 4 + [True]
    on_day_1 = [piece.on_duty for piece in report.coverage if piece.date == day(1)]
    assert on_day_1 == [(), ("S1",), ("S1",), (), ()]


def test_slices_agree_with_the_sweep() -> None:
    """Shortfall × length summed over slices equals the uncovered amount found by the sweep."""
    window = seed_window(min_staff=2)
    problem = make_problem(days=3, staff=[ZHANG, LI], coverage_windows=(window,))
    report = check(problem, ("S1", 0, "A"), ("S2", 0, "B"), ("S1", 1, "L"), ("S2", 2, "N"))
    for index in range(3):
        pieces = [piece for piece in report.coverage if piece.date == day(index)]
        by_slices = sum(piece.shortfall * (piece.end - piece.start) for piece in pieces)
        term = next(t for t in report.terms if t.date == day(index) and t.family == "uncovered")
        assert term.amount == by_slices
    assert amounts(report, ObjectiveFamily.UNCOVERED) == [1800 - 960, 1800 - 540, 1800 - 120]


def test_a_person_on_two_shifts_counts_once() -> None:
    """Overlapping shifts cannot be allowed on one day, so two shifts of one person on the same
    day count once even when a hand-drawn rota gives them: one person on duty, not two."""
    window = CoverageWindow(start=12 * 60, end=17 * 60, min_staff=2)
    with pytest.raises(ValidationError, match="two shifts that do not overlap"):
        rules_allowing = rules(allowed_same_day=frozenset({("A", "B")}))
        make_problem(days=1, coverage_windows=(window,), rule_set=rules_allowing, shifts=(A, B))
    problem = make_problem(days=1, coverage_windows=(window,), shifts=(A, B))
    report = check(problem, ("S1", 0, "A"), ("S1", 0, "B"))
    assert [piece.on_duty for piece in report.coverage] == [("S1",)]
    assert amounts(report, ObjectiveFamily.UNCOVERED) == [300]
    assert broken(report, "one_shift_per_day")


def test_only_people_with_the_skill_and_team_count() -> None:
    """A window needing skill lead in team T ignores people without both."""
    window = CoverageWindow(start=9 * 60, end=17 * 60, skill="lead", team="T")
    staff = [
        Staff(id="S1", team="T"),
        Staff(id="S2", skills=frozenset({"lead"}), team="U"),
        Staff(id="S3", skills=frozenset({"lead"}), team="T"),
    ]
    problem = make_problem(days=2, staff=staff, coverage_windows=(window,), shifts=(A,))
    report = check(problem, ("S1", 0, "A"), ("S2", 0, "A"), ("S3", 1, "A"))
    assert amounts(report, ObjectiveFamily.UNCOVERED) == [480]
    assert [piece.on_duty for piece in report.coverage] == [(), ("S3",)]


def test_overnight_shift_covers_next_days_window_start() -> None:
    """N 22:00–06:00 on day 0 covers 00:00–06:00 of day 1's 00:00–08:00 window; 120 min remain."""
    window = CoverageWindow(start=0, end=8 * 60, min_staff=1)
    problem = make_problem(days=2, coverage_windows=(window,))
    report = check(problem, ("S1", 0, "N"))
    assert amounts(report, ObjectiveFamily.UNCOVERED) == [480, 120]
    day_1 = [piece for piece in report.coverage if piece.date == day(1)]
    assert [(piece.start, piece.end, piece.on_duty) for piece in day_1] == [
        (0, 360, ("S1",)),
        (360, 480, ()),
    ]


def test_window_past_the_horizon_end_still_counts() -> None:
    """A 22:00–02:00 window on the last day needs cover after the horizon; only N gives it."""
    window = CoverageWindow(start=22 * 60, end=2 * 60, min_staff=1)
    problem = make_problem(days=1, coverage_windows=(window,))
    assert amounts(check(problem, ("S1", 0, "C")), ObjectiveFamily.UNCOVERED) == [240]
    assert amounts(check(problem, ("S1", 0, "N")), ObjectiveFamily.UNCOVERED) == []


def test_cyclic_time_wraps_to_day_zero() -> None:
    """N on the last day covers day 0's 00:00–06:00 window only when the rota is cyclic."""
    window = CoverageWindow(start=0, end=6 * 60, min_staff=1)
    plain = make_problem(days=7, coverage_windows=(window,))
    assert amounts(check(plain, ("S1", 6, "N")), ObjectiveFamily.UNCOVERED) == [360] * 7
    cyclic = make_problem(days=7, coverage_windows=(window,), rule_set=rules(cyclic=True))
    report = check(cyclic, ("S1", 6, "N"))
    uncovered_days = [term.date for term in report.terms if term.family == "uncovered"]
    assert uncovered_days == [day(d) for d in range(1, 7)]
    assert report.coverage[0].on_duty == ("S1",)
    assert not report.coverage[0].structural


# --- shift demands, requests, requested leave -------------------------------------------------


def test_shift_demand_under_and_over() -> None:
    """One on A against min 2 costs 1 × 10000; three against max 2 cost 1 × 100."""
    staff = [ZHANG, LI, Staff(id="S3")]
    demand = ShiftDemand(shift="A", min_staff=2, max_staff=2)
    problem = make_problem(days=2, staff=staff, shift_demands=(demand,))
    report = check(problem, ("S1", 0, "A"), *[(person.id, 1, "A") for person in staff])
    under = [t for t in report.terms if t.family is ObjectiveFamily.DEMAND_UNDER]
    over = [t for t in report.terms if t.family is ObjectiveFamily.DEMAND_OVER]
    assert [(t.date, t.amount, t.cost) for t in under] == [(day(0), 1, 10_000)]
    assert [(t.date, t.amount, t.cost) for t in over] == [(day(1), 1, 100)]


def test_requests_not_granted() -> None:
    """A wish for A met with B and a wish for a day off met with work each cost their weight."""
    requests = (
        ShiftRequest(staff_id="S1", date=day(0), shift="A"),
        ShiftRequest(staff_id="S1", date=day(1), want=False, weight=7),
        ShiftRequest(staff_id="S1", date=day(2), shift="C", want=False),
        ShiftRequest(staff_id="S1", date=day(3)),
    )
    problem = make_problem(requests=requests)
    report = check(problem, ("S1", 0, "B"), ("S1", 1, "A"), ("S1", 2, "A"), ("S1", 3, "B"))
    requested = [t for t in report.terms if t.family is ObjectiveFamily.REQUEST]
    assert [(t.date, t.cost) for t in requested] == [(day(0), 100), (day(1), 7)]
    assert requested[0].explanation == "S1 张伟 wants A on 2026-12-07: not granted"
    assert requested[0].explanation_phrase is not None
    chinese_text = render(requested[0].explanation_phrase, "zh")
    assert chinese_text == "S1 张伟在 2026-12-07 想上 A 班：未能满足"


def test_requested_leave_worked() -> None:
    """Each worked day of requested (not approved) leave costs its weight once."""
    leave = (Leave(staff_id="S1", start=day(1), end=day(2), status=LeaveStatus.REQUESTED),)
    problem = make_problem(leave=leave)
    report = check(problem, *run("S1", [1, 2, 3]))
    terms = [t for t in report.terms if t.family is ObjectiveFamily.REQUESTED_LEAVE]
    assert [(t.date, t.cost) for t in terms] == [(day(1), 1000), (day(2), 1000)]
    assert not report.rule_breaks


# --- fairness ---------------------------------------------------------------------------------


def team(*ids: str) -> list[Staff]:
    """People of team T."""
    return [Staff(id=staff_id, team="T") for staff_id in ids]


def test_hours_spread_counts_leave_credit() -> None:
    """Two A shifts equal one A plus a leave day (spread 0); without the leave the spread is 480."""
    leave = (Leave(staff_id="S2", start=day(1), end=day(1)),)
    cells = (("S1", 0, "A"), ("S1", 1, "A"), ("S2", 0, "A"))
    with_leave = check(make_problem(staff=team("S1", "S2"), leave=leave), *cells)
    assert amounts(with_leave, ObjectiveFamily.HOURS_SPREAD) == []
    assert [s.target_minutes for s in with_leave.staff] == [2400, 1920]
    without = check(make_problem(staff=team("S1", "S2")), *cells)
    spread = [t for t in without.terms if t.family is ObjectiveFamily.HOURS_SPREAD]
    assert [(t.team, t.amount, t.cost) for t in spread] == [("T", 480, 960)]


def test_weekends_and_late_spread() -> None:
    """One weekend against none costs 1 × 200; two C shifts against none cost 2 × 200."""
    problem = make_problem(staff=team("S1", "S2"))
    report = check(problem, ("S1", 5, "A"), ("S1", 6, "A"), ("S2", 0, "C"), ("S2", 2, "C"))
    assert amounts(report, ObjectiveFamily.WEEKENDS_SPREAD) == [1]
    assert amounts(report, ObjectiveFamily.LATE_SPREAD) == [2]
    assert report.by_family[ObjectiveFamily.LATE_SPREAD] == 400
    assert [s.late_shifts for s in report.staff] == [0, 2]


def test_no_fairness_for_a_team_of_one() -> None:
    """Spread terms need a team of two or more."""
    problem = make_problem(staff=[Staff(id="S1", team="T"), Staff(id="S2", team="U")])
    report = check(problem, ("S1", 5, "C"))
    spreads = {ObjectiveFamily.HOURS_SPREAD, ObjectiveFamily.WEEKENDS_SPREAD}
    assert not [t for t in report.terms if t.family in spreads | {ObjectiveFamily.LATE_SPREAD}]


# --- rotation quality -------------------------------------------------------------------------


def test_shift_change_and_backward_rotation() -> None:
    """A→B is a change; B→A a change and a backward rotation; A→A neither."""
    problem = make_problem()
    report = check(problem, ("S1", 0, "A"), ("S1", 1, "B"), ("S1", 2, "A"), ("S1", 3, "A"))
    changes = [t.date for t in report.terms if t.family is ObjectiveFamily.SHIFT_CHANGE]
    backward = [t.date for t in report.terms if t.family is ObjectiveFamily.BACKWARD_ROTATION]
    assert changes == [day(1), day(2)]
    assert backward == [day(2)]
    assert report.by_family[ObjectiveFamily.BACKWARD_ROTATION] == 40
    said = [t.explanation_phrase for t in report.terms if t.family is ObjectiveFamily.SHIFT_CHANGE]
    assert said[0] is not None
    assert render(said[0], "zh") == "S1 张伟从 2026-12-07 的 A 班换到 2026-12-08 的 B 班"


def test_backward_rotation_from_a_second_shift() -> None:
    """A+C then A is no change, but C then A the next day is a backward rotation."""
    problem = make_problem(rule_set=rules(allowed_same_day=frozenset({("A", "C")})))
    report = check(problem, ("S1", 0, "A"), ("S1", 0, "C"), ("S1", 1, "A"))
    assert amounts(report, ObjectiveFamily.SHIFT_CHANGE) == []
    assert amounts(report, ObjectiveFamily.BACKWARD_ROTATION) == [1]


def test_isolated_days() -> None:
    """Days 2 and 4 worked around day 3 off: two isolated work days and one isolated day off."""
    report = check(make_problem(), ("S1", 2, "A"), ("S1", 4, "A"))
    work = [t.date for t in report.terms if t.family is ObjectiveFamily.ISOLATED_WORK_DAY]
    off = [t.date for t in report.terms if t.family is ObjectiveFamily.ISOLATED_DAY_OFF]
    assert work == [day(2), day(4)]
    assert off == [day(3)]


def test_isolated_day_at_the_horizon_end_only_when_cyclic() -> None:
    """Day 0 has no left neighbour unless the rota is cyclic."""
    assert amounts(check(make_problem(), ("S1", 0, "A")), ObjectiveFamily.ISOLATED_WORK_DAY) == []
    cyclic = make_problem(rule_set=rules(cyclic=True))
    assert amounts(check(cyclic, ("S1", 0, "A")), ObjectiveFamily.ISOLATED_WORK_DAY) == [1]


# --- staff totals and the whole report --------------------------------------------------------


def test_staff_summary() -> None:
    """Per-person totals: paid, target less leave credit, counts with zeros, weekends, leave."""
    leave = (Leave(staff_id="S1", start=day(3), end=day(4)),)
    problem = make_problem(days=14, leave=leave)
    report = check(problem, ("S1", 0, "A"), ("S1", 5, "C"), ("S1", 12, "N"))
    summary = report.staff[0]
    assert summary.paid_minutes == 480 + 120 + 480
    assert summary.target_minutes == 4800 - 960
    assert summary.shift_counts == {"A": 1, "B": 0, "C": 1, "L": 0, "N": 1}
    assert (summary.days_worked, summary.weekends_worked, summary.late_shifts) == (3, 2, 2)
    assert summary.leave_days == 2


def test_objective_is_the_sum_of_term_costs() -> None:
    """objective and by_family add up the costs of the non-zero terms."""
    problem = make_problem(
        staff=team("S1", "S2"), coverage_windows=(seed_window(),), shifts=(A, B, C)
    )
    report = check(problem, ("S1", 0, "A"), ("S1", 1, "B"), ("S2", 3, "C"))
    assert report.objective == sum(t.cost for t in report.terms)
    assert report.objective == sum(report.by_family.values())
    assert all(t.cost != 0 for t in report.terms)
    assert report.structural_gaps and report.structural_gaps[0].start == 22 * 60


def _brute_force_shortfall(problem: Problem, rota: Rota, index: int) -> tuple[int, set[int]]:
    """Missing person-minutes of the only window on day ``index``, minute by minute, and the
    window's minutes no shift type instance on any day occupies."""
    window = problem.coverage_windows[0]
    cycle = problem.days * 1440
    first = index * 1440 + window.start

    def occupied(shift: ShiftType, start_day: int, minute: int) -> bool:
        begin = start_day * 1440 + shift.start
        if problem.rules.cyclic:
            return (minute - begin) % cycle < shift.length_minutes
        return begin <= minute < begin + shift.length_minutes

    missing, never = 0, set()
    for minute in range(first, first + window.length_minutes):
        on_duty = {
            item.staff_id
            for item in rota.assignments
            if occupied(problem.shift_by_code[item.shift], (item.date - START).days, minute)
        }
        missing += max(0, window.min_staff - len(on_duty))
        if not any(
            occupied(shift, start_day, minute)
            for shift in problem.shift_types
            for start_day in range(problem.days)
        ):
            never.add(minute)
    return missing, never


def test_coverage_matches_a_minute_by_minute_count() -> None:
    """On random small rotas (cyclic or not, overnight and 24h shifts) the sweep, the slices and
    a minute-by-minute count agree, and structural slices are exactly the never-occupied minutes."""
    rng = random.Random(7)
    full_day = ShiftType(code="D", start=0, end=0)
    short = ShiftType(code="E", start=1000, end=1010)
    shifts = (A, N, full_day, short)
    together = frozenset({("A", "N"), ("N", "E")})
    staff = [Staff(id=f"S{number}") for number in range(3)]
    for _ in range(80):
        cyclic = rng.random() < 0.5
        days = rng.randint(7, 8) if cyclic else rng.randint(1, 4)
        window = CoverageWindow(
            start=rng.randrange(0, 1440, 30), end=rng.randrange(0, 1441, 30), min_staff=2
        )
        chosen = shifts[: rng.randint(1, 4)]
        codes = {shift.code for shift in chosen}
        pairs = frozenset(pair for pair in together if set(pair) <= codes)
        problem = make_problem(
            days=days,
            staff=staff,
            shifts=chosen,
            coverage_windows=(window,),
            rule_set=rules(cyclic=cyclic, allowed_same_day=pairs),
        )
        cells = {
            (rng.choice(staff).id, rng.randrange(days), rng.choice(problem.shift_types).code)
            for _ in range(rng.randint(0, 6))
        }
        rota = make_rota(problem, *cells)
        report = validate(problem, rota)
        for index in range(days):
            missing, never = _brute_force_shortfall(problem, rota, index)
            terms = [t for t in report.terms if t.family == "uncovered" and t.date == day(index)]
            assert sum(t.amount for t in terms) == missing
            pieces = [piece for piece in report.coverage if piece.date == day(index)]
            assert sum(p.shortfall * (p.end - p.start) for p in pieces) == missing
            midnight = index * 1440
            structural = {
                midnight + minute
                for piece in pieces
                if piece.structural
                for minute in range(piece.start, piece.end)
            }
            assert structural == never
