"""The rotating-workforce importer: a cyclic rotation timetable with hard weekly demand."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from api.import_curtois import BenchmarkFileError
from api.import_rws import read_rws
from models import Rota, ShiftRun
from scheduler.solve import solve
from scheduler.validate import validate

BENCHMARKS = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks"
RWS = BENCHMARKS / "rws"

pytestmark = pytest.mark.skipif(
    not RWS.is_dir(), reason=f"public benchmarks not found at {RWS.resolve()}"
)

EXAMPLE1_DEMAND = {
    "D": [2, 2, 2, 2, 2, 2, 2],
    "A": [2, 2, 2, 3, 3, 3, 2],
    "N": [2, 2, 2, 2, 2, 2, 2],
}
"""Example1's temporal requirements matrix, copied by eye from the file."""


def test_example1_counts_and_rules() -> None:
    """Example1 reads as 9 identical staff over 63 cyclic days with its rules all in place."""
    problem = read_rws(RWS / "Example1.txt")
    assert (len(problem.staff), problem.days, problem.start.weekday()) == (9, 63, 0)
    assert [person.id for person in problem.staff] == [f"W{k}" for k in range(9)]
    assert [(s.code, s.span) for s in problem.shift_types] == [
        ("D", "06:00–14:00"),
        ("A", "14:00–22:00"),
        ("N", "22:00–06:00"),
    ]
    rules = problem.rules
    assert rules.cyclic and rules.rotation
    assert (rules.min_days_off_run, rules.max_days_off_run) == (2, 4)
    assert (rules.min_consecutive_days, rules.max_consecutive_days) == (4, 7)
    assert rules.shift_runs == (
        ShiftRun(shift="D", min_days=2, max_days=7),
        ShiftRun(shift="A", min_days=2, max_days=6),
        ShiftRun(shift="N", min_days=2, max_days=4),
    )
    assert [rule.pattern for rule in rules.forbidden_sequences] == [
        ("N", "D"),
        ("N", "A"),
        ("A", "D"),
    ]


def test_example1_demand_is_hard_per_shift_and_weekday() -> None:
    """One hard demand per (shift, weekday), min = max = the matrix entry."""
    problem = read_rws(RWS / "Example1.txt")
    assert len(problem.shift_demands) == 21
    found = {
        (demand.shift, weekday): (demand.min_staff, demand.max_staff)
        for demand in problem.shift_demands
        for weekday in demand.weekdays
    }
    assert all(demand.hard and len(demand.weekdays) == 1 for demand in problem.shift_demands)
    assert found == {
        (code, weekday): (row[weekday], row[weekday])
        for code, row in EXAMPLE1_DEMAND.items()
        for weekday in range(7)
    }


def test_sequences_of_length_three_keep_the_day_off() -> None:
    """Example15's ``N - N`` is night, a day off, night."""
    problem = read_rws(RWS / "Example15.txt")
    patterns = [rule.pattern for rule in problem.rules.forbidden_sequences]
    assert ("N", "-", "N") in patterns and len(patterns) == 7
    assert (len(problem.staff), problem.days) == (64, 448)


def test_a_rota_missing_the_weekly_demand_breaks_shift_demand() -> None:
    """An empty rota leaves every (date, shift) short: 9 weeks x 21 demands, all reported."""
    problem = read_rws(RWS / "Example1.txt")
    report = validate(problem, Rota(start=problem.start, days=problem.days))
    breaks = Counter(found.rule for found in report.rule_breaks)
    assert breaks["shift_demand"] == 9 * 21
    assert report.objective == 0


def test_example1_solves_to_a_verified_rotation() -> None:
    """Within 10 s Example1 gets a rotation the checker accepts, its weeks summing to the matrix."""
    problem = read_rws(RWS / "Example1.txt")
    result = solve(problem, time_limit_s=10, workers=2, seed=0)
    assert result.rota is not None
    assert validate(problem, result.rota).rule_breaks == ()
    pattern = Counter(
        (item.shift, item.date.weekday())
        for item in result.rota.assignments
        if item.staff_id == "W0"
    )
    for code, row in EXAMPLE1_DEMAND.items():
        assert [pattern[(code, weekday)] for weekday in range(7)] == row


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = (RWS / "Example1.txt").read_text().replace(old, new, 1)
    path = tmp_path / "Variant.txt"
    path.write_text(text)
    return path


def test_a_shift_ending_at_midnight_ends_at_2400(tmp_path: Path) -> None:
    """A shift from 16:00 lasting 8 hours ends at 24:00, not at 00:00 of the same day."""
    problem = read_rws(_variant(tmp_path, "A  840 480", "A  960 480"))
    late = problem.shift_by_code["A"]
    assert (late.end, late.length_minutes, late.span) == (1440, 480, "16:00–24:00")


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("2 2 2 3 3 3 2", "2 2 2 3 3 3", 12, "7 whitespace-separated numbers"),
        ("N  1320 480 2 4", "N  1320 480 4 2", 18, "the max block length"),
        ("N A\n", "N X\n", 31, "a shift name"),
        ("3 0\n", "2 0\n", 32, "nothing after the 2 forbidden sequences"),
    ],
)
def test_a_bad_line_is_named_by_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    """A malformed block is reported with the file, the line number and what would fit."""
    with pytest.raises(BenchmarkFileError) as caught:
        read_rws(_variant(tmp_path, old, new))
    assert caught.value.line == line
    assert str(caught.value).startswith("Variant.txt, section ")
    assert expected in str(caught.value)


def test_a_truncated_file_is_reported(tmp_path: Path) -> None:
    """A file that stops before the work block bounds says what it was waiting for."""
    text = (RWS / "Example1.txt").read_text()
    path = tmp_path / "Short.txt"
    path.write_text(text[: text.index("# Minimum and maximum length of work")])
    with pytest.raises(BenchmarkFileError, match="the work block bounds"):
        read_rws(path)
