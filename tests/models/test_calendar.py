"""The horizon: days, weeks, weekends, and the one weekday parser."""

from __future__ import annotations

from datetime import date

import pytest

from models import Horizon, format_weekdays, parse_weekdays


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mon-Sun", set(range(7))),
        ("Mon-Fri", set(range(5))),
        ("Sat", {5}),
        ("Mon,Wed", {0, 2}),
        ("周一至周五", set(range(5))),
        ("星期六、星期日", {5, 6}),
        ("Fri-Mon", {4, 5, 6, 0}),
        ("每天", set(range(7))),
    ],
)
def test_parse_weekdays(text: str, days: set[int]) -> None:
    """English and Chinese weekday names, ranges (also wrapping ones) and lists are understood."""
    assert parse_weekdays(text) == frozenset(days)


def test_parse_weekdays_rejects_unknown_words() -> None:
    """A word that is not a weekday is an error naming it."""
    with pytest.raises(ValueError, match="'Funday' is not a weekday"):
        parse_weekdays("Mon,Funday")


def test_format_weekdays_is_compact() -> None:
    """Whole weeks and runs print as ranges, other sets as lists."""
    assert format_weekdays(frozenset(range(7))) == "Mon-Sun"
    assert format_weekdays(frozenset(range(5))) == "Mon-Fri"
    assert format_weekdays(frozenset({5, 6})) == "Sat,Sun"


def test_horizon_weeks_and_weekends_from_a_wednesday() -> None:
    """Weeks are 7-day blocks from the start; a weekend cut by an end keeps its inside days."""
    horizon = Horizon(date(2026, 12, 9), 12)  # Wednesday to Sunday of the next week
    assert horizon.weeks == (tuple(range(7)), tuple(range(7, 12)))
    assert horizon.full_weeks == (tuple(range(7)),)
    assert horizon.weekends == ((3, 4), (10, 11))
    assert horizon.weekend_index == {3: 0, 4: 0, 10: 1, 11: 1}
    assert horizon.day_of(date(2026, 12, 20)) == 11
    assert horizon.day_of(date(2026, 12, 21)) is None
    assert horizon.weekday(0) == 2
