"""Checking a rota against its roster without solving: shared by ``shiftplan check`` and the web."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from api.rota_dates import rota_dates
from models import Problem, Report, Rota
from scheduler.analysis import explain_shortfalls, find_structural_gaps
from scheduler.validate import validate


def rota_horizon(path: Path) -> tuple[dt.date, int] | None:
    """The first date and the number of days a rota file covers (None when it shows no dates)."""
    span = rota_dates(path)
    if span is None:
        return None
    first, last = span
    return first, (last - first).days + 1


def check_rota(problem: Problem, rota: Rota) -> Report:
    """Every hard rule, coverage with its shortfalls explained, hours, the objective, and gaps."""
    report = explain_shortfalls(problem, rota, validate(problem, rota))
    return report.model_copy(update={"structural_gaps": find_structural_gaps(problem)})
