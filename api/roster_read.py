"""Turning the tables of a roster into a ``Problem``, with every problem located in the file.

Each row becomes one domain item; a cell that cannot be read, an item the model rejects, and a
reference the problem rejects (unknown staff id, duplicate shift code, pin on approved leave) are
all traced back to the sheet, row and column they came from, and reported together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from api.errors import InputProblem, RosterError
from api.roster_cells import (
    CLOCK_FORMAT,
    DATE_FORMAT,
    CellError,
    CellValue,
    is_none_word,
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
    read_pairs,
    read_pin_shift,
    read_sequences,
    read_text,
    read_want,
    read_weekdays,
    read_weekdays_or_none,
    read_words,
)
from api.roster_columns import (
    COVERAGE,
    LEAVE,
    PINS,
    REQUESTS,
    RULE_SETTINGS,
    RULES,
    SHEETS,
    SHIFTS,
    STAFF,
    WEIGHT_SETTINGS,
    WEIGHTS,
    Setting,
    lookup,
    name_index,
)
from api.roster_tables import ErrorCell, FormulaCell, Row, Source, Table
from models import (
    CoverageWindow,
    Leave,
    Pin,
    Problem,
    ProblemError,
    ProblemIssue,
    Rules,
    ShiftDemand,
    ShiftRequest,
    ShiftRun,
    ShiftType,
    Staff,
    Weights,
)

_T = TypeVar("_T")
_M = TypeVar("_M", bound=BaseModel)

Reader = Callable[[CellValue], object]

RULE_READERS: dict[str, Reader] = {
    "name": read_text,
    "start": read_date,
    "weeks": read_int,
    "days": read_int,
    "holidays": read_dates,
    "min_rest_hours": read_number,
    "max_consecutive_days": read_int,
    "min_consecutive_days": read_int,
    "min_days_off_per_week": read_int,
    "min_days_off_run": read_int,
    "max_days_off_run": read_int,
    "max_weekends": read_int,
    "min_hours_per_week": read_number,
    "max_hours_per_week": read_number,
    "target_hours_per_week": read_number,
    "leave_day_hours": read_number,
    "allowed_same_day": read_pairs,
    "forbidden_sequences": read_sequences,
    "weekend_days": read_weekdays_or_none,
    "cyclic": read_bool,
}
"""How to read the value of each row of the Rules sheet."""

OPTIONAL_RULES = frozenset({"max_days_off_run", "max_weekends", "max_hours_per_week"})
"""Rules whose empty value means "no limit" rather than "the default"."""

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
}

_ISSUE_COLUMNS = {
    ("shift types", "id"): "code",
    ("staff", "id"): "id",
    ("staff", "shift types"): "shift_types",
    ("staff", "max shifts"): "max_shifts",
    ("coverage", "shift"): "shift",
    ("leave", "staff id"): "staff_id",
    ("requests", "staff id"): "staff_id",
    ("requests", "date"): "date",
    ("requests", "shift"): "shift",
    ("pins", "staff id"): "staff_id",
    ("pins", "date"): "date",
    ("pins", "shift"): "shift",
}
"""Where the problem's cross-checks (``ProblemIssue`` section and field) point in the roster."""

_RULE_ISSUES = {"allowed same day": "allowed_same_day", "forbidden sequence": "forbidden_sequences"}
_CODE_FIELDS = frozenset(
    {"shift types", "max shifts", "shift", "allowed same day", "forbidden sequence", "shift run"}
)
_BOUNDS = frozenset({"greater_than_equal", "greater_than", "less_than_equal", "less_than"})
_PLACEHOLDER_START = dt.date(2000, 1, 3)
_SHEET_ORDER = {sheet.name: position for position, sheet in enumerate(SHEETS)}
_STAFF_ID = "a staff id from the Staff sheet"


def _message(err: ErrorDetails) -> str:
    return str(err["msg"]).removeprefix("Value error, ")


def _describe(err: ErrorDetails) -> tuple[str, str]:
    """What is wrong and what was expected, for a pydantic error on one field."""
    kind = err["type"]
    if kind in _BOUNDS:
        return "is out of range", "a number " + _message(err).removeprefix("Input should be ")
    if kind == "string_too_long":
        return "is too long", _message(err).removeprefix("String should have ")
    if kind == "missing":
        return "the cell is empty", "a value"
    return f"is not accepted ({_message(err)})", "a valid value"


class _Cells:
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
            suffix = f" for {what}" if what else ""
            self.flag(key, value, exc.error, exc.expected + suffix)
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
            error, expected = _describe(err)
        else:
            if self.bad:
                return  # a whole-item check on an incomplete row proves nothing
            key, expected = check
            error = f"does not fit: {_message(err)}"
        self.flag(key, self.row.cells.get(key), error, expected)


class RosterReader:
    """Builds the problem from the tables of a roster, collecting every problem on the way."""

    def __init__(self, source: Source, start: dt.date | None, days: int | None) -> None:
        self.source = source
        self.start_given = start
        self.days_given = days
        self.problems: list[InputProblem] = list(source.problems)
        self.origins: dict[str, list[tuple[Table, Row]]] = defaultdict(list)
        self.broken: dict[str, set[str]] = {"codes": set(), "staff": set()}
        self.shift_types: list[ShiftType] = []
        self.shift_runs: list[ShiftRun] = []
        self.staff: list[Staff] = []
        self.windows: list[CoverageWindow] = []
        self.demands: list[ShiftDemand] = []
        self.leave: list[Leave] = []
        self.requests: list[ShiftRequest] = []
        self.pins: list[Pin] = []
        self.settings: dict[str, tuple[object, Row]] = {}
        self.bad_settings: set[str] = set()
        self.days_from: str | None = None
        """The Rules row the number of days came from (``days`` or ``weeks``); None = argument."""
        self.real_horizon = True

    def read(self) -> Problem:
        """The problem, or ``RosterError`` listing everything wrong with the roster."""
        tables = self.source.tables
        readers: list[tuple[str, Callable[[Table], None]]] = [
            (SHIFTS.name, self._read_shifts),
            (STAFF.name, self._read_staff),
            (COVERAGE.name, self._read_coverage),
            (LEAVE.name, self._read_leave),
            (REQUESTS.name, self._read_requests),
            (PINS.name, self._read_pins),
        ]
        for name, read in readers:
            if name in tables:
                read(tables[name])
        if RULES.name in tables:
            self.settings = self._read_settings(
                tables[RULES.name], RULE_SETTINGS, RULE_READERS, OPTIONAL_RULES, "rule"
            )
        weights = Weights()
        if WEIGHTS.name in tables:
            found = self._read_settings(
                tables[WEIGHTS.name],
                WEIGHT_SETTINGS,
                dict.fromkeys(Weights.model_fields, read_int),
                frozenset(),
                "weight",
            )
            weights = self._weights(tables[WEIGHTS.name], found)
        problem = self._assemble(self._rules(), weights)
        if self.problems or problem is None:
            order = sorted(
                self.problems, key=lambda p: (_SHEET_ORDER.get(p.sheet or "", -1), p.row or 0)
            )
            raise RosterError(order)
        return problem

    # --- the sheets of items ---------------------------------------------------------------------

    def _read_shifts(self, table: Table) -> None:
        for row in table.rows:
            cells = _Cells(self.problems, table, row)
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
                ("start", "a start from 00:00 to 23:59 (write 00:00 for midnight)"),
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

    def _read_staff(self, table: Table) -> None:
        for row in table.rows:
            cells = _Cells(self.problems, table, row)
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

    def _read_coverage(self, table: Table) -> None:
        for row in table.rows:
            cells = _Cells(self.problems, table, row)
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
                demand = cells.build(ShiftDemand, fields, _COVERAGE_COLUMNS, check)
                if demand is not None:
                    self.demands.append(demand)
                    self.origins["coverage"].append((table, row))
                continue
            expected = f"{CLOCK_FORMAT} (or fill shift for a per-shift demand)"
            fields["start"] = cells.need("start", read_clock, expected)
            fields["end"] = cells.need("end", read_clock, expected)
            fields["label"] = cells.get("label", read_text)
            window = cells.build(CoverageWindow, fields, _COVERAGE_COLUMNS, check)
            if window is not None:
                self.windows.append(window)

    def _read_leave(self, table: Table) -> None:
        for row in table.rows:
            cells = _Cells(self.problems, table, row)
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

    def _read_requests(self, table: Table) -> None:
        for row in table.rows:
            cells = _Cells(self.problems, table, row)
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

    def _read_pins(self, table: Table) -> None:
        for row in table.rows:
            cells = _Cells(self.problems, table, row)
            fields = {
                "staff_id": cells.need("staff_id", read_text, _STAFF_ID),
                "date": cells.need("date", read_date, DATE_FORMAT),
                "shift": cells.get("shift", read_pin_shift),
            }
            pin = cells.build(Pin, fields, {name: name for name in fields}, ("date", "a valid pin"))
            if pin is not None:
                self.pins.append(pin)
                self.origins["pins"].append((table, row))

    # --- the Rules and Weights sheets ------------------------------------------------------------

    def _read_settings(
        self,
        table: Table,
        settings: tuple[Setting, ...],
        readers: Mapping[str, Reader],
        optional: frozenset[str],
        name_column: str,
    ) -> dict[str, tuple[object, Row]]:
        """Setting key → (value, row) for a sheet of name/value rows."""
        index = name_index(settings)
        seen: dict[str, Row] = {}
        found: dict[str, tuple[object, Row]] = {}
        for row in table.rows:
            cells = _Cells(self.problems, table, row)
            name = cells.need(name_column, read_text, f"a {name_column} name")
            key = None if name is None else lookup(index, name)
            if name is None:
                continue
            if key is None:
                known = ", ".join(setting.key for setting in settings)
                cells.flag(name_column, name, f"is not a known {name_column}", f"one of {known}")
                continue
            if key in seen:
                cells.flag(
                    name_column,
                    name,
                    "is given twice",
                    f"one row per {name_column} (the first is row {seen[key].number})",
                )
                continue
            seen[key] = row
            raw = row.cells.get("value")
            if raw is None or (key in optional and is_none_word(raw)):
                if key in optional:
                    found[key] = (None, row)
                continue
            value = cells.get("value", readers[key], what=key)
            if cells.bad:
                self.bad_settings.add(key)
            else:
                found[key] = (value, row)
        return found

    def _flag_rule(self, key: str | None, err: ErrorDetails, whole: bool) -> None:
        table = self.source.tables[RULES.name]
        row = self.settings[key][1] if key is not None and key in self.settings else None
        if whole:
            error, expected = f"does not fit: {_message(err)}", "rules that agree with each other"
        else:
            error, expected = _describe(err)
            expected = f"{expected} for {key}"
        self.problems.append(
            InputProblem(
                table.file,
                table.sheet.name,
                None if row is None else row.number,
                None if row is None else table.header("value"),
                None if row is None else row.cells.get("value"),
                expected,
                error,
            )
        )

    def _rules(self) -> Rules:
        fields: dict[str, Any] = {
            key: value for key, (value, _) in self.settings.items() if key in Rules.model_fields
        }
        fields["shift_runs"] = tuple(self.shift_runs)
        try:
            return Rules.model_validate(fields)
        except ValidationError as exc:
            wrong: set[str] = set()
            for err in exc.errors():
                loc = err["loc"]
                if loc and isinstance(loc[0], str) and loc[0] in fields:
                    wrong.add(loc[0])
                    self._flag_rule(loc[0], err, whole=False)
                    continue
                candidates = (
                    ("max_days_off_run", "min_days_off_run")
                    if "days off" in _message(err)
                    else ("min_consecutive_days", "max_consecutive_days")
                )
                given = next((key for key in candidates if key in self.settings), None)
                wrong.update(candidates)
                self._flag_rule(given, err, whole=True)
        try:
            # Keep checking the rest of the roster against the rules that were fine.
            return Rules.model_validate({k: v for k, v in fields.items() if k not in wrong})
        except ValidationError:
            return Rules(shift_runs=tuple(self.shift_runs))

    def _weights(self, table: Table, found: dict[str, tuple[object, Row]]) -> Weights:
        try:
            return Weights.model_validate({key: value for key, (value, _) in found.items()})
        except ValidationError as exc:
            for err in exc.errors():
                key = str(err["loc"][0]) if err["loc"] else ""
                row = found[key][1] if key in found else None
                error, expected = _describe(err)
                self.problems.append(
                    InputProblem(
                        table.file,
                        table.sheet.name,
                        None if row is None else row.number,
                        table.header("value"),
                        None if row is None else row.cells.get("value"),
                        f"{expected} for {key}",
                        error,
                    )
                )
        return Weights()

    # --- the problem as a whole ------------------------------------------------------------------

    def _rules_problem(self, error: str, expected: str) -> None:
        table = self.source.tables.get(RULES.name)
        file = table.file if table is not None else self.source.file
        self.problems.append(InputProblem(file, RULES.name, None, None, None, expected, error))

    def _horizon(self) -> tuple[dt.date | None, int | None]:
        start = self.start_given
        if start is None and "start" in self.settings:
            start = self.settings["start"][0]  # type: ignore[assignment]
        if start is None and "start" not in self.bad_settings:
            self._rules_problem(
                "no start date is given",
                f"a row start with a date {DATE_FORMAT} in the Rules sheet, "
                "or a start date given when reading (--start)",
            )
        if self.days_given is not None:
            return start, self.days_given
        days = self.settings.get("days", (None, None))[0]
        weeks = self.settings.get("weeks", (None, None))[0]
        if isinstance(days, int) and isinstance(weeks, int) and days != weeks * 7:
            table = self.source.tables[RULES.name]
            cells = _Cells(self.problems, table, self.settings["days"][1])
            cells.flag(
                "value",
                days,
                f"does not match weeks = {weeks}",
                f"{weeks * 7} days, or only one of the rows weeks and days",
            )
        if isinstance(days, int):
            self.days_from = "days"
            return start, days
        if isinstance(weeks, int):
            self.days_from = "weeks"
            return start, weeks * 7
        if not {"days", "weeks"} & self.bad_settings:
            self._rules_problem(
                "the length of the rota is not given",
                "a row weeks or days in the Rules sheet, or a number of days given when reading",
            )
        return start, None

    def _assemble(self, rules: Rules, weights: Weights) -> Problem | None:
        start, days = self._horizon()
        self.real_horizon = start is not None and days is not None
        shift_types = tuple(self.shift_types) or self._placeholder(SHIFTS.name, "a shift type")
        staff = tuple(self.staff) or self._placeholder(STAFF.name, "a person")
        name = str(self.settings["name"][0]) if "name" in self.settings else "rota"
        holidays = cast(frozenset[dt.date], self.settings.get("holidays", (frozenset(), None))[0])
        for _ in range(2):
            try:
                return Problem(
                    name=name,
                    start=start or _PLACEHOLDER_START,
                    days=days or 1,
                    shift_types=shift_types,
                    staff=staff,
                    coverage_windows=tuple(self.windows),
                    shift_demands=tuple(self.demands),
                    leave=tuple(self.leave),
                    requests=tuple(self.requests),
                    pins=tuple(self.pins),
                    holidays=holidays,
                    rules=rules,
                    weights=weights,
                )
            except ValidationError as exc:
                horizon_wrong = self._report_problem_errors(exc, days)
            if not horizon_wrong:
                return None
            # Check the references anyway, on a stand-in horizon whose dates prove nothing.
            start, days, self.real_horizon = None, None, False
        return None

    def _placeholder(self, sheet: str, what: str) -> tuple[Any, ...]:
        """A stand-in so that the other sheets still get checked; the sheet's problem is noted."""
        table = self.source.tables.get(sheet)
        if table is not None and not table.rows:
            self.problems.append(
                InputProblem(
                    table.file, sheet, None, None, None, f"at least one row, {what}", "has no rows"
                )
            )
        if sheet == SHIFTS.name:
            self.broken["codes"].add("*")
            return (ShiftType(code="?", start=0, end=60),)
        self.broken["staff"].add("*")
        return (Staff(id="?"),)

    def _report_problem_errors(self, exc: ValidationError, days: int | None) -> bool:
        """Report what the problem rejected; whether its start or number of days was wrong."""
        horizon_wrong = False
        for err in exc.errors():
            cause = err.get("ctx", {}).get("error")
            if isinstance(cause, ProblemError):
                for issue in cause.issues:
                    self._report_issue(issue)
                continue
            loc = err["loc"]
            if loc and loc[0] == "days":
                horizon_wrong = True
                self._report_days(err, days)
            else:
                where = ".".join(str(part) for part in loc)
                self.problems.append(
                    InputProblem(
                        self.source.file,
                        None,
                        None,
                        where or None,
                        err.get("input"),
                        "a valid roster",
                        f"is not accepted ({_message(err)})",
                    )
                )
        return horizon_wrong

    def _report_days(self, err: ErrorDetails, days: int | None) -> None:
        error, expected = _describe(err)
        expected = f"{expected} days"
        if self.days_from is None:
            self.problems.append(
                InputProblem(
                    self.source.file,
                    None,
                    None,
                    None,
                    days,
                    expected,
                    f"{error} (the number of days given)",
                )
            )
            return
        table = self.source.tables[RULES.name]
        row = self.settings[self.days_from][1]
        _Cells(self.problems, table, row).flag("value", row.cells.get("value"), error, expected)

    def _relevant(self, issue: ProblemIssue) -> bool:
        """Whether an issue is real, not a consequence of a row or sheet already reported."""
        if issue.field in _CODE_FIELDS and issue.expected.startswith("one of the shift codes"):
            broken = self.broken["codes"]
            return "*" not in broken and str(issue.value) not in broken
        if issue.field == "staff id":
            broken = self.broken["staff"]
            return "*" not in broken and str(issue.value) not in broken
        return not (issue.field == "date" and issue.expected.startswith("a date from")) or (
            self.real_horizon
        )

    def _report_issue(self, issue: ProblemIssue) -> None:
        if not self._relevant(issue):
            return
        place = self._issue_place(issue)
        if place is None:
            self.problems.append(
                InputProblem(
                    self.source.file,
                    None,
                    None,
                    f"{issue.section} #{issue.index + 1}, {issue.field}",
                    issue.value,
                    issue.expected,
                    issue_error(issue),
                )
            )
            return
        table, row, key = place
        _Cells(self.problems, table, row).flag(key, issue.value, issue_error(issue), issue.expected)

    def _issue_place(self, issue: ProblemIssue) -> tuple[Table, Row, str] | None:
        if issue.section == "rules":
            setting = _RULE_ISSUES.get(issue.field)
            if setting is not None and setting in self.settings:
                return self.source.tables[RULES.name], self.settings[setting][1], "value"
            runs = self.origins["shift runs"]
            if issue.field == "shift run" and issue.index < len(runs):
                table, row = runs[issue.index]
                return table, row, "min_run" if "min_run" in row.cells else "max_run"
            return None
        origins = self.origins[issue.section]
        if issue.index >= len(origins):
            return None
        table, row = origins[issue.index]
        key = _ISSUE_COLUMNS.get((issue.section, issue.field), issue.field.replace(" ", "_"))
        return table, row, key


def issue_error(issue: ProblemIssue) -> str:
    """What a problem's cross-check found wrong, in the words of a roster problem."""
    if issue.field == "id":
        return "appears more than once"
    if issue.expected.startswith("a staff id"):
        return "is not a known staff id"
    if issue.expected.startswith("one of the shift codes"):
        return "is not a known shift code"
    if issue.expected.startswith("a date from"):
        return "is outside the rota"
    return "conflicts with the rest of the roster"


def build_problem(source: Source, start: dt.date | None, days: int | None) -> Problem:
    """The problem a roster describes; ``start`` and ``days`` override its Rules sheet."""
    return RosterReader(source, start, days).read()
