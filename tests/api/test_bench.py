"""``shiftplan bench``: one JSON line per instance and a solution CSV anyone can check."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.import_curtois import BENCHMARK_START, read_curtois
from models import Assignment, Rota
from scheduler.validate import validate

BENCHMARKS = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks"
runner = CliRunner()

pytestmark = pytest.mark.skipif(
    not BENCHMARKS.is_dir(), reason=f"public benchmarks not found at {BENCHMARKS.resolve()}"
)

KEYS = {
    "instance", "format", "status", "objective", "best_bound", "wall_s", "first_solution_s",
    "staff", "days", "rule_breaks", "validator_objective",
}  # fmt: skip


def bench(*args: str) -> tuple[int, dict[str, object]]:
    """Run ``shiftplan bench``; return the exit code and its JSON line, parsed."""
    result = runner.invoke(app, ["bench", *args])
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return result.exit_code, json.loads(lines[0])


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a solution CSV, after checking its header."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["staff", "day", "shift"]
        return list(reader)


def test_curtois_line_and_solution(tmp_path: Path) -> None:
    """Instance1: the JSON line reports the optimum 607, verified; the CSV rebuilds that rota."""
    instance, solution = BENCHMARKS / "curtois" / "Instance1.txt", tmp_path / "sol.csv"
    code, line = bench(
        "curtois", str(instance), "--time-limit", "10", "--solution-out", str(solution)
    )
    assert code == 0
    assert set(line) >= KEYS
    assert (line["instance"], line["format"], line["staff"], line["days"]) == (
        "Instance1",
        "curtois",
        8,
        14,
    )
    assert (line["status"], line["objective"], line["best_bound"]) == ("optimal", 607, 607)
    assert (line["rule_breaks"], line["validator_objective"]) == (0, 607)
    rows = read_rows(solution)
    rota = Rota(
        start=BENCHMARK_START,
        days=14,
        assignments=tuple(
            Assignment(
                staff_id=row["staff"],
                date=BENCHMARK_START.fromordinal(BENCHMARK_START.toordinal() + int(row["day"])),
                shift=row["shift"],
            )
            for row in rows
        ),
    )
    report = validate(read_curtois(instance), rota)
    assert report.rule_breaks == () and report.objective == 607


def test_rws_line_and_pattern(tmp_path: Path) -> None:
    """Example1: a verified rotation; the CSV's 9 pattern weeks meet the demand matrix exactly."""
    instance, solution = BENCHMARKS / "rws" / "Example1.txt", tmp_path / "sol.csv"
    code, line = bench("rws", str(instance), "--time-limit", "10", "--solution-out", str(solution))
    assert code == 0
    assert (line["format"], line["staff"], line["days"], line["rule_breaks"]) == ("rws", 9, 63, 0)
    assert line["status"] in {"optimal", "feasible"}
    rows = read_rows(solution)
    assert {int(row["staff"]) for row in rows} <= set(range(9))
    counts = Counter((row["shift"], int(row["day"])) for row in rows)
    matrix = {"D": [2] * 7, "A": [2, 2, 2, 3, 3, 3, 2], "N": [2] * 7}
    for shift, row in matrix.items():
        assert [counts[(shift, weekday)] for weekday in range(7)] == row


def test_an_unreadable_instance_exits_with_2(tmp_path: Path) -> None:
    """A malformed file gives no JSON line, a located message and exit code 2."""
    path = tmp_path / "Bad.txt"
    text = (BENCHMARKS / "curtois" / "Instance1.txt").read_text()
    path.write_text(text.replace("\n14\n", "\nfourteen\n", 1))
    result = runner.invoke(app, ["bench", "curtois", str(path), "--time-limit", "1"])
    assert result.exit_code == 2
    assert "Bad.txt, section SECTION_HORIZON, line 5" in result.output
