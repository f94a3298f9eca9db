"""A person's shift types: the ones they may be given, and the ones they may be given at all."""

from __future__ import annotations

from models import Staff, StaffRules


def test_a_shift_type_is_out_of_reach_when_not_theirs_or_capped_at_zero() -> None:
    """A person may ever work a type only if it is one of theirs and their max of it is not 0."""
    person = Staff(
        id="S1",
        shift_types=frozenset({"A", "B", "C"}),
        rules=StaffRules(max_shifts={"B": 0, "C": 3}),
    )
    assert person.may_ever_work("A")
    assert not person.may_ever_work("B")
    assert person.may_work("B")
    assert person.may_ever_work("C")
    assert not person.may_ever_work("D")
    assert Staff(id="S2").may_ever_work("D")
