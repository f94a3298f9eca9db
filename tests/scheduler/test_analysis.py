"""Structural gaps before solving, and why each short slice of a rota stays short."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from models import (
    Assignment,
    CoverageWindow,
    Leave,
    Pin,
    Problem,
    Rota,
    Rules,
    ShiftType,
    Staff,
    StaffRules,
)
from scheduler.analysis import explain_shortfalls, find_structural_gaps
from scheduler.phrases import render, render_explanation
from scheduler.validate import validate

START = date(2026, 12, 7)
"""A Monday."""

A = ShiftType(code="A", start=9 * 60, end=17 * 60)
B = ShiftType(code="B", start=12 * 60, end=20 * 60)
C = ShiftType(code="C", start=20 * 60, end=22 * 60, on_call=True)
N = ShiftType(code="N", start=22 * 60, end=6 * 60)
SEED_WINDOW = CoverageWindow(start=9 * 60, end=24 * 60, min_staff=1)
AGENTS = (
    Staff(id="S1", name="王五"),
    Staff(id="S2", name="张伟"),
    Staff(id="S3", name="李娜"),
    Staff(id="S4", name="王芳"),
)


def day(index: int) -> date:
    """The date of a day index."""
    return START + timedelta(days=index)


def seed(
    *,
    shifts: tuple[ShiftType, ...] = (A, B, C),
    windows: tuple[CoverageWindow, ...] = (SEED_WINDOW,),
    staff: Iterable[Staff] = AGENTS,
    days: int = 21,
    **extra: Any,
) -> Problem:
    """The call-centre seed: A, B, C; 09:00–24:00 every day; four agents; three weeks."""
    return Problem(
        start=START,
        days=days,
        shift_types=shifts,
        staff=tuple(staff),
        coverage_windows=windows,
        **extra,
    )


def test_seed_has_one_gap_from_22_to_24_on_every_date() -> None:
    """C ends at 22:00 but the window runs to 24:00: one gap, 21 dates, a suggestion naming C."""
    gaps = find_structural_gaps(seed())
    assert len(gaps) == 1
    gap = gaps[0]
    assert (gap.start, gap.end) == (22 * 60, 24 * 60)
    assert gap.dates == tuple(day(index) for index in range(21))
    assert gap.requirement == "Mon-Sun 09:00–24:00 min 1"
    assert gap.message == (
        "22:00–24:00 on Mon-Sun (Mon-Sun 09:00–24:00 min 1): no shift type covers this time, "
        "so it stays uncovered on 21 days"
    )
    assert gap.suggestion == (
        "Extend shift C (20:00–22:00) to 24:00, or add a shift type that covers 22:00–24:00."
    )


def test_seed_gap_in_chinese() -> None:
    """The same gap and suggestion, written for a Chinese supervisor, and the same in English."""
    (gap,) = find_structural_gaps(seed())
    assert gap.message_phrase is not None and gap.suggestion_phrase is not None
    assert render(gap.message_phrase, "en") == gap.message
    assert render(gap.message_phrase, "zh") == (
        "周一至周日 22:00–24:00（Mon-Sun 09:00–24:00 min 1）：没有任何班次覆盖这段时间，"
        "共 21 天无人在岗"
    )
    assert render(gap.suggestion_phrase, "zh") == (
        "将班次 C（20:00–22:00）延长到 24:00，或增加一个覆盖 22:00–24:00 的班次。"
    )


def test_no_gap_when_c_runs_to_midnight() -> None:
    """With C 20:00–24:00 every minute of the window has a shift type."""
    late_c = ShiftType(code="C", start=20 * 60, end=24 * 60, on_call=True)
    assert find_structural_gaps(seed(shifts=(A, B, late_c))) == ()


def test_skill_window_nobody_with_the_skill_may_work_the_covering_shift() -> None:
    """A lead is needed 09:00–17:00 but the only lead may work B alone: 09:00–12:00 is a gap."""
    window = CoverageWindow(start=9 * 60, end=17 * 60, skill="lead")
    staff = [Staff(id="S1", skills=frozenset({"lead"}), shift_types=frozenset({"B"})), AGENTS[1]]
    gaps = find_structural_gaps(seed(windows=(window,), staff=staff, days=7))
    assert [(gap.start, gap.end, len(gap.dates)) for gap in gaps] == [(9 * 60, 12 * 60, 7)]
    assert "someone with skill lead" in gaps[0].message
    assert gaps[0].suggestion.startswith("Allow someone with skill lead to work A (09:00–17:00)")


def test_skill_window_covered_when_the_lead_may_work_a() -> None:
    """The same window has no gap once the lead may work A."""
    window = CoverageWindow(start=9 * 60, end=17 * 60, skill="lead")
    staff = [Staff(id="S1", skills=frozenset({"lead"})), AGENTS[1]]
    assert find_structural_gaps(seed(windows=(window,), staff=staff, days=7)) == ()


def test_gap_dates_group_by_weekday() -> None:
    """A Mon-Fri window to 18:00 with A ending 17:00 gaps 17:00–18:00 on the 15 weekdays."""
    window = CoverageWindow(weekdays=frozenset(range(5)), start=9 * 60, end=18 * 60)
    gaps = find_structural_gaps(seed(shifts=(A,), windows=(window,)))
    assert len(gaps) == 1
    assert len(gaps[0].dates) == 15
    assert gaps[0].message.startswith("17:00–18:00 on Mon-Fri (Mon-Fri 09:00–18:00 min 1)")
    assert gaps[0].suggestion.startswith("Extend shift A (09:00–17:00) to 18:00")


def test_gap_before_a_shift_suggests_starting_it_earlier() -> None:
    """With only A 09:00–17:00, a window from 07:00 suggests starting A at 07:00."""
    window = CoverageWindow(start=7 * 60, end=17 * 60)
    gaps = find_structural_gaps(seed(shifts=(A,), windows=(window,), days=7))
    assert [(gap.start, gap.end) for gap in gaps] == [(7 * 60, 9 * 60)]
    assert gaps[0].suggestion == (
        "Start shift A (09:00–17:00) at 07:00, or add a shift type that covers 07:00–09:00."
    )


def test_overnight_gap_only_on_day_zero_unless_cyclic() -> None:
    """N covers 00:00–06:00 from the day before, so only day 0 gaps; none when cyclic."""
    window = CoverageWindow(start=0, end=6 * 60)
    plain = find_structural_gaps(seed(shifts=(N,), windows=(window,), days=7))
    assert [(gap.start, gap.end, gap.dates) for gap in plain] == [(0, 6 * 60, (START,))]
    assert "on 2026-12-07 (" in plain[0].message
    assert "on 1 day" in plain[0].message
    cyclic = seed(shifts=(N,), windows=(window,), days=7, rules=Rules(cyclic=True))
    assert find_structural_gaps(cyclic) == ()


def test_validate_reports_the_structural_gaps() -> None:
    """validate() carries the same structural gaps as find_structural_gaps()."""
    problem = seed(days=7)
    report = validate(problem, Rota(start=START, days=7))
    assert report.structural_gaps == find_structural_gaps(problem)


# --- explain_shortfalls -----------------------------------------------------------------------


def _rota(problem: Problem, cells: Iterable[tuple[str, int, str]]) -> Rota:
    assignments = tuple(
        Assignment(staff_id=staff_id, date=day(index), shift=code)
        for staff_id, index, code in cells
    )
    return Rota(start=problem.start, days=problem.days, assignments=assignments)


def test_explanation_names_the_person_on_approved_leave() -> None:
    """A person on approved leave that day is named as such."""
    leave = (Leave(staff_id="S2", start=day(0), end=day(0)),)
    problem = seed(
        staff=AGENTS[:2], days=1, leave=leave, windows=(CoverageWindow(start=540, end=720),)
    )
    rota = _rota(problem, [("S1", 0, "B")])
    report = explain_shortfalls(problem, rota, validate(problem, rota))
    (short,) = report.shortfalls
    assert (
        short.explanation == "0 of 1 on duty; S1 王五 works B that day, S2 张伟 on approved leave"
    )


def test_explanation_gives_one_reason_per_person() -> None:
    """Each person who counts gets the first rule that kept them off the 09:00–12:00 slice."""
    staff = [
        Staff(id="S1", name="王五", shift_types=frozenset({"B"})),
        Staff(id="S2", name="张伟"),
        Staff(id="S3", name="李娜"),
        Staff(id="S4", name="王芳"),
        Staff(id="S5", name="赵六"),
        Staff(id="S6", name="孙七"),
        Staff(id="S7", name="周八", rules=StaffRules(max_hours_per_week=40)),
        Staff(id="S8", name="吴九"),
    ]
    problem = seed(
        staff=staff,
        days=7,
        windows=(CoverageWindow(start=9 * 60, end=12 * 60),),
        leave=(Leave(staff_id="S2", start=day(6), end=day(6)),),
        pins=(Pin(staff_id="S5", date=day(6)),),
        rules=Rules(min_rest_hours=12, max_consecutive_days=6),
    )
    cells = [
        *[("S3", index, "A") for index in range(6)],
        ("S4", 6, "B"),
        ("S6", 5, "C"),
        *[("S7", index, "B") for index in range(5)],
    ]
    rota = _rota(problem, cells)
    report = explain_shortfalls(problem, rota, validate(problem, rota))
    sunday = next(piece for piece in report.shortfalls if piece.date == day(6))
    assert sunday.explanation == (
        "0 of 1 on duty; S1 王五 may not work A, S2 张伟 on approved leave, "
        "S3 李娜 already works 6 days in a row, S4 王芳 works B that day, S5 赵六 pinned off, "
        "S6 孙七 would rest only 11h after C on 2026-12-12, "
        "S7 周八 would be paid 48h in the week from 2026-12-07 (at most 40h), "
        "S8 吴九 was free to work A on 2026-12-13 (no single rule prevents it)"
    )
    assert render_explanation(sunday.explained, "en") == sunday.explanation
    assert render_explanation(sunday.explained, "zh") == (
        "在岗 0 人，需 1 人；S1 王五不可上 A 班，S2 张伟已批准休假，S3 李娜已连续上班 6 天，"
        "S4 王芳当天已上 B 班，S5 赵六已固定为休息，S6 孙七距 2026-12-12 的 C 班结束只休息 11h，"
        "S7 周八在 2026-12-07 起的一周计薪将达 48h（最多 40h），"
        "S8 吴九在 2026-12-13 本可上 A 班（没有哪一条规则单独阻止）"
    )


def test_structural_shortfall_is_explained_as_such() -> None:
    """22:00–24:00 of the seed is short because no shift covers it, whoever is free."""
    problem = seed(days=1)
    rota = _rota(problem, [("S1", 0, "A"), ("S2", 0, "B"), ("S3", 0, "C")])
    report = explain_shortfalls(problem, rota, validate(problem, rota))
    (short,) = report.shortfalls
    assert (short.start, short.end, short.structural) == (22 * 60, 24 * 60, True)
    assert short.explanation == "0 of 1 on duty; no shift covers this time (structural gap)"


def test_explain_leaves_covered_slices_alone() -> None:
    """Only slices with a shortfall get an explanation; the rest of the report is unchanged."""
    problem = seed(days=1)
    rota = _rota(problem, [("S1", 0, "A")])
    before = validate(problem, rota)
    after = explain_shortfalls(problem, rota, before)
    assert [bool(piece.explanation) for piece in after.coverage] == [
        piece.shortfall > 0 for piece in before.coverage
    ]
    assert after.terms == before.terms
    assert after.objective == before.objective
