"""Times of day, kept as minutes since midnight so that 24:00 (= 1440) is expressible."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer

MINUTES_PER_DAY = 1440

_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:：.]\s*(\d{2})(?:\s*[:：]\s*00)?\s*$")


def parse_clock(text: str) -> int:
    """Read a time of day such as ``09:00``, ``9:30`` or ``24:00`` as minutes since midnight."""
    match = _CLOCK.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a time of day; expected HH:MM such as 09:00 or 24:00")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes != 0):
        raise ValueError(f"{text!r} is not a time of day; expected 00:00 to 24:00")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """Write minutes since midnight as ``HH:MM`` (1440 is written ``24:00``)."""
    if minutes == MINUTES_PER_DAY:
        return "24:00"
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_span(start: int, end: int) -> str:
    """Write a span of the day as ``HH:MM–HH:MM``; an end past midnight shows as its clock time."""
    end_text = "24:00" if end == MINUTES_PER_DAY else format_clock(end)
    return f"{format_clock(start)}–{end_text}"


def _coerce_clock(value: Any) -> Any:
    if isinstance(value, str):
        return parse_clock(value)
    return value


Clock = Annotated[
    int,
    BeforeValidator(_coerce_clock),
    Field(ge=0, le=MINUTES_PER_DAY),
    PlainSerializer(format_clock, return_type=str, when_used="json"),
]
"""A time of day in minutes since midnight; accepts ``"09:00"`` and writes ``"09:00"`` in JSON."""
