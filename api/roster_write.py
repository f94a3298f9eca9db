"""Writing a problem as a roster (an Excel workbook or a CSV folder) in the format read back.

Text that Excel would take for a formula (starting with = + - @) is always written as literal text.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from api.roster_columns import (
    COVERAGE,
    LEAVE,
    PINS,
    REQUESTS,
    RULE_SETTINGS,
    RULES,
    SHIFTS,
    STAFF,
    WEIGHT_SETTINGS,
    WEIGHTS,
    Sheet,
)
from models import Problem, Rules, ShiftRun, format_clock, format_weekdays

Value = str | int | float | dt.date | None
"""What a roster cell is written as."""

FORMULA_START = ("=", "+", "-", "@")
"""Leading characters that make Excel read typed text as a formula."""

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="305496")
_DATE_FORMAT = "yyyy-mm-dd"
_MIN_WIDTH, _MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class SheetData:
    """The rows of one roster sheet, in the order of the sheet's columns."""

    sheet: Sheet
    rows: list[list[Value]]

    @property
    def headers(self) -> list[str]:
        """The English headers."""
        return [column.key for column in self.sheet.columns]


def _number(value: float | None) -> int | float | None:
    """Whole numbers without ``.0`` (hours are floats in the model)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _joined(words: Iterable[str], separator: str = ", ") -> str | None:
    text = separator.join(sorted(words))
    return text or None


def _dates(dates: Iterable[dt.date]) -> str | None:
    return _joined((when.isoformat() for when in dates), ", ")


def _staff_rows(problem: Problem) -> list[list[Value]]:
    rows: list[list[Value]] = []
    for person in problem.staff:
        own = person.rules
        shift_types = (
            None if person.shift_types is None else (_joined(person.shift_types) or "none")
        )
        limits = _joined(f"{code}={count}" for code, count in own.max_shifts.items())
        rows.append(
            [
                person.id,
                person.name or None,
                person.team or None,
                _joined(person.skills),
                shift_types,
                _number(own.min_hours_per_week),
                _number(own.max_hours_per_week),
                _number(own.target_hours_per_week),
                own.max_consecutive_days,
                own.min_consecutive_days,
                own.min_days_off_per_week,
                own.min_days_off_run,
                own.max_weekends,
                _number(own.min_total_hours),
                _number(own.max_total_hours),
                limits,
            ]
        )
    return rows


def _shift_rows(problem: Problem) -> list[list[Value]]:
    runs: dict[str, ShiftRun] = {}
    for shift_run in problem.rules.shift_runs:
        runs.setdefault(shift_run.shift, shift_run)
    rows: list[list[Value]] = []
    for shift in problem.shift_types:
        run = runs.get(shift.code)
        rows.append(
            [
                shift.code,
                shift.name or None,
                format_clock(shift.start),
                format_clock(shift.end),
                _yes_no(shift.on_call),
                _number(shift.paid_hours),
                _yes_no(shift.late),
                None if run is None else run.min_days,
                None if run is None else run.max_days,
            ]
        )
    return rows


def _coverage_rows(problem: Problem) -> list[list[Value]]:
    rows: list[list[Value]] = []
    for window in problem.coverage_windows:
        rows.append(
            [
                None if window.dates is not None else format_weekdays(window.weekdays),
                None if window.dates is None else _dates(window.dates),
                format_clock(window.start),
                format_clock(window.end),
                None,
                window.min_staff,
                window.max_staff,
                window.skill,
                window.team,
                window.weight_under,
                window.weight_over,
                window.label or None,
                None,
            ]
        )
    for demand in problem.shift_demands:
        rows.append(
            [
                None if demand.dates is not None else format_weekdays(demand.weekdays),
                None if demand.dates is None else _dates(demand.dates),
                None,
                None,
                demand.shift,
                demand.min_staff,
                demand.max_staff,
                demand.skill,
                demand.team,
                demand.weight_under,
                demand.weight_over,
                None,
                "yes" if demand.hard else None,
            ]
        )
    return rows


def _leave_rows(problem: Problem) -> list[list[Value]]:
    return [
        [
            leave.staff_id,
            leave.start,
            leave.end,
            leave.kind.value,
            leave.status.value,
            leave.weight,
            leave.note or None,
        ]
        for leave in problem.leave
    ]


def _request_rows(problem: Problem) -> list[list[Value]]:
    return [
        [request.staff_id, request.date, request.shift, _yes_no(request.want), request.weight]
        for request in problem.requests
    ]


def _pin_rows(problem: Problem) -> list[list[Value]]:
    return [[pin.staff_id, pin.date, pin.shift] for pin in problem.pins]


def _rule_value(rules: Rules, key: str) -> Value:
    if key == "allowed_same_day":
        return _joined((f"{first}+{second}" for first, second in rules.allowed_same_day), "; ")
    if key == "forbidden_sequences":
        return "; ".join(" ".join(seq.pattern) for seq in rules.forbidden_sequences) or None
    if key == "weekend_days":
        return format_weekdays(rules.weekend_days) if rules.weekend_days else "none"
    if key in ("cyclic", "rotation"):
        return _yes_no(bool(getattr(rules, key)))
    value = getattr(rules, key)
    assert value is None or isinstance(value, int | float)
    return _number(value)


def _rules_rows(problem: Problem) -> list[list[Value]]:
    length = "weeks" if problem.days % 7 == 0 else "days"
    problem_values: dict[str, Value] = {
        "name": problem.name,
        "start": problem.start,
        length: problem.days // 7 if length == "weeks" else problem.days,
        "holidays": _dates(problem.holidays),
    }
    rows: list[list[Value]] = []
    for setting in RULE_SETTINGS:
        if setting.key in problem_values:
            rows.append([setting.key, problem_values[setting.key]])
        elif setting.key in Rules.model_fields:
            rows.append([setting.key, _rule_value(problem.rules, setting.key)])
    return rows


def _weights_rows(problem: Problem) -> list[list[Value]]:
    return [[setting.key, getattr(problem.weights, setting.key)] for setting in WEIGHT_SETTINGS]


def roster_sheets(problem: Problem) -> list[SheetData]:
    """Every sheet of the roster describing this problem, in the order they are written."""
    return [
        SheetData(STAFF, _staff_rows(problem)),
        SheetData(SHIFTS, _shift_rows(problem)),
        SheetData(COVERAGE, _coverage_rows(problem)),
        SheetData(LEAVE, _leave_rows(problem)),
        SheetData(REQUESTS, _request_rows(problem)),
        SheetData(PINS, _pin_rows(problem)),
        SheetData(RULES, _rules_rows(problem)),
        SheetData(WEIGHTS, _weights_rows(problem)),
    ]


# --- Excel ---------------------------------------------------------------------------------------


def put(cell: Cell | MergedCell, value: Value) -> None:
    """Write one value; formula-like text stays literal text, dates get a date format."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        if text.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = _DATE_FORMAT
    else:
        cell.value = value


def _display_width(value: Value) -> int:
    if value is None:
        return 0
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def style_sheet(sheet: Worksheet, columns: int) -> None:
    """Bold header on a coloured band, the header row frozen, columns as wide as their contents."""
    for cell in sheet[1][:columns]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.freeze_panes = "A2"
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            width = _display_width(
                value if isinstance(value, str | int | float | dt.date) else None
            )
            column = cell.column or 1
            widths[column] = max(widths.get(column, 0), width)
    for column, width in widths.items():
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)


def add_sheet(book: Workbook, title: str, headers: list[str], rows: list[list[Value]]) -> Worksheet:
    """A styled sheet with a header row and data rows."""
    sheet: Worksheet = book.create_sheet(title)
    for column, header in enumerate(headers, start=1):
        put(sheet.cell(row=1, column=column), header)
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            if value is not None:
                put(sheet.cell(row=number, column=column), value)
    style_sheet(sheet, len(headers))
    return sheet


def roster_workbook(sheets: list[SheetData]) -> Workbook:
    """A workbook holding these roster sheets."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for data in sheets:
        add_sheet(book, data.sheet.name, data.headers, data.rows)
    return book


def write_roster_workbook(problem: Problem, path: Path) -> None:
    """Write a problem as a roster workbook (``.xlsx``) that ``read_roster`` reads back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    roster_workbook(roster_sheets(problem)).save(path)


# --- CSV -----------------------------------------------------------------------------------------


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        # Excel runs formula-like text in a CSV; a leading quote keeps it text (read back without).
        return "'" + value if value.startswith(FORMULA_START) else value
    return str(_number(value))


def write_roster_csv_folder(problem: Problem, folder: Path) -> None:
    """Write a problem as a folder of CSV files (UTF-8 with BOM, so Excel shows Chinese right)."""
    folder.mkdir(parents=True, exist_ok=True)
    for data in roster_sheets(problem):
        with (folder / data.sheet.csv_name).open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(data.headers)
            writer.writerows([_csv_text(value) for value in row] for row in data.rows)
