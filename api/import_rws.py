"""Reads a rotating-workforce benchmark instance (Musliu et al.) into a rotation timetable.

The file is a fixed series of blocks, each after a ``#`` comment: the schedule length (7), the
number of employees n, the number of shift types m, the demand matrix (m rows × 7 weekdays), m
shift lines (name, start minute, length, min and max block length), the days-off block bounds, the
work block bounds, the numbers of forbidden sequences of length 2 and 3, then those sequences.

It maps onto the domain as a rotation timetable: n identical staff W0..W(n-1) over 7n cyclic days
(``rules.rotation``: W0's days are the pattern, Wk works it k weeks on), so the count of a shift on
one date equals the number of pattern weeks having it on that weekday. Hence one hard
``ShiftDemand`` per (shift, weekday) with min = max = demand; block bounds become ``ShiftRun``,
``min/max_days_off_run`` and ``min/max_consecutive_days``; sequences become ``ForbiddenSequence``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from api.import_curtois import BENCHMARK_START, NO_WEIGHTS, BenchmarkFileError, Line, data_lines
from models import (
    DAY_OFF,
    ForbiddenSequence,
    Problem,
    ProblemError,
    Rules,
    ShiftDemand,
    ShiftRun,
    ShiftType,
    Staff,
)
from models.calendar import DAYS_PER_WEEK
from models.clock import MINUTES_PER_DAY


class _Stream:
    """The data lines of the file, taken one block after the other."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lines: Iterator[tuple[int, str]] = data_lines(path)

    def next(self, what: str) -> Line:
        """The next data line, which should hold ``what``."""
        found = next(self._lines, None)
        if found is None:
            raise BenchmarkFileError(self.path, what, None, "end of file", f"a line with {what}")
        number, text = found
        return Line(self.path, what, number, text)

    def numbers(self, what: str, count: int, low: int = 0, high: int | None = None) -> list[int]:
        """The next line as ``count`` whitespace-separated whole numbers."""
        line = self.next(what)
        parts = line.text.split()
        if len(parts) != count:
            raise line.fail(line.text, f"{count} whitespace-separated numbers ({what})")
        return [line.integer(part, what, low, high) for part in parts]

    def rest(self) -> Line | None:
        """A data line left over after the last block, if any."""
        found = next(self._lines, None)
        return None if found is None else Line(self.path, "after the last block", *found)


def _shift_type(line: Line) -> tuple[ShiftType, ShiftRun]:
    """A shift line: name, start minute, length in minutes, min and max block length."""
    parts = line.text.split()
    if len(parts) != 5:
        raise line.fail(line.text, "5 fields: name, start minute, length, min block, max block")
    name, start_text, length_text, min_text, max_text = parts
    start = line.integer(start_text, "the start in minutes after midnight", 0, MINUTES_PER_DAY - 1)
    length = line.integer(length_text, "the length in minutes", 1, MINUTES_PER_DAY)
    min_block = line.integer(min_text, "the min block length", 1)
    max_block = line.integer(max_text, "the max block length", min_block)
    finish = start + length
    # A shift ending exactly at midnight is written 24:00, not 00:00 (which reads as overnight).
    end = MINUTES_PER_DAY if finish == MINUTES_PER_DAY else finish % MINUTES_PER_DAY
    try:
        shift = ShiftType(code=name, start=start, end=end)
    except ValidationError as error:
        raise line.fail(name, f"a shift name of 1 to 16 characters ({error})") from None
    return shift, ShiftRun(shift=name, min_days=min_block, max_days=max_block)


def _sequence(line: Line, length: int, codes: set[str]) -> ForbiddenSequence:
    parts = line.text.split()
    if len(parts) != length:
        raise line.fail(line.text, f"a forbidden sequence of {length} shift names or -")
    for code in parts:
        if code != DAY_OFF and code not in codes:
            raise line.fail(code, f"a shift name ({', '.join(sorted(codes))}) or - for a day off")
    return ForbiddenSequence(pattern=tuple(parts))


def read_rws(path: Path) -> Problem:
    """Read a rotating-workforce instance (``ExampleN.txt``) as a cyclic rotation timetable in
    which every rule is hard and the objective is empty: a feasibility problem.

    Raises ``BenchmarkFileError`` naming the file, block and line of the first bad entry.
    """
    stream = _Stream(path)
    stream.numbers("the length of the schedule", 1, DAYS_PER_WEEK, DAYS_PER_WEEK)
    (employees,) = stream.numbers("the number of employees", 1, 1, 520)
    (shift_count,) = stream.numbers("the number of shifts", 1, 1)
    demand = [
        stream.numbers("the temporal requirements matrix", DAYS_PER_WEEK, 0, employees)
        for _ in range(shift_count)
    ]
    shifts, runs = zip(
        *(_shift_type(stream.next("the shift types")) for _ in range(shift_count)), strict=True
    )
    codes = {shift.code for shift in shifts}
    if len(codes) != shift_count:
        raise BenchmarkFileError(path, "the shift types", None, sorted(codes), "distinct names")
    min_off, max_off = stream.numbers("the days-off block bounds", 2, 1)
    min_work, max_work = stream.numbers("the work block bounds", 2, 1)
    pairs, triples = stream.numbers("the numbers of forbidden sequences", 2, 0)
    forbidden = [
        _sequence(stream.next("the forbidden sequences"), length, codes)
        for length, count in ((2, pairs), (3, triples))
        for _ in range(count)
    ]
    if (left := stream.rest()) is not None:
        raise left.fail(left.text, f"nothing after the {pairs + triples} forbidden sequences")
    try:
        rules = Rules(
            min_rest_hours=0,
            min_consecutive_days=min_work,
            max_consecutive_days=max_work,
            min_days_off_per_week=0,
            min_days_off_run=min_off,
            max_days_off_run=max_off,
            max_weekends=None,
            min_hours_per_week=0,
            max_hours_per_week=None,
            leave_day_hours=0,
            forbidden_sequences=tuple(forbidden),
            shift_runs=tuple(runs),
            cyclic=True,
            rotation=True,
        )
        return Problem(
            name=path.stem,
            start=BENCHMARK_START,
            days=DAYS_PER_WEEK * employees,
            shift_types=tuple(shifts),
            staff=tuple(Staff(id=f"W{k}") for k in range(employees)),
            shift_demands=tuple(
                ShiftDemand(
                    shift=shift.code,
                    weekdays=frozenset({weekday}),
                    min_staff=row[weekday],
                    max_staff=row[weekday],
                    hard=True,
                )
                for shift, row in zip(shifts, demand, strict=True)
                for weekday in range(DAYS_PER_WEEK)
            ),
            rules=rules,
            weights=NO_WEIGHTS,
        )
    except (ProblemError, ValidationError) as error:
        raise BenchmarkFileError(
            path, None, None, path.name, f"a consistent instance: {error}"
        ) from None
