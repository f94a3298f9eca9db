"""Turning the tables of a roster into a ``Problem``, with every problem located in the file.

The item sheets are read row by row (``api.roster_rows``); here the Rules and Weights sheets are
read, the start and length of the rota settled, and the problem built. What the problem's own
cross-checks reject (unknown staff id, duplicate shift code, pin on approved leave) is traced back
to the sheet, row and column that produced the item, and reported with everything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, cast

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from api.errors import InputProblem, RosterError
from api.roster_cells import (
    DATE_FORMAT,
    is_none_word,
    read_bool,
    read_date,
    read_dates,
    read_int,
    read_number,
    read_pairs,
    read_sequences,
    read_text,
    read_weekdays_or_none,
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
from api.roster_rows import ItemReader, Reader, RowCells, describe, message
from api.roster_tables import Row, Source, Table
from models import (
    Problem,
    ProblemError,
    ProblemIssue,
    Rules,
    ShiftType,
    Staff,
    Weights,
)

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
    "rotation": read_bool,
}
"""How to read the value of each row of the Rules sheet."""

OPTIONAL_RULES = frozenset({"max_days_off_run", "max_weekends", "max_hours_per_week"})
"""Rules whose empty value means "no limit" rather than "the default"."""

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
_PLACEHOLDER_START = dt.date(2000, 1, 3)
_SHEET_ORDER = {sheet.name: position for position, sheet in enumerate(SHEETS)}


class RosterReader:
    """Builds the problem from the tables of a roster, collecting every problem on the way."""

    def __init__(
        self,
        source: Source,
        start: dt.date | None,
        days: int | None,
        fallback: tuple[dt.date, int] | None = None,
    ) -> None:
        self.source = source
        self.start_given = start
        self.days_given = days
        self.fallback = fallback
        """Start and days to use when neither the arguments nor the Rules sheet give them."""
        self.problems: list[InputProblem] = list(source.problems)
        self.items = ItemReader(self.problems)
        self.settings: dict[str, tuple[object, Row]] = {}
        self.bad_settings: set[str] = set()
        self.days_from: str | None = None
        """The Rules row the number of days came from (``days`` or ``weeks``); None = argument."""
        self.real_horizon = True

    def read(self) -> Problem:
        """The problem, or ``RosterError`` listing everything wrong with the roster."""
        tables = self.source.tables
        readers: list[tuple[str, Callable[[Table], None]]] = [
            (SHIFTS.name, self.items.read_shifts),
            (STAFF.name, self.items.read_staff),
            (COVERAGE.name, self.items.read_coverage),
            (LEAVE.name, self.items.read_leave),
            (REQUESTS.name, self.items.read_requests),
            (PINS.name, self.items.read_pins),
        ]
        for name, read in readers:
            if name in tables:
                read(tables[name])
        if RULES.name in tables:
            if tables[RULES.name].missing:
                # Its columns are reported missing; "no start date" would only repeat that.
                self.bad_settings.update({"start", "weeks", "days"})
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
            cells = RowCells(self.problems, table, row)
            name = cells.need(name_column, read_text, f"a {name_column} name")
            if name is None:
                continue
            key = lookup(index, name)
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
            error, expected = f"does not fit: {message(err)}", "rules that agree with each other"
        else:
            error, expected = describe(err)
            expected = f"for {key}: {expected}"
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
        fields["shift_runs"] = tuple(self.items.shift_runs)
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
                    if "days off" in message(err)
                    else ("min_consecutive_days", "max_consecutive_days")
                )
                given = next((key for key in candidates if key in self.settings), None)
                wrong.update(candidates)
                self._flag_rule(given, err, whole=True)
        try:
            # Keep checking the rest of the roster against the rules that were fine.
            return Rules.model_validate({k: v for k, v in fields.items() if k not in wrong})
        except ValidationError:
            return Rules(shift_runs=tuple(self.items.shift_runs))

    def _weights(self, table: Table, found: dict[str, tuple[object, Row]]) -> Weights:
        try:
            return Weights.model_validate({key: value for key, (value, _) in found.items()})
        except ValidationError as exc:
            for err in exc.errors():
                key = str(err["loc"][0]) if err["loc"] else ""
                row = found[key][1] if key in found else None
                error, expected = describe(err)
                self.problems.append(
                    InputProblem(
                        table.file,
                        table.sheet.name,
                        None if row is None else row.number,
                        table.header("value"),
                        None if row is None else row.cells.get("value"),
                        f"for {key}: {expected}",
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
            start = cast(dt.date, self.settings["start"][0])
        if start is None and "start" not in self.bad_settings and self.fallback is not None:
            start = self.fallback[0]
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
            cells = RowCells(self.problems, table, self.settings["days"][1])
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
        if not {"days", "weeks"} & self.bad_settings and self.fallback is not None:
            return start, self.fallback[1]
        if not {"days", "weeks"} & self.bad_settings:
            self._rules_problem(
                "the length of the rota is not given",
                "a row weeks or days in the Rules sheet, or a number of days given when reading",
            )
        return start, None

    def _assemble(self, rules: Rules, weights: Weights) -> Problem | None:
        start, days = self._horizon()
        self.real_horizon = start is not None and days is not None
        shift_types = tuple(self.items.shift_types) or self._placeholder(
            SHIFTS.name, "a shift type"
        )
        staff = tuple(self.items.staff) or self._placeholder(STAFF.name, "a person")
        name = str(self.settings["name"][0]) if "name" in self.settings else "rota"
        holidays = cast(frozenset[dt.date], self.settings.get("holidays", (frozenset(), None))[0])
        for _ in range(2):
            try:
                return Problem(
                    name=name,
                    start=_PLACEHOLDER_START if start is None else start,
                    days=1 if days is None else days,
                    shift_types=shift_types,
                    staff=staff,
                    coverage_windows=tuple(self.items.windows),
                    shift_demands=tuple(self.items.demands),
                    leave=tuple(self.items.leave),
                    requests=tuple(self.items.requests),
                    pins=tuple(self.items.pins),
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
            self.items.broken["codes"].add("*")
            return (ShiftType(code="?", start=0, end=60),)
        self.items.broken["staff"].add("*")
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
                        f"is not accepted ({message(err)})",
                    )
                )
        return horizon_wrong

    def _report_days(self, err: ErrorDetails, days: int | None) -> None:
        error, expected = describe(err)
        expected = f"{expected} (days in the rota)"
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
        RowCells(self.problems, table, row).flag("value", row.cells.get("value"), error, expected)

    def _relevant(self, issue: ProblemIssue) -> bool:
        """Whether an issue is real, not a consequence of a row or sheet already reported."""
        if issue.field in _CODE_FIELDS and issue.expected.startswith("one of the shift codes"):
            broken = self.items.broken["codes"]
            return "*" not in broken and str(issue.value) not in broken
        if issue.field == "staff id":
            broken = self.items.broken["staff"]
            return "*" not in broken and str(issue.value) not in broken
        if issue.field == "date" and issue.expected.startswith("a date from"):
            return self.real_horizon
        return True

    def _report_issue(self, issue: ProblemIssue) -> None:
        if not self._relevant(issue):
            return
        error = issue_error(issue)
        place = self._issue_place(issue)
        if place is not None:
            table, row, key = place
            RowCells(self.problems, table, row).flag(key, issue.value, error, issue.expected)
            return
        # A rule given nowhere in the sheet (its default) or a check this reader does not know.
        rules = self.source.tables.get(RULES.name)
        on_rules = issue.section == "rules" and rules is not None
        self.problems.append(
            InputProblem(
                rules.file if on_rules and rules is not None else self.source.file,
                RULES.name if on_rules else None,
                None,
                issue.field if on_rules else f"{issue.section} #{issue.index + 1}, {issue.field}",
                issue.value,
                issue.expected,
                error,
            )
        )

    def _issue_place(self, issue: ProblemIssue) -> tuple[Table, Row, str] | None:
        if issue.section == "rules":
            runs = self.items.origins["shift runs"]
            if issue.field == "shift run" and issue.index < len(runs):
                table, row = runs[issue.index]
                return table, row, "min_run" if "min_run" in row.cells else "max_run"
            setting = _RULE_ISSUES.get(issue.field, issue.field.replace(" ", "_"))
            if setting in self.settings:
                return self.source.tables[RULES.name], self.settings[setting][1], "value"
            return None
        origins = self.items.origins[issue.section]
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


def build_problem(
    source: Source,
    start: dt.date | None,
    days: int | None,
    fallback: tuple[dt.date, int] | None = None,
) -> Problem:
    """The problem a roster describes; ``start`` and ``days`` override its Rules sheet.

    ``fallback`` (start, days) fills in a horizon the roster leaves out, instead of reporting it
    missing: the web app asks for the dates only when the rota is generated.
    """
    return RosterReader(source, start, days, fallback).read()
