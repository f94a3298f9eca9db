"""The benchmark runner's results file: rows appended run after run."""

from __future__ import annotations

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
