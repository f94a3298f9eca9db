"""Reads a Curtois & Qu shift-scheduling benchmark instance into an ordinary ``Problem``.

The format (``../shared/benchmarks/README.md``) has sections of comma-separated lines. Every rule
maps onto the domain as it is, so the validator's objective equals the published objective:

- horizon → ``days`` from a fixed Monday; shift → ``ShiftType`` from 00:00, as long as the shift;
- "X cannot be followed by Y" → ``ForbiddenSequence((X, Y))``;
- staff limits → ``StaffRules`` (max shifts per type, min/max total hours, min/max consecutive
  working days, min consecutive days off, max weekends);
- days off → approved ``Leave``; shift on/off requests → ``ShiftRequest`` with their weight;
- cover → a soft ``ShiftDemand`` with min = max = requirement and its own under/over weights.

Every other weight is 0 and every global rule is loose, so only the file's rules apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from models import (
    ForbiddenSequence,
    Leave,
    LeaveKind,
    Problem,
    ProblemError,
    Rules,
    ShiftDemand,
    ShiftRequest,
    ShiftType,
    Staff,
    StaffRules,
    Weights,
)
from models.clock import MINUTES_PER_DAY

BENCHMARK_START = dt.date(2024, 1, 1)
"""A Monday: the benchmarks' day 0 is a Monday."""

NO_WEIGHTS = Weights(
    uncovered=0,
    overstaffed=0,
    demand_under=0,
    demand_over=0,
    request=0,
    requested_leave=0,
    hours_spread=0,
    weekends_spread=0,
    late_spread=0,
    shift_change=0,
    backward_rotation=0,
    isolated_work_day=0,
    isolated_day_off=0,
)
"""A benchmark weighs only what its file weighs, item by item."""

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
REQUIRED = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_COVER")


class BenchmarkFileError(ValueError):
    """A benchmark file that cannot be read, located by file, section and line number."""

    def __init__(
        self, path: Path, section: str | None, line: int | None, value: object, expected: str
    ) -> None:
        self.path = path
        self.section = section
        self.line = line
        self.value = value
        self.expected = expected
        place = [path.name]
        if section:
            place.append(f"section {section}")
        if line is not None:
            place.append(f"line {line}")
        super().__init__(f"{', '.join(place)}: {value!r} is not valid; expected {expected}")


@dataclass(frozen=True)
class Line:
    """One data line of a benchmark file, with the place to name when it is wrong."""

    path: Path
    section: str | None
    number: int
    text: str

    def fail(self, value: object, expected: str) -> BenchmarkFileError:
        """The error to raise for a bad ``value`` on this line."""
        return BenchmarkFileError(self.path, self.section, self.number, value, expected)

    def fields(self, count: int | None = None, at_least: int | None = None) -> list[str]:
        """The comma-separated fields, stripped; checked against the expected count."""
        parts = [part.strip() for part in self.text.split(",")]
        if count is not None and len(parts) != count:
            raise self.fail(self.text, f"{count} comma-separated fields")
        if at_least is not None and len(parts) < at_least:
            raise self.fail(self.text, f"at least {at_least} comma-separated fields")
        return parts

    def integer(self, text: str, what: str, low: int = 0, high: int | None = None) -> int:
        """``text`` as an integer within ``[low, high]``."""
        span = f"from {low}" + ("" if high is None else f" to {high}")
        try:
            value = int(text)
        except ValueError:
            raise self.fail(text, f"{what}: a whole number {span}") from None
        if value < low or (high is not None and value > high):
            raise self.fail(text, f"{what}: a whole number {span}")
        return value


def data_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of every line that is neither blank nor a ``#`` comment."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise BenchmarkFileError(
            path, None, None, str(path), f"a readable file ({error})"
        ) from None
    except UnicodeDecodeError:
        raise BenchmarkFileError(path, None, None, str(path), "a UTF-8 text file") from None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            yield number, stripped


def _sections(path: Path) -> dict[str, list[Line]]:
    """The data lines of each section, in file order."""
    sections: dict[str, list[Line]] = {}
    current: str | None = None
    for number, text in data_lines(path):
        if text.startswith("SECTION_"):
            if text not in SECTIONS:
                raise BenchmarkFileError(path, None, number, text, f"one of {', '.join(SECTIONS)}")
            if text in sections:
                raise BenchmarkFileError(path, text, number, text, "each section once")
            current = text
            sections[current] = []
            continue
        if current is None:
            raise BenchmarkFileError(path, None, number, text, "a SECTION_ header first")
        sections[current].append(Line(path, current, number, text))
    for name in REQUIRED:
        if name not in sections:
            raise BenchmarkFileError(path, name, None, "missing section", f"a {name} section")
    return sections


def _hours(minutes: int, line: Line) -> float:
    """Minutes as hours such that the domain's ``round(hours * 60)`` gives the minutes back."""
    hours = minutes / 60
    if round(hours * 60) != minutes:  # never seen, but a silent off-by-one would skew the bound
        raise line.fail(minutes, "minutes that survive the conversion to hours and back")
    return hours


@dataclass
class _Reader:
    """The parts of a problem read so far, and what later sections may refer to."""

    path: Path
    days: int = 0
    shifts: list[ShiftType] = field(default_factory=list)
    forbidden: list[ForbiddenSequence] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    leave: list[Leave] = field(default_factory=list)
    requests: list[ShiftRequest] = field(default_factory=list)
    demands: list[ShiftDemand] = field(default_factory=list)

    @property
    def shift_codes(self) -> set[str]:
        return {shift.code for shift in self.shifts}

    @property
    def staff_ids(self) -> set[str]:
        return {person.id for person in self.staff}

    def date_of(self, line: Line, text: str) -> dt.date:
        day = line.integer(text, "a day index", 0, self.days - 1)
        return BENCHMARK_START + dt.timedelta(days=day)

    def shift_code(self, line: Line, text: str) -> str:
        if text not in self.shift_codes:
            known = ", ".join(shift.code for shift in self.shifts)
            raise line.fail(text, f"a shift id from SECTION_SHIFTS ({known})")
        return text

    def staff_id(self, line: Line, text: str) -> str:
        if text not in self.staff_ids:
            raise line.fail(text, "a staff id from SECTION_STAFF")
        return text

    def read_horizon(self, lines: list[Line]) -> None:
        if len(lines) != 1:
            where = lines[1] if len(lines) > 1 else None
            raise BenchmarkFileError(
                self.path,
                "SECTION_HORIZON",
                None if where is None else where.number,
                f"{len(lines)} lines",
                "one line with the number of days",
            )
        self.days = lines[0].integer(lines[0].text, "the number of days", 1, 3660)

    def read_shifts(self, lines: list[Line]) -> None:
        followers: list[tuple[Line, str, list[str]]] = []
        for line in lines:
            code, length_text, banned = line.fields(count=3)
            if not code or code in self.shift_codes:
                raise line.fail(code, "a new, non-empty shift id")
            length = line.integer(length_text, "the length in minutes", 1, MINUTES_PER_DAY)
            # No clock times in this format: a synthetic 00:00 start is harmless with no min rest.
            self.shifts.append(
                ShiftType(code=code, start=0, end=length, paid_hours=_hours(length, line))
            )
            followers.append((line, code, [part.strip() for part in banned.split("|") if part]))
        for line, code, banned_codes in followers:
            for following in banned_codes:
                self.forbidden.append(
                    ForbiddenSequence(pattern=(code, self.shift_code(line, following)))
                )

    def read_staff(self, lines: list[Line]) -> None:
        for line in lines:
            person_id, max_shifts, *numbers = line.fields(count=8)
            if not person_id or person_id in self.staff_ids:
                raise line.fail(person_id, "a new, non-empty staff id")
            most, least, max_run, min_run, min_off, weekends = (
                line.integer(text, what)
                for text, what in zip(
                    numbers,
                    (
                        "MaxTotalMinutes",
                        "MinTotalMinutes",
                        "MaxConsecutiveShifts",
                        "MinConsecutiveShifts",
                        "MinConsecutiveDaysOff",
                        "MaxWeekends",
                    ),
                    strict=True,
                )
            )
            try:
                rules = StaffRules(
                    max_shifts=self._max_shifts(line, max_shifts),
                    max_total_hours=_hours(most, line),
                    min_total_hours=_hours(least, line),
                    max_consecutive_days=max_run,
                    min_consecutive_days=min_run,
                    min_days_off_run=min_off,
                    max_weekends=weekends,
                )
            except ValidationError as error:
                raise line.fail(line.text, f"valid staff limits ({error})") from None
            self.staff.append(Staff(id=person_id, rules=rules))

    def _max_shifts(self, line: Line, text: str) -> dict[str, int]:
        limits: dict[str, int] = {}
        for part in (piece.strip() for piece in text.split("|") if piece.strip()):
            code, equals, count = part.partition("=")
            if not equals:
                raise line.fail(part, "MaxShifts as SHIFT=COUNT, '|' separated (D=14|N=0)")
            limits[self.shift_code(line, code.strip())] = line.integer(
                count.strip(), f"the max number of {code.strip()} shifts"
            )
        return limits

    def read_days_off(self, lines: list[Line]) -> None:
        for line in lines:
            person_id, *days = line.fields(at_least=1)
            self.staff_id(line, person_id)
            dates = sorted({self.date_of(line, day) for day in days if day})
            # One leave per run of consecutive dates: the same days, far fewer records to scan.
            for first, last in _date_runs(dates):
                self.leave.append(
                    Leave(staff_id=person_id, start=first, end=last, kind=LeaveKind.UNAVAILABLE)
                )

    def read_requests(self, lines: list[Line], want: bool) -> None:
        for line in lines:
            person_id, day, code, weight = line.fields(count=4)
            self.requests.append(
                ShiftRequest(
                    staff_id=self.staff_id(line, person_id),
                    date=self.date_of(line, day),
                    shift=self.shift_code(line, code),
                    want=want,
                    weight=line.integer(weight, "the weight"),
                )
            )

    def read_cover(self, lines: list[Line]) -> None:
        for line in lines:
            day, code, requirement, under, over = line.fields(count=5)
            needed = line.integer(requirement, "the requirement")
            self.demands.append(
                ShiftDemand(
                    shift=self.shift_code(line, code),
                    dates=frozenset({self.date_of(line, day)}),
                    min_staff=needed,
                    max_staff=needed,
                    weight_under=line.integer(under, "the weight for under"),
                    weight_over=line.integer(over, "the weight for over"),
                )
            )


def _date_runs(dates: list[dt.date]) -> Iterator[tuple[dt.date, dt.date]]:
    """(first, last) of each run of consecutive dates in a sorted list."""
    first: dt.date | None = None
    last: dt.date | None = None
    for when in dates:
        if last is not None and when == last + dt.timedelta(days=1):
            last = when
            continue
        if first is not None and last is not None:
            yield first, last
        first = last = when
    if first is not None and last is not None:
        yield first, last


def read_curtois(path: Path) -> Problem:
    """Read a Curtois & Qu instance (``InstanceN.txt``) as a ``Problem`` whose objective is the
    benchmark's: the weighted shift-request and cover penalties, every staff limit hard.

    Raises ``BenchmarkFileError`` naming the file, section and line of the first bad entry.
    """
    sections = _sections(path)
    reader = _Reader(path)
    reader.read_horizon(sections["SECTION_HORIZON"])
    reader.read_shifts(sections["SECTION_SHIFTS"])
    reader.read_staff(sections["SECTION_STAFF"])
    reader.read_days_off(sections.get("SECTION_DAYS_OFF", []))
    reader.read_requests(sections.get("SECTION_SHIFT_ON_REQUESTS", []), want=True)
    reader.read_requests(sections.get("SECTION_SHIFT_OFF_REQUESTS", []), want=False)
    reader.read_cover(sections["SECTION_COVER"])
    if not reader.staff:
        raise BenchmarkFileError(path, "SECTION_STAFF", None, "no staff", "at least one person")
    rules = Rules(
        min_rest_hours=0,
        # Per-person limits come from StaffRules; the global ones must bind nothing.
        max_consecutive_days=reader.days,
        min_days_off_per_week=0,
        max_hours_per_week=None,
        min_hours_per_week=0,
        leave_day_hours=0,
        forbidden_sequences=tuple(reader.forbidden),
        cyclic=False,
    )
    try:
        return Problem(
            name=path.stem,
            start=BENCHMARK_START,
            days=reader.days,
            shift_types=tuple(reader.shifts),
            staff=tuple(reader.staff),
            shift_demands=tuple(reader.demands),
            leave=tuple(reader.leave),
            requests=tuple(reader.requests),
            rules=rules,
            weights=NO_WEIGHTS,
        )
    except (ProblemError, ValidationError) as error:
        raise BenchmarkFileError(
            path, None, None, path.name, f"a consistent instance: {error}"
        ) from None
