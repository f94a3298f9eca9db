"""The problem checks its parts against each other and locates every inconsistency."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from models import (
    CoverageWindow,
    Leave,
    Pin,
    Problem,
    ProblemError,
    Rules,
    ShiftDemand,
    ShiftType,
    Staff,
    StaffRules,
)

START = date(2026, 12, 7)
SHIFTS = (
    ShiftType(code="A", start="09:00", end="17:00"),
    ShiftType(code="C", start="20:00", end="22:00", on_call=True),
    ShiftType(code="N", start="22:00", end="06:00"),
)


def problem(**changes: Any) -> Problem:
    """A small valid problem with some fields replaced."""
    fields: dict[str, Any] = {
        "start": START,
        "days": 7,
        "shift_types": SHIFTS,
        "staff": (Staff(id="S1", name="张伟"), Staff(id="S2", name="李娜")),
    }
    return Problem(**{**fields, **changes})


def issues_of(**changes: Any) -> list[str]:
    """The located issues a problem with these changes is rejected for."""
    with pytest.raises(ValidationError) as caught:
        problem(**changes)
    error = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(error, ProblemError)
    return [str(issue) for issue in error.issues]


def test_shift_type_lengths_and_lateness() -> None:
    """Overnight shifts run past midnight; on-call and evening shifts count as late."""
    day, on_call, night = SHIFTS
    assert (day.length_minutes, on_call.length_minutes, night.length_minutes) == (480, 120, 480)
    assert night.end_minutes == 1800
    assert not day.is_late and on_call.is_late and night.is_late
    assert day.paid_minutes == 480
    assert ShiftType(code="H", start="09:00", end="13:00", paid_hours=3.5).paid_minutes == 210


def test_unknown_references_are_located() -> None:
    """Unknown staff ids and shift codes are reported with section, item and field."""
    found = issues_of(
        staff=(Staff(id="S1", shift_types=frozenset({"B"})),),
        shift_demands=(ShiftDemand(shift="X"),),
        leave=(Leave(staff_id="S9", start=START, end=START),),
    )
    assert any(text.startswith("staff #1, shift types = 'B'") for text in found)
    assert any(text.startswith("coverage #1, shift = 'X'") for text in found)
    assert any(text.startswith("leave #1, staff id = 'S9'") for text in found)


def test_duplicate_staff_ids_are_rejected() -> None:
    """Two people with one id cannot both be on the rota."""
    found = issues_of(staff=(Staff(id="S1"), Staff(id="S1")))
    assert found == ["staff #1, id = 'S1': a unique value", "staff #2, id = 'S1': a unique value"]


def test_pin_on_approved_leave_is_a_contradiction() -> None:
    """A pin to work on a day of approved leave names the leave it clashes with."""
    found = issues_of(
        leave=(Leave(staff_id="S1", start=START, end=START),),
        pins=(Pin(staff_id="S1", date=START, shift="A"),),
    )
    assert found == [
        "pins #1, date = datetime.date(2026, 12, 7): a day S1 is not on approved leave "
        "(2026-12-07 to 2026-12-07)"
    ]


def test_overlapping_shifts_cannot_be_allowed_on_one_day() -> None:
    """A and C may share a day; A and a shift overlapping it may not."""
    assert problem(rules=Rules(allowed_same_day=frozenset({("A", "C")})))
    overlapping = ShiftType(code="B", start="12:00", end="20:00")
    found = issues_of(
        shift_types=(*SHIFTS, overlapping), rules=Rules(allowed_same_day=frozenset({("A", "B")}))
    )
    assert "two shifts that do not overlap" in found[0]


def test_cyclic_rota_is_at_least_a_week() -> None:
    """A cyclic rota shorter than 7 days is refused."""
    assert "a cyclic rota of at least 7 days" in issues_of(days=5, rules=Rules(cyclic=True))[0]


def test_rules_for_applies_personal_overrides() -> None:
    """A person's own limits replace the global ones; the rest stay global."""
    part_timer = Staff(id="P", rules=StaffRules(max_hours_per_week=20, max_consecutive_days=4))
    rules = problem(staff=(part_timer,)).rules_for(part_timer)
    assert rules.max_minutes_per_week == 1200
    assert rules.max_consecutive_days == 4
    assert rules.min_days_off_per_week == 1
    assert rules.target_minutes_per_week == 2400


def test_with_changes_validates_again() -> None:
    """Changing a problem checks it anew instead of carrying stale lookups."""
    original = problem()
    assert original.staff_by_id.keys() == {"S1", "S2"}
    smaller = original.with_changes(staff=(Staff(id="S3"),))
    assert smaller.staff_by_id.keys() == {"S3"}
    with pytest.raises(ValidationError):
        original.with_changes(pins=(Pin(staff_id="S9", date=START),))


def test_problem_round_trips_through_json() -> None:
    """The JSON form (used by the CLI and API) reads back to an equal problem, times as HH:MM."""
    original = problem(coverage_windows=(CoverageWindow(start="09:00", end="24:00"),))
    text = original.model_dump_json()
    assert '"start":"09:00","end":"24:00"' in text
    assert Problem.model_validate_json(text) == original
