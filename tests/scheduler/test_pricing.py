"""The bound from prices on coverage: it sees each person's rules on sequences, it holds for
every rota, and it stops when asked."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest

from api.import_curtois import read_curtois
from models import Problem, Rules, ShiftDemand, ShiftRequest, ShiftType, Staff, StaffRules, Weights
from scheduler.pricing import PricingBound, pricing_bound
from scheduler.relaxation import relaxation_bound
from scheduler.solve import solve
from scheduler.validate import validate

MONDAY = date(2026, 12, 7)
DAY = ShiftType(code="D", start="09:00", end="17:00")
CURTOIS = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "curtois"


def _one_person(days: int, **rules: object) -> Problem:
    """One person, one shift a day wanted every day; no shape terms, so only coverage costs."""
    return Problem(
        start=MONDAY,
        days=days,
        shift_types=(DAY,),
        staff=(Staff(id="S0"),),
        shift_demands=(ShiftDemand(shift="D", min_staff=1, weight_under=100),),
        rules=Rules(max_hours_per_week=None, min_days_off_per_week=0, **rules),
        weights=Weights(isolated_work_day=0, isolated_day_off=0),
    )


def test_the_bound_sees_the_rest_between_shifts() -> None:
    # A late shift on Monday and an early one on Tuesday, 8 hours apart, with one person who
    # needs 11 hours of rest: one of the two stays uncovered. The relaxation leaves rest out.
    late = ShiftType(code="L", start="14:00", end="22:00")
    early = ShiftType(code="E", start="06:00", end="14:00")
    problem = Problem(
        start=MONDAY,
        days=2,
        shift_types=(early, late),
        staff=(Staff(id="S0"),),
        shift_demands=(
            ShiftDemand(shift="L", dates=(MONDAY,), min_staff=1, weight_under=100),
            ShiftDemand(shift="E", dates=(date(2026, 12, 8),), min_staff=1, weight_under=100),
        ),
        rules=Rules(max_hours_per_week=None, min_days_off_per_week=0),
        weights=Weights(isolated_work_day=0, isolated_day_off=0),
    )
    assert relaxation_bound(problem, 10) == 0
    assert pricing_bound(problem, 10) == 100
    result = solve(problem, time_limit_s=5, workers=1, seed=0)
    assert result.rota is not None
    assert validate(problem, result.rota).objective == 100


def test_the_bound_weighs_each_person_s_own_wishes_and_the_shape_of_their_rota() -> None:
    # Two people, one shift a day for a week: whoever works it, someone works against a wish
    # not to on Wednesday (50), or the shift stays uncovered (100).
    problem = Problem(
        start=MONDAY,
        days=7,
        shift_types=(DAY,),
        staff=(Staff(id="S0"), Staff(id="S1")),
        shift_demands=(ShiftDemand(shift="D", min_staff=1, max_staff=1, weight_under=100),),
        requests=tuple(
            ShiftRequest(staff_id=sid, date=date(2026, 12, 9), want=False, weight=50)
            for sid in ("S0", "S1")
        ),
        rules=Rules(max_hours_per_week=None, min_days_off_per_week=0),
        weights=Weights(hours_spread=0, late_spread=0, weekends_spread=0),
    )
    bound = pricing_bound(problem, 10)
    result = solve(problem, time_limit_s=5, workers=1, seed=0)
    assert result.rota is not None and result.objective is not None
    assert 50 <= bound <= validate(problem, result.rota).objective


def test_people_with_fewer_hours_than_the_shifts_leave_shifts_uncovered() -> None:
    problem = _one_person(7).with_changes(
        staff=(Staff(id="S0", rules=StaffRules(max_total_hours=16)),)
    )
    assert pricing_bound(problem, 10) == 500


def test_hard_demands_get_no_bound_here() -> None:
    problem = _one_person(3).with_changes(
        shift_demands=(ShiftDemand(shift="D", min_staff=1, hard=True),)
    )
    assert pricing_bound(problem, 10) == 0


@pytest.mark.skipif(not CURTOIS.is_dir(), reason="public benchmarks not found")
def test_the_bound_meets_the_best_known_value_on_a_small_benchmark() -> None:
    # Curtois Instance2: best known 828, which CP-SAT proves optimal as well.
    problem = read_curtois(CURTOIS / "Instance2.txt")
    priced = PricingBound(problem)
    assert priced.run(30) == 828
    assert priced.rounds[-1].programme == pytest.approx(828, abs=1e-3)


@pytest.mark.skipif(not CURTOIS.is_dir(), reason="public benchmarks not found")
def test_the_rounds_stop_when_interrupted_and_keep_their_bound() -> None:
    problem = read_curtois(CURTOIS / "Instance8.txt")
    priced = PricingBound(problem)
    ran = threading.Thread(target=priced.run, args=(60,))
    began = time.perf_counter()
    ran.start()
    time.sleep(3)
    priced.interrupt()
    ran.join(5)
    assert not ran.is_alive()
    assert time.perf_counter() - began < 6
    assert priced.best >= 0
