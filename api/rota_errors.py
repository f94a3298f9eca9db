"""Reading a rota file: what can be wrong in it, and the checks the Excel and CSV readers share.

Every mistake is collected as a ``RotaIssue`` (file, sheet, row, column, value, expected) and all of
them are raised together as one ``RotaFileError``, so a supervisor fixes the file in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from api.labels import LABELS, all_languages
from models import Assignment, Problem, Rota, parse_weekdays
from models.calendar import WEEKDAY_NAMES

OFF_WORDS: frozenset[str] = frozenset(
    {"", "-", "–", "—", "/", "off", "day off", "rest", "休", "休息", "轮休", "leave", "请假"}
    | {word.casefold() for key in LABELS if key.startswith("leave.") for word in all_languages(key)}
    | {word.casefold() for word in all_languages("word.leave") + all_languages("word.off")}
)
"""Cell texts that mean "not working": empty, a dash, 休/off, or any leave label in any language."""

SHIFT_JOINERS = re.compile(r"\s*[+＋]\s*")
"""Two shifts on one day are written ``A+C``."""

_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+0?0:00(?::00)?)?\s*(.*)$"
)
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(.*)$")
_BRACKETS = str.maketrans("", "", "()（）[]【】")


@dataclass(frozen=True)
class RotaIssue:
    """One mistake in a rota file, located as precisely as the format allows."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        place = [self.file]
        if self.sheet is not None:
            place.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column {self.column}")
        return f"{', '.join(place)}: {self.value!r}; expected {self.expected}"


class RotaFileError(Exception):
    """A rota file that cannot be read; ``issues`` lists every mistake found, with its place."""

    def __init__(self, issues: list[RotaIssue]) -> None:
        self.issues = issues
        count = f"{len(issues)} problem{'s' if len(issues) != 1 else ''}"
        super().__init__(f"cannot read the rota ({count}):\n" + "\n".join(map(str, issues)))


def parse_date_text(text: str, problem: Problem) -> dt.date | None:
    """Read ``2026-12-07``, ``2026/12/07``, ``12-07 Mon``, ``12月7日 周一``; None if not a date.

    A date without a year takes the year that puts it inside the horizon. Raises ValueError when
    the text looks like a date but is not one (``12-32``) or names the wrong weekday.
    """
    cleaned = text.strip()
    full = _FULL_DATE.match(cleaned)
    if full is not None:
        year, month, day, rest = int(full[1]), int(full[2]), int(full[3]), full[4]
        when = dt.date(year, month, day)
    else:
        short = _MONTH_DAY.match(cleaned)
        if short is None:
            return None
        month, day, rest = int(short[1]), int(short[2]), short[3]
        when = _with_year(month, day, problem)
    _check_weekday(when, rest)
    return when


def _with_year(month: int, day: int, problem: Problem) -> dt.date:
    """The date with this month and day inside the horizon (or nearest to it)."""
    start, end = problem.start, problem.end
    candidates: list[dt.date] = []
    for year in range(start.year - 1, end.year + 2):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError(f"{month:02d}-{day:02d} is not a date")
    inside = [when for when in candidates if start <= when <= end]
    if len(inside) > 1:
        raise ValueError("the horizon spans more than a year: write the year, e.g. 2026-12-07")
    if inside:
        return inside[0]

    def distance(when: dt.date) -> int:
        return (start - when).days if when < start else (when - end).days

    return min(candidates, key=distance)


def _check_weekday(when: dt.date, rest: str) -> None:
    """The text after a date may only name that date's weekday."""
    word = rest.translate(_BRACKETS).strip()
    if not word:
        return
    days = parse_weekdays(word)
    if len(days) != 1 or when.weekday() not in days:
        raise ValueError(f"{when} is a {WEEKDAY_NAMES[when.weekday()]}, not {word}")


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ``.0``, nothing as the empty string."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class RotaReading:
    """Collects the assignments and the mistakes of one rota file, checked against a problem."""

    problem: Problem
    file: str
    sheet: str | None = None
    issues: list[RotaIssue] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)

    def issue(self, row: int | None, column: str | None, value: object, expected: str) -> None:
        """Note one mistake."""
        self.issues.append(RotaIssue(self.file, self.sheet, row, column, value, expected))

    @property
    def date_hint(self) -> str:
        """What a date must be."""
        return f"a date from {self.problem.start} to {self.problem.end}"

    @property
    def shift_hint(self) -> str:
        """What a shift cell may hold."""
        codes = ", ".join(shift.code for shift in self.problem.shift_types)
        return (
            f"shift codes {codes} (two joined by '+', e.g. A+C), "
            "or empty, '-', '休' or 'off' for a day off"
        )

    @property
    def staff_hint(self) -> str:
        """What a staff id must be."""
        ids = [person.id for person in self.problem.staff]
        shown = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")
        return f"a staff id of the problem ({shown})"

    def staff_id(self, value: object, row: int | None, column: str | None) -> str | None:
        """The staff id in a cell, or None (with an issue) when the problem has no such person."""
        text = cell_text(value)
        if text in self.problem.staff_by_id:
            return text
        self.issue(row, column, value, self.staff_hint)
        return None

    def date(self, value: object, row: int | None, column: str | None) -> dt.date | None:
        """The date in a cell, or None (with an issue) when it is not a date of the horizon."""
        try:
            when = to_date(value, self.problem)
        except ValueError as error:
            self.issue(row, column, value, f"{self.date_hint} ({error})")
            return None
        if when is None:
            self.issue(row, column, value, f"{self.date_hint}, e.g. {self.problem.start}")
            return None
        if self.problem.horizon.day_of(when) is None:
            self.issue(row, column, value, self.date_hint)
            return None
        return when

    def shifts(self, value: object, row: int | None, column: str | None) -> list[str] | None:
        """The shift codes in a cell (empty for a day off), or None (with an issue)."""
        text = cell_text(value)
        exact = self._code(text)
        if exact is not None:
            return [exact]
        if text.casefold() in OFF_WORDS:
            return []
        codes = [self._code(token) for token in SHIFT_JOINERS.split(text)]
        if any(code is None for code in codes):
            self.issue(row, column, value, self.shift_hint)
            return None
        return [code for code in codes if code is not None]

    def _code(self, token: str) -> str | None:
        """The shift code a token names: exact, then without a trailing 班, then ignoring case."""
        by_code = self.problem.shift_by_code
        if token in by_code:
            return token
        bare = token.removesuffix("班").strip()
        if bare in by_code:
            return bare
        folded = [code for code in by_code if code.casefold() == bare.casefold()]
        return folded[0] if len(folded) == 1 else None

    def add(self, staff_id: str, when: dt.date, codes: list[str]) -> None:
        """Record the shifts of one person on one date."""
        self.assignments.extend(Assignment(staff_id=staff_id, date=when, shift=c) for c in codes)

    def rota(self) -> Rota:
        """The rota read, or RotaFileError listing every mistake."""
        if self.issues:
            raise RotaFileError(self.issues)
        return Rota(
            start=self.problem.start, days=self.problem.days, assignments=tuple(self.assignments)
        )


def to_date(value: object, problem: Problem) -> dt.date | None:
    """A cell as a date: an Excel date, or text as ``parse_date_text`` reads it; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date_text(value, problem)
    return None
