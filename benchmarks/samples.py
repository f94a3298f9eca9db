"""Solves the sample rosters, and the 24h seed team grown to 200 agents, and prints wall time,
objective, bound and gap for each.

Run with ``make bench-samples`` (not part of ``make test``):

    .venv/bin/python -m benchmarks.samples [--time-limit 60] [--workers 2] [--seed 0]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from api.roster_io import read_roster
from api.summary import format_table, staff_table
from models import Problem
from samples.build import large_call_centre
from scheduler.solve import solve

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ROSTERS = ("call_centre_seed.xlsx", "call_centre_seed_24h.xlsx", "service_desk_regions.xlsx")
LARGE_AGENTS = 200


def main() -> None:
    """Solve every sample and print one line each, then each sample's per-agent table (not the
    large team's)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    cases: list[tuple[str, Problem]] = [(name, read_roster(SAMPLES / name)) for name in ROSTERS]
    cases.append((f"24h seed team of {LARGE_AGENTS} agents", large_call_centre(LARGE_AGENTS)))
    rows, tables = [], []
    for name, problem in cases:
        result = solve(problem, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
        gap = "" if result.gap is None else f"{result.gap:.4%}"
        first = "" if result.first_solution_s is None else f"{result.first_solution_s:.2f}"
        rows.append(
            [
                name,
                result.status.value,
                str(result.parts),
                f"{result.wall_time_s:.2f}",
                first,
                str(result.objective),
                str(result.best_bound),
                gap,
            ]
        )
        if result.report is not None and name in ROSTERS:
            tables.append(f"{name}\n{staff_table(problem, result.report)}")
    header = ["sample", "status", "parts", "wall s", "first s", "objective", "bound", "gap"]
    print(f"time limit {args.time_limit:g} s, {args.workers} workers, seed {args.seed}")
    print(format_table(header, rows))
    for table in tables:
        print(f"\n{table}")


if __name__ == "__main__":
    main()
