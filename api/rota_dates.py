"""The dates a rota file covers, read before the roster's horizon is known."""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from api.rota_excel_read import ROTA_SHEET_NAMES

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_HEADER_ROWS = 30


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (match := _ISO_DATE.match(value)):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _span(values: Iterable[object]) -> tuple[dt.date, dt.date] | None:
    dates = [when for value in values if (when := _as_date(value)) is not None]
    return (min(dates), max(dates)) if dates else None


def rota_dates(path: Path) -> tuple[dt.date, dt.date] | None:
    """First and last date of a rota file: the ISO dates of a CSV, or the dated header cells of a
    workbook's rota sheet. None when the file has none or cannot be read (reading the rota itself
    then says what is wrong)."""
    try:
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return _span(cell for row in csv.reader(handle) for cell in row)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, UnicodeDecodeError, InvalidFileException, zipfile.BadZipFile, KeyError):
        return None
    try:
        sheets = list(workbook.worksheets)
        named = [s for s in sheets if s.title.strip().casefold() in ROTA_SHEET_NAMES]
        sheet = (named or sheets)[0]
        rows = sheet.iter_rows(max_row=_HEADER_ROWS, values_only=True)
        return _span(value for row in rows for value in row)
    finally:
        workbook.close()
