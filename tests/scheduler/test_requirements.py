"""Coverage as plain counts: what the rows say a rota costs is what the checker says its
coverage costs."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from models import ObjectiveFamily, Problem, Rota
from samples.build import call_centre_seed, service_desk_regions
from scheduler.requirements import coverage_rows
from scheduler.validate import validate

COVERAGE = (
    ObjectiveFamily.UNCOVERED,
    ObjectiveFamily.OVERSTAFFED,
    ObjectiveFamily.DEMAND_UNDER,
    ObjectiveFamily.DEMAND_OVER,
)


def _random_cells(problem: Problem, seed: int) -> set[tuple[int, int, int]]:
    """Each person works a random shift type of theirs on about two days in three."""
    pick = random.Random(seed)
    cells = set()
    for e, person in enumerate(problem.staff):
        theirs = [s for s, t in enumerate(problem.shift_types) if person.may_ever_work(t.code)]
        for d in range(problem.days):
            if theirs and pick.random() < 2 / 3:
                cells.add((e, d, pick.choice(theirs)))
    return cells


@pytest.mark.parametrize(
    "problem",
    [
        call_centre_seed(),
        call_centre_seed(on_call_until="24:00"),
        service_desk_regions(),
    ],
    ids=["seed", "seed_24h", "regions"],
)
@pytest.mark.parametrize("seed", [0, 1])
def test_the_rows_cost_what_the_checker_says_coverage_costs(
    problem: Problem,
    seed: int,
    rota_of_cells: Callable[[Problem, set[tuple[int, int, int]]], Rota],
) -> None:
    cells = _random_cells(problem, seed)
    rows = coverage_rows(problem)
    by_rows = sum(
        row.cost(sum(1 for e in row.counting for d, s in row.cells if (e, d, s) in cells))
        for row in rows
    )
    report = validate(problem, rota_of_cells(problem, cells))
    assert by_rows == sum(report.by_family.get(family, 0) for family in COVERAGE)
    assert by_rows > 0


def test_a_slice_no_shift_spans_is_a_row_of_no_cells() -> None:
    # The seed's 22:00-24:00: nobody can cover it, on each of the 21 days.
    rows = coverage_rows(call_centre_seed())
    empty = [row for row in rows if not row.cells]
    assert len(empty) == 21
    assert {row.cost(0) for row in empty} == {100 * 120}
