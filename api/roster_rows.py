"""Reading the rows of the item sheets (Shifts, Staff, Coverage, Leave, Requests, Pins).

Each row becomes one domain item. A cell that cannot be read, or an item the model rejects, is
recorded with its sheet, row and column; the row then yields no item but the reading goes on, so
that every row of every sheet is checked in one pass. The items remember the row they came from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from api.errors import InputProblem
from api.roster_cells import (
    CLOCK_FORMAT,
    DATE_FORMAT,
    CellError,
    CellValue,
    read_bool,
    read_clock,
    read_codes,
    read_date,
    read_dates,
    read_int,
    read_leave_kind,
    read_leave_status,
    read_limits,
    read_number,
    read_pin_shift,
    read_text,
    read_want,
    read_weekdays,
    read_words,
)
from api.roster_tables import ErrorCell, FormulaCell, Row, Table
from models import (
    CoverageWindow,
    Leave,
    Pin,
    ShiftDemand,
    ShiftRequest,
    ShiftRun,
    ShiftType,
    Staff,
)

_T = TypeVar("_T")
_M = TypeVar("_M", bound=BaseModel)

Reader = Callable[[CellValue], object]

STAFF_RULE_COLUMNS = {
    "min_hours_per_week": "min_hours_week",
    "max_hours_per_week": "max_hours_week",
    "target_hours_per_week": "target_hours_week",
    "max_consecutive_days": "max_consecutive_days",
    "min_consecutive_days": "min_consecutive_days",
    "min_days_off_per_week": "min_days_off_week",
    "min_days_off_run": "min_days_off_run",
    "max_weekends": "max_weekends",
    "min_total_hours": "min_total_hours",
    "max_total_hours": "max_total_hours",
    "max_shifts": "max_shifts",
}
"""``StaffRules`` field → Staff sheet column."""

_STAFF_RULE_READERS: dict[str, Reader] = {
    "min_hours_week": read_number,
    "max_hours_week": read_number,
    "target_hours_week": read_number,
    "max_consecutive_days": read_int,
    "min_consecutive_days": read_int,
    "min_days_off_week": read_int,
    "min_days_off_run": read_int,
    "max_weekends": read_int,
    "min_total_hours": read_number,
    "max_total_hours": read_number,
    "max_shifts": read_limits,
}

_COVERAGE_COLUMNS = {
    "weekdays": "days",
    "dates": "dates",
    "start": "start",
    "end": "end",
    "shift": "shift",
    "min_staff": "min",
    "max_staff": "max",
    "skill": "skill",
    "team": "team",
    "weight_under": "weight_under",
    "weight_over": "weight_over",
    "label": "label",
    "hard": "hard",
}

_BOUNDS = frozenset({"greater_than_equal", "greater_than", "less_than_equal", "less_than"})
_STAFF_ID = "a staff id from the Staff sheet"


def message(err: ErrorDetails) -> str:
    """A pydantic error message without pydantic's ``Value error,`` prefix."""
    return str(err["msg"]).removeprefix("Value error, ")


def describe(err: ErrorDetails) -> tuple[str, str]:
    """What is wrong and what was expected, for a pydantic error on one field."""
    kind = err["type"]
    if kind in _BOUNDS:
        return "is out of range", "a number " + message(err).removeprefix("Input should be ")
    if kind == "string_too_long":
        return "is too long", message(err).removeprefix("String should have ")
    if kind == "missing":
        return "the cell is empty", "a value"
    return f"is not accepted ({message(err)})", "a valid value"


class RowCells:
    """Reading the cells of one row; every problem is recorded with the row and column."""

    def __init__(self, problems: list[InputProblem], table: Table, row: Row) -> None:
        self.problems = problems
        self.table = table
        self.row = row
        self.bad: set[str] = set()
        """Columns of this row found wrong (the row yields no item)."""

    def flag(self, key: str, value: object, error: str, expected: str) -> None:
        """Record a problem with one cell of this row."""
        self.bad.add(key)
        self.problems.append(
            InputProblem(
                self.table.file,
                self.table.sheet.name,
                self.row.number,
                self.table.header(key),
                value,
                expected,
                error,
            )
        )

    def get(self, key: str, read: Callable[[CellValue], _T], what: str = "") -> _T | None:
        """The cell read as a typed value; None when empty or wrong (then it is recorded)."""
        value = self.row.cells.get(key)
        if value is None:
            return None
        if isinstance(value, FormulaCell):
            self.flag(
                key,
                value.formula,
                "is a formula without a stored result",
                "a plain value (type the value itself: formulas are not calculated)",
            )
            return None
        if isinstance(value, ErrorCell):
            self.flag(key, value.code, "is an Excel error", "a plain value")
            return None
        try:
            return read(value)
        except CellError as exc:
            prefix = f"for {what}: " if what else ""
            self.flag(key, value, exc.error, prefix + exc.expected)
            return None

    def need(self, key: str, read: Callable[[CellValue], _T], expected: str) -> _T | None:
        """A cell that must be filled."""
        if key not in self.row.cells:
            if key in self.table.missing:
                self.bad.add(key)  # already reported once for the whole column
            else:
                self.flag(key, None, "the cell is empty", expected)
            return None
        return self.get(key, read)

    def build(
        self,
        model: type[_M],
        fields: Mapping[str, object],
        columns: Mapping[str, str],
        check: tuple[str, str],
    ) -> _M | None:
        """The item of this row, or None when any of its cells is wrong.

        ``columns`` maps model fields to sheet columns; ``check`` is the column and expectation
        that a whole-item check of the model (such as end before start) points at.
        """
        data = {name: value for name, value in fields.items() if value is not None}
        try:
            item = model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                self._report(err, columns, check)
            self.bad.add("")
            return None
        return None if self.bad else item

    def _report(
        self, err: ErrorDetails, columns: Mapping[str, str], check: tuple[str, str]
    ) -> None:
        if err["type"] == "missing" and self.bad:
            return  # a cell left out because it was wrong; already reported
        names = [part for part in reversed(err["loc"]) if isinstance(part, str) and part in columns]
        if names:
            key = columns[names[0]]
            if key in self.bad:
                return
            error, expected = describe(err)
        else:
            if self.bad:
                return  # a whole-item check on an incomplete row proves nothing
            key, expected = check
            error = f"does not fit: {message(err)}"
        self.flag(key, self.row.cells.get(key), error, expected)


class ItemReader:
    """The items of the item sheets, where each came from, and the keys of rows that failed."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        self.origins: dict[str, list[tuple[Table, Row]]] = defaultdict(list)
        """Section of ``ProblemIssue`` (``staff``, ``coverage``, ...) → where item i came from."""
        self.broken: dict[str, set[str]] = {"codes": set(), "staff": set()}
        """Shift codes and staff ids of rows that yielded no item (``*``: none at all)."""
        self.shift_types: list[ShiftType] = []
        self.shift_runs: list[ShiftRun] = []
        self.staff: list[Staff] = []
        self.windows: list[CoverageWindow] = []
        self.demands: list[ShiftDemand] = []
        self.leave: list[Leave] = []
        self.requests: list[ShiftRequest] = []
        self.pins: list[Pin] = []

    def read_shifts(self, table: Table) -> None:
        """Shift types, and the runs of days their min_run and max_run columns ask for."""
        for row in table.rows:
            cells = RowCells(self.problems, table, row)
            code = cells.need("code", read_text, "a short shift code such as A")
            fields = {
                "code": code,
                "name": cells.get("name", read_text),
                "start": cells.need("start", read_clock, CLOCK_FORMAT),
                "end": cells.need("end", read_clock, CLOCK_FORMAT),
                "on_call": cells.get("on_call", read_bool),
                "paid_hours": cells.get("paid_hours", read_number),
                "late": cells.get("late", read_bool),
            }
            min_run = cells.get("min_run", read_int)
            max_run = cells.get("max_run", read_int)
            shift = cells.build(
                ShiftType,
                fields,
                {name: name for name in fields},
                ("start", "a start before 24:00 (write 00:00 for midnight)"),
            )
            run = None
            if "min_run" in row.cells or "max_run" in row.cells:
                run = cells.build(
                    ShiftRun,
                    {"shift": code, "min_days": min_run, "max_days": max_run},
                    {"shift": "code", "min_days": "min_run", "max_days": "max_run"},
                    ("max_run", "a max_run no smaller than min_run"),
                )
            if shift is None:
                if code is not None:
                    self.broken["codes"].add(code)
                continue
            self.shift_types.append(shift)
            self.origins["shift types"].append((table, row))
            if run is not None:
                self.shift_runs.append(run)
                self.origins["shift runs"].append((table, row))

    def read_staff(self, table: Table) -> None:
        """People, with their own overrides of the rules."""
        for row in table.rows:
            cells = RowCells(self.problems, table, row)
            staff_id = cells.need("id", read_text, "a unique staff id such as E1")
            rules = {
                field: cells.get(column, _STAFF_RULE_READERS[column])
                for field, column in STAFF_RULE_COLUMNS.items()
            }
            fields = {
                "id": staff_id,
                "name": cells.get("name", read_text),
                "team": cells.get("team", read_text),
                "skills": cells.get("skills", read_words),
                "shift_types": cells.get("shift_types", read_codes),
                "rules": {field: value for field, value in rules.items() if value is not None},
            }
            columns = {name: name for name in ("id", "name", "team", "skills", "shift_types")}
            person = cells.build(
                Staff, fields, columns | STAFF_RULE_COLUMNS, ("id", "a consistent staff row")
            )
            if person is None:
                if staff_id is not None:
                    self.broken["staff"].add(staff_id)
                continue
            self.staff.append(person)
            self.origins["staff"].append((table, row))

    def read_coverage(self, table: Table) -> None:
        """Coverage windows (rows with start and end) and shift demands (rows with a shift)."""
        for row in table.rows:
            cells = RowCells(self.problems, table, row)
            fields: dict[str, object] = {
                "weekdays": cells.get("days", read_weekdays),
                "dates": cells.get("dates", read_dates),
                "skill": cells.get("skill", read_text),
                "team": cells.get("team", read_text),
                "min_staff": cells.get("min", read_int),
                "max_staff": cells.get("max", read_int),
                "weight_under": cells.get("weight_under", read_int),
                "weight_over": cells.get("weight_over", read_int),
            }
            if "days" in row.cells and "dates" in row.cells:
                cells.flag(
                    "dates",
                    row.cells["dates"],
                    "is given together with days",
                    "either days or dates on one row, not both",
                )
            check = ("max", "a max no smaller than min")
            if "shift" in row.cells:
                for key in ("start", "end"):
                    if key in row.cells:
                        cells.flag(
                            key,
                            row.cells[key],
                            "is given on a row with a shift",
                            "start and end only on rows without a shift (coverage windows)",
                        )
                fields["shift"] = cells.get("shift", read_text)
                if "hard" in row.cells:
                    fields["hard"] = cells.get("hard", read_bool)
                demand = cells.build(ShiftDemand, fields, _COVERAGE_COLUMNS, check)
                if demand is not None:
                    self.demands.append(demand)
                    self.origins["coverage"].append((table, row))
                continue
            expected = f"{CLOCK_FORMAT} (or fill shift for a per-shift demand)"
            fields["start"] = cells.need("start", read_clock, expected)
            fields["end"] = cells.need("end", read_clock, expected)
            fields["label"] = cells.get("label", read_text)
            if "hard" in row.cells:
                cells.flag(
                    "hard",
                    row.cells["hard"],
                    "is given on a coverage window row",
                    "hard only on rows with a shift (shift demands)",
                )
            window = cells.build(CoverageWindow, fields, _COVERAGE_COLUMNS, check)
            if window is not None:
                self.windows.append(window)

    def read_leave(self, table: Table) -> None:
        """Leave; an empty end means a single day."""
        for row in table.rows:
            cells = RowCells(self.problems, table, row)
            start = cells.need("start", read_date, DATE_FORMAT)
            end = cells.get("end", read_date)
            fields = {
                "staff_id": cells.need("staff_id", read_text, _STAFF_ID),
                "start": start,
                "end": start if end is None else end,
                "kind": cells.get("kind", read_leave_kind),
                "status": cells.get("status", read_leave_status),
                "weight": cells.get("weight", read_int),
                "note": cells.get("note", read_text),
            }
            leave = cells.build(
                Leave, fields, {name: name for name in fields}, ("end", "a date on or after start")
            )
            if leave is not None:
                self.leave.append(leave)
                self.origins["leave"].append((table, row))

    def read_requests(self, table: Table) -> None:
        """Wishes to work, or not work, a shift or a day."""
        for row in table.rows:
            cells = RowCells(self.problems, table, row)
            fields = {
                "staff_id": cells.need("staff_id", read_text, _STAFF_ID),
                "date": cells.need("date", read_date, DATE_FORMAT),
                "shift": cells.get("shift", read_text),
                "want": cells.get("want", read_want),
                "weight": cells.get("weight", read_int),
            }
            request = cells.build(
                ShiftRequest, fields, {name: name for name in fields}, ("date", "a valid request")
            )
            if request is not None:
                self.requests.append(request)
                self.origins["requests"].append((table, row))

    def read_pins(self, table: Table) -> None:
        """Cells fixed by the supervisor; an empty shift pins the day off."""
        for row in table.rows:
            cells = RowCells(self.problems, table, row)
            fields = {
                "staff_id": cells.need("staff_id", read_text, _STAFF_ID),
                "date": cells.need("date", read_date, DATE_FORMAT),
                "shift": cells.get("shift", read_pin_shift),
            }
            pin = cells.build(Pin, fields, {name: name for name in fields}, ("date", "a valid pin"))
            if pin is not None:
                self.pins.append(pin)
                self.origins["pins"].append((table, row))
