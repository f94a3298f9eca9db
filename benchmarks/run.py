"""Runs the public benchmarks and prints objective, bound and gaps against the best known values.

Run with ``make bench`` (not part of ``make test``), or for a subset:

    .venv/bin/python -m benchmarks.run [--set curtois|rws|all] [--instances 1-12]
        [--time-limit 60] [--workers 2] [--seed 0 | --seeds 0-2]

Each instance runs in its own process (``python -m api.cli bench ...``), so that its peak memory is
measured on its own and a crash or a hang stops only that instance. The rows are appended to
``benchmarks/results/<YYYY-MM-DD>.csv``. ``benchmarks/README.md`` explains the columns.

With ``--seeds``, every instance runs once per seed (one row each in the results file) and the
table shows the median, least and greatest objective: on the large Curtois instances two runs
with the same code differ by up to 15 %, more than most changes worth measuring.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from api.files import replaced_atomically
from api.summary import format_table

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = (REPO / ".." / "shared" / "benchmarks").resolve()
RESULTS = REPO / "benchmarks" / "results"
FILE_NAMES = {
    "curtois": re.compile(r"^Instance(\d+)\.txt$"),
    "rws": re.compile(r"^Example(\d+)\.txt$"),
}

CSV_COLUMNS = (
    "run_at",
    "format",
    "instance",
    "status",
    "exit_code",
    "rule_breaks",
    "objective",
    "validator_objective",
    "best_known",
    "gap_to_best_known_pct",
    "best_bound",
    "gap_to_bound_pct",
    "wall_s",
    "first_solution_s",
    "max_rss_mb",
    "staff",
    "days",
    "time_limit_s",
    "workers",
    "seed",
)


@dataclass(frozen=True)
class Instance:
    """One benchmark file: its format, its number and where it lies."""

    format: str
    number: int
    path: Path

    @property
    def name(self) -> str:
        """The file name without extension, e.g. ``Instance1``."""
        return self.path.stem


@dataclass(frozen=True)
class Outcome:
    """What one ``bench`` process reported (``fields``, empty if it printed no JSON line)."""

    instance: Instance
    fields: dict[str, object]
    exit_code: int
    max_rss_mb: float
    timed_out: bool
    error: str
    seed: int

    @property
    def status(self) -> str:
        """The solver's status, or what happened to the process."""
        if self.timed_out:
            return "timeout"
        if not self.fields:
            return f"crash ({self.exit_code})"
        return str(self.fields["status"])

    @property
    def checked(self) -> str:
        """``ok`` when the checker found no rule break and the same objective."""
        breaks = self.fields.get("rule_breaks")
        if breaks is None:
            return "-"
        if breaks:
            return f"{breaks} breaks"
        if self.fields.get("validator_objective") != self.fields.get("objective"):
            return f"obj {self.fields.get('validator_objective')}"
        return "ok"


def parse_numbers(text: str) -> set[int]:
    """Instance numbers from ``1-12``, ``3`` or ``1,4,7-9``."""
    numbers: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        try:
            first = int(low)
            last = int(high) if high else first
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r}: expected instance numbers such as 1-12, 3 or 1,4,7-9"
            ) from None
        numbers.update(range(first, last + 1))
    return numbers


def find_instances(benchmark_format: str, numbers: set[int] | None) -> list[Instance]:
    """The instance files of a set in numeric order, limited to ``numbers`` when given."""
    folder = BENCHMARKS / benchmark_format
    pattern = FILE_NAMES[benchmark_format]
    found = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match and (numbers is None or int(match.group(1)) in numbers):
            found.append(Instance(benchmark_format, int(match.group(1)), path))
    return sorted(found, key=lambda instance: instance.number)


def best_known(benchmark_format: str) -> dict[int, int]:
    """Best known objective per instance number (only Curtois publishes them here)."""
    path = BENCHMARKS / benchmark_format / "best_known.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            int(row["instance"]): int(row["best_known"])
            for row in csv.DictReader(handle)
            if row["best_known"].strip()
        }


def _wait(process: subprocess.Popen[bytes], timeout_s: float) -> tuple[int, float, bool]:
    """Wait for the process; return its exit code, its own peak RSS in MB, and whether it was
    killed for running past ``timeout_s``.

    ``os.wait4`` gives the resource usage of this one child, where ``RUSAGE_CHILDREN`` would give
    the largest of all children so far.
    """
    deadline = time.monotonic() + timeout_s
    timed_out = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline and not timed_out:
            process.kill()
            timed_out = True
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024, timed_out  # Linux: ru_maxrss in KiB


def _text(handle: IO[bytes]) -> str:
    handle.seek(0)
    return handle.read().decode("utf-8", errors="replace")


def run_instance(instance: Instance, args: argparse.Namespace, seed: int) -> Outcome:
    """Run ``bench`` on one instance in a child process and collect its JSON line."""
    command = [
        sys.executable, "-m", "api.cli", "bench", instance.format, str(instance.path),
        "--time-limit", str(args.time_limit), "--workers", str(args.workers),
        "--seed", str(seed),
    ]  # fmt: skip
    timeout_s = args.timeout if args.timeout is not None else 3 * args.time_limit + 600
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=err)
        exit_code, rss_mb, timed_out = _wait(process, timeout_s)
        printed, complaints = _text(out), _text(err)
    fields: dict[str, object] = {}
    for line in printed.splitlines():
        if line.startswith("{"):
            fields = json.loads(line)
    return Outcome(instance, fields, exit_code, rss_mb, timed_out, complaints.strip(), seed)


def gap_to_best_known(objective: object, best: int | None) -> float | None:
    """(objective − best known) / best known, in %: how much worse than the literature."""
    if not isinstance(objective, int) or best is None:
        return None
    if best == 0:
        return 0.0 if objective == 0 else None
    return 100 * (objective - best) / best


def gap_to_bound(objective: object, bound: object) -> float | None:
    """(objective − bound) / objective, in % (the solver's own gap; 0 means proven optimal)."""
    if not isinstance(objective, int) or not isinstance(bound, int):
        return None
    return 0.0 if objective == 0 else 100 * (objective - bound) / objective


def _show(value: object, digits: int = 2) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def csv_row(outcome: Outcome, best: int | None, args: argparse.Namespace, run_at: str) -> list[str]:
    """One row of the results file, in the order of ``CSV_COLUMNS``."""
    fields = outcome.fields
    objective, bound = fields.get("objective"), fields.get("best_bound")
    values: dict[str, object] = {
        "run_at": run_at,
        "format": outcome.instance.format,
        "instance": outcome.instance.name,
        "status": outcome.status,
        "exit_code": outcome.exit_code,
        "rule_breaks": fields.get("rule_breaks"),
        "objective": objective,
        "validator_objective": fields.get("validator_objective"),
        "best_known": best,
        "gap_to_best_known_pct": gap_to_best_known(objective, best),
        "best_bound": bound,
        "gap_to_bound_pct": gap_to_bound(objective, bound),
        "wall_s": fields.get("wall_s"),
        "first_solution_s": fields.get("first_solution_s"),
        "max_rss_mb": round(outcome.max_rss_mb, 1),
        "staff": fields.get("staff"),
        "days": fields.get("days"),
        "time_limit_s": args.time_limit,
        "workers": args.workers,
        "seed": outcome.seed,
    }
    return [_show(values[column], digits=3) for column in CSV_COLUMNS]


def table_row(outcome: Outcome, best: int | None) -> list[str]:
    """One line of the printed table."""
    fields = outcome.fields
    objective, bound = fields.get("objective"), fields.get("best_bound")
    return [
        outcome.instance.name,
        outcome.status,
        outcome.checked,
        _show(objective),
        _show(best),
        _show(gap_to_best_known(objective, best)),
        _show(bound),
        _show(gap_to_bound(objective, bound)),
        _show(fields.get("wall_s")),
        _show(fields.get("first_solution_s")),
        f"{outcome.max_rss_mb:.0f}",
    ]


def _numbers(outcomes: list[Outcome], field: str) -> list[float]:
    """The values of ``field`` in the outcomes that reported it as a number."""
    values = (outcome.fields.get(field) for outcome in outcomes)
    return [value for value in values if isinstance(value, int | float)]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def seeds_row(outcomes: list[Outcome], best: int | None) -> list[str]:
    """One line of the table for an instance run with several seeds: how many runs checked out,
    the median, least and greatest objective, the median's gap to the best known value, the
    highest bound, the median times and the largest peak memory."""
    objectives = [round(value) for value in _numbers(outcomes, "objective")]
    bounds = [round(value) for value in _numbers(outcomes, "best_bound")]
    median = round(statistics.median(objectives)) if objectives else None
    bound = max(bounds, default=None)
    return [
        outcomes[0].instance.name,
        f"{sum(outcome.checked == 'ok' for outcome in outcomes)}/{len(outcomes)}",
        _show(median),
        _show(min(objectives, default=None)),
        _show(max(objectives, default=None)),
        _show(best),
        _show(gap_to_best_known(median, best)),
        _show(bound),
        _show(gap_to_bound(median, bound)),
        _show(_median(_numbers(outcomes, "wall_s"))),
        _show(_median(_numbers(outcomes, "first_solution_s"))),
        f"{max(outcome.max_rss_mb for outcome in outcomes):.0f}",
    ]


SEEDS_HEADER = [
    "instance", "checked ok", "median", "least", "most", "best known", "gap best %", "bound",
    "gap bound %", "wall s", "first s", "max RSS MB",
]  # fmt: skip
"""The table's columns with several seeds: objectives over the seeds, the gaps of the median."""

TABLE_HEADER = [
    "instance", "status", "checked", "objective", "best known", "gap best %", "bound",
    "gap bound %", "wall s", "first s", "max RSS MB",
]  # fmt: skip


def append_results(rows: list[list[str]], today: dt.date) -> Path:
    """Append rows to ``benchmarks/results/<date>.csv`` (with a header if the file is new)."""
    path = RESULTS / f"{today.isoformat()}.csv"
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    with (
        replaced_atomically(path) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as handle,
    ):
        # One line ending throughout: read_text has already turned earlier rows' CRLF into LF.
        writer = csv.writer(handle, lineterminator="\n")
        if existing:
            handle.write(existing)
        else:
            writer.writerow(CSV_COLUMNS)
        writer.writerows(rows)
        temporary.chmod(0o644)  # mkstemp's 0600 would make the committed file private
    return path


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("curtois", "rws", "all"), default="all")
    parser.add_argument("--instances", type=parse_numbers, default=None, help="e.g. 1-12 or 1,5")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    seeds = parser.add_mutually_exclusive_group()
    seeds.add_argument("--seed", type=int, default=0)
    seeds.add_argument("--seeds", type=parse_numbers, default=None, help="several, e.g. 0-2")
    parser.add_argument("--timeout", type=float, default=None, help="kill a run after this")
    return parser.parse_args()


def main() -> None:
    """Run the chosen instances one after the other, print the table and save the results."""
    args = _arguments()
    if not BENCHMARKS.is_dir():
        sys.exit(f"No benchmarks at {BENCHMARKS}: they are read from ../shared/benchmarks.")
    formats = ("curtois", "rws") if args.set == "all" else (args.set,)
    run_at = dt.datetime.now().isoformat(timespec="seconds")
    seeds = sorted(args.seeds) if args.seeds else [args.seed]
    table, rows = [], []
    named = ", ".join(map(str, seeds))
    print(
        f"time limit {args.time_limit:g} s, {args.workers} workers, "
        f"seed{'s' if len(seeds) > 1 else ''} {named}",
        flush=True,
    )
    for benchmark_format in formats:
        best = best_known(benchmark_format)
        for instance in find_instances(benchmark_format, args.instances):
            known = best.get(instance.number)
            outcomes = []
            for seed in seeds:
                outcome = run_instance(instance, args, seed)
                if not outcome.fields and outcome.error:
                    print(f"{instance.name}: {outcome.error.splitlines()[-1]}", file=sys.stderr)
                rows.append(csv_row(outcome, known, args, run_at))
                print(
                    f"  {instance.name} seed {seed}: {outcome.status}", file=sys.stderr, flush=True
                )
                outcomes.append(outcome)
            if len(seeds) == 1:
                table.append(table_row(outcomes[0], known))
            else:
                table.append(seeds_row(outcomes, known))
    print(format_table(TABLE_HEADER if len(seeds) == 1 else SEEDS_HEADER, table))
    if rows:
        print(f"\nAppended {len(rows)} rows to {append_results(rows, dt.date.today())}")


if __name__ == "__main__":
    main()
