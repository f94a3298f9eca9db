"""The Curtois & Qu importer: counts, rules, and objectives recomputed by hand from the raw file."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest

from api.import_curtois import BENCHMARK_START, BenchmarkFileError, read_curtois
from models import Assignment, LeaveKind, LeaveStatus, Problem, Rota
from scheduler.solve import solve
from scheduler.validate import validate

BENCHMARKS = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks"
CURTOIS = BENCHMARKS / "curtois"

pytestmark = pytest.mark.skipif(
    not CURTOIS.is_dir(), reason=f"public benchmarks not found at {CURTOIS.resolve()}"
)


def raw_sections(path: Path) -> dict[str, list[list[str]]]:
    """The file's data lines split at commas, per section: a parser of our own, for checking."""
    sections: dict[str, list[list[str]]] = defaultdict(list)
    current = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
        else:
            sections[current].append(line.split(","))
    return sections


def test_instance1_counts() -> None:
    """Instance1 reads as 8 staff over 14 days from a Monday, one shift, leave, wishes and cover."""
    problem = read_curtois(CURTOIS / "Instance1.txt")
    assert (len(problem.staff), problem.days, problem.start.weekday()) == (8, 14, 0)
    assert [(s.code, s.length_minutes, s.paid_minutes) for s in problem.shift_types] == [
        ("D", 480, 480)
    ]
    assert len(problem.leave) == 8
    assert all(
        leave.status is LeaveStatus.APPROVED and leave.kind is LeaveKind.UNAVAILABLE
        for leave in problem.leave
    )
    assert problem.approved_leave_on("A", BENCHMARK_START) is not None
    assert sum(request.want for request in problem.requests) == 21
    assert sum(not request.want for request in problem.requests) == 5
    assert len(problem.shift_demands) == 14
    assert not any(demand.hard for demand in problem.shift_demands)
    assert not problem.rules.cyclic and problem.rules.forbidden_sequences == ()


def test_staff_limits_round_trip_to_the_files_minutes() -> None:
    """Every staff limit of Instance1 and Instance12 reaches the rules exactly as the file says."""
    for name in ("Instance1.txt", "Instance12.txt"):
        problem = read_curtois(CURTOIS / name)
        for fields in raw_sections(CURTOIS / name)["SECTION_STAFF"]:
            person_id, max_shifts, most, least, max_run, min_run, min_off, weekends = fields
            rules = problem.rules_for(problem.staff_by_id[person_id])
            limits = dict(part.split("=") for part in max_shifts.split("|"))
            assert rules.max_shifts == {code: int(count) for code, count in limits.items()}
            assert (rules.max_total_minutes, rules.min_total_minutes) == (int(most), int(least))
            assert (rules.max_consecutive_days, rules.min_consecutive_days) == (
                int(max_run),
                int(min_run),
            )
            assert (rules.min_days_off_run, rules.max_weekends) == (int(min_off), int(weekends))


def test_days_off_and_forbidden_successions_of_instance5() -> None:
    """Instance5's days off are exactly the approved leave days; "L cannot precede E" is kept."""
    path = CURTOIS / "Instance5.txt"
    problem = read_curtois(path)
    for person_id, *days in raw_sections(path)["SECTION_DAYS_OFF"]:
        expected = {int(day) for day in days}
        on_leave = {
            d
            for d in range(problem.days)
            if problem.approved_leave_on(person_id, problem.horizon.date_of(d)) is not None
        }
        assert on_leave == expected
    assert [rule.pattern for rule in problem.rules.forbidden_sequences] == [("L", "E")]


def _all_day(problem: Problem) -> Rota:
    """Everybody works the only shift type every day."""
    return Rota(
        start=problem.start,
        days=problem.days,
        assignments=tuple(
            Assignment(staff_id=person.id, date=problem.horizon.date_of(d), shift="D")
            for person in problem.staff
            for d in range(problem.days)
        ),
    )


def test_nobody_working_costs_the_cover_and_the_on_requests() -> None:
    """With nobody working, the objective is every missing person plus every on-request weight."""
    path = CURTOIS / "Instance1.txt"
    raw = raw_sections(path)
    cover = sum(int(need) * int(under) for _, _, need, under, _ in raw["SECTION_COVER"])
    wishes = sum(int(weight) for *_, weight in raw["SECTION_SHIFT_ON_REQUESTS"])
    problem = read_curtois(path)
    report = validate(problem, Rota(start=problem.start, days=problem.days))
    assert report.objective == cover + wishes == 7137


def test_everybody_working_costs_the_surplus_and_the_off_requests() -> None:
    """With all 8 people on D every day, the objective is the surplus over each day's requirement
    plus every off-request weight (every on-request is granted)."""
    path = CURTOIS / "Instance1.txt"
    raw = raw_sections(path)
    staff = len(raw["SECTION_STAFF"])
    surplus = sum(
        max(0, staff - int(need)) * int(over) + max(0, int(need) - staff) * int(under)
        for _, _, need, under, over in raw["SECTION_COVER"]
    )
    unwanted = sum(int(weight) for *_, weight in raw["SECTION_SHIFT_OFF_REQUESTS"])
    problem = read_curtois(path)
    report = validate(problem, _all_day(problem))
    assert report.objective == surplus + unwanted
    assert {found.rule for found in report.rule_breaks} >= {"approved_leave", "max_weekends"}


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (CURTOIS / "Instance1.txt").read_text().replace(old, new, 1)
    path = tmp_path / "Broken.txt"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("old", "new", "section", "line", "expected"),
    [
        ("A,D=14,4320", "A,D=x,4320", "SECTION_STAFF", 13, "the max number of D shifts"),
        ("C,8\n", "C,80\n", "SECTION_DAYS_OFF", 26, "a day index"),
        ("0,D,5,100,1", "0,X,5,100,1", "SECTION_COVER", 67, "a shift id from SECTION_SHIFTS"),
        ("F,8,D,3", "F,8,D", "SECTION_SHIFT_OFF_REQUESTS", 61, "4 comma-separated fields"),
        ("H,7\n", "Z,7\n", "SECTION_DAYS_OFF", 31, "a staff id from SECTION_STAFF"),
    ],
)
def test_a_bad_line_is_named_by_file_section_and_line(
    tmp_path: Path, old: str, new: str, section: str, line: int, expected: str
) -> None:
    """A malformed entry is reported with the file, the section, the line number and what fits."""
    path = _broken(tmp_path, old, new)
    with pytest.raises(BenchmarkFileError) as caught:
        read_curtois(path)
    assert (caught.value.section, caught.value.line) == (section, line)
    message = str(caught.value)
    assert message.startswith(f"Broken.txt, section {section}, line {line}:")
    assert expected in message


def test_a_missing_section_is_reported(tmp_path: Path) -> None:
    """A file without SECTION_COVER names the missing section."""
    text = (CURTOIS / "Instance1.txt").read_text()
    path = tmp_path / "NoCover.txt"
    path.write_text(text[: text.index("SECTION_COVER")])
    with pytest.raises(BenchmarkFileError, match=r"NoCover\.txt, section SECTION_COVER"):
        read_curtois(path)


def test_instance1_solves_to_the_optimum_in_10_seconds() -> None:
    """Instance1 reaches its proven optimum 607 within 10 s, and the checker agrees."""
    problem = read_curtois(CURTOIS / "Instance1.txt")
    result = solve(problem, time_limit_s=10, workers=2, seed=0)
    assert result.rota is not None
    report = validate(problem, result.rota)
    assert report.rule_breaks == ()
    assert result.objective == report.objective == 607
    assert all(item.date < problem.start + timedelta(days=14) for item in result.rota.assignments)
