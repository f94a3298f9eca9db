"""The benchmark runner's results file: rows appended run after run."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest

from benchmarks import run


def test_rows_appended_to_a_day_s_file_keep_one_line_ending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run of the day appends below the first, every line ending in LF, header once."""
    monkeypatch.setattr(run, "RESULTS", tmp_path)
    day = dt.date(2026, 12, 1)
    run.append_results([["first", "run"]], day)
    path = run.append_results([["second", "run"]], day)
    data = path.read_bytes()
    assert b"\r" not in data
    assert data.decode().splitlines() == [",".join(run.CSV_COLUMNS), "first,run", "second,run"]


def _outcome(seed: int, objective: int, bound: int, breaks: int = 0) -> run.Outcome:
    """What one bench process of Instance1 reported with ``seed``."""
    instance = run.Instance("curtois", 1, Path("Instance1.txt"))
    fields: dict[str, object] = {
        "status": "feasible",
        "objective": objective,
        "validator_objective": objective,
        "best_bound": bound,
        "rule_breaks": breaks,
        "wall_s": 60.0 + seed,
        "first_solution_s": 1.0,
    }
    return run.Outcome(instance, fields, 0, 100.0 + seed, False, "", seed)


def test_a_row_over_seeds_shows_the_median_least_and_most() -> None:
    """Three seeds give the median, least and greatest objective, the median's gaps and the
    highest bound, and count the runs the checker passed."""
    outcomes = [_outcome(0, 30, 5), _outcome(1, 10, 8), _outcome(2, 20, 6, breaks=1)]
    row = dict(zip(run.SEEDS_HEADER, run.seeds_row(outcomes, best=10), strict=True))
    assert row["checked ok"] == "2/3"
    assert (row["median"], row["least"], row["most"]) == ("20", "10", "30")
    assert row["gap best %"] == "100.00"
    assert (row["bound"], row["gap bound %"]) == ("8", "60.00")
    assert (row["wall s"], row["max RSS MB"]) == ("61.00", "102")


def test_each_seed_s_row_in_the_results_file_names_its_seed() -> None:
    """A run over seeds writes each outcome's own seed into its row, not the --seed default."""
    args = argparse.Namespace(time_limit=60.0, workers=2, seed=0)
    row = run.csv_row(_outcome(2, 20, 6), 10, args, "2026-12-02T01:00:00")
    assert dict(zip(run.CSV_COLUMNS, row, strict=True))["seed"] == "2"
