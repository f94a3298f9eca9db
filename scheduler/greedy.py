"""One person's rota drawn day by day without a solver, for when their own model is too slow.

Over a year a person's own CP-SAT model takes seconds (Curtois 22: 1.4–5 s each, exact hours
totals beside forbidden successions), so a rota of 50–150 people drawn that way does not fit in a
minute. This walk takes milliseconds: each day it works or rests as the person's pace towards
their hours target and the day's value say, and it takes only steps that keep every hard rule
given the days before. It can walk into a dead end (hours short at the end, no legal step): then
it returns None and the caller falls back to the person's own model.

It draws only what it can keep by construction: no pins, no cyclic horizon, no weekly minimum
hours, no minimum run of one shift type (each of those returns None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from models import DAY_OFF, Problem
from models.clock import MINUTES_PER_DAY
from models.problem import PersonRules

OFF = -1
"""The day-off option of a day (shift types are 0, 1, ...)."""

Values = Mapping[tuple[int, int], int]
"""(day, shift type) → what working that shift that day changes in the objective (negative:
it helps); days off and absent pairs are 0."""


def can_draw(problem: Problem, e: int) -> bool:
    """Whether the walk can keep every hard rule of person ``e`` by construction."""
    person = problem.staff[e]
    return (
        not problem.rules.cyclic
        and not problem.rules.rotation
        and problem.rules_for(person).min_minutes_per_week == 0
        and not any(pin.staff_id == person.id for pin in problem.pins)
        and all(run.min_days == 1 for run in problem.rules.shift_runs)
    )


@dataclass
class _Walk:
    """The days placed so far and the counts the rules look at."""

    problem: Problem
    rules: PersonRules
    allowed: list[int]
    minutes: list[int]
    on_leave: list[bool]
    placed: list[int] = field(default_factory=list)
    worked_minutes: int = 0
    per_shift: dict[int, int] = field(default_factory=dict)
    weekends_worked: int = 0
    weekend_of: Mapping[int, int] = field(default_factory=dict)
    """Day → index of the weekend it belongs to."""

    def run_back(self, day: int, working: bool, leave_ends: bool = False) -> int:
        """Length of the run of working (or off) days that ends on ``day``."""
        length = 0
        while day >= 0 and (self.placed[day] != OFF) == working:
            if leave_ends and self.on_leave[day]:
                break
            length += 1
            day -= 1
        return length


def draw_alone(
    problem: Problem, e: int, values: Values, pressure: float = 0.0, weekend_lean: float = 1.0
) -> list[int] | None:
    """Person ``e``'s shift index for each day (``OFF`` for a day off) keeping every hard rule of
    theirs, or None if the walk gets stuck. ``pressure`` (in shifts) makes them work sooner;
    ``weekend_lean`` (in shifts) keeps them off a weekend while they are ahead of an even spread
    of their max weekends."""
    if not can_draw(problem, e):
        return None
    person = problem.staff[e]
    rules = problem.rules_for(person)
    codes = [shift.code for shift in problem.shift_types]
    walk = _Walk(
        problem=problem,
        rules=rules,
        allowed=[s for s, code in enumerate(codes) if person.may_ever_work(code)],
        minutes=[shift.paid_minutes for shift in problem.shift_types],
        on_leave=[
            problem.approved_leave_on(person.id, problem.horizon.date_of(d)) is not None
            for d in range(problem.days)
        ],
        weekend_of=problem.horizon.weekend_index,
    )
    checks = _Checks(problem, walk)
    pace = _Pace(walk, pressure, weekend_lean)
    for d in range(problem.days):
        options = _preferred(walk, d, values, pace)
        choice = next((o for o in options if checks.legal(d, o)), None)
        if choice is None:
            return None
        checks.place(d, choice)
    if rules.min_total_minutes is not None and walk.worked_minutes < rules.min_total_minutes:
        return None
    return walk.placed


class _Pace:
    """How far the person is behind an even pace towards their hours target, in shifts."""

    def __init__(self, walk: _Walk, pressure: float, weekend_lean: float) -> None:
        rules = walk.rules
        low, high = rules.min_total_minutes, rules.max_total_minutes
        self.goal = None if low is None and high is None else ((low or 0) + (high or low or 0)) / 2
        lengths = [walk.minutes[s] for s in walk.allowed] or [1]
        self.shift_minutes = max(1, sum(lengths) / len(lengths))
        free = [not leave for leave in walk.on_leave]
        self.free_through = [sum(free[: d + 1]) for d in range(len(free))]
        self.free_total = max(1, sum(free))
        self.walk = walk
        self.pressure = pressure
        self.weekend_lean = weekend_lean

    def behind(self, d: int) -> float:
        """Shifts short of the pace by the end of day ``d`` (negative: ahead)."""
        if self.goal is None:
            return 0.0
        target = self.goal * self.free_through[d] / self.free_total
        return (target - self.walk.worked_minutes) / self.shift_minutes + self.pressure


def _preferred(walk: _Walk, d: int, values: Values, pace: _Pace) -> list[int]:
    """Today's options, best first: the cheapest shifts (yesterday's type first on a tie, which
    keeps successions legal), and the day off before or after them as the pace says."""
    previous = walk.placed[d - 1] if d > 0 else OFF
    shifts = sorted(
        walk.allowed,
        key=lambda s: (values.get((d, s), 0), s != previous, walk.per_shift.get(s, 0)),
    )
    best = values.get((d, shifts[0]), 0) if shifts else 0
    lean = pace.behind(d) + (0.5 if best < 0 else -0.5 if best > 0 else 0.0)
    if pace.goal is None:
        lean = -best
    index = walk.weekend_of.get(d)
    if walk.rules.max_weekends is not None and index is not None:
        # Spread the weekends worked evenly too.
        share = walk.rules.max_weekends * (index + 1) / len(walk.problem.horizon.weekends)
        if walk.weekends_worked + 1 > share + 0.5 and not _weekend_started(walk, d):
            lean -= pace.weekend_lean
    return [*shifts, OFF] if lean > 0 else [OFF, *shifts]


def _weekend_started(walk: _Walk, d: int) -> bool:
    """Whether the person already works an earlier day of the weekend ``d`` belongs to."""
    index = walk.weekend_of.get(d)
    if index is None:
        return False
    days = walk.problem.horizon.weekends[index]
    return any(walk.placed[x] != OFF for x in days if x < d)


class _Checks:
    """Whether a day's option keeps every hard rule given the days already placed."""

    def __init__(self, problem: Problem, walk: _Walk) -> None:
        self.problem = problem
        self.walk = walk
        codes = [shift.code for shift in problem.shift_types]
        self.patterns = [
            tuple(OFF if code == DAY_OFF else codes.index(code) for code in sequence.pattern)
            for sequence in problem.rules.forbidden_sequences
        ]
        min_rest = round(problem.rules.min_rest_hours * 60)
        shifts = problem.shift_types
        self.too_close = {
            (k, s, t)
            for k in (1, 2)
            for s, first in enumerate(shifts)
            for t, second in enumerate(shifts)
            if k * MINUTES_PER_DAY + second.start - first.end_minutes < min_rest
        }
        self.shortest = min((walk.minutes[s] for s in walk.allowed), default=0)
        self.banned_pairs = {(p[0], p[1]) for p in self.patterns if len(p) == 2}
        self.longer_ending_in: dict[int, list[tuple[int, ...]]] = {}
        for pattern in self.patterns:
            if len(pattern) > 2:
                self.longer_ending_in.setdefault(pattern[-1], []).append(pattern)
        self.max_run = {
            codes.index(run.shift): run.max_days
            for run in problem.rules.shift_runs
            if run.max_days is not None
        }
        self.full_week_of = {d: week for week in problem.horizon.full_weeks for d in week}
        self.week_of = {d: week for week in problem.horizon.weeks for d in week}

    def legal(self, d: int, option: int) -> bool:
        """Whether ``option`` on day ``d`` breaks no rule of the person."""
        walk = self.walk
        if option == OFF:
            return self._may_rest(d)
        return not walk.on_leave[d] and self._may_work(d, option) and self._sequences_ok(d, option)

    def _may_rest(self, d: int) -> bool:
        walk, rules = self.walk, self.walk.rules
        worked = walk.run_back(d - 1, True)
        # A run of working days may end only once it is long enough (or touches the start).
        if 0 < worked < rules.min_consecutive_days and worked < d:
            return False
        # Leave splits a run of days off for the max.
        most_off = rules.max_days_off_run
        off_run = 0 if walk.on_leave[d] else walk.run_back(d - 1, False, leave_ends=True)
        if most_off is not None and off_run >= most_off:
            return False
        return self._sequences_ok(d, OFF)

    def _may_work(self, d: int, s: int) -> bool:
        walk, rules = self.walk, self.walk.rules
        worked = walk.run_back(d - 1, True)
        if worked >= rules.max_consecutive_days:
            return False
        if worked == 0 and not self._run_can_last(d):
            return False
        rested = walk.run_back(d - 1, False)
        if 0 < rested < rules.min_days_off_run and rested < d:
            return False
        code = self.problem.shift_types[s].code
        if walk.per_shift.get(s, 0) >= rules.max_shifts.get(code, self.problem.days):
            return False
        if s in self.max_run and self._same_shift_back(d - 1, s) >= self.max_run[s]:
            return False
        if worked + 1 < rules.min_consecutive_days and not self._can_follow(d, s):
            return False
        return self._hours_ok(d, s) and self._week_ok(d) and self._weekend_ok(d)

    def _can_follow(self, d: int, s: int) -> bool:
        """Whether some shift may follow ``s`` tomorrow, when the run must go on."""
        if d + 1 >= self.problem.days:
            return True
        walk, rules = self.walk, self.walk.rules
        for t in walk.allowed:
            used = walk.per_shift.get(t, 0) + (t == s)
            if used >= rules.max_shifts.get(self.problem.shift_types[t].code, self.problem.days):
                continue
            if (s, t) not in self.banned_pairs and (1, s, t) not in self.too_close:
                return True
        return False

    def _run_can_last(self, d: int) -> bool:
        """A new run of working days starting on ``d`` can reach the min length before leave or
        a weekend the person may no longer work."""
        walk = self.walk
        need = walk.rules.min_consecutive_days
        most = walk.rules.max_weekends
        weekends = walk.weekends_worked
        seen: set[int] = set()
        for x in range(d, min(d + need, self.problem.days)):
            if walk.on_leave[x]:
                return False
            index = walk.weekend_of.get(x)
            if most is None or index is None or index in seen or _weekend_started(walk, x):
                continue
            seen.add(index)
            weekends += 1
            if weekends > most:
                return False
        return True

    def _same_shift_back(self, day: int, s: int) -> int:
        length = 0
        while day >= 0 and self.walk.placed[day] == s:
            length += 1
            day -= 1
        return length

    def _hours_ok(self, d: int, s: int) -> bool:
        walk, rules = self.walk, self.walk.rules
        # Room for the rest of a run that is still too short, at its shortest shifts.
        still = rules.min_consecutive_days - walk.run_back(d - 1, True) - 1
        still = max(0, min(still, self.problem.days - d - 1))
        after = walk.worked_minutes + walk.minutes[s] + still * self.shortest
        if rules.max_total_minutes is not None and after > rules.max_total_minutes:
            return False
        if rules.max_minutes_per_week is not None:
            week = self.week_of[d]
            done = sum(walk.minutes[o] for o in walk.placed[week[0] : d] if o != OFF)
            if done + walk.minutes[s] > rules.max_minutes_per_week:
                return False
        return True

    def _week_ok(self, d: int) -> bool:
        week = self.full_week_of.get(d)
        if week is None:
            return True
        worked = sum(1 for x in week if x < d and self.walk.placed[x] != OFF)
        return worked + 1 <= len(week) - self.walk.rules.min_days_off_per_week

    def _weekend_ok(self, d: int) -> bool:
        walk = self.walk
        most = walk.rules.max_weekends
        if most is None or d not in walk.weekend_of:
            return True
        return _weekend_started(walk, d) or walk.weekends_worked < most

    def _sequences_ok(self, d: int, option: int) -> bool:
        placed = self.walk.placed
        if d > 0 and (placed[d - 1], option) in self.banned_pairs:
            return False
        for pattern in self.longer_ending_in.get(option, ()):
            first = d - len(pattern) + 1
            if first >= 0 and all(placed[first + k] == want for k, want in enumerate(pattern[:-1])):
                return False
        if option == OFF:
            return True
        return not any(d - k >= 0 and (k, placed[d - k], option) in self.too_close for k in (1, 2))

    def place(self, d: int, option: int) -> None:
        """Record the option taken on day ``d``."""
        walk = self.walk
        if option != OFF:
            if d in walk.weekend_of and not _weekend_started(walk, d):
                walk.weekends_worked += 1
            walk.worked_minutes += walk.minutes[option]
            walk.per_shift[option] = walk.per_shift.get(option, 0) + 1
        walk.placed.append(option)
