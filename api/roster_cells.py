"""Reading one roster cell: text typed by hand, numbers typed as text, Excel date and time cells.

Every reader takes a non-empty cell value and returns a typed value or raises ``CellError`` saying
what is wrong and what was expected; the caller knows where the cell is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TypeVar

from pydantic import ValidationError

from models import DAY_OFF, ForbiddenSequence, LeaveKind, LeaveStatus, parse_clock, parse_weekdays

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
"""What a non-empty cell can hold once read from a workbook or a CSV file."""

DATE_FORMAT = "YYYY-MM-DD"
CLOCK_FORMAT = "HH:MM from 00:00 to 24:00, e.g. 09:00"

_EXCEL_MIDNIGHT = dt.datetime(1900, 1, 1)
"""What openpyxl makes of a time cell holding 24:00 (serial 1.0) formatted as hh:mm."""

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_GROUPED_INT = re.compile(r"^[+-]?\d{1,3}(?:[,_]\d{3})+$")
_LIST = re.compile(r"\s*[,，、;；]\s*")
_CODE_LIST = re.compile(r"[\s,，、;；]+")
_ITEMS = re.compile(r"\s*[;；\n]\s*")
_PAIR = re.compile(r"\s*[+&＋/\s]\s*")
_LIMIT = re.compile(r"^(.+?)\s*[=:：＝]\s*(.+)$")

_TRUE = {"yes", "y", "true", "1", "x", "on", "是", "对", "有", "✓", "√"}
_FALSE = {"no", "n", "false", "0", "off", "否", "不", "无", "不是", "没有", "✗", "×"}
_NONE = {"none", "no limit", "unlimited", "无", "不限", "没有"}

LEAVE_KINDS: dict[str, LeaveKind] = {
    "annual": LeaveKind.ANNUAL,
    "annual leave": LeaveKind.ANNUAL,
    "holiday": LeaveKind.ANNUAL,
    "vacation": LeaveKind.ANNUAL,
    "年假": LeaveKind.ANNUAL,
    "年休假": LeaveKind.ANNUAL,
    "休假": LeaveKind.ANNUAL,
    "sick": LeaveKind.SICK,
    "sick leave": LeaveKind.SICK,
    "病假": LeaveKind.SICK,
    "personal": LeaveKind.PERSONAL,
    "personal leave": LeaveKind.PERSONAL,
    "事假": LeaveKind.PERSONAL,
    "in_lieu": LeaveKind.TIME_OFF_IN_LIEU,
    "in lieu": LeaveKind.TIME_OFF_IN_LIEU,
    "time off in lieu": LeaveKind.TIME_OFF_IN_LIEU,
    "time_off_in_lieu": LeaveKind.TIME_OFF_IN_LIEU,
    "toil": LeaveKind.TIME_OFF_IN_LIEU,
    "调休": LeaveKind.TIME_OFF_IN_LIEU,
    "补休": LeaveKind.TIME_OFF_IN_LIEU,
    "unavailable": LeaveKind.UNAVAILABLE,
    "不可用": LeaveKind.UNAVAILABLE,
    "不可排班": LeaveKind.UNAVAILABLE,
    "无法上班": LeaveKind.UNAVAILABLE,
    "没空": LeaveKind.UNAVAILABLE,
    "other": LeaveKind.OTHER,
    "其他": LeaveKind.OTHER,
    "其它": LeaveKind.OTHER,
}
LEAVE_STATUSES: dict[str, LeaveStatus] = {
    "approved": LeaveStatus.APPROVED,
    "已批准": LeaveStatus.APPROVED,
    "批准": LeaveStatus.APPROVED,
    "已审批": LeaveStatus.APPROVED,
    "通过": LeaveStatus.APPROVED,
    "已通过": LeaveStatus.APPROVED,
    "requested": LeaveStatus.REQUESTED,
    "pending": LeaveStatus.REQUESTED,
    "申请中": LeaveStatus.REQUESTED,
    "申请": LeaveStatus.REQUESTED,
    "待批准": LeaveStatus.REQUESTED,
    "待审批": LeaveStatus.REQUESTED,
}
_WANT = {"want", "wants", "想", "想要", "要", "希望"} | _TRUE
_AVOID = {"avoid", "not", "don't want", "dont want", "不想", "不要", "不想要", "避免"} | _FALSE
_OFF = {DAY_OFF, "off", "day off", "休", "休息"}

_T = TypeVar("_T")


class CellError(ValueError):
    """An unreadable cell: ``error`` says what is wrong, ``expected`` what would be right."""

    def __init__(self, error: str, expected: str) -> None:
        self.error = error
        self.expected = expected
        super().__init__(f"{error}; expected {expected}")


def is_empty(value: object) -> bool:
    """Whether a cell counts as empty (nothing, or only whitespace)."""
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value: CellValue) -> str:
    """Any cell as text; whole numbers typed into number cells lose their ``.0``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def read_int(value: CellValue) -> int:
    """A whole number, also when typed as text (``6``, ``6.0``, ``10,000``)."""
    expected = "a whole number such as 6"
    if isinstance(value, bool):
        raise CellError("is a yes/no value", expected)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError("is not a whole number", expected)
    if isinstance(value, str):
        text = value.strip()
        if _GROUPED_INT.match(text):
            text = text.replace(",", "").replace("_", "")
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            raise CellError("is not a number", expected) from None
        if number.is_integer():
            return int(number)
        raise CellError("is not a whole number", expected)
    raise CellError("is not a number", expected)


def read_number(value: CellValue) -> float:
    """A number such as hours (``7.5``), also when typed as text."""
    expected = "a number such as 8 or 7.5"
    if isinstance(value, bool):
        raise CellError("is a yes/no value", expected)
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise CellError("is not a number", expected) from None
    else:
        raise CellError("is not a number", expected)
    if not math.isfinite(number):
        raise CellError("is not a number", expected)
    return number


def read_bool(value: CellValue) -> bool:
    """Yes or no: ``yes``/``no``, ``是``/``否``, ``1``/``0``, ``true``/``false``."""
    if isinstance(value, bool):
        return value
    key = read_text(value).lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("is not yes or no", "yes or no (是/否, 1/0, true/false)")


def read_clock(value: CellValue) -> int:
    """A time of day as minutes since midnight: ``09:00``, ``24:00``, or an Excel time cell."""
    if isinstance(value, dt.time):
        if value.second or value.microsecond:
            raise CellError("has seconds", CLOCK_FORMAT)
        return value.hour * 60 + value.minute
    if isinstance(value, dt.timedelta):
        minutes, rest = divmod(value.total_seconds(), 60)
        if rest or not 0 <= minutes <= 1440:
            raise CellError("is not a time of day", CLOCK_FORMAT)
        return int(minutes)
    if isinstance(value, dt.datetime):
        if value == _EXCEL_MIDNIGHT:
            return 1440
        raise CellError("is a date, not a time of day", CLOCK_FORMAT)
    if isinstance(value, str):
        try:
            return parse_clock(value)
        except ValueError:
            raise CellError("is not a time of day", CLOCK_FORMAT) from None
    raise CellError("is not a time of day", CLOCK_FORMAT)


def _date_from_text(text: str) -> dt.date:
    match = _DATE.match(text.strip())
    if match is None:
        raise CellError("is not a date", DATE_FORMAT)
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("is not a date", DATE_FORMAT) from None


def read_date(value: CellValue) -> dt.date:
    """A date: an Excel date cell or ``YYYY-MM-DD`` (also ``2026/12/7`` and ``2026年12月7日``)."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellError("has a time of day", DATE_FORMAT)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return _date_from_text(value)
    raise CellError("is not a date", DATE_FORMAT)


def read_dates(value: CellValue) -> frozenset[dt.date]:
    """One date or several separated by commas: ``2026-12-24, 2026-12-25``."""
    if not isinstance(value, str):
        return frozenset({read_date(value)})
    try:
        return frozenset(_date_from_text(part) for part in _LIST.split(value) if part)
    except CellError:
        raise CellError(
            "is not a list of dates", f"{DATE_FORMAT} dates separated by commas"
        ) from None


def read_weekdays(value: CellValue) -> frozenset[int]:
    """Weekdays such as ``Mon-Sun``, ``Mon-Fri``, ``Sat,Sun`` or ``周一至周五``."""
    try:
        return parse_weekdays(read_text(value))
    except ValueError:
        raise CellError(
            "is not a set of weekdays", "weekdays such as Mon-Sun, Mon-Fri, Sat,Sun or 周一至周五"
        ) from None


def read_weekdays_or_none(value: CellValue) -> frozenset[int]:
    """Weekdays, or ``none`` for no days at all."""
    if read_text(value).lower() in _NONE:
        return frozenset()
    return read_weekdays(value)


def read_codes(value: CellValue) -> frozenset[str]:
    """Shift codes separated by commas or spaces; ``none`` for no shift at all."""
    text = read_text(value)
    if text.lower() in _NONE:
        return frozenset()
    return frozenset(code for code in _CODE_LIST.split(text) if code)


def read_words(value: CellValue) -> frozenset[str]:
    """Words separated by commas or ``、``, such as skills (``lead, 值班长``)."""
    return frozenset(word for word in _LIST.split(read_text(value)) if word)


def read_limits(value: CellValue) -> dict[str, int]:
    """Most shifts per shift code: ``C=6, B=10``."""
    expected = "code=number pairs separated by commas, e.g. C=6, B=10"
    limits: dict[str, int] = {}
    for part in _LIST.split(read_text(value)):
        if not part:
            continue
        match = _LIMIT.match(part)
        if match is None:
            raise CellError("is not a list of shift limits", expected)
        code = match.group(1).strip()
        try:
            limits[code] = read_int(match.group(2))
        except CellError:
            raise CellError("is not a list of shift limits", expected) from None
    return limits


def read_pairs(value: CellValue) -> frozenset[tuple[str, str]]:
    """Pairs of shift codes: ``A+C; B+C``."""
    expected = "pairs of shift codes separated by semicolons, e.g. A+C; B+C"
    pairs: set[tuple[str, str]] = set()
    for part in _ITEMS.split(read_text(value)):
        if not part:
            continue
        codes = [code for code in _PAIR.split(part) if code]
        if len(codes) != 2:
            raise CellError("is not a list of shift pairs", expected)
        pairs.add((codes[0], codes[1]))
    return frozenset(pairs)


def read_sequences(value: CellValue) -> tuple[ForbiddenSequence, ...]:
    """Forbidden sequences separated by semicolons: ``C A; N - N`` (``-`` is a day off)."""
    sequences: list[ForbiddenSequence] = []
    for part in _ITEMS.split(read_text(value)):
        if not part:
            continue
        try:
            sequences.append(ForbiddenSequence(pattern=part))
        except ValidationError:
            raise CellError(
                "is not a list of shift sequences",
                "two or more shift codes per sequence, sequences separated by semicolons, "
                "e.g. C A; N - N",
            ) from None
    return tuple(sequences)


def _choice(value: CellValue, choices: dict[str, _T], error: str, expected: str) -> _T:
    key = re.sub(r"\s+", " ", read_text(value).lower())
    if key in choices:
        return choices[key]
    raise CellError(error, expected)


def read_leave_kind(value: CellValue) -> LeaveKind:
    """A kind of leave: ``annual``, ``sick``, ... or ``年假``, ``病假``, ``事假``, ``调休``."""
    return _choice(
        value,
        LEAVE_KINDS,
        "is not a kind of leave",
        "annual, sick, personal, in_lieu, unavailable or other (年假/病假/事假/调休/不可用/其他)",
    )


def read_leave_status(value: CellValue) -> LeaveStatus:
    """``approved`` (已批准) or ``requested`` (申请中)."""
    return _choice(
        value, LEAVE_STATUSES, "is not a leave status", "approved or requested (已批准/申请中)"
    )


def read_want(value: CellValue) -> bool:
    """Whether a request is for (``yes``, ``want``, ``想``) or against (``no``, ``avoid``) it."""
    if isinstance(value, bool):
        return value
    wants = dict.fromkeys(_WANT, True) | dict.fromkeys(_AVOID, False)
    return _choice(value, wants, "is not yes or no", "yes or no (want/avoid, 想/不想)")


def read_pin_shift(value: CellValue) -> str | None:
    """A pinned shift code; ``-``, ``off`` or ``休`` pin the day off."""
    text = read_text(value)
    return None if text.lower() in _OFF else text


def is_none_word(value: object) -> bool:
    """Whether a settings value says "no limit" (``none``, ``无``, ``不限``)."""
    return isinstance(value, str) and value.strip().lower() in _NONE
