"""``shiftplan bench``: import a public benchmark instance, solve and check it, print one JSON line.

The rota is checked by the independent validator (``scheduler/validate.py``), not trusted from the
model: ``rule_breaks`` must be 0 and ``validator_objective`` must equal ``objective``. The solution
CSV (``staff,day,shift``) lets anyone check the result with their own tools.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.files import replaced_atomically
from api.import_curtois import BenchmarkFileError, read_curtois
from api.import_rws import read_rws
from models import Problem, Report, Rota
from scheduler.solve import solve
from scheduler.validate import validate


class BenchFormat(StrEnum):
    """The public benchmark formats we read."""

    CURTOIS = "curtois"
    """Curtois & Qu shift scheduling: InstanceN.txt."""
    RWS = "rws"
    """Rotating workforce scheduling (Musliu et al.): ExampleN.txt."""


READERS: dict[BenchFormat, Callable[[Path], Problem]] = {
    BenchFormat.CURTOIS: read_curtois,
    BenchFormat.RWS: read_rws,
}

SolutionRow = tuple[str | int, int, str]
"""(staff, day, shift): Curtois (staff id, day index, shift id); RWS (pattern week, weekday,
shift name)."""


@dataclass(frozen=True)
class BenchRun:
    """One benchmark run: the JSON line's fields, the problem, the rota and the checker's report
    (no rota and no report when the solver found none)."""

    fields: dict[str, object]
    problem: Problem
    rota: Rota | None
    report: Report | None

    @property
    def verified(self) -> bool:
        """A rota that keeps every rule, with the checker's objective equal to the model's."""
        return (
            self.report is not None
            and not self.report.rule_breaks
            and self.report.objective == self.fields["objective"]
        )

    @property
    def settled(self) -> bool:
        """A verified rota, or a proof that none exists: the run answered the question."""
        return self.verified or self.fields["status"] == "infeasible"


def run_bench(
    benchmark_format: BenchFormat,
    path: Path,
    *,
    time_limit_s: float,
    workers: int = 2,
    seed: int = 0,
) -> BenchRun:
    """Import, solve and independently check one instance."""
    started = time.perf_counter()
    problem = READERS[benchmark_format](path)
    import_s = time.perf_counter() - started
    result = solve(problem, time_limit_s=time_limit_s, workers=workers, seed=seed)
    report = None
    validate_s = None
    if result.rota is not None:
        checked = time.perf_counter()
        report = validate(problem, result.rota)
        validate_s = time.perf_counter() - checked
    fields: dict[str, object] = {
        "instance": path.stem,
        "format": benchmark_format.value,
        "status": result.status.value,
        "objective": result.objective,
        "best_bound": result.best_bound,
        "wall_s": round(result.wall_time_s, 3),
        "first_solution_s": _rounded(result.first_solution_s),
        "staff": len(problem.staff),
        "days": problem.days,
        "rule_breaks": None if report is None else len(report.rule_breaks),
        "validator_objective": None if report is None else report.objective,
        "import_s": round(import_s, 3),
        "validate_s": _rounded(validate_s),
    }
    return BenchRun(fields, problem, result.rota, report)


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def solution_rows(benchmark_format: BenchFormat, problem: Problem, rota: Rota) -> list[SolutionRow]:
    """The rota in the benchmark's own terms, one row per worked shift."""
    day_of = {problem.horizon.date_of(d): d for d in range(problem.days)}
    if benchmark_format is BenchFormat.RWS:
        # Every person follows the first one's pattern: week r of it is their days 7r..7r+6.
        first = problem.staff[0].id
        pattern = sorted(
            (day_of[item.date] // 7, problem.horizon.weekday(day_of[item.date]), item.shift)
            for item in rota.assignments
            if item.staff_id == first
        )
        return list(pattern)
    order = {person.id: index for index, person in enumerate(problem.staff)}
    rows = sorted(
        (order[item.staff_id], day_of[item.date], item.shift, item.staff_id)
        for item in rota.assignments
    )
    return [(staff_id, day, shift) for _, day, shift, staff_id in rows]


def write_solution_csv(rows: list[SolutionRow], path: Path) -> None:
    """Write ``staff,day,shift`` rows to a CSV file, replacing it in one step."""
    with replaced_atomically(path) as temporary, temporary.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["staff", "day", "shift"])
        writer.writerows(rows)


def bench_command(
    benchmark_format: Annotated[
        BenchFormat, typer.Argument(metavar="FORMAT", help="curtois or rws.")
    ],
    instance: Annotated[
        Path, typer.Argument(metavar="FILE", help="Instance file, e.g. Instance1.txt.")
    ],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds.")] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Solver threads.")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the solver.")] = 0,
    solution_out: Annotated[
        Path | None, typer.Option("--solution-out", help="Write the solution as CSV.")
    ] = None,
) -> None:
    """Solve a public benchmark instance and print one JSON line with the checked result.

    Exit code 0: a verified solution or a proof of infeasibility; 1: neither; 2: a bad file.
    """
    try:
        run = run_bench(
            benchmark_format, instance, time_limit_s=time_limit, workers=workers, seed=seed
        )
    except BenchmarkFileError as error:
        typer.echo(f"The instance cannot be read: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(run.fields))
    if run.report is not None:
        for found in run.report.rule_breaks[:20]:
            typer.echo(f"rule break {found.rule}: {found.message}", err=True)
    if solution_out is not None and run.rota is not None:
        write_solution_csv(solution_rows(benchmark_format, run.problem, run.rota), solution_out)
    if not run.settled:
        raise typer.Exit(1)
