"""The roster edge: read a roster (workbook, CSV folder, zip, JSON) into a ``Problem``; write one.

A roster that cannot be read raises ``RosterError`` listing every problem in it, each located by
file, sheet, row and column; nothing else escapes from ``read_roster``.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from io import BytesIO
from pathlib import Path, PurePath

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from api.errors import InputProblem, RosterError
from api.roster_read import build_problem, issue_error
from api.roster_rows import describe, message
from api.roster_tables import Source, load_csv_folder, load_csv_zip, load_workbook
from api.roster_write import write_roster_csv_folder, write_roster_workbook
from models import Problem, ProblemError, ProblemIssue

__all__ = [
    "RosterError",
    "read_roster",
    "read_roster_data",
    "write_roster_csv_folder",
    "write_roster_workbook",
]

_FORMATS = "an .xlsx workbook, a folder or .zip of CSV files, or a .json problem"
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls"})
_JSON_SECTIONS = {
    "shift types": "shift_types",
    "staff": "staff",
    "coverage": "shift_demands",
    "leave": "leave",
    "requests": "requests",
    "pins": "pins",
}
_JSON_RULES = {
    "allowed same day": "allowed_same_day",
    "forbidden sequence": "forbidden_sequences",
    "shift run": "shift_runs",
}


def _fail(file: str, error: str, expected: str) -> RosterError:
    return RosterError([InputProblem(file, None, None, None, None, expected, error)])


def read_roster(path: Path, *, start: dt.date | None = None, days: int | None = None) -> Problem:
    """Read a roster into a ``Problem``.

    Accepts an ``.xlsx`` workbook, a folder of CSV files named after the sheets (``staff.csv``,
    ``shifts.csv``, ...), a ``.zip`` of such files, or a ``.json`` problem. ``start`` and ``days``
    override the Rules sheet (or the JSON). Raises ``RosterError`` listing every problem found.
    """
    path = Path(path)
    file = path.name or str(path)
    if path.is_dir():
        return _from_source(load_csv_folder(path), start, days, None)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(file, "the file does not exist", _FORMATS) from None
    except OSError as exc:
        raise _fail(file, f"cannot be read ({exc.strerror})", _FORMATS) from None
    return read_roster_data(data, file, start=start, days=days)


def read_roster_data(
    data: bytes,
    file: str,
    *,
    start: dt.date | None = None,
    days: int | None = None,
    fallback: tuple[dt.date, int] | None = None,
) -> Problem:
    """Read a roster held in memory (an upload), named ``file``; otherwise as ``read_roster``.

    ``fallback`` (start, days) is the horizon to use when neither the arguments nor the roster
    give one. Raises ``RosterError`` listing every problem found.
    """
    suffix = PurePath(file).suffix.lower()
    if suffix == ".csv":
        raise _fail(
            file,
            "is a single CSV file",
            "a folder or .zip holding one CSV file per sheet (staff.csv, shifts.csv, ...)",
        )
    if suffix == ".json":
        return _from_json(data, file, start, days, fallback)
    if suffix == ".zip":
        return _from_source(load_csv_zip(data, file), start, days, fallback)
    if suffix in _WORKBOOK_SUFFIXES:
        return _from_source(load_workbook(data, file), start, days, fallback)
    # No telling suffix: look at the content.
    if _looks_like_json(data):
        return _from_json(data, file, start, days, fallback)
    if data.startswith(b"PK"):
        source = load_csv_zip(data, file) if _is_csv_zip(data) else load_workbook(data, file)
        return _from_source(source, start, days, fallback)
    raise _fail(file, "is not a roster file", _FORMATS)


def _from_source(
    source: Source,
    start: dt.date | None,
    days: int | None,
    fallback: tuple[dt.date, int] | None,
) -> Problem:
    if not source.tables:
        # Nothing could be read at all: the file's own problem is the whole story.
        raise RosterError(source.problems)
    return build_problem(source, start, days, fallback)


def _looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _is_csv_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "[Content_Types].xml" not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


# --- JSON ----------------------------------------------------------------------------------------


def _from_json(
    data: bytes,
    file: str,
    start: dt.date | None,
    days: int | None,
    fallback: tuple[dt.date, int] | None,
) -> Problem:
    expected = "a JSON object describing the problem"
    if not data.strip():
        raise _fail(file, "the file is empty", expected)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _fail(file, "is not UTF-8 text", expected) from None
    except RecursionError:
        raise _fail(file, "is nested too deeply", expected) from None
    except json.JSONDecodeError as exc:
        raise RosterError(
            [
                InputProblem(
                    file, None, exc.lineno, None, None, expected, f"is not valid JSON ({exc.msg})"
                )
            ]
        ) from None
    if not isinstance(document, dict):
        raise _fail(file, "is not a JSON object", expected)
    if start is not None:
        document["start"] = start.isoformat()
    if days is not None:
        document["days"] = days
    if fallback is not None:
        document.setdefault("start", fallback[0].isoformat())
        document.setdefault("days", fallback[1])
    try:
        return Problem.model_validate_json(json.dumps(document))
    except ValidationError as exc:
        raise RosterError(_json_problems(exc, file)) from None


def _json_problems(exc: ValidationError, file: str) -> list[InputProblem]:
    problems: list[InputProblem] = []
    errors = exc.errors()
    for err in errors:
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, ProblemError):
            for issue in cause.issues:
                problems.append(
                    InputProblem(
                        file,
                        None,
                        None,
                        _json_place(issue),
                        issue.value,
                        issue.expected,
                        issue_error(issue),
                    )
                )
        elif not _follows_from_others(err, errors):
            problems.append(_json_problem(err, file))
    return problems


def _follows_from_others(err: ErrorDetails, errors: list[ErrorDetails]) -> bool:
    """A list found too short only because its items were rejected (reported on their own)."""
    loc = err["loc"]
    return err["type"] == "too_short" and any(
        other["loc"][: len(loc)] == loc and len(other["loc"]) > len(loc) for other in errors
    )


def _json_place(issue: ProblemIssue) -> str:
    """Where a cross-check issue points in the JSON document, e.g. ``leave[1].staff_id``."""
    field = issue.field.replace(" ", "_")
    if issue.section == "rules":
        return f"rules.{_JSON_RULES.get(issue.field, field)}[{issue.index}]"
    return f"{_JSON_SECTIONS.get(issue.section, issue.section)}[{issue.index}].{field}"


def _json_problem(err: ErrorDetails, file: str) -> InputProblem:
    where = ""
    for part in err["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    value = err.get("input")
    shown = None if isinstance(value, dict | list) else value
    if err["type"] == "missing":
        error, expected = "is missing", "a value (or give it when reading)"
    elif err["type"] == "value_error" and "; expected " in message(err):
        # The model's own words, e.g. "'25:00' is not a time of day; expected 00:00 to 24:00".
        error, expected = message(err).split("; expected ", 1)
        error = error.removeprefix(f"{shown!r} ")
    else:
        error, expected = describe(err)
        if error == "the cell is empty":
            error = "is empty"
    return InputProblem(file, None, None, where or None, shown, expected, error)
