"""Why coverage falls short: structural gaps before solving, and per-person reasons after.

Like the checker, this works from the problem and the rota alone, never from the CP-SAT model.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models import (
    CoverageSlice,
    CoverageWindow,
    Problem,
    Report,
    Rota,
    ShiftType,
    Staff,
    StructuralGap,
    format_clock,
    format_span,
    format_weekdays,
)
from models.clock import MINUTES_PER_DAY
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
        for day in range(problem.days):
            when = problem.horizon.date_of(day)
            if window.applies_on(when):
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


def _who(window: CoverageWindow) -> str:
    parts = [f"skill {window.skill}"] if window.skill else []
    parts += [f"team {window.team}"] if window.team else []
    return " and ".join(parts)


def _dates_text(problem: Problem, window: CoverageWindow, dates: Sequence[date]) -> str:
    """Weekdays when the gap falls on every applying date of those weekdays, else the dates."""
    weekdays = frozenset(when.weekday() for when in dates)
    alike = [
        when
        for when in problem.horizon.dates()
        if window.applies_on(when) and when.weekday() in weekdays
    ]
    if list(dates) == alike and len(dates) > 1:
        return format_weekdays(weekdays)
    return ", ".join(when.isoformat() for when in dates)


def _gap(
    problem: Problem, window: CoverageWindow, start: int, end: int, dates: list[date]
) -> StructuralGap:
    span = format_span(start, end)
    days = f"{len(dates)} day" if len(dates) == 1 else f"{len(dates)} days"
    who = _who(window)
    covered_by = "no shift type " + (f"that someone with {who} may work " if who else "")
    message = (
        f"{span} on {_dates_text(problem, window, dates)} ({window.description}): "
        f"{covered_by}covers this time, so it stays uncovered on {days}"
    )
    return StructuralGap(
        requirement=window.description,
        start=start,
        end=end,
        dates=tuple(dates),
        message=message,
        suggestion=_suggestion(problem, window, start, end, dates[0]),
    )


def _suggestion(problem: Problem, window: CoverageWindow, start: int, end: int, when: date) -> str:
    span = format_span(start, end)
    counting = [person for person in problem.staff if counts_for(window, person)]
    if not counting:
        return f"Nobody has {_who(window)}: add someone who does, or change the requirement."
    day = problem.horizon.day_of(when) or 0
    allowed = may_cover(problem, window)
    blocked = [
        shift
        for shift, _ in covering(problem, problem.shift_types, day * MINUTES_PER_DAY + start)
        if shift not in allowed
    ]
    if blocked:
        names = " or ".join(f"{shift.code} ({shift.span})" for shift in blocked)
        return (
            f"Allow someone with {_who(window)} to work {names}, "
            f"or add a shift type they may work that covers {span}."
        )
    nearest = _nearest_shift(allowed, start, end)
    if nearest is None:
        return f"Add a shift type that covers {span}."
    shift, extend = nearest
    change = (
        f"Extend shift {shift.code} ({shift.span}) to {format_clock(end)}"
        if extend
        else f"Start shift {shift.code} ({shift.span}) at {format_clock(start)}"
    )
    return f"{change}, or add a shift type that covers {span}."


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
    head = f"{len(piece.on_duty)} of {piece.min_staff} on duty"
    options = covering(problem, problem.shift_types, minute)
    allowed = may_cover(problem, window)
    if not any(shift in allowed for shift, _ in options):
        text = f"{head}; no shift covers this time (structural gap)"
    else:
        people = [
            person
            for person in problem.staff
            if counts_for(window, person) and person.id not in piece.on_duty
        ]
        reasons = [f"{person_label(person)} {_reason(grid, person, options)}" for person in people]
        text = f"{head}; " + (", ".join(reasons) or "nobody else counts for this requirement")
    return piece.model_copy(update={"explanation": text})


def _pinned_off(grid: Grid, staff_id: str, day: int) -> bool:
    when = grid.date(day)
    return any(
        pin.staff_id == staff_id and pin.date == when and pin.shift is None
        for pin in grid.problem.pins
    )


def _reason(grid: Grid, person: Staff, options: list[tuple[ShiftType, int]]) -> str:
    """Why a person does not cover a slice that these (shift type, day) instances occupy."""
    days = {day for _, day in options}
    if all(day in grid.leave_days[person.id] for day in days):
        return "on approved leave"
    if all(_pinned_off(grid, person.id, day) for day in days):
        return "pinned off"
    mine = [(shift, day) for shift, day in options if person.may_work(shift.code)]
    if not mine:
        codes = sorted({shift.code for shift, _ in options})
        return f"may not work {' or '.join(codes)}"
    blockers = [_blocker(grid, person, shift, day) for shift, day in mine]
    for (shift, day), blocker in zip(mine, blockers, strict=True):
        if blocker is None:
            return f"was free to work {shift.code} on {grid.date(day)} (no single rule prevents it)"
    return str(blockers[0])


def _blocker(grid: Grid, person: Staff, shift: ShiftType, day: int) -> str | None:
    """The first rule that stops a person working ``shift`` on ``day``, in a plain phrase."""
    if day in grid.leave_days[person.id]:
        return "on approved leave"
    if _pinned_off(grid, person.id, day):
        return "pinned off"
    clash = sorted(
        code
        for code in grid.codes(person.id, day)
        if code != shift.code and not grid.problem.rules.allows_same_day(code, shift.code)
    )
    if clash:
        return f"works {' and '.join(clash)} that day"
    return (
        _consecutive_blocker(grid, person, day)
        or _rest_blocker(grid, person, shift, day)
        or _weekly_blocker(grid, person, shift, day)
    )


def _consecutive_blocker(grid: Grid, person: Staff, day: int) -> str | None:
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
        return "would then work every day of the cyclic rota"
    if run.length <= limit:
        return None
    before = (day - run.start) % grid.days
    if before >= limit:
        return f"already works {before} days in a row"
    return f"would work {run.length} days in a row (at most {limit})"


def _rest_blocker(grid: Grid, person: Staff, shift: ShiftType, day: int) -> str | None:
    min_rest = round(grid.problem.rules.min_rest_hours * 60)
    by_code = grid.problem.shift_by_code
    for gap in (1, 2):
        for offset, word in ((-gap, "after"), (gap, "before")):
            other = step(grid.problem, day, offset)
            if other is None:
                continue
            for code in sorted(grid.codes(person.id, other)):
                earlier, later = (by_code[code], shift) if offset < 0 else (shift, by_code[code])
                rest = rest_minutes(earlier, later, gap)
                if rest < min_rest:
                    return f"would rest only {hours_text(rest)} {word} {code} on {grid.date(other)}"
    return None


def _weekly_blocker(grid: Grid, person: Staff, shift: ShiftType, day: int) -> str | None:
    limit = grid.rules[person.id].max_minutes_per_week
    week = next(week for week in grid.problem.horizon.weeks if day in week)
    paid = grid.paid_minutes(person.id, week) + shift.paid_minutes
    if limit is None or paid <= limit:
        return None
    return (
        f"would be paid {hours_text(paid)} in the week from {grid.date(week[0])} "
        f"(at most {hours_text(limit)})"
    )
