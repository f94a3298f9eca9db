"""The rota as CSV (``staff_id,date,shift``, one row per assignment), and reading any rota file."""

from __future__ import annotations

import csv
from pathlib import Path

from api.rota_errors import RotaFileError, RotaIssue, RotaReading
from api.rota_excel_read import read_rota_workbook
from models import Problem, Rota

CSV_COLUMNS = ("staff_id", "date", "shift")
_ALIASES: dict[str, tuple[str, ...]] = {
    "staff_id": ("staff_id", "staff id", "id", "工号"),
    "date": ("date", "日期"),
    "shift": ("shift", "班次"),
}


def write_rota_csv(rota: Rota, path: Path) -> None:
    """Write one row per assignment, in the rota's order, with ISO dates, as UTF-8."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for assignment in rota.assignments:
            writer.writerow((assignment.staff_id, assignment.date.isoformat(), assignment.shift))


def read_rota_csv(path: Path, problem: Problem) -> Rota:
    """Read a rota CSV back, checking every row against the problem.

    Unknown staff ids or shift codes and dates outside the horizon raise one ``RotaFileError``
    listing them all; rows are numbered as in the file (the header is row 1). A shift cell may
    hold ``A+C`` (two assignments) or a day-off word (no assignment).
    """
    reading = RotaReading(problem, path.name)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError as error:
        reading.issue(None, None, error.object[error.start : error.end], "a UTF-8 text file")
        return reading.rota()
    if not rows:
        reading.issue(1, None, "", "a header row " + ",".join(CSV_COLUMNS))
        return reading.rota()
    positions = _header_positions(rows[0], reading)
    if positions is None:
        return reading.rota()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: row[index] if index < len(row) else "" for name, index in positions.items()}
        staff_id = reading.staff_id(cells["staff_id"], number, "staff_id")
        when = reading.date(cells["date"], number, "date")
        codes = reading.shifts(cells["shift"], number, "shift")
        if staff_id is not None and when is not None and codes is not None:
            reading.add(staff_id, when, codes)
    return reading.rota()


def _header_positions(header: list[str], reading: RotaReading) -> dict[str, int] | None:
    """Where each column is, or None (with an issue per missing column)."""
    folded = [cell.strip().casefold() for cell in header]
    positions: dict[str, int] = {}
    for name, aliases in _ALIASES.items():
        found = [index for index, cell in enumerate(folded) if cell in aliases]
        if found:
            positions[name] = found[0]
        else:
            reading.issue(1, name, ",".join(header), f"a header with a {name} column")
    return positions if len(positions) == len(_ALIASES) else None


def read_rota(path: Path, problem: Problem) -> Rota:
    """Read a rota from ``.xlsx`` (the Rota sheet, or a hand-drawn one) or ``.csv``."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_rota_workbook(path, problem)
    if suffix == ".csv":
        return read_rota_csv(path, problem)
    raise RotaFileError(
        [RotaIssue(path.name, None, None, None, path.suffix, "a .xlsx workbook or a .csv file")]
    )
