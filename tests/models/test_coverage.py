"""Coverage requirements know the days they hold on."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from models import CoverageWindow, ShiftDemand
from models.calendar import Horizon

START = date(2026, 12, 7)


@given(
    days=st.integers(min_value=1, max_value=60),
    weekdays=st.frozensets(st.integers(min_value=0, max_value=6)),
    offsets=st.none() | st.frozensets(st.integers(min_value=-10, max_value=70)),
)
def test_days_within_are_the_days_it_applies_on(
    days: int, weekdays: frozenset[int], offsets: frozenset[int] | None
) -> None:
    """A requirement's days within a horizon are exactly the days it applies on, in order,
    whether it lists weekdays or dates (dates outside the horizon are left out)."""
    horizon = Horizon(start=START, days=days)
    dates = None if offsets is None else frozenset(START + timedelta(k) for k in offsets)
    demand = ShiftDemand(shift="A", weekdays=weekdays, dates=dates)
    window = CoverageWindow(start="09:00", end="17:00", weekdays=weekdays, dates=dates)
    expected = [d for d in range(days) if demand.applies_on(horizon.date_of(d))]
    assert demand.days_within(horizon) == expected
    assert window.days_within(horizon) == expected
