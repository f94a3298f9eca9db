"""The independent checker: recompute a rota's rule breaks, coverage and objective from scratch.

It follows ``docs/rules.md`` and shares no code with the CP-SAT model on purpose (no
``scheduler.model``, no ``scheduler.constraints``, no ortools): coverage is found by sweeping the
assigned shift intervals along the minute axis, runs by scanning day sequences. When the two
disagree on a rota, one of them has a bug.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from models import (
    CoverageSlice,
    CoverageWindow,
    LeaveStatus,
    ObjectiveFamily,
    ObjectiveTerm,
    Phrase,
    Problem,
    Report,
    Rota,
    ShiftRequest,
    Staff,
    StaffSummary,
    format_span,
    phrase,
)
from models.clock import MINUTES_PER_DAY
from scheduler.analysis import find_structural_gaps
from scheduler.phrases import render
from scheduler.validate_rules import (
    Grid,
    build_grid,
    check_rules,
    counts_for,
    covering,
    hours_text,
    may_cover,
    person_label,
    slice_bounds,
    step,
    window_span,
    worked_weekends,
)

Family = ObjectiveFamily


def _explained(key: str, **args: str | int | Phrase) -> dict[str, str | Phrase]:
    """An objective term's explanation, in English and as a phrase for any language."""
    said = phrase(key, **args)
    return {"explanation": render(said, "en"), "explanation_phrase": said}


def _wish(request: ShiftRequest) -> Phrase:
    """What a request asks for, e.g. "wants A" or "wants the day off"."""
    if request.shift is None:
        return phrase("wish.work" if request.want else "wish.day_off")
    return phrase("wish.shift" if request.want else "wish.not_shift", shift=request.shift)


def validate(problem: Problem, rota: Rota) -> Report:
    """Check a rota against the problem: hard rules broken, coverage, staff totals, objective."""
    grid, unknown = build_grid(problem, rota)
    coverage, coverage_terms = _coverage(grid)
    summaries = tuple(_summary(grid, person) for person in problem.staff)
    every_term = [
        *coverage_terms,
        *_demand_terms(grid),
        *_request_terms(grid),
        *_requested_leave_terms(grid),
        *_fairness_terms(grid, summaries),
        *_rotation_terms(grid),
    ]
    terms = tuple(term for term in every_term if term.cost != 0)
    by_family: dict[ObjectiveFamily, int] = defaultdict(int)
    for term in terms:
        by_family[term.family] += term.cost
    return Report(
        rule_breaks=(*unknown, *check_rules(grid)),
        coverage=tuple(coverage),
        structural_gaps=find_structural_gaps(problem),
        staff=summaries,
        terms=terms,
        objective=sum(term.cost for term in terms),
        by_family={family: cost for family, cost in by_family.items() if cost != 0},
    )


def _weight(problem: Problem, own: int | None, family: ObjectiveFamily) -> int:
    """A requirement's or wish's own weight, else the global weight of its family."""
    if own is not None:
        return own
    return int(getattr(problem.weights, family.value))


# --- coverage windows -------------------------------------------------------------------------


def _coverage(grid: Grid) -> tuple[list[CoverageSlice], list[ObjectiveTerm]]:
    """Slices of every window on every date it applies, and its uncovered/overstaffed terms."""
    slices: list[CoverageSlice] = []
    terms: list[ObjectiveTerm] = []
    for window in grid.problem.coverage_windows:
        for day in window.days_within(grid.problem.horizon):
            pieces = _slices(grid, window, day)
            slices += pieces
            terms += _window_terms(grid, window, day, pieces)
    return slices, terms


def _slices(grid: Grid, window: CoverageWindow, day: int) -> list[CoverageSlice]:
    problem = grid.problem
    counting = [person for person in problem.staff if counts_for(window, person)]
    allowed = may_cover(problem, window)
    midnight = day * MINUTES_PER_DAY
    return [
        CoverageSlice(
            requirement=window.description,
            date=grid.date(day),
            start=start - midnight,
            end=end - midnight,
            min_staff=window.min_staff,
            max_staff=window.max_staff,
            on_duty=tuple(sorted(p.id for p in counting if grid.on_duty(p.id, start))),
            structural=not covering(problem, allowed, start),
        )
        for start, end in slice_bounds(problem, window, day)
    ]


def _duty_intervals(grid: Grid, staff_id: str, start: int, end: int) -> list[tuple[int, int]]:
    """A person's shifts clipped to ``[start, end)``, merged, on the window's own minute axis.

    When cyclic a shift is also tried one horizon earlier and later, so time wraps.
    """
    problem = grid.problem
    by_code = problem.shift_by_code
    cycle = problem.days * MINUTES_PER_DAY
    copies = (-cycle, 0, cycle) if problem.rules.cyclic else (0,)
    first_day = start // MINUTES_PER_DAY
    days = {step(problem, first_day, offset) for offset in (-1, 0, 1, 2)}
    clipped = []
    for day in sorted(d for d in days if d is not None):
        for code in grid.codes(staff_id, day):
            shift = by_code[code]
            for copy in copies:
                begin = day * MINUTES_PER_DAY + shift.start + copy
                low, high = max(begin, start), min(begin + shift.length_minutes, end)
                if low < high:
                    clipped.append((low, high))
    merged: list[tuple[int, int]] = []
    for low, high in sorted(clipped):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def duty_profile(grid: Grid, window: CoverageWindow, day: int) -> list[tuple[int, int]]:
    """(minutes, people on duty) for each stretch of a window, by sweeping the assigned shifts."""
    start, end = window_span(window, day)
    change: dict[int, int] = defaultdict(int, {start: 0, end: 0})
    for person in grid.problem.staff:
        if counts_for(window, person):
            for low, high in _duty_intervals(grid, person.id, start, end):
                change[low] += 1
                change[high] -= 1
    points = sorted(change)
    profile = []
    on_duty = 0
    for here, there in pairwise(points):
        on_duty += change[here]
        profile.append((there - here, on_duty))
    return profile


def _spans_text(pieces: list[CoverageSlice], short: bool) -> str:
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        if (piece.shortfall if short else piece.surplus) == 0:
            continue
        if spans and spans[-1][1] == piece.start:
            spans[-1] = (spans[-1][0], piece.end)
        else:
            spans.append((piece.start, piece.end))
    return ", ".join(format_span(start, end) for start, end in spans)


def _window_terms(
    grid: Grid, window: CoverageWindow, day: int, pieces: list[CoverageSlice]
) -> list[ObjectiveTerm]:
    profile = duty_profile(grid, window, day)
    under = sum(minutes * max(0, window.min_staff - on) for minutes, on in profile)
    over = 0
    if window.max_staff is not None:
        over = sum(minutes * max(0, on - window.max_staff) for minutes, on in profile)
    when = grid.date(day)
    problem = grid.problem
    return [
        ObjectiveTerm(
            family=Family.UNCOVERED,
            amount=under,
            weight=_weight(problem, window.weight_under, Family.UNCOVERED),
            date=when,
            **_explained(
                "term.uncovered",
                requirement=window.description,
                date=str(when),
                amount=under,
                limit=window.min_staff,
                spans=_spans_text(pieces, short=True),
            ),
        ),
        ObjectiveTerm(
            family=Family.OVERSTAFFED,
            amount=over,
            weight=_weight(problem, window.weight_over, Family.OVERSTAFFED),
            date=when,
            **_explained(
                "term.overstaffed",
                requirement=window.description,
                date=str(when),
                amount=over,
                limit=str(window.max_staff),
                spans=_spans_text(pieces, short=False),
            ),
        ),
    ]


# --- shift demands, requests, requested leave -------------------------------------------------


def _demand_terms(grid: Grid) -> Iterator[ObjectiveTerm]:
    problem = grid.problem
    for demand in problem.shift_demands:
        if demand.hard:
            continue
        for day in demand.days_within(problem.horizon):
            when = grid.date(day)
            count = grid.headcount(demand, day)
            said = _explained(
                "term.demand",
                requirement=demand.description,
                date=str(when),
                count=count,
                shift=demand.shift,
            )
            yield ObjectiveTerm(
                family=Family.DEMAND_UNDER,
                amount=max(0, demand.min_staff - count),
                weight=_weight(problem, demand.weight_under, Family.DEMAND_UNDER),
                date=when,
                **said,
            )
            if demand.max_staff is not None:
                yield ObjectiveTerm(
                    family=Family.DEMAND_OVER,
                    amount=max(0, count - demand.max_staff),
                    weight=_weight(problem, demand.weight_over, Family.DEMAND_OVER),
                    date=when,
                    **said,
                )


def _request_terms(grid: Grid) -> Iterator[ObjectiveTerm]:
    problem = grid.problem
    for request in problem.requests:
        day = problem.horizon.day_of(request.date)
        person = problem.staff_by_id.get(request.staff_id)
        if day is None or person is None:
            continue
        if request.shift is None:
            worked = grid.works(person.id, day)
        else:
            worked = request.shift in grid.codes(person.id, day)
        if worked != request.want:
            yield ObjectiveTerm(
                family=Family.REQUEST,
                amount=1,
                weight=_weight(problem, request.weight, Family.REQUEST),
                staff_id=person.id,
                date=request.date,
                **_explained(
                    "term.request",
                    who=person_label(person),
                    wish=_wish(request),
                    date=str(request.date),
                ),
            )


def _requested_leave_terms(grid: Grid) -> Iterator[ObjectiveTerm]:
    problem = grid.problem
    for leave in problem.leave:
        person = problem.staff_by_id.get(leave.staff_id)
        if leave.status is not LeaveStatus.REQUESTED or person is None:
            continue
        for day in range(grid.days):
            when = grid.date(day)
            if leave.covers(when) and grid.works(person.id, day):
                yield ObjectiveTerm(
                    family=Family.REQUESTED_LEAVE,
                    amount=1,
                    weight=_weight(problem, leave.weight, Family.REQUESTED_LEAVE),
                    staff_id=person.id,
                    date=when,
                    **_explained("term.requested_leave", who=person_label(person), date=str(when)),
                )


# --- fairness and staff totals ----------------------------------------------------------------


def _summary(grid: Grid, person: Staff) -> StaffSummary:
    """A person's totals; ``target_minutes`` is the contract over the horizon less leave credit,
    so that paid − target is the deviation compared in ``hours_spread``."""
    problem = grid.problem
    everyday = range(grid.days)
    worked = grid.shift_days[person.id]
    counts = {shift.code: worked[shift.code] for shift in problem.shift_types}
    contract = round(grid.rules[person.id].target_minutes_per_week * grid.days / 7)
    return StaffSummary(
        staff_id=person.id,
        name=person.name,
        team=person.team,
        paid_minutes=grid.paid_minutes(person.id, everyday),
        target_minutes=contract - grid.leave_credit(person.id, everyday),
        shift_counts=counts,
        days_worked=sum(1 for d in everyday if grid.works(person.id, d)),
        weekends_worked=len(worked_weekends(grid, person.id)),
        late_shifts=sum(n for code, n in counts.items() if problem.shift_by_code[code].is_late),
        leave_days=len(grid.leave_days[person.id]),
    )


def _spread_term(
    grid: Grid,
    family: ObjectiveFamily,
    team: str,
    values: dict[str, int],
    what: str,
    in_minutes: bool,
) -> ObjectiveTerm:
    low = min(values, key=lambda staff_id: values[staff_id])
    high = max(values, key=lambda staff_id: values[staff_id])

    def show(staff_id: str) -> str:
        value = values[staff_id]
        return hours_text(value) if in_minutes else str(value)

    return ObjectiveTerm(
        family=family,
        amount=values[high] - values[low],
        weight=_weight(grid.problem, None, family),
        team=team,
        **_explained(
            "term.spread",
            team=phrase("team", team=team) if team else phrase("team.none"),
            what=phrase(what),
            low=show(low),
            low_id=low,
            high=show(high),
            high_id=high,
        ),
    )


def _fairness_terms(grid: Grid, summaries: tuple[StaffSummary, ...]) -> Iterator[ObjectiveTerm]:
    teams: dict[str, list[StaffSummary]] = defaultdict(list)
    for summary in summaries:
        teams[summary.team].append(summary)
    for team, members in teams.items():
        if len(members) < 2:
            continue
        deviation = {m.staff_id: m.paid_minutes - m.target_minutes for m in members}
        weekends = {m.staff_id: m.weekends_worked for m in members}
        late = {m.staff_id: m.late_shifts for m in members}
        yield _spread_term(grid, Family.HOURS_SPREAD, team, deviation, "what.hours", True)
        yield _spread_term(grid, Family.WEEKENDS_SPREAD, team, weekends, "what.weekends", False)
        yield _spread_term(grid, Family.LATE_SPREAD, team, late, "what.late", False)


# --- rotation quality -------------------------------------------------------------------------


def _rotation_terms(grid: Grid) -> Iterator[ObjectiveTerm]:
    for person in grid.problem.staff:
        for day in range(grid.days):
            yield from _change_terms(grid, person, day)
            yield from _isolated_terms(grid, person, day)


def _term(
    grid: Grid, family: ObjectiveFamily, person: Staff, day: int, key: str, **args: str
) -> ObjectiveTerm:
    return ObjectiveTerm(
        family=family,
        amount=1,
        weight=_weight(grid.problem, None, family),
        staff_id=person.id,
        date=grid.date(day),
        **_explained(key, who=person_label(person), **args),
    )


def _change_terms(grid: Grid, person: Staff, day: int) -> Iterator[ObjectiveTerm]:
    """Shift change and backward rotation between ``day`` and the next day (dated the next)."""
    after = step(grid.problem, day, 1)
    if after is None:
        return
    today, tomorrow = grid.codes(person.id, day), grid.codes(person.id, after)
    by_code = grid.problem.shift_by_code
    if today and tomorrow and tomorrow - today:
        yield _term(
            grid,
            Family.SHIFT_CHANGE,
            person,
            after,
            "term.shift_change",
            first="+".join(sorted(today)),
            first_date=str(grid.date(day)),
            second="+".join(sorted(tomorrow)),
            second_date=str(grid.date(after)),
        )
    backward = sorted(
        (first, second)
        for first in today
        for second in tomorrow
        if first != second and by_code[second].start < by_code[first].start
    )
    if backward:
        first, second = backward[0]
        yield _term(
            grid,
            Family.BACKWARD_ROTATION,
            person,
            after,
            "term.backward_rotation",
            first=first,
            first_span=by_code[first].span,
            first_date=str(grid.date(day)),
            second=second,
            second_span=by_code[second].span,
            second_date=str(grid.date(after)),
        )


def _isolated_terms(grid: Grid, person: Staff, day: int) -> Iterator[ObjectiveTerm]:
    before, after = step(grid.problem, day, -1), step(grid.problem, day, 1)
    if before is None or after is None:
        return
    works = grid.works(person.id, day)
    neighbours = (grid.works(person.id, before), grid.works(person.id, after))
    when = grid.date(day)
    if works and neighbours == (False, False):
        yield _term(
            grid, Family.ISOLATED_WORK_DAY, person, day, "term.isolated_work_day", date=str(when)
        )
    if not works and neighbours == (True, True):
        yield _term(
            grid, Family.ISOLATED_DAY_OFF, person, day, "term.isolated_day_off", date=str(when)
        )
