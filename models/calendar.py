"""The planning horizon: the one place that maps days to dates, weekdays, weeks and weekends."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

DAYS_PER_WEEK = 7
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
ALL_WEEKDAYS: frozenset[int] = frozenset(range(DAYS_PER_WEEK))

_WEEKDAY_WORDS: dict[str, int] = {}
for _index, _name in enumerate(WEEKDAY_NAMES):
    _WEEKDAY_WORDS[_name.lower()] = _index
for _index, _name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
):
    _WEEKDAY_WORDS[_name] = _index
for _index, _digit in enumerate("一二三四五六日"):
    for _prefix in ("周", "星期", "礼拜"):
        _WEEKDAY_WORDS[_prefix + _digit] = _index
for _prefix in ("周", "星期", "礼拜"):
    _WEEKDAY_WORDS[_prefix + "天"] = 6

_EVERY_DAY = {"daily", "every day", "all", "每天", "每日", "全周", "*"}
_RANGE = re.compile(r"\s*(?:-|–|~|至|到)\s*")
_LIST = re.compile(r"\s*[,，、;/]\s*|\s+")


def _weekday(word: str) -> int:
    key = word.strip().lower()
    if key not in _WEEKDAY_WORDS:
        raise ValueError(f"{word!r} is not a weekday; expected Mon..Sun or 周一..周日")
    return _WEEKDAY_WORDS[key]


def parse_weekdays(text: str) -> frozenset[int]:
    """Read weekdays: ``Mon-Sun``, ``Mon-Fri``, ``Sat``, ``Mon,Wed``, ``周一至周五``, ``daily``.

    Weekdays are numbered 0 (Monday) to 6 (Sunday). A range may wrap (``Fri-Mon``).
    """
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("no weekdays given; expected e.g. Mon-Sun, Mon-Fri or Sat")
    if cleaned.lower() in _EVERY_DAY:
        return ALL_WEEKDAYS
    days: set[int] = set()
    for part in _LIST.split(cleaned):
        if not part:
            continue
        ends = _RANGE.split(part)
        if len(ends) == 1:
            days.add(_weekday(ends[0]))
        elif len(ends) == 2:
            first, last = _weekday(ends[0]), _weekday(ends[1])
            span = (last - first) % DAYS_PER_WEEK
            days.update((first + k) % DAYS_PER_WEEK for k in range(span + 1))
        else:
            raise ValueError(f"{part!r} is not a weekday range; expected e.g. Mon-Fri")
    return frozenset(days)


def format_weekdays(
    days: frozenset[int],
    names: Sequence[str] = WEEKDAY_NAMES,
    *,
    through: str = "-",
    separator: str = ",",
) -> str:
    """Write a set of weekdays compactly: ``Mon-Sun``, ``Mon-Fri``, ``Sat,Sun``; other
    ``names`` and joining words give other languages (``周一至周五``)."""
    ordered = sorted(days)
    if days == ALL_WEEKDAYS or (
        len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1))
    ):
        return f"{names[ordered[0]]}{through}{names[ordered[-1]]}"
    return separator.join(names[d] for d in ordered)


@dataclass(frozen=True)
class Horizon:
    """The days of a rota: day 0 is ``start``; weeks are 7-day blocks counted from ``start``."""

    start: date
    days: int
    weekend_days: frozenset[int] = frozenset({5, 6})

    def date_of(self, day: int) -> date:
        """The calendar date of a day index."""
        return self.start + timedelta(days=day)

    def day_of(self, when: date) -> int | None:
        """The day index of a date, or None when the date lies outside the horizon."""
        index = (when - self.start).days
        return index if 0 <= index < self.days else None

    def weekday(self, day: int) -> int:
        """Weekday of a day index: 0 = Monday ... 6 = Sunday."""
        return self.date_of(day).weekday()

    @property
    def end(self) -> date:
        """The last date of the horizon (inclusive)."""
        return self.date_of(self.days - 1)

    def dates(self) -> Iterator[date]:
        """Every date of the horizon in order."""
        return (self.date_of(d) for d in range(self.days))

    @cached_property
    def weeks(self) -> tuple[tuple[int, ...], ...]:
        """Day indexes of each 7-day block from the start; the last may be shorter."""
        return tuple(
            tuple(range(first, min(first + DAYS_PER_WEEK, self.days)))
            for first in range(0, self.days, DAYS_PER_WEEK)
        )

    @cached_property
    def full_weeks(self) -> tuple[tuple[int, ...], ...]:
        """The 7-day blocks that are complete (weekly minimums apply only to those)."""
        return tuple(week for week in self.weeks if len(week) == DAYS_PER_WEEK)

    @cached_property
    def weekends(self) -> tuple[tuple[int, ...], ...]:
        """Day indexes of each weekend that touches the horizon, in order.

        A weekend is a run of consecutive weekend days (Sat+Sun by default); a weekend cut by the
        start or end of the horizon keeps only its days inside the horizon.
        """
        groups: list[list[int]] = []
        for day in range(self.days):
            if self.weekday(day) not in self.weekend_days:
                continue
            if groups and groups[-1][-1] == day - 1:
                groups[-1].append(day)
            else:
                groups.append([day])
        return tuple(tuple(group) for group in groups)

    @cached_property
    def weekend_index(self) -> dict[int, int]:
        """Day index → index in ``weekends`` of the weekend it belongs to, for weekend days."""
        return {day: index for index, weekend in enumerate(self.weekends) for day in weekend}

    def is_weekend(self, day: int) -> bool:
        """Whether a day index falls on a weekend day."""
        return self.weekday(day) in self.weekend_days
