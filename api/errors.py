"""Bad input: each problem located by file, sheet, row and column, and all reported at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def show_value(value: object) -> str:
    """A cell value as the user would recognise it: text quoted, dates and times in ISO form."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with an input file, said where the user can find it.

    ``row`` is the spreadsheet row number as the user sees it (the header is row 1); ``column`` is
    the header as written in the file. Parts that do not apply (a missing sheet has no row) are
    None.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: object
    expected: str
    error: str = "is not valid"
    """What is wrong with the value, e.g. ``is not a date``."""

    def __str__(self) -> str:
        place = [self.file]
        if self.sheet:
            place.append(f"sheet {self.sheet}")
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column:
            place.append(f"column {self.column}")
        what = self.error if self.value is None else f"{show_value(self.value)} {self.error}"
        return f"{', '.join(place)}: {what}; expected {self.expected}"


class RosterError(Exception):
    """A roster that cannot be read; ``problems`` lists everything wrong with it, in file order."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
