"""Why coverage falls short: structural gaps before solving, and per-person reasons after.

Like the checker, this works from the problem and the rota alone, never from the CP-SAT model.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models import (
    CoverageSlice,
    CoverageWindow,
    Phrase,
    Problem,
    Report,
    Rota,
    ShiftType,
    Staff,
    StructuralGap,
    format_clock,
    format_span,
    phrase,
)
from models.clock import MINUTES_PER_DAY
from scheduler.phrases import joined, render, render_explanation, weekdays
from scheduler.validate_rules import (
    Grid,
    build_grid,
    counts_for,
    covering,
    find_runs,
    hours_text,
    may_cover,
    person_label,
    rest_minutes,
    slice_bounds,
    step,
)


def find_structural_gaps(problem: Problem) -> tuple[StructuralGap, ...]:
    """Parts of coverage windows that no shift type a counting person may work can ever staff.

    Spans are minutes after the midnight of each date; dates sharing a span form one gap.
    """
    gaps: list[StructuralGap] = []
    for window in problem.coverage_windows:
        dates_by_span: dict[tuple[int, int], list[date]] = {}
        for day in window.days_within(problem.horizon):
            when = problem.horizon.date_of(day)
            for span in _uncovered_spans(problem, window, day):
                dates_by_span.setdefault(span, []).append(when)
        for (start, end), dates in sorted(dates_by_span.items()):
            gaps.append(_gap(problem, window, start, end, dates))
    return tuple(gaps)


def _uncovered_spans(problem: Problem, window: CoverageWindow, day: int) -> list[tuple[int, int]]:
    """Maximal spans of the window on ``day`` that no allowed shift type occupies."""
    shifts = may_cover(problem, window)
    midnight = day * MINUTES_PER_DAY
    spans: list[tuple[int, int]] = []
    for start, end in slice_bounds(problem, window, day):
        if covering(problem, shifts, start):
            continue
        if spans and spans[-1][1] == start - midnight:
            spans[-1] = (spans[-1][0], end - midnight)
        else:
            spans.append((start - midnight, end - midnight))
    return spans


def _who(window: CoverageWindow) -> Phrase | None:
    """Whom a window counts, e.g. "skill lead", or None when it counts everyone."""
    if window.skill and window.team:
        return phrase("who.both", skill=window.skill, team=window.team)
    if window.skill:
        return phrase("who.skill", skill=window.skill)
    if window.team:
        return phrase("who.team", team=window.team)
    return None


def _dates_text(problem: Problem, window: CoverageWindow, dates: Sequence[date]) -> str | Phrase:
    """Weekdays when the gap falls on every applying date of those weekdays, else the dates."""
    days = frozenset(when.weekday() for when in dates)
    alike = [
        when
        for when in problem.horizon.dates()
        if window.applies_on(when) and when.weekday() in days
    ]
    if list(dates) == alike and len(dates) > 1:
        return weekdays(days)
    return ", ".join(when.isoformat() for when in dates)


def _gap(
    problem: Problem, window: CoverageWindow, start: int, end: int, dates: list[date]
) -> StructuralGap:
    who = _who(window)
    message = phrase(
        "gap" if who is None else "gap.who",
        span=format_span(start, end),
        dates=_dates_text(problem, window, dates),
        requirement=window.description,
        days=phrase("days.one") if len(dates) == 1 else phrase("days.many", count=len(dates)),
        **({} if who is None else {"who": who}),
    )
    suggestion = _suggestion(problem, window, start, end, dates[0])
    return StructuralGap(
        requirement=window.description,
        start=start,
        end=end,
        dates=tuple(dates),
        message=render(message, "en"),
        suggestion=render(suggestion, "en"),
        message_phrase=message,
        suggestion_phrase=suggestion,
    )


def _suggestion(
    problem: Problem, window: CoverageWindow, start: int, end: int, when: date
) -> Phrase:
    span = format_span(start, end)
    who = _who(window)
    counting = [person for person in problem.staff if counts_for(window, person)]
    if not counting and who is not None:
        return phrase("suggest.nobody", who=who)
    day = problem.horizon.day_of(when) or 0
    allowed = may_cover(problem, window)
    blocked = [
        shift
        for shift, _ in covering(problem, problem.shift_types, day * MINUTES_PER_DAY + start)
        if shift not in allowed
    ]
    if blocked:
        shifts = joined(
            "or", [phrase("shift", code=shift.code, span=shift.span) for shift in blocked]
        )
        if who is None:
            return phrase("suggest.allow_anyone", shifts=shifts, span=span)
        return phrase("suggest.allow", who=who, shifts=shifts, span=span)
    nearest = _nearest_shift(allowed, start, end)
    if nearest is None:
        return phrase("suggest.add", span=span)
    shift, extend = nearest
    return phrase(
        "suggest.extend" if extend else "suggest.start",
        shift=phrase("shift", code=shift.code, span=shift.span),
        clock=format_clock(end if extend else start),
        span=span,
    )


def _nearest_shift(
    shifts: Sequence[ShiftType], start: int, end: int
) -> tuple[ShiftType, bool] | None:
    """The shift ending closest before ``start`` (True: extend it) or starting closest after
    ``end`` (False: start it earlier); ties favour extending, then the first shift type."""
    best: tuple[int, int, int, ShiftType, bool] | None = None
    for order, shift in enumerate(shifts):
        for days_on in (-1, 0, 1, 2):
            offset = days_on * MINUTES_PER_DAY
            options = [
                (start - (shift.end_minutes + offset), 0, True),
                ((shift.start + offset) - end, 1, False),
            ]
            for distance, rank, extend in options:
                key = (distance, rank, order, shift, extend)
                if distance >= 0 and (best is None or key[:3] < best[:3]):
                    best = key
    return None if best is None else (best[3], best[4])


def explain_shortfalls(problem: Problem, rota: Rota, report: Report) -> Report:
    """The report with every short coverage slice explained: why each person who counts and
    could have covered it did not (one reason each, the first that applies)."""
    grid, _ = build_grid(problem, rota)
    coverage = tuple(
        _explain(grid, piece) if piece.shortfall > 0 else piece for piece in report.coverage
    )
    return report.model_copy(update={"coverage": coverage})


def _window_of(problem: Problem, piece: CoverageSlice) -> CoverageWindow | None:
    for window in problem.coverage_windows:
        if window.description == piece.requirement and window.applies_on(piece.date):
            return window
    return None


def _explain(grid: Grid, piece: CoverageSlice) -> CoverageSlice:
    problem = grid.problem
    window = _window_of(problem, piece)
    day = problem.horizon.day_of(piece.date)
    if window is None or day is None:
        return piece
    minute = day * MINUTES_PER_DAY + piece.start
    head = phrase("short.head", on_duty=len(piece.on_duty), required=piece.min_staff)
    options = covering(problem, problem.shift_types, minute)
    allowed = may_cover(problem, window)
    parts: tuple[Phrase, ...]
    if not any(shift in allowed for shift, _ in options):
        parts = (head, phrase("short.structural"))
    else:
        people = [
            person
            for person in problem.staff
            if counts_for(window, person) and person.id not in piece.on_duty
        ]
        reasons = [
            phrase(
                "short.person", person=person_label(person), reason=_reason(grid, person, options)
            )
            for person in people
        ]
        parts = (head, *(reasons or [phrase("short.nobody_else")]))
    return piece.model_copy(
        update={"explanation": render_explanation(parts, "en"), "explained": parts}
    )


def _pinned_off(grid: Grid, staff_id: str, day: int) -> bool:
    when = grid.date(day)
    return any(
        pin.staff_id == staff_id and pin.date == when and pin.shift is None
        for pin in grid.problem.pins
    )


def _reason(grid: Grid, person: Staff, options: list[tuple[ShiftType, int]]) -> Phrase:
    """Why a person does not cover a slice that these (shift type, day) instances occupy."""
    days = {day for _, day in options}
    if all(day in grid.leave_days[person.id] for day in days):
        return phrase("reason.leave")
    if all(_pinned_off(grid, person.id, day) for day in days):
        return phrase("reason.pinned_off")
    mine = [(shift, day) for shift, day in options if person.may_work(shift.code)]
    if not mine:
        codes = sorted({shift.code for shift, _ in options})
        return phrase("reason.may_not_work", codes=joined("or", codes))
    blockers = [_blocker(grid, person, shift, day) for shift, day in mine]
    for (shift, day), blocker in zip(mine, blockers, strict=True):
        if blocker is None:
            return phrase("reason.free", code=shift.code, date=grid.date(day).isoformat())
    first = blockers[0]
    assert first is not None
    return first


def _blocker(grid: Grid, person: Staff, shift: ShiftType, day: int) -> Phrase | None:
    """The first rule that stops a person working ``shift`` on ``day``, in a plain phrase."""
    if day in grid.leave_days[person.id]:
        return phrase("reason.leave")
    if _pinned_off(grid, person.id, day):
        return phrase("reason.pinned_off")
    clash = sorted(
        code
        for code in grid.codes(person.id, day)
        if code != shift.code and not grid.problem.rules.allows_same_day(code, shift.code)
    )
    if clash:
        return phrase("reason.clash", codes=joined("and", clash))
    return (
        _consecutive_blocker(grid, person, day)
        or _rest_blocker(grid, person, shift, day)
        or _weekly_blocker(grid, person, shift, day)
    )


def _consecutive_blocker(grid: Grid, person: Staff, day: int) -> Phrase | None:
    if grid.works(person.id, day):
        return None
    limit = grid.rules[person.id].max_consecutive_days
    flags = [grid.works(person.id, d) or d == day for d in range(grid.days)]
    run = next(
        run
        for run in find_runs(flags, grid.problem.rules.cyclic)
        if (day - run.start) % grid.days < run.length
    )
    if run.endless:
        return phrase("reason.every_day")
    if run.length <= limit:
        return None
    before = (day - run.start) % grid.days
    if before >= limit:
        return phrase("reason.in_a_row", days=before)
    return phrase("reason.too_long", length=run.length, limit=limit)


def _rest_blocker(grid: Grid, person: Staff, shift: ShiftType, day: int) -> Phrase | None:
    min_rest = round(grid.problem.rules.min_rest_hours * 60)
    by_code = grid.problem.shift_by_code
    for gap in (1, 2):
        for offset, key in ((-gap, "reason.rest_after"), (gap, "reason.rest_before")):
            other = step(grid.problem, day, offset)
            if other is None:
                continue
            for code in sorted(grid.codes(person.id, other)):
                earlier, later = (by_code[code], shift) if offset < 0 else (shift, by_code[code])
                rest = rest_minutes(earlier, later, gap)
                if rest < min_rest:
                    return phrase(
                        key, rest=hours_text(rest), code=code, date=grid.date(other).isoformat()
                    )
    return None


def _weekly_blocker(grid: Grid, person: Staff, shift: ShiftType, day: int) -> Phrase | None:
    limit = grid.rules[person.id].max_minutes_per_week
    week = next(week for week in grid.problem.horizon.weeks if day in week)
    paid = grid.paid_minutes(person.id, week) + shift.paid_minutes
    if limit is None or paid <= limit:
        return None
    return phrase(
        "reason.weekly",
        paid=hours_text(paid),
        week=grid.date(week[0]).isoformat(),
        limit=hours_text(limit),
    )
