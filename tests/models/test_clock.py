"""Times of day: one parser, minutes since midnight, 24:00 expressible."""

from __future__ import annotations

import pytest

from models import format_clock, format_span, parse_clock


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("09:00", 540),
        ("9:30", 570),
        ("00:00", 0),
        ("24:00", 1440),
        ("20：00", 1200),
        ("07:15:00", 435),
    ],
)
def test_parse_clock_reads_times_of_day(text: str, minutes: int) -> None:
    """HH:MM, H:MM, a full-width colon, trailing seconds and 24:00 all read as minutes."""
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["25:00", "24:30", "12:60", "noon", "", "9"])
def test_parse_clock_rejects_what_is_not_a_time(text: str) -> None:
    """Impossible or malformed times raise with a message saying what is expected."""
    with pytest.raises(ValueError, match="time of day"):
        parse_clock(text)


def test_format_clock_and_span_round_trip() -> None:
    """Formatting writes 24:00 for midnight at the end of a day and the clock time past midnight."""
    assert format_clock(1440) == "24:00"
    assert format_clock(1800) == "06:00"
    assert parse_clock(format_clock(545)) == 545
    assert format_span(1320, 360) == "22:00–06:00"
