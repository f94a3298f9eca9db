"""The day grid a rota lives on, the minute axis its shifts occupy, and the hard rules.

Part of the independent checker (``scheduler/validate.py``): it shares no code with the CP-SAT
model. Runs are found by scanning day sequences and weeks are summed directly, so that a mistake in
one implementation of ``docs/rules.md`` shows up as a disagreement with the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise, product

from models import (
    DAY_OFF,
    CoverageWindow,
    ForbiddenSequence,
    PersonRules,
    Phrase,
    Pin,
    Problem,
    Rota,
    RuleBreak,
    ShiftDemand,
    ShiftType,
    Staff,
    format_clock,
    phrase,
)
from models.clock import MINUTES_PER_DAY
from scheduler.phrases import joined, render


def person_label(person: Staff) -> str:
    """How a person is named in messages: ``S2 张伟``, or just the id when there is no name."""
    return f"{person.id} {person.name}" if person.name else person.id


def hours_text(minutes: int) -> str:
    """Minutes written as hours: ``48h``, ``7h30``, ``-1h``."""
    sign = "-" if minutes < 0 else ""
    whole, rest = divmod(abs(minutes), 60)
    return f"{sign}{whole}h{rest:02d}" if rest else f"{sign}{whole}h"


def counts_for(requirement: CoverageWindow | ShiftDemand, person: Staff) -> bool:
    """Whether a person counts toward a requirement: has its skill and belongs to its team."""
    if requirement.skill and requirement.skill not in person.skills:
        return False
    return not requirement.team or person.team == requirement.team


def may_cover(problem: Problem, requirement: CoverageWindow) -> tuple[ShiftType, ...]:
    """The shift types that some person counting for the requirement may work."""
    counting = [person for person in problem.staff if counts_for(requirement, person)]
    return tuple(
        shift
        for shift in problem.shift_types
        if any(person.may_work(shift.code) for person in counting)
    )


def step(problem: Problem, day: int, offset: int) -> int | None:
    """The day ``offset`` days from ``day``: wrapped when cyclic, None when off the horizon."""
    target = day + offset
    if problem.rules.cyclic:
        return target % problem.days
    return target if 0 <= target < problem.days else None


def occupies(problem: Problem, shift: ShiftType, day: int, minute: int) -> bool:
    """Whether ``shift`` worked on ``day`` occupies ``minute`` of the horizon's minute axis.

    When cyclic, time wraps from the end of the last day to 00:00 of day 0.
    """
    first = day * MINUTES_PER_DAY + shift.start
    if problem.rules.cyclic:
        return (minute - first) % (problem.days * MINUTES_PER_DAY) < shift.length_minutes
    return first <= minute < first + shift.length_minutes


def start_days_near(problem: Problem, minute: int) -> tuple[int, ...]:
    """Days whose shifts can occupy ``minute``: no shift lasts longer than a day."""
    today = minute // MINUTES_PER_DAY
    days = {step(problem, today, 0), step(problem, today, -1)}
    return tuple(sorted(d for d in days if d is not None))


def window_span(window: CoverageWindow, day: int) -> tuple[int, int]:
    """Where a coverage window applying on ``day`` lies on the horizon's minute axis."""
    start = day * MINUTES_PER_DAY + window.start
    return start, start + window.length_minutes


def slice_bounds(problem: Problem, window: CoverageWindow, day: int) -> list[tuple[int, int]]:
    """The window on ``day`` cut at its ends and wherever any shift type starts or ends.

    Cut at clock times, so every date gets the same slices and nobody's duty changes inside one.
    """
    start, end = window_span(window, day)
    clocks = {shift.start % MINUTES_PER_DAY for shift in problem.shift_types}
    clocks |= {shift.end_minutes % MINUTES_PER_DAY for shift in problem.shift_types}
    cuts = {start, end}
    for days_on in range(3):
        for clock in clocks:
            minute = (day + days_on) * MINUTES_PER_DAY + clock
            if start < minute < end:
                cuts.add(minute)
    ordered = sorted(cuts)
    return list(pairwise(ordered))


def covering(
    problem: Problem, shifts: Iterable[ShiftType], minute: int
) -> list[tuple[ShiftType, int]]:
    """The (shift type, day) instances among ``shifts`` on horizon days that occupy ``minute``."""
    candidates = tuple(shifts)
    return [
        (shift, day)
        for day in start_days_near(problem, minute)
        for shift in candidates
        if occupies(problem, shift, day, minute)
    ]


@dataclass(frozen=True)
class Run:
    """A maximal run of days: ``start`` day, ``length`` days.

    ``at_edge``: touches day 0 or day n-1 of a non-cyclic horizon (never too short).
    ``endless``: every day of a cyclic rota, so the run never ends (longer than any maximum).
    """

    start: int
    length: int
    at_edge: bool = False
    endless: bool = False


def find_runs(flags: Sequence[bool], cyclic: bool) -> list[Run]:
    """Maximal runs of True in ``flags``; when cyclic a run may wrap from the last day to day 0."""
    days = len(flags)
    if all(flags):
        return [Run(0, days, at_edge=not cyclic, endless=cyclic)]
    # Cyclic: start scanning just after a False day so that no run straddles the scan's start.
    origin = flags.index(False) + 1 if cyclic else 0
    order = [(origin + k) % days for k in range(days)]
    runs: list[Run] = []
    first: int | None = None
    length = 0
    for day in [*order, None]:
        if day is not None and flags[day]:
            first = day if first is None else first
            length += 1
            continue
        if first is not None:
            edge = not cyclic and (first == 0 or first + length == days)
            runs.append(Run(first, length, at_edge=edge))
        first, length = None, 0
    return runs


@dataclass(frozen=True)
class Grid:
    """A rota on the day grid of a problem: the shift codes each person works on each day index."""

    problem: Problem
    shifts: dict[str, tuple[frozenset[str], ...]]
    """Distinct shift codes per staff id per day."""
    assigned: dict[tuple[str, int], tuple[str, ...]]
    """The codes of each (staff id, day) cell as assigned, duplicates kept."""
    leave_days: dict[str, frozenset[int]]
    """Days of approved leave per staff id."""
    rules: dict[str, PersonRules]
    working: dict[tuple[int, str], tuple[Staff, ...]]
    """The people working each (day, shift code), in staff order."""
    shift_days: dict[str, Counter[str]]
    """How many days each person works each shift code."""

    @property
    def days(self) -> int:
        """Number of days of the horizon."""
        return self.problem.days

    def codes(self, staff_id: str, day: int) -> frozenset[str]:
        """Shift codes a person works on a day."""
        return self.shifts[staff_id][day]

    def headcount(self, demand: ShiftDemand, day: int) -> int:
        """How many people counting for a shift demand work its shift on a day."""
        working = self.working.get((day, demand.shift), ())
        return sum(1 for person in working if counts_for(demand, person))

    def works(self, staff_id: str, day: int) -> bool:
        """Whether a person has at least one shift on a day."""
        return bool(self.shifts[staff_id][day])

    def on_duty(self, staff_id: str, minute: int) -> bool:
        """Whether one of a person's shifts occupies a minute of the horizon's minute axis."""
        by_code = self.problem.shift_by_code
        return any(
            occupies(self.problem, by_code[code], day, minute)
            for day in start_days_near(self.problem, minute)
            for code in self.codes(staff_id, day)
        )

    def paid_minutes(self, staff_id: str, days: Iterable[int]) -> int:
        """Paid minutes of the shifts a person works on some days."""
        by_code = self.problem.shift_by_code
        return sum(by_code[code].paid_minutes for d in days for code in self.codes(staff_id, d))

    def leave_credit(self, staff_id: str, days: Iterable[int]) -> int:
        """Approved leave days among ``days`` times the leave-day hours, in minutes."""
        per_day = round(self.problem.rules.leave_day_hours * 60)
        return per_day * sum(1 for d in days if d in self.leave_days[staff_id])

    def date(self, day: int) -> date:
        """Calendar date of a day index."""
        return self.problem.horizon.date_of(day)


def build_grid(problem: Problem, rota: Rota) -> tuple[Grid, list[RuleBreak]]:
    """Lay a rota on the day grid; assignments naming unknown staff, shift or date are reported."""
    breaks: list[RuleBreak] = []
    cells: dict[tuple[str, int], list[str]] = {}
    for assignment in rota.assignments:
        problems: list[Phrase] = []
        if assignment.staff_id not in problem.staff_by_id:
            problems.append(phrase("unknown.staff", value=repr(assignment.staff_id)))
        if assignment.shift not in problem.shift_by_code:
            problems.append(phrase("unknown.shift", value=repr(assignment.shift)))
        day = problem.horizon.day_of(assignment.date)
        if day is None:
            problems.append(phrase("unknown.date", start=str(problem.start), end=str(problem.end)))
        if problems or day is None:
            said = phrase(
                "break.unknown",
                shift=assignment.shift,
                staff=assignment.staff_id,
                date=str(assignment.date),
                problems=joined("and", problems),
            )
            breaks.append(
                RuleBreak(
                    rule="unknown",
                    message=render(said, "en"),
                    message_phrase=said,
                    date=assignment.date,
                )
            )
            continue
        cells.setdefault((assignment.staff_id, day), []).append(assignment.shift)
    shifts = {
        person.id: tuple(frozenset(cells.get((person.id, d), ())) for d in range(problem.days))
        for person in problem.staff
    }
    leave_days = {
        person.id: frozenset(
            d
            for d in range(problem.days)
            if problem.approved_leave_on(person.id, problem.horizon.date_of(d)) is not None
        )
        for person in problem.staff
    }
    rules = {person.id: problem.rules_for(person) for person in problem.staff}
    assigned = {key: tuple(codes) for key, codes in cells.items()}
    working: dict[tuple[int, str], list[Staff]] = {}
    for person in problem.staff:
        for d, codes in enumerate(shifts[person.id]):
            for code in codes:
                working.setdefault((d, code), []).append(person)
    grid = Grid(
        problem,
        shifts,
        assigned,
        leave_days,
        rules,
        {key: tuple(people) for key, people in working.items()},
        {
            staff_id: Counter(code for day in days for code in day)
            for staff_id, days in shifts.items()
        },
    )
    return grid, breaks


def _break(rule: str, grid: Grid, person: Staff, day: int | None, said: Phrase) -> RuleBreak:
    when = None if day is None else grid.date(day)
    return RuleBreak(
        rule=rule, message=render(said, "en"), message_phrase=said, staff_id=person.id, date=when
    )


def _on(grid: Grid, day: int) -> str:
    """A day index as the ISO date messages show."""
    return grid.date(day).isoformat()


def _run_dates(grid: Grid, run: Run) -> Phrase:
    last = (run.start + run.length - 1) % grid.days
    return phrase("run.dates", start=_on(grid, run.start), end=_on(grid, last))


def _days(count: int) -> Phrase:
    return phrase("days.one") if count == 1 else phrase("days.many", count=count)


def check_not_allowed_shift(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A person works a shift type outside their list of shift types."""
    allowed = ", ".join(sorted(person.shift_types or ()))
    return [
        _break(
            "not_allowed_shift",
            grid,
            person,
            d,
            phrase(
                "break.not_allowed_shift",
                who=person_label(person),
                code=code,
                date=_on(grid, d),
                allowed=allowed,
            ),
        )
        for d in range(grid.days)
        for code in sorted(grid.codes(person.id, d))
        if not person.may_work(code)
    ]


def check_approved_leave(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A person works on a day of approved leave."""
    return [
        _break(
            "approved_leave",
            grid,
            person,
            d,
            phrase(
                "break.approved_leave",
                who=person_label(person),
                codes=joined("list", sorted(grid.codes(person.id, d))),
                date=_on(grid, d),
            ),
        )
        for d in sorted(grid.leave_days[person.id])
        if grid.works(person.id, d)
    ]


def _pin_break(grid: Grid, person: Staff, pin: Pin) -> RuleBreak | None:
    day = grid.problem.horizon.day_of(pin.date)
    if day is None:
        return None
    codes = grid.codes(person.id, day)
    who = person_label(person)
    if pin.shift is None and codes:
        said = phrase(
            "break.pinned_off", who=who, date=str(pin.date), codes=joined("list", sorted(codes))
        )
        return _break("pin", grid, person, day, said)
    if pin.shift is not None and pin.shift not in codes:
        said = phrase("break.pinned_to", who=who, shift=pin.shift, date=str(pin.date))
        return _break("pin", grid, person, day, said)
    return None


def check_pin(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A pinned shift is not worked, or a person pinned off works that day."""
    pins = [pin for pin in grid.problem.pins if pin.staff_id == person.id]
    return [found for pin in pins if (found := _pin_break(grid, person, pin)) is not None]


def check_one_shift_per_day(grid: Grid, person: Staff) -> list[RuleBreak]:
    """Two shifts on one day whose pair is not allowed together, or the same shift twice."""
    rules = grid.problem.rules
    found = []
    for d in range(grid.days):
        codes = grid.assigned.get((person.id, d), ())
        pairs = [
            phrase("clash.twice", code=first)
            if first == second
            else phrase("clash.with", first=first, second=second)
            for i, first in enumerate(codes)
            for second in codes[i + 1 :]
            if first == second or not rules.allows_same_day(first, second)
        ]
        # One of each, in the order of their English text.
        clashes = {render(pair, "en"): pair for pair in pairs}
        if clashes:
            said = phrase(
                "break.one_shift_per_day",
                who=person_label(person),
                codes=joined("and", list(codes)),
                date=_on(grid, d),
                clashes=joined("list", [clashes[text] for text in sorted(clashes)]),
            )
            found.append(_break("one_shift_per_day", grid, person, d, said))
    return found


def rest_minutes(earlier: ShiftType, later: ShiftType, days_apart: int) -> int:
    """Minutes between the end of ``earlier`` and the start of ``later`` ``days_apart`` days on."""
    return days_apart * MINUTES_PER_DAY + later.start - earlier.end_minutes


def check_min_rest(grid: Grid, person: Staff) -> list[RuleBreak]:
    """Less rest than the minimum between a shift and one on the next day or the day after."""
    min_rest = round(grid.problem.rules.min_rest_hours * 60)
    by_code = grid.problem.shift_by_code
    found = []
    for d in range(grid.days):
        for gap in (1, 2):
            later_day = step(grid.problem, d, gap)
            if later_day is None:
                continue
            for first in sorted(grid.codes(person.id, d)):
                for second in sorted(grid.codes(person.id, later_day)):
                    rest = rest_minutes(by_code[first], by_code[second], gap)
                    if rest >= min_rest:
                        continue
                    said = phrase(
                        "break.min_rest",
                        who=person_label(person),
                        rest=hours_text(rest),
                        first=first,
                        first_date=_on(grid, d),
                        ends=format_clock(by_code[first].end),
                        second=second,
                        second_date=_on(grid, later_day),
                        starts=format_clock(by_code[second].start),
                        min_rest=hours_text(min_rest),
                    )
                    found.append(_break("min_rest", grid, person, d, said))
    return found


def _work_runs(grid: Grid, person: Staff, working: bool) -> list[Run]:
    flags = [grid.works(person.id, d) == working for d in range(grid.days)]
    return find_runs(flags, grid.problem.rules.cyclic)


def _too_long(
    grid: Grid, person: Staff, runs: list[Run], limit: int | None, rule: str, what: Phrase
) -> list[RuleBreak]:
    if limit is None:
        return []
    who = person_label(person)
    found = []
    for run in runs:
        if run.endless:
            said = phrase("break.endless", who=who, what=what, limit=limit)
        elif run.length > limit:
            said = phrase(
                "break.too_long",
                who=who,
                what=what,
                days=_days(run.length),
                dates=_run_dates(grid, run),
                limit=limit,
            )
        else:
            continue
        found.append(_break(rule, grid, person, run.start, said))
    return found


def _too_short(
    grid: Grid, person: Staff, runs: list[Run], limit: int, rule: str, what: Phrase
) -> list[RuleBreak]:
    return [
        _break(
            rule,
            grid,
            person,
            run.start,
            phrase(
                "break.too_short",
                who=person_label(person),
                what=what,
                days=_days(run.length),
                dates=_run_dates(grid, run),
                limit=limit,
            ),
        )
        for run in runs
        if not run.at_edge and not run.endless and run.length < limit
    ]


_WORKS = phrase("what.works")
_DAYS_OFF = phrase("what.days_off")


def check_max_consecutive_days(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A run of working days longer than the person's maximum."""
    limit = grid.rules[person.id].max_consecutive_days
    runs = _work_runs(grid, person, working=True)
    return _too_long(grid, person, runs, limit, "max_consecutive_days", _WORKS)


def check_min_consecutive_days(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A run of working days shorter than the minimum (runs touching a horizon end are exempt)."""
    limit = grid.rules[person.id].min_consecutive_days
    runs = _work_runs(grid, person, working=True)
    return _too_short(grid, person, runs, limit, "min_consecutive_days", _WORKS)


def check_days_off_runs(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A run of days off shorter than the minimum (horizon ends exempt) or longer than the max.

    For the max, approved leave is not a day off: it splits a run of days off in two.
    """
    rules = grid.rules[person.id]
    runs = _work_runs(grid, person, working=False)
    leave = grid.leave_days[person.id]
    rest_only = [not grid.works(person.id, d) and d not in leave for d in range(grid.days)]
    rest_runs = find_runs(rest_only, grid.problem.rules.cyclic)
    return [
        *_too_short(grid, person, runs, rules.min_days_off_run, "min_days_off_run", _DAYS_OFF),
        *_too_long(grid, person, rest_runs, rules.max_days_off_run, "max_days_off_run", _DAYS_OFF),
    ]


def _week_text(grid: Grid, week: Sequence[int]) -> Phrase:
    return phrase("week", start=_on(grid, week[0]), end=_on(grid, week[-1]))


def check_min_days_off_per_week(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A full week with fewer days off than the minimum."""
    limit = grid.rules[person.id].min_days_off_per_week
    found = []
    for week in grid.problem.horizon.full_weeks:
        off = sum(1 for d in week if not grid.works(person.id, d))
        if off < limit:
            said = phrase(
                "break.min_days_off_per_week",
                who=person_label(person),
                days=_days(off),
                week=_week_text(grid, week),
                limit=limit,
            )
            found.append(_break("min_days_off_per_week", grid, person, week[0], said))
    return found


def check_max_hours_per_week(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A week (full or partial) with more paid minutes than the maximum."""
    limit = grid.rules[person.id].max_minutes_per_week
    if limit is None:
        return []
    found = []
    for week in grid.problem.horizon.weeks:
        paid = grid.paid_minutes(person.id, week)
        if paid > limit:
            said = phrase(
                "break.max_hours_per_week",
                who=person_label(person),
                paid=hours_text(paid),
                week=_week_text(grid, week),
                limit=hours_text(limit),
            )
            found.append(_break("max_hours_per_week", grid, person, week[0], said))
    return found


def check_min_hours_per_week(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A full week where paid minutes plus approved-leave credit fall below the minimum."""
    limit = grid.rules[person.id].min_minutes_per_week
    found = []
    for week in grid.problem.horizon.full_weeks:
        paid = grid.paid_minutes(person.id, week)
        credit = grid.leave_credit(person.id, week)
        if paid + credit < limit:
            said = phrase(
                "break.min_hours_per_week",
                who=person_label(person),
                paid=hours_text(paid),
                credit=hours_text(credit),
                week=_week_text(grid, week),
                limit=hours_text(limit),
            )
            found.append(_break("min_hours_per_week", grid, person, week[0], said))
    return found


def worked_weekends(grid: Grid, staff_id: str) -> list[tuple[int, ...]]:
    """The weekends on which a person works at least one day."""
    return [
        weekend
        for weekend in grid.problem.horizon.weekends
        if any(grid.works(staff_id, d) for d in weekend)
    ]


def check_max_weekends(grid: Grid, person: Staff) -> list[RuleBreak]:
    """More weekends worked than the maximum."""
    limit = grid.rules[person.id].max_weekends
    weekends = worked_weekends(grid, person.id)
    if limit is None or len(weekends) <= limit:
        return []
    said = phrase(
        "break.max_weekends",
        who=person_label(person),
        count=len(weekends),
        limit=limit,
        date=_on(grid, weekends[limit][0]),
    )
    return [_break("max_weekends", grid, person, weekends[limit][0], said)]


def check_total_hours(grid: Grid, person: Staff) -> list[RuleBreak]:
    """Paid minutes over the horizon outside the person's bounds (no leave credit)."""
    rules = grid.rules[person.id]
    paid = grid.paid_minutes(person.id, range(grid.days))
    who = person_label(person)
    found = []
    if rules.min_total_minutes is not None and paid < rules.min_total_minutes:
        said = phrase(
            "break.min_total_hours",
            who=who,
            paid=hours_text(paid),
            limit=hours_text(rules.min_total_minutes),
        )
        found.append(_break("min_total_hours", grid, person, None, said))
    if rules.max_total_minutes is not None and paid > rules.max_total_minutes:
        said = phrase(
            "break.max_total_hours",
            who=who,
            paid=hours_text(paid),
            limit=hours_text(rules.max_total_minutes),
        )
        found.append(_break("max_total_hours", grid, person, None, said))
    return found


def check_max_shifts(grid: Grid, person: Staff) -> list[RuleBreak]:
    """More shifts of a type over the horizon than the person's maximum for it."""
    found = []
    for code, limit in sorted(grid.rules[person.id].max_shifts.items()):
        worked = grid.shift_days[person.id][code]
        if worked > limit:
            said = phrase(
                "break.max_shifts", who=person_label(person), code=code, count=worked, limit=limit
            )
            found.append(_break("max_shifts", grid, person, None, said))
    return found


def _day_tokens(grid: Grid, staff_id: str, day: int) -> frozenset[str]:
    """What a day can match in a pattern: the codes worked, or ``-`` when the day is off."""
    return grid.codes(staff_id, day) or frozenset({DAY_OFF})


def check_forbidden_sequence(grid: Grid, person: Staff) -> list[RuleBreak]:
    """Consecutive days matching a forbidden pattern (``-`` is a day off).

    The days actually worked are looked up among the patterns, rather than every pattern tried on
    every day: public instances forbid hundreds of pairs over a year for 150 people.
    """
    by_length: dict[int, dict[tuple[str, ...], ForbiddenSequence]] = {}
    for sequence in grid.problem.rules.forbidden_sequences:
        by_length.setdefault(len(sequence.pattern), {})[sequence.pattern] = sequence
    found = []
    for length, patterns in sorted(by_length.items()):
        for d in range(grid.days):
            days = [step(grid.problem, d, k) for k in range(length)]
            if any(day is None for day in days):
                continue
            tokens = [_day_tokens(grid, person.id, day) for day in days if day is not None]
            for pattern in sorted(set(product(*tokens)) & patterns.keys()):
                steps = [phrase("word.day_off") if code == DAY_OFF else code for code in pattern]
                said = phrase(
                    "break.forbidden_sequence",
                    who=person_label(person),
                    sequence=joined("then", steps),
                    date=_on(grid, d),
                )
                found.append(_break("forbidden_sequence", grid, person, d, said))
    return found


def check_shift_run(grid: Grid, person: Staff) -> list[RuleBreak]:
    """A run of days on one shift type shorter than its minimum (horizon ends exempt) or longer
    than its maximum."""
    found = []
    for bounds in grid.problem.rules.shift_runs:
        flags = [bounds.shift in grid.codes(person.id, d) for d in range(grid.days)]
        if not any(flags):
            continue
        runs = find_runs(flags, grid.problem.rules.cyclic)
        what = phrase("what.works_shift", shift=bounds.shift)
        found += _too_short(grid, person, runs, bounds.min_days, "shift_run", what)
        found += _too_long(grid, person, runs, bounds.max_days, "shift_run", what)
    return found


CHECKS: tuple[Callable[[Grid, Staff], list[RuleBreak]], ...] = (
    check_not_allowed_shift,
    check_approved_leave,
    check_pin,
    check_one_shift_per_day,
    check_min_rest,
    check_max_consecutive_days,
    check_min_consecutive_days,
    check_days_off_runs,
    check_min_days_off_per_week,
    check_max_hours_per_week,
    check_min_hours_per_week,
    check_max_weekends,
    check_total_hours,
    check_max_shifts,
    check_forbidden_sequence,
    check_shift_run,
)
"""One check per hard rule of ``docs/rules.md`` (days-off runs and total hours: both bounds)."""


def check_hard_demands(grid: Grid) -> list[RuleBreak]:
    """A hard shift demand with fewer people than its min, or more than its max, on a day."""
    problem = grid.problem
    found = []
    for demand in problem.shift_demands:
        if not demand.hard:
            continue
        for day in demand.days_within(problem.horizon):
            count = grid.headcount(demand, day)
            most = count if demand.max_staff is None else demand.max_staff
            if demand.min_staff <= count <= most:
                continue
            said = phrase(
                "break.shift_demand",
                count=count,
                shift=demand.shift,
                date=_on(grid, day),
                requirement=demand.description,
            )
            found.append(
                RuleBreak(
                    rule="shift_demand",
                    message=render(said, "en"),
                    message_phrase=said,
                    date=grid.date(day),
                )
            )
    return found


def check_rotation(grid: Grid) -> list[RuleBreak]:
    """In a rotation timetable, person k does not work what the first person works k weeks on."""
    problem = grid.problem
    if not problem.rules.rotation:
        return []
    first = problem.staff[0]
    found = []
    for k, person in enumerate(problem.staff):
        for day in range(grid.days):
            pattern_day = (day + 7 * k) % grid.days
            if grid.codes(person.id, day) != grid.codes(first.id, pattern_day):
                said = phrase(
                    "break.rotation",
                    who=person_label(person),
                    codes=_codes_or_off(grid.codes(person.id, day)),
                    date=_on(grid, day),
                    pattern=_codes_or_off(grid.codes(first.id, pattern_day)),
                    first=person_label(first),
                    pattern_date=_on(grid, pattern_day),
                )
                found.append(_break("rotation", grid, person, day, said))
    return found


def _codes_or_off(codes: frozenset[str]) -> str | Phrase:
    return str(sorted(codes)) if codes else phrase("word.off")


def check_rules(grid: Grid) -> list[RuleBreak]:
    """Every hard rule a rota breaks, person by person, then the rules over everyone."""
    per_person = [
        found for person in grid.problem.staff for check in CHECKS for found in check(grid, person)
    ]
    return [*per_person, *check_hard_demands(grid), *check_rotation(grid)]
