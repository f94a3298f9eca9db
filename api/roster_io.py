"""The roster edge: read a roster (workbook, CSV folder, zip, JSON) into a ``Problem``; write one.

A roster that cannot be read raises ``RosterError`` listing every problem in it, each located by
file, sheet, row and column; nothing else escapes from ``read_roster``.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from io import BytesIO
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from api.errors import InputProblem, RosterError
from api.roster_read import build_problem, issue_error
from api.roster_tables import Source, load_csv_folder, load_csv_zip, load_workbook
from api.roster_write import write_roster_csv_folder, write_roster_workbook
from models import Problem, ProblemError

__all__ = ["RosterError", "read_roster", "write_roster_csv_folder", "write_roster_workbook"]

_FORMATS = "an .xlsx workbook, a folder or .zip of CSV files, or a .json problem"
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls"})
_JSON_SECTIONS = {
    "shift types": "shift_types",
    "staff": "staff",
    "coverage": "shift_demands",
    "leave": "leave",
    "requests": "requests",
    "pins": "pins",
    "rules": "rules",
}


def _fail(file: str, error: str, expected: str, value: object = None) -> RosterError:
    return RosterError([InputProblem(file, None, None, None, value, expected, error)])


def read_roster(path: Path, *, start: dt.date | None = None, days: int | None = None) -> Problem:
    """Read a roster: ``.xlsx``, a folder of CSV files named after the sheets, a ``.zip`` of them,
    or a ``.json`` problem. ``start`` and ``days`` override the Rules sheet (or the JSON).

    Raises ``RosterError`` listing every problem found in the roster.
    """
    path = Path(path)
    file = path.name or str(path)
    if path.is_dir():
        return _from_source(load_csv_folder(path), start, days)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(file, "the file does not exist", _FORMATS) from None
    except OSError as exc:
        raise _fail(file, f"cannot be read ({exc.strerror})", _FORMATS) from None

    suffix = path.suffix.lower()
    if suffix == ".csv":
        raise _fail(
            file,
            "is a single CSV file",
            "a folder or .zip holding one CSV file per sheet (staff.csv, shifts.csv, ...)",
        )
    if suffix == ".json":
        return _from_json(data, file, start, days)
    if suffix == ".zip":
        return _from_source(load_csv_zip(data, file), start, days)
    if suffix in _WORKBOOK_SUFFIXES:
        return _from_source(load_workbook(data, file), start, days)
    # No telling suffix: look at the content.
    if _looks_like_json(data):
        return _from_json(data, file, start, days)
    if data.startswith(b"PK"):
        source = load_csv_zip(data, file) if _is_csv_zip(data) else load_workbook(data, file)
        return _from_source(source, start, days)
    raise _fail(file, "is not a roster file", _FORMATS)


def _from_source(source: Source, start: dt.date | None, days: int | None) -> Problem:
    if not source.tables:
        # Nothing could be read at all: the file's own problem is the whole story.
        raise RosterError(source.problems)
    return build_problem(source, start, days)


def _looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _is_csv_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "[Content_Types].xml" not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


# --- JSON ----------------------------------------------------------------------------------------


def _from_json(data: bytes, file: str, start: dt.date | None, days: int | None) -> Problem:
    expected = "a JSON object describing the problem"
    if not data.strip():
        raise _fail(file, "the file is empty", expected)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _fail(file, "is not UTF-8 text", expected) from None
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
    try:
        return Problem.model_validate_json(json.dumps(document))
    except ValidationError as exc:
        raise RosterError(_json_problems(exc, file)) from None


def _json_problems(exc: ValidationError, file: str) -> list[InputProblem]:
    problems: list[InputProblem] = []
    for err in exc.errors():
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, ProblemError):
            for issue in cause.issues:
                where = f"{_JSON_SECTIONS.get(issue.section, issue.section)}[{issue.index}]"
                problems.append(
                    InputProblem(
                        file,
                        None,
                        None,
                        f"{where}.{issue.field.replace(' ', '_')}",
                        issue.value,
                        issue.expected,
                        issue_error(issue),
                    )
                )
            continue
        problems.append(_json_problem(err, file))
    return problems


def _json_problem(err: ErrorDetails, file: str) -> InputProblem:
    where = ""
    for part in err["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    value = err.get("input")
    if err["type"] == "missing":
        return InputProblem(
            file, None, None, where, None, "a value (or give it when reading)", "is missing"
        )
    shown = None if isinstance(value, dict | list) else value
    message = str(err["msg"]).removeprefix("Value error, ")
    return InputProblem(file, None, None, where or None, shown, message, "is not accepted")
