"""Reads a rota back from a workbook: one ``write_rota_workbook`` wrote, or a hand-drawn sheet
with an id column and one column per date."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from api.labels import all_languages
from api.rota_errors import OFF_WORDS, RotaFileError, RotaIssue, RotaReading, cell_text, to_date
from models import Problem, Rota, parse_weekdays

ROTA_SHEET_NAMES: frozenset[str] = frozenset(w.casefold() for w in all_languages("sheet.rota"))
ID_HEADERS: frozenset[str] = frozenset(
    {"id", "staff_id", "staff id", "工号", "员工工号", "员工编号", "编号"}
    | {word.casefold() for word in all_languages("col.id")}
)
"""Header texts that mark the column of staff ids (and so the header row) of a rota sheet."""
TOTAL_WORDS: frozenset[str] = frozenset(
    {"total", "totals", "sum", "合计", "总计", "小计"}
    | {word.casefold() for word in all_languages("word.total")}
)
_HEADER_SEARCH_ROWS = 30
_ROWS_ABOVE_HEADER = 3


def read_rota_workbook(path: Path, problem: Problem) -> Rota:
    """Read the rota from the sheet named Rota or 班表 (else the first sheet).

    The header row is the first with an id column (``ID``, ``工号``, ``staff_id``); date columns
    hold Excel dates, ISO dates, or ``12-07 Mon`` (the year taken from the horizon); other columns
    (names, totals) are ignored. Cells hold shift codes (``A``, ``A+C``) or a day off (empty,
    ``-``, ``休``, ``off``, a leave label). Every unknown staff id or shift code, and every date
    outside the horizon, is listed in one ``RotaFileError``.
    """
    try:
        workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        issue = RotaIssue(
            path.name, None, None, None, path.name, f"an Excel .xlsx workbook ({error})"
        )
        raise RotaFileError([issue]) from error
    sheets = [s for s in workbook.worksheets if isinstance(s, Worksheet)]
    named = [s for s in sheets if s.title.strip().casefold() in ROTA_SHEET_NAMES]
    sheet = (named or sheets)[0]
    rows: list[list[object]] = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    reading = RotaReading(problem, path.name, sheet.title)
    _read_rota_rows(rows, reading)
    return reading.rota()


def _find_header(rows: list[list[object]]) -> tuple[int, int] | None:
    """(row index, column index) of the first id header cell."""
    for row_index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        for column_index, value in enumerate(row):
            if isinstance(value, str) and value.strip().casefold() in ID_HEADERS:
                return row_index, column_index
    return None


def _column_name(column_index: int, header: object) -> str:
    """``F (12-07 Mon)``: the column letter and its header, as a person sees them."""
    text = cell_text(header.date() if isinstance(header, dt.datetime) else header)
    return get_column_letter(column_index + 1) + (f" ({text})" if text else "")


def _date_columns(
    rows: list[list[object]], header_index: int, reading: RotaReading
) -> dict[int, tuple[dt.date, str]]:
    """Column index → (date, column name) for each date column of the horizon.

    Dates outside the horizon, repeated dates and texts that look like dates but are not
    (``12-32``) are issues; any other header (name, team, totals) just is not a date column.
    """
    width = max((len(row) for row in rows), default=0)
    columns: dict[int, tuple[dt.date, str]] = {}
    seen: dict[dt.date, str] = {}
    for column_index in range(width):
        row_index, value = _date_cell(rows, header_index, column_index)
        name = _column_name(column_index, value)
        try:
            when = to_date(value, reading.problem)
        except ValueError as error:
            reading.issue(row_index + 1, name, value, f"{reading.date_hint} ({error})")
            continue
        if when is None:
            continue
        if reading.problem.horizon.day_of(when) is None:
            reading.issue(row_index + 1, name, value, reading.date_hint)
        elif when in seen:
            reading.issue(row_index + 1, name, value, f"each date once (also {seen[when]})")
        else:
            seen[when] = name
            columns[column_index] = (when, name)
    return columns


def _date_cell(
    rows: list[list[object]], header_index: int, column_index: int
) -> tuple[int, object]:
    """(row index, value) of the cell that dates a column: the header cell, or, where that is
    empty or a weekday (a two-row header, dates above weekdays), the nearest filled cell above."""

    def value_at(row_index: int) -> object:
        row = rows[row_index]
        return row[column_index] if column_index < len(row) else None

    header = value_at(header_index)
    if header is not None and not _is_weekday(header):
        return header_index, header
    for row_index in range(header_index - 1, max(-1, header_index - 1 - _ROWS_ABOVE_HEADER), -1):
        above = value_at(row_index)
        if above is not None:
            return row_index, above
    return header_index, header


def _is_weekday(value: object) -> bool:
    """Whether a header cell names one weekday (``Mon``, ``周一``)."""
    if not isinstance(value, str):
        return False
    try:
        return len(parse_weekdays(value)) == 1
    except ValueError:
        return False


def _read_rota_rows(rows: list[list[object]], reading: RotaReading) -> None:
    """Find the header, the id and date columns, then read each person's row."""
    found = _find_header(rows)
    if found is None:
        expected = (
            "a header row with an id column (ID, 工号 or staff_id) "
            f"in the first {_HEADER_SEARCH_ROWS} rows"
        )
        reading.issue(None, None, "", expected)
        return
    header_index, id_column = found
    dates = _date_columns(rows, header_index, reading)
    if not dates and not reading.issues:
        header = rows[header_index]
        reading.issue(
            header_index + 1,
            None,
            [cell_text(v) for v in header if v is not None],
            "date columns such as 2026-12-07, 12-07 Mon or Excel dates",
        )
    staff_rows: dict[str, int] = {}
    for row_index in range(header_index + 1, len(rows)):
        row = rows[row_index]
        id_value = row[id_column] if id_column < len(row) else None
        id_text = cell_text(id_value).casefold()
        if not id_text or id_text in ID_HEADERS or id_text in TOTAL_WORDS:
            continue
        cells = {i: row[i] if i < len(row) else None for i in dates}
        if cell_text(id_value) not in reading.problem.staff_by_id and not any(
            cell_text(v).casefold() not in OFF_WORDS for v in cells.values()
        ):
            continue  # a team title or a note: nobody's shifts to lose
        _read_person(row_index + 1, id_value, cells, dates, staff_rows, reading, id_column)


def _read_person(
    number: int,
    id_value: object,
    cells: dict[int, object],
    dates: dict[int, tuple[dt.date, str]],
    staff_rows: dict[str, int],
    reading: RotaReading,
    id_column: int,
) -> None:
    """One person's row: a known staff id, once, and a shift cell per date column."""
    id_name = get_column_letter(id_column + 1)
    staff_id = reading.staff_id(id_value, number, id_name)
    if staff_id is not None and staff_id in staff_rows:
        reading.issue(
            number, id_name, id_value, f"each staff id on one row (also row {staff_rows[staff_id]})"
        )
        staff_id = None
    if staff_id is not None:
        staff_rows[staff_id] = number
    for column_index, value in cells.items():
        when, name = dates[column_index]
        codes = reading.shifts(value, number, name)
        if staff_id is not None and codes:
            reading.add(staff_id, when, codes)
