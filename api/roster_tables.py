"""Loading the sheets of a roster: from a workbook, a folder of CSV files or a zip of them.

The result is one ``Table`` per sheet with its columns recognised (English or Chinese headers) and
its non-empty rows keyed by column, each row keeping the number the user sees in Excel.
Problems with the file itself, missing sheets and unknown or missing columns are collected, never
raised, so that they are reported together with the problems of the rows.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, cast

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from api.errors import InputProblem
from api.roster_cells import CellValue, is_empty, read_text
from api.roster_columns import (
    IGNORED_HEADERS,
    IGNORED_SHEETS,
    SHEETS,
    Sheet,
    lookup,
    name_index,
    normalise,
    sheet_index,
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK"
_FORMULA_START = ("=", "+", "-", "@")
_UTF8_NAMES = 0x800
"""Zip flag: member names are UTF-8 (otherwise Windows tools wrote them in the local code page)."""


@dataclass(frozen=True)
class FormulaCell:
    """A cell holding a formula whose result was never stored (the file was not saved by Excel)."""

    formula: str


@dataclass(frozen=True)
class ErrorCell:
    """A cell holding an Excel error such as ``#DIV/0!`` or ``#N/A``."""

    code: str


RawValue = CellValue | FormulaCell | ErrorCell


@dataclass
class RawSheet:
    """The cells of one sheet as read: ``rows[0]`` is spreadsheet row 1 (the header)."""

    file: str
    sheet: Sheet
    rows: list[list[RawValue | None]]


@dataclass
class Row:
    """One non-empty data row: its spreadsheet row number and its non-empty cells by column key."""

    number: int
    cells: dict[str, RawValue]


@dataclass
class Table:
    """A sheet with its columns recognised."""

    file: str
    sheet: Sheet
    headers: dict[str, str]
    """Column key → the header as written in the file."""
    rows: list[Row]
    missing: set[str] = field(default_factory=set)
    """Required columns the sheet lacks (their empty cells are not reported row by row)."""

    def header(self, key: str) -> str:
        """The header of a column as written in the file (its key when the column is absent)."""
        return self.headers.get(key, key)


@dataclass
class Source:
    """Every recognised sheet of a roster, and what was wrong with the file and its sheets."""

    file: str
    tables: dict[str, Table]
    """Sheet name (``Staff``, ``Shifts``, ...) → its table."""
    problems: list[InputProblem]


def _file_problem(file: str, error: str, expected: str) -> InputProblem:
    return InputProblem(file, None, None, None, None, expected, error)


def _header_text(value: RawValue) -> str:
    if isinstance(value, FormulaCell):
        return value.formula
    if isinstance(value, ErrorCell):
        return value.code
    return read_text(value)


def tabulate(raw: RawSheet) -> tuple[Table, list[InputProblem]]:
    """Recognise the columns of a sheet from its header row and key its non-empty rows."""
    sheet, file = raw.sheet, raw.file
    problems: list[InputProblem] = []
    if not any(not is_empty(v) for row in raw.rows for v in row):
        return Table(file, sheet, {}, []), problems

    index = name_index(sheet.columns)
    known = ", ".join(column.key for column in sheet.columns)
    headers: dict[str, str] = {}
    positions: dict[int, str] = {}
    named: set[int] = set()
    for position, value in enumerate(raw.rows[0]):
        if value is None or is_empty(value):
            continue
        named.add(position)
        text = _header_text(value)
        key = lookup(index, text)
        if key is None:
            if normalise(text) not in IGNORED_HEADERS:
                problems.append(
                    InputProblem(
                        file,
                        sheet.name,
                        1,
                        text,
                        text,
                        f"one of the columns {known} (or note, for your own remarks)",
                        "is not a known column",
                    )
                )
        elif key in headers:
            problems.append(
                InputProblem(
                    file,
                    sheet.name,
                    1,
                    text,
                    text,
                    "each column once",
                    f"names the same column as {headers[key]!r}",
                )
            )
        else:
            headers[key] = text
            positions[position] = key

    missing = {c.key for c in sheet.columns if c.required and c.key not in headers}
    for column in sheet.columns:
        if column.key in missing:
            problems.append(
                InputProblem(
                    file,
                    sheet.name,
                    1,
                    column.key,
                    None,
                    f"a column {column.key} (or {column.zh}) in the header row",
                    "the column is missing",
                )
            )

    rows: list[Row] = []
    headless: set[int] = set()
    for number, values in enumerate(raw.rows[1:], start=2):
        cells: dict[str, RawValue] = {}
        for position, value in enumerate(values):
            if value is None or is_empty(value):
                continue
            key = positions.get(position)
            if key is not None:
                cells[key] = value.strip() if isinstance(value, str) else value
            elif position not in named and position not in headless:
                headless.add(position)
                problems.append(
                    InputProblem(
                        file,
                        sheet.name,
                        number,
                        get_column_letter(position + 1),
                        value,
                        "a header in row 1 above every column that holds data",
                        "is in a column without a header",
                    )
                )
        if cells:
            rows.append(Row(number, cells))
    return Table(file, sheet, headers, rows, missing), problems


def _match_sheets(
    file: str, titles: Iterable[str], kind: str
) -> tuple[dict[str, str], list[InputProblem]]:
    """Sheet name → the title (or file name) holding it; duplicates are problems."""
    index = sheet_index()
    chosen: dict[str, str] = {}
    problems: list[InputProblem] = []
    for title in titles:
        stem = title.rsplit(".", 1)[0] if kind == "file" else title
        sheet = index.get(normalise(stem))
        if sheet is None:
            continue
        if sheet.name in chosen:
            problems.append(
                InputProblem(
                    file,
                    sheet.name,
                    None,
                    None,
                    title,
                    f"one {kind} for {sheet.name} (also found {chosen[sheet.name]!r})",
                    f"is a second {kind} for {sheet.name}",
                )
            )
            continue
        chosen[sheet.name] = title
    return chosen, problems


def _missing_sheets(
    file: str, chosen: dict[str, str], found: list[str], kind: str
) -> list[InputProblem]:
    problems: list[InputProblem] = []
    shown = ", ".join(repr(title) for title in found if normalise(title) not in IGNORED_SHEETS)
    for sheet in SHEETS:
        if sheet.required and sheet.name not in chosen:
            if kind == "file":
                name = f"{sheet.csv_name} (or {sheet.zh}.csv)"
            else:
                name = f"{sheet.name} (or {sheet.zh})"
            problems.append(
                InputProblem(
                    file,
                    sheet.name,
                    None,
                    None,
                    None,
                    f"a {kind} named {name}; found {shown or 'none'}",
                    f"the {kind} is missing",
                )
            )
    return problems


def _finish(file: str, raws: list[RawSheet], problems: list[InputProblem]) -> Source:
    tables: dict[str, Table] = {}
    for raw in raws:
        table, found = tabulate(raw)
        tables[raw.sheet.name] = table
        problems.extend(found)
    return Source(file, tables, problems)


# --- Excel workbooks -----------------------------------------------------------------------------


def _sheet_rows(sheet: ReadOnlyWorksheet) -> list[list[RawValue | None]]:
    rows: list[list[RawValue | None]] = []
    # The stubs type iter_rows for Worksheet only; the read-only sheet has the same method.
    for cells in cast(Any, sheet).iter_rows():
        values: list[RawValue | None] = []
        for cell in cells:
            value = cell.value
            if cell.data_type == "e":
                values.append(ErrorCell(str(value)))
            else:
                values.append(value)
        rows.append(values)
    while rows and all(value is None or is_empty(value) for value in rows[-1]):
        rows.pop()
    return rows


def _formula_cells(data: bytes, titles: Iterable[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Title → (row index, column index) → formula text, for every formula cell of those sheets."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        found: dict[str, dict[tuple[int, int], str]] = {}
        for title in titles:
            sheet = book[title]
            if not isinstance(sheet, ReadOnlyWorksheet):
                continue
            sheet.reset_dimensions()
            cells: dict[tuple[int, int], str] = {}
            for r, row in enumerate(sheet.iter_rows()):
                for c, cell in enumerate(row):
                    if cell.data_type == "f":
                        cells[(r, c)] = str(getattr(cell.value, "text", cell.value))
            found[title] = cells
        return found
    finally:
        book.close()


def _workbook_sheets(
    data: bytes, file: str
) -> tuple[list[RawSheet], dict[str, str], list[InputProblem]]:
    """The recognised sheets of a workbook, which title holds which, and problems with sheets."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        titles = [ws.title for ws in book.worksheets if isinstance(ws, ReadOnlyWorksheet)]
        chosen, problems = _match_sheets(file, titles, "sheet")
        problems.extend(_missing_sheets(file, chosen, titles, "sheet"))
        raws: list[RawSheet] = []
        for name, title in chosen.items():
            sheet = book[title]
            assert isinstance(sheet, ReadOnlyWorksheet)
            sheet.reset_dimensions()
            raws.append(RawSheet(file, _sheet_by_name(name), _sheet_rows(sheet)))
        return raws, chosen, problems
    finally:
        book.close()


def _sheet_by_name(name: str) -> Sheet:
    return next(sheet for sheet in SHEETS if sheet.name == name)


def _mark_formulas(raws: list[RawSheet], chosen: dict[str, str], data: bytes) -> None:
    """Replace formula cells without a stored result by ``FormulaCell`` so they get reported."""
    formulas = _formula_cells(data, chosen.values())
    for raw in raws:
        for (r, c), text in formulas.get(chosen[raw.sheet.name], {}).items():
            while len(raw.rows) <= r:
                raw.rows.append([])
            row = raw.rows[r]
            while len(row) <= c:
                row.append(None)
            if row[c] is None:
                row[c] = FormulaCell(text)


def load_workbook(data: bytes, file: str) -> Source:
    """The sheets of an ``.xlsx`` workbook; formulas are not evaluated, stored results are read."""
    if not data:
        return Source(file, {}, [_file_problem(file, "the file is empty", "an Excel workbook")])
    if data.startswith(_OLE_MAGIC):
        return Source(
            file,
            {},
            [
                _file_problem(
                    file,
                    "is an old-style .xls workbook or a password-protected file",
                    "an .xlsx workbook without a password (in Excel: Save As → .xlsx)",
                )
            ],
        )
    if not data.startswith(_ZIP_MAGIC):
        return Source(
            file, {}, [_file_problem(file, "is not an Excel workbook", "an .xlsx workbook")]
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raws, chosen, problems = _workbook_sheets(data, file)
            _mark_formulas(raws, chosen, data)
    except Exception as exc:  # openpyxl raises whatever its XML and zip layers raise
        return Source(
            file,
            {},
            [
                _file_problem(
                    file,
                    f"cannot be read as an Excel workbook ({type(exc).__name__}: {exc})",
                    "an .xlsx workbook saved by Excel, WPS or LibreOffice",
                )
            ],
        )
    return _finish(file, raws, problems)


# --- CSV files -----------------------------------------------------------------------------------


def _decode(data: bytes) -> str | None:
    """CSV text: UTF-8 (with or without BOM), else GB18030 as saved by Chinese Excel."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_value(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    # Our writers protect formula-like text with a leading quote, as Excel does.
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        return text[1:]
    return text


def _csv_rows(data: bytes, file: str) -> tuple[list[list[RawValue | None]], list[InputProblem]]:
    text = _decode(data)
    if text is None:
        return [], [_file_problem(file, "is not a text file", "a CSV file saved as UTF-8")]
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first), ",")
    try:
        rows: list[list[RawValue | None]] = [
            [_csv_value(cell) for cell in record]
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        return [], [_file_problem(file, f"is not a valid CSV file ({exc})", "a CSV file")]
    return rows, []


def _csv_source(file: str, members: dict[str, bytes]) -> Source:
    """A roster from CSV files given as file name → content."""
    names = sorted(members)
    chosen, problems = _match_sheets(file, names, "file")
    problems.extend(_missing_sheets(file, chosen, names, "file"))
    raws: list[RawSheet] = []
    for name, member in chosen.items():
        member_file = f"{file}/{PurePosixPath(member).name}"
        rows, found = _csv_rows(members[member], member_file)
        problems.extend(found)
        raws.append(RawSheet(member_file, _sheet_by_name(name), rows))
    return _finish(file, raws, problems)


def load_csv_folder(folder: Path) -> Source:
    """The sheets of a folder of CSV files named after them (``staff.csv``, ``员工.csv``, ...)."""
    file = folder.name or str(folder)
    try:
        members = {
            path.name: path.read_bytes()
            for path in sorted(folder.iterdir())
            if path.is_file() and path.suffix.lower() == ".csv"
        }
    except OSError as exc:
        return Source(
            file, {}, [_file_problem(file, f"cannot be read ({exc.strerror})", "a folder")]
        )
    return _csv_source(file, members)


def _member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & _UTF8_NAMES:
        return info.filename
    try:
        # Windows zip tools store Chinese names in GBK; zipfile decoded them as cp437.
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def load_csv_zip(data: bytes, file: str) -> Source:
    """The sheets of a zip of CSV files (at any depth inside the zip)."""
    if not data:
        return Source(file, {}, [_file_problem(file, "the file is empty", "a zip of CSV files")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members: dict[str, bytes] = {}
            for info in archive.infolist():
                name = _member_name(info)
                path = PurePosixPath(name)
                if info.is_dir() or path.suffix.lower() != ".csv":
                    continue
                if "__MACOSX" in path.parts or path.name.startswith("._"):
                    continue
                members[path.name] = archive.read(info)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        return Source(
            file,
            {},
            [_file_problem(file, f"is not a readable zip file ({exc})", "a zip of CSV files")],
        )
    return _csv_source(file, members)
