"""The problem: everything the scheduler needs to draw a rota, checked for consistency."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.calendar import Horizon
from models.coverage import CoverageWindow, ShiftDemand
from models.requests import Leave, LeaveStatus, Pin, ShiftRequest
from models.rota import Assignment, Rota
from models.rules import DAY_OFF, Rules, Weights
from models.shifts import ShiftType
from models.staff import Staff


@dataclass(frozen=True)
class ProblemIssue:
    """One inconsistency between parts of a problem, located by section, item index and field."""

    section: str
    index: int
    field: str
    value: object
    expected: str

    def __str__(self) -> str:
        return f"{self.section} #{self.index + 1}, {self.field} = {self.value!r}: {self.expected}"


class ProblemError(ValueError):
    """A problem whose parts do not fit together; ``issues`` says where."""

    def __init__(self, issues: list[ProblemIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues))


@dataclass(frozen=True)
class PersonRules:
    """The rules that hold for one person: global rules with that person's overrides applied."""

    min_minutes_per_week: int
    max_minutes_per_week: int | None
    target_minutes_per_week: int
    max_consecutive_days: int
    min_consecutive_days: int
    min_days_off_per_week: int
    min_days_off_run: int
    max_days_off_run: int | None
    max_weekends: int | None
    min_total_minutes: int | None
    max_total_minutes: int | None
    max_shifts: dict[str, int]


_T = TypeVar("_T")


def pick(mine: _T | None, default: _T) -> _T:
    """A person's own value where they have one, else the global one."""
    return default if mine is None else mine


def _minutes(hours: float | None) -> int | None:
    return None if hours is None else round(hours * 60)


class Problem(BaseModel):
    """A rota to draw: horizon, shift types, staff, coverage, leave, wishes, pins, rules, weights.

    ``history`` (what people worked just before the horizon) and ``published`` (the rota in force,
    for minimal-change re-planning) are carried for later use.
    """

    model_config = ConfigDict(frozen=True)

    name: str = "rota"
    start: date
    days: int = Field(ge=1, le=3660)
    shift_types: tuple[ShiftType, ...] = Field(min_length=1)
    staff: tuple[Staff, ...] = Field(min_length=1)
    coverage_windows: tuple[CoverageWindow, ...] = ()
    shift_demands: tuple[ShiftDemand, ...] = ()
    leave: tuple[Leave, ...] = ()
    requests: tuple[ShiftRequest, ...] = ()
    pins: tuple[Pin, ...] = ()
    holidays: frozenset[date] = frozenset()
    rules: Rules = Rules()
    weights: Weights = Weights()
    history: tuple[Assignment, ...] = ()
    published: Rota | None = None

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        issues = find_issues(self)
        if issues:
            raise ProblemError(issues)
        return self

    def with_changes(self, **changes: object) -> Problem:
        """A new problem with some fields replaced, checked again like any other.

        Prefer this over ``model_copy(update=...)``, which neither validates nor forgets the
        cached lookups of the original.
        """
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self).model_validate({**fields, **changes})

    @cached_property
    def horizon(self) -> Horizon:
        """The days of the rota."""
        return Horizon(self.start, self.days, self.rules.weekend_days)

    @property
    def end(self) -> date:
        """The last date of the rota."""
        return self.start + timedelta(days=self.days - 1)

    @cached_property
    def shift_by_code(self) -> dict[str, ShiftType]:
        """Shift types by code."""
        return {shift.code: shift for shift in self.shift_types}

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        """Staff by id."""
        return {person.id: person for person in self.staff}

    def rules_for(self, person: Staff) -> PersonRules:
        """The rules holding for one person (global rules with their overrides)."""
        own, rules = person.rules, self.rules
        return PersonRules(
            min_minutes_per_week=round(pick(own.min_hours_per_week, rules.min_hours_per_week) * 60),
            max_minutes_per_week=_minutes(pick(own.max_hours_per_week, rules.max_hours_per_week)),
            target_minutes_per_week=round(
                pick(own.target_hours_per_week, rules.target_hours_per_week) * 60
            ),
            max_consecutive_days=pick(own.max_consecutive_days, rules.max_consecutive_days),
            min_consecutive_days=pick(own.min_consecutive_days, rules.min_consecutive_days),
            min_days_off_per_week=pick(own.min_days_off_per_week, rules.min_days_off_per_week),
            min_days_off_run=pick(own.min_days_off_run, rules.min_days_off_run),
            max_days_off_run=rules.max_days_off_run,
            max_weekends=pick(own.max_weekends, rules.max_weekends),
            min_total_minutes=_minutes(own.min_total_hours),
            max_total_minutes=_minutes(own.max_total_hours),
            max_shifts=dict(own.max_shifts),
        )

    @cached_property
    def _approved_leave_by_staff(self) -> dict[str, tuple[Leave, ...]]:
        by_staff: dict[str, list[Leave]] = {}
        for leave in self.leave:
            if leave.status is LeaveStatus.APPROVED:
                by_staff.setdefault(leave.staff_id, []).append(leave)
        return {staff_id: tuple(items) for staff_id, items in by_staff.items()}

    def approved_leave_on(self, staff_id: str, when: date) -> Leave | None:
        """The approved leave a person is on at a date, if any."""
        for leave in self._approved_leave_by_staff.get(staff_id, ()):
            if leave.covers(when):
                return leave
        return None


def find_issues(problem: Problem) -> list[ProblemIssue]:
    """Every reference in the problem that points nowhere, and every contradiction between parts."""
    issues: list[ProblemIssue] = []
    codes = {shift.code for shift in problem.shift_types}
    staff_ids = {person.id for person in problem.staff}
    end = problem.start + timedelta(days=problem.days - 1)
    shift_hint = f"one of the shift codes {', '.join(sorted(codes))}"
    date_hint = f"a date from {problem.start} to {end}"

    for section, keys in (
        ("shift types", [shift.code for shift in problem.shift_types]),
        ("staff", [person.id for person in problem.staff]),
    ):
        counts = Counter(keys)
        for index, key in enumerate(keys):
            if counts[key] > 1:
                issues.append(ProblemIssue(section, index, "id", key, "a unique value"))

    for index, person in enumerate(problem.staff):
        for code in sorted(person.shift_types or ()):
            if code not in codes:
                issues.append(ProblemIssue("staff", index, "shift types", code, shift_hint))
        for code in sorted(person.rules.max_shifts):
            if code not in codes:
                issues.append(ProblemIssue("staff", index, "max shifts", code, shift_hint))

    for index, demand in enumerate(problem.shift_demands):
        if demand.shift not in codes:
            issues.append(ProblemIssue("coverage", index, "shift", demand.shift, shift_hint))

    rules = problem.rules
    for index, pair in enumerate(sorted(rules.allowed_same_day)):
        for code in pair:
            if code not in codes:
                issues.append(ProblemIssue("rules", index, "allowed same day", code, shift_hint))
    for index, sequence in enumerate(rules.forbidden_sequences):
        for code in sequence.pattern:
            if code != DAY_OFF and code not in codes:
                issues.append(
                    ProblemIssue("rules", index, "forbidden sequence", code, shift_hint + " or -")
                )
    for index, run in enumerate(rules.shift_runs):
        if run.shift not in codes:
            issues.append(ProblemIssue("rules", index, "shift run", run.shift, shift_hint))

    staff_hint = "a staff id from the staff list"
    staff_refs = {
        "leave": [leave.staff_id for leave in problem.leave],
        "requests": [request.staff_id for request in problem.requests],
        "pins": [pin.staff_id for pin in problem.pins],
    }
    for section, referenced in staff_refs.items():
        for index, staff_id in enumerate(referenced):
            if staff_id not in staff_ids:
                issues.append(ProblemIssue(section, index, "staff id", staff_id, staff_hint))

    wishes: list[tuple[str, list[ShiftRequest | Pin]]] = [
        ("requests", list(problem.requests)),
        ("pins", list(problem.pins)),
    ]
    for section, items in wishes:
        for index, wish in enumerate(items):
            if not problem.start <= wish.date <= end:
                issues.append(ProblemIssue(section, index, "date", wish.date, date_hint))
            if wish.shift is not None and wish.shift not in codes:
                issues.append(ProblemIssue(section, index, "shift", wish.shift, shift_hint))

    issues.extend(_overlapping_pairs(problem))
    issues.extend(_rotation_issues(problem))
    if rules.cyclic and problem.days < 7:
        issues.append(
            ProblemIssue("rules", 0, "cyclic", problem.days, "a cyclic rota of at least 7 days")
        )
    issues.extend(_pin_conflicts(problem, staff_ids, codes))
    return issues


def _rotation_issues(problem: Problem) -> list[ProblemIssue]:
    """A rotation timetable is one pattern shared by interchangeable people, with no exceptions."""
    if not problem.rules.rotation:
        return []
    issues = []
    weeks = len(problem.staff)
    if not problem.rules.cyclic or problem.days != 7 * weeks:
        expected = f"a cyclic rota of {7 * weeks} days (7 per person) for a rotation timetable"
        issues.append(ProblemIssue("rules", 0, "rotation", problem.days, expected))
    first = problem.staff[0]
    for index, person in enumerate(problem.staff):
        if (person.skills, person.shift_types, person.rules) != (
            first.skills,
            first.shift_types,
            first.rules,
        ):
            issues.append(
                ProblemIssue(
                    "staff",
                    index,
                    "id",
                    person.id,
                    "the same skills, shift types and rules as "
                    f"{first.id}: in a rotation timetable everyone follows one pattern",
                )
            )
    for section, count in (
        ("leave", len(problem.leave)),
        ("requests", len(problem.requests)),
        ("pins", len(problem.pins)),
    ):
        if count:
            expected = "none in a rotation timetable (one pattern for everyone)"
            issues.append(ProblemIssue(section, 0, "staff id", count, expected))
    return issues


def _overlapping_pairs(problem: Problem) -> list[ProblemIssue]:
    """Shift pairs allowed on the same day must not overlap in time (one person, one place)."""
    by_code = {shift.code: shift for shift in problem.shift_types}
    issues = []
    for index, (first, second) in enumerate(sorted(problem.rules.allowed_same_day)):
        if first not in by_code or second not in by_code:
            continue
        a, b = by_code[first], by_code[second]
        if a.start < b.end_minutes and b.start < a.end_minutes:
            issues.append(
                ProblemIssue(
                    "rules",
                    index,
                    "allowed same day",
                    f"{first}+{second}",
                    f"two shifts that do not overlap ({first} {a.span}, {second} {b.span})",
                )
            )
    return issues


def _pin_conflicts(problem: Problem, staff_ids: set[str], codes: set[str]) -> list[ProblemIssue]:
    """Pins that contradict approved leave or the person's allowed shift types."""
    issues: list[ProblemIssue] = []
    by_id = {person.id: person for person in problem.staff}
    for index, pin in enumerate(problem.pins):
        if pin.staff_id not in staff_ids or pin.shift is None or pin.shift not in codes:
            continue
        if not by_id[pin.staff_id].may_work(pin.shift):
            issues.append(
                ProblemIssue(
                    "pins", index, "shift", pin.shift, f"a shift type {pin.staff_id} may work"
                )
            )
        for leave in problem.leave:
            if (
                leave.staff_id == pin.staff_id
                and leave.status is LeaveStatus.APPROVED
                and leave.covers(pin.date)
            ):
                issues.append(
                    ProblemIssue(
                        "pins",
                        index,
                        "date",
                        pin.date,
                        f"a day {pin.staff_id} is not on approved leave "
                        f"({leave.start} to {leave.end})",
                    )
                )
    return issues
