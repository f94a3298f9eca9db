"""The solver end to end: the call-centre seed, an infeasible problem, the result, progress."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from models import (
    CoverageWindow,
    ObjectiveFamily,
    Problem,
    Report,
    Rota,
    Rules,
    ShiftType,
    Staff,
)
from scheduler import solve as solve_module
from scheduler.construct import Cell, build_person_by_person
from scheduler.result import SolveResult, SolveStatus
from scheduler.solve import Progress, solve
from scheduler.validate import validate

Seed = tuple[Problem, SolveResult, Report, list[Progress]]


def call_centre_seed(on_call_until: str = "22:00") -> Problem:
    """The handbook's team (as in ``samples/build.py``): 4 agents, A and B on site, C on call
    from home, someone on duty 09:00–24:00 every day, from Monday 2026-12-07 for 3 weeks."""
    return Problem(
        start=date(2026, 12, 7),
        days=21,
        shift_types=(
            ShiftType(code="A", start="09:00", end="17:00"),
            ShiftType(code="B", start="12:00", end="20:00"),
            ShiftType(code="C", start="20:00", end=on_call_until, on_call=True),
        ),
        staff=tuple(Staff(id=f"S{k}", team="客服中心") for k in range(1, 5)),
        coverage_windows=(CoverageWindow(start="09:00", end="24:00", min_staff=1),),
        rules=Rules(max_hours_per_week=44),
    )


def grid(problem: Problem, rota: Rota | None) -> dict[str, list[frozenset[str]]]:
    """The shift codes each person works on each day index."""
    assert rota is not None
    codes: dict[str, list[set[str]]] = {
        p.id: [set() for _ in range(problem.days)] for p in problem.staff
    }
    for assignment in rota.assignments:
        index = problem.horizon.day_of(assignment.date)
        assert index is not None
        codes[assignment.staff_id][index].add(assignment.shift)
    return {staff_id: [frozenset(cell) for cell in row] for staff_id, row in codes.items()}


def work_blocks(row: list[frozenset[str]]) -> list[list[frozenset[str]]]:
    """Maximal runs of working days, each as the list of its days' shift codes."""
    blocks: list[list[frozenset[str]]] = []
    previous = False
    for codes in row:
        if codes and previous:
            blocks[-1].append(codes)
        elif codes:
            blocks.append([codes])
        previous = bool(codes)
    return blocks


def by_family(result: SolveResult) -> dict[ObjectiveFamily, int]:
    """The model's objective per family, non-zero families only."""
    totals: dict[ObjectiveFamily, int] = defaultdict(int)
    for term in result.terms:
        totals[term.family] += term.cost
    return {family: cost for family, cost in totals.items() if cost != 0}


@pytest.fixture(scope="module")
def seed() -> Seed:
    """The call-centre seed (on call until 22:00) solved once for all the tests below.

    Two workers, as the web app and the CLI use: CP-SAT's single worker has no LNS and stays far
    from the rota quality these tests ask for. Two workers are not deterministic: at 20 s one run
    in three on a quiet 2-core machine still shared on-call duty 4/7/7/4, so the rota gets 40 s.
    """
    problem = call_centre_seed()
    progress: list[Progress] = []
    result = solve(problem, time_limit_s=40, workers=2, seed=0, on_progress=progress.append)
    assert result.rota is not None
    return problem, result, validate(problem, result.rota), progress


def test_seed_works_a_b_and_c_every_day(seed: Seed) -> None:
    """Every day of the seed rota someone works A, someone B and someone C."""
    problem, result, _, _ = seed
    assert result.status.has_rota
    cells = grid(problem, result.rota)
    for d in range(problem.days):
        worked = frozenset().union(*(row[d] for row in cells.values()))
        assert worked == {"A", "B", "C"}, problem.horizon.date_of(d)


def test_seed_lists_the_22_to_24_structural_gap(seed: Seed) -> None:
    """22:00–24:00 is a structural gap on all 21 days, and the only time left uncovered."""
    problem, result, report, _ = seed
    assert [(gap.start, gap.end, len(gap.dates)) for gap in result.structural_gaps] == [
        (22 * 60, 24 * 60, 21)
    ]
    assert report.by_family[ObjectiveFamily.UNCOVERED] == 21 * 120 * 100
    assert problem.days == 21


def test_seed_rota_keeps_every_rule_and_objective_matches(seed: Seed) -> None:
    """The checker finds no rule broken and the same objective, in total and per family."""
    _, result, report, _ = seed
    assert report.rule_breaks == ()
    assert result.objective == report.objective
    assert by_family(result) == report.by_family


def test_seed_paid_hours_are_even(seed: Seed) -> None:
    """The four agents' paid time differs by at most two hours over the three weeks."""
    _, _, report, _ = seed
    paid = [summary.paid_minutes for summary in report.staff]
    assert max(paid) - min(paid) <= 120, paid


def test_seed_on_call_and_weekends_are_even(seed: Seed) -> None:
    """C shifts and weekends worked differ by at most one between agents."""
    _, _, report, _ = seed
    on_call = [summary.shift_counts["C"] for summary in report.staff]
    weekends = [summary.weekends_worked for summary in report.staff]
    assert max(on_call) - min(on_call) <= 1, on_call
    assert max(weekends) - min(weekends) <= 1, weekends


def steady_blocks(row: list[frozenset[str]]) -> tuple[int, int]:
    """(blocks of 2+ working days on one shift type only, blocks of 2+ working days)."""
    blocks = [block for block in work_blocks(row) if len(block) >= 2]
    return sum(1 for block in blocks if len(frozenset().union(*block)) == 1), len(blocks)


def test_seed_each_agent_keeps_one_shift_type_per_block(seed: Seed) -> None:
    """Each agent works one shift type only in at least half of their work blocks of 2+ days."""
    problem, result, _, _ = seed
    for staff_id, row in grid(problem, result.rota).items():
        steady, blocks = steady_blocks(row)
        assert blocks, staff_id
        assert 2 * steady >= blocks, (staff_id, row)


def test_seed_agents_keep_one_shift_type_through_most_blocks(seed: Seed) -> None:
    """Over all agents most blocks of 2+ days keep one type; under one change per agent-week."""
    problem, result, report, _ = seed
    counts = [steady_blocks(row) for row in grid(problem, result.rota).values()]
    steady, blocks = sum(c[0] for c in counts), sum(c[1] for c in counts)
    assert 2 * steady >= blocks, counts
    changes = sum(1 for term in report.terms if term.family is ObjectiveFamily.SHIFT_CHANGE)
    assert changes <= len(problem.staff) * problem.days // 7


def test_progress_reports_improving_objectives(seed: Seed) -> None:
    """on_progress is called with ever better objectives, ending at the returned one."""
    _, result, _, progress = seed
    assert progress
    objectives = [step.objective for step in progress]
    assert objectives == sorted(objectives, reverse=True)
    assert len(set(objectives)) == len(objectives)
    assert objectives[-1] == result.objective
    assert all(step.best_bound <= step.objective for step in progress)
    times = [step.elapsed_s for step in progress]
    assert times == sorted(times)


def test_seed_with_on_call_until_midnight_is_fully_covered() -> None:
    """With C running to 24:00 there is no structural gap and nothing stays uncovered."""
    problem = call_centre_seed("24:00")
    # Alone, one worker covers every window within 5 s for seeds 0-3, and within 2 s for only
    # half of them; a fresh clone once failed at 5 s (18 000 uncovered). Speed is measured by
    # the benchmarks, so this test allows twice that.
    result = solve(problem, time_limit_s=10, workers=1, seed=0)
    assert result.status.has_rota
    assert result.rota is not None
    assert result.structural_gaps == ()
    report = validate(problem, result.rota)
    assert report.rule_breaks == ()
    assert ObjectiveFamily.UNCOVERED not in report.by_family
    assert ObjectiveFamily.UNCOVERED not in by_family(result)


def test_infeasible_problem_returns_a_status_not_an_exception() -> None:
    """A weekly minimum above the weekly maximum: INFEASIBLE, no rota, no report, a message."""
    problem = Problem(
        start=date(2026, 12, 7),
        days=7,
        shift_types=(ShiftType(code="A", start="09:00", end="17:00"),),
        staff=(Staff(id="S1"),),
        rules=Rules(min_hours_per_week=50, max_hours_per_week=40),
    )
    result = solve(problem, time_limit_s=2, workers=1, seed=0)
    assert result.status is SolveStatus.INFEASIBLE
    assert not result.status.has_rota
    assert result.rota is None
    assert result.report is None
    assert result.objective is None
    assert result.terms == ()
    assert "hard rule" in result.message


@pytest.mark.parametrize(
    ("status", "has_rota"),
    [
        (SolveStatus.OPTIMAL, True),
        (SolveStatus.FEASIBLE, True),
        (SolveStatus.INFEASIBLE, False),
        (SolveStatus.UNKNOWN, False),
        (SolveStatus.INVALID, False),
    ],
)
def test_only_optimal_and_feasible_have_a_rota(status: SolveStatus, has_rota: bool) -> None:
    """`has_rota` is true exactly for OPTIMAL and FEASIBLE."""
    assert status.has_rota is has_rota


@pytest.mark.parametrize(
    ("objective", "best_bound", "gap"),
    [(None, None, None), (200, None, None), (0, 0, 0.0), (200, 150, 0.25), (100, 120, 0.0)],
)
def test_gap_is_relative_distance_to_the_bound(
    objective: int | None, best_bound: int | None, gap: float | None
) -> None:
    """`gap` is (objective − bound) / objective, 0 at a zero objective, None without both."""
    result = SolveResult(status=SolveStatus.FEASIBLE, objective=objective, best_bound=best_bound)
    assert result.gap == gap


def two_teams(line_until: str = "24:00") -> Problem:
    """Two seed teams, each with its own line from 09:00: two independent parts, solved one after
    the other; until 24:00 neither is proven optimal within a minute (the seed is not in 20 s)."""
    seed_team = call_centre_seed()
    staff = tuple(
        Staff(id=f"{team}{k}", team=team) for team in ("north", "south") for k in range(1, 5)
    )
    windows = tuple(
        CoverageWindow(start="09:00", end=line_until, min_staff=1, team=team)
        for team in ("north", "south")
    )
    return seed_team.with_changes(staff=staff, coverage_windows=windows)


def test_stop_keeps_the_best_rota_and_completes_every_part() -> None:
    """Asked to stop at once, a long solve ends early with a whole, valid rota, marked stopped."""
    problem = two_teams()
    result = solve(problem, time_limit_s=60, workers=1, seed=0, should_stop=lambda: True)
    assert result.stopped and result.status.has_rota
    assert result.parts == 2
    assert result.wall_time_s < 30  # of 60 s allowed
    assert result.rota is not None and result.report is not None
    assert {item.staff_id for item in result.rota.assignments} == {p.id for p in problem.staff}
    report = validate(problem, result.rota)
    assert report.is_valid
    assert result.objective == report.objective


def test_a_stop_never_asked_for_changes_nothing() -> None:
    """A stop check that stays False lets the solve run as without one, and it is not stopped."""
    problem = two_teams(line_until="20:00")
    asked: list[bool] = []

    def never() -> bool:
        asked.append(True)
        return False

    result = solve(problem, time_limit_s=4, workers=1, seed=0, should_stop=never)
    assert not result.stopped
    assert result.rota is not None
    assert result.message == ""
    assert asked, "the stop check was never polled"


def test_rota_too_large_for_the_full_search_is_drawn_and_improved(
    tight_problem: Callable[..., Problem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the cells a full search can presolve in its share, the rota drawn person by person
    and improved by LNS is returned, breaks no rule, and has the checker's objective."""
    monkeypatch.setattr(solve_module, "_LNS_MIN_CELLS", 0)
    monkeypatch.setattr(solve_module, "_FULL_SEARCH_CELLS_PER_S", 0)
    problem = tight_problem()
    result = solve(problem, time_limit_s=3.0, workers=1, seed=0)
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    assert result.rota is not None
    report = validate(problem, result.rota)
    assert report.rule_breaks == ()
    assert report.objective == result.objective
    assert result.first_solution_s is not None
    assert result.first_solution_s <= result.wall_time_s


def test_full_search_is_skipped_sooner_where_the_coverage_is_shift_demands_only(
    tight_problem: Callable[..., Problem],
) -> None:
    """Shift demands alone: above ``_DRAWN_START_CELLS_PER_S`` the rota drawn person by person
    is the start, as measured on such rotas. With a coverage window only a part the full search
    cannot presolve (``_FULL_SEARCH_CELLS_PER_S``) skips it."""
    demands_only = tight_problem()
    windowed = demands_only.with_changes(
        coverage_windows=(CoverageWindow(start="06:00", end="22:00", min_staff=1),)
    )
    cells = solve_module._size(demands_only)

    def limit_at(cells_per_s: float) -> float:
        return cells / cells_per_s

    drawn, presolve = solve_module._DRAWN_START_CELLS_PER_S, solve_module._FULL_SEARCH_CELLS_PER_S
    assert not solve_module._skips_full_search(demands_only, limit_at(0.9 * drawn))
    assert solve_module._skips_full_search(demands_only, limit_at(1.1 * drawn))
    assert not solve_module._skips_full_search(windowed, limit_at(1.1 * drawn))
    assert solve_module._skips_full_search(windowed, limit_at(1.1 * presolve))


def test_with_windows_a_rota_is_drawn_beside_the_full_one_only_from_mid_cells(
    tight_problem: Callable[..., Problem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On shift demands a large part draws a rota person by person after its full search's rota
    at any size; with a coverage window only from ``_MID_CELLS`` cells on."""
    demands_only = tight_problem()
    windowed = demands_only.with_changes(
        coverage_windows=(CoverageWindow(start="06:00", end="22:00", min_staff=1),)
    )
    cells = solve_module._size(windowed)
    monkeypatch.setattr(solve_module, "_MID_CELLS", cells + 1)
    assert solve_module._draws_after_full_rota(demands_only)
    assert not solve_module._draws_after_full_rota(windowed)
    monkeypatch.setattr(solve_module, "_MID_CELLS", cells)
    assert solve_module._draws_after_full_rota(windowed)


def test_drawn_rota_covers_the_windows_of_a_rota_too_large_for_the_full_search(
    tight_problem: Callable[..., Problem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started from the rota drawn person by person, which weighs coverage windows, a rota with a
    window and no shift demands comes back with every minute of it covered, keeping the rules,
    with the checker's objective."""
    monkeypatch.setattr(solve_module, "_LNS_MIN_CELLS", 0)
    monkeypatch.setattr(solve_module, "_FULL_SEARCH_CELLS_PER_S", 0)
    window = CoverageWindow(start="06:00", end="22:00", min_staff=1, weight_under=10)
    problem = tight_problem(shift_demands=(), coverage_windows=(window,))
    drawn: list[Problem] = []
    searches_end: list[float | None] = []

    def counted(part: Problem, *args: Any, searches_end_s: float | None = None) -> set[Cell] | None:
        drawn.append(part)
        searches_end.append(searches_end_s)
        return build_person_by_person(part, *args, searches_end_s=searches_end_s)

    monkeypatch.setattr(solve_module, "build_person_by_person", counted)
    result = solve(problem, time_limit_s=3.0, workers=1, seed=0)
    assert len(drawn) == 1
    # The people's own searches end in time to complete the drawn rota within the limit.
    (end,) = searches_end
    assert end is not None and 0 < end < 3.0
    assert result.rota is not None
    report = validate(problem, result.rota)
    assert report.rule_breaks == ()
    assert report.objective == result.objective
    assert [t for t in report.terms if t.family.value == "uncovered"] == []


def test_bound_searched_beside_the_drawn_rota_keeps_the_rules_and_progress_improving(
    tight_problem: Callable[..., Problem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two workers a large part's full search runs on one of them, for the bound, while the
    other draws a rota person by person and improves it: the rota keeps every rule, has the
    checker's objective, lies at or above the bound, and progress only ever improves (the full
    search's own, worse rotas are not reported)."""
    monkeypatch.setattr(solve_module, "_LNS_MIN_CELLS", 0)
    monkeypatch.setattr(solve_module, "_BESIDE_CELLS_PER_S", 0)
    problem = tight_problem()
    assert solve_module._bound_beside(problem, time_limit_s=4.0, workers=2)
    seen: list[Progress] = []
    result = solve(problem, time_limit_s=4.0, workers=2, seed=0, on_progress=seen.append)
    assert result.rota is not None
    report = validate(problem, result.rota)
    assert report.rule_breaks == ()
    assert report.objective == result.objective
    assert result.best_bound is not None and result.best_bound <= result.objective
    objectives = [p.objective for p in seen]
    assert objectives, "no progress was reported"
    assert objectives == sorted(objectives, reverse=True)
    assert objectives[-1] >= result.objective


def test_stop_ends_the_bound_search_beside_the_drawn_rota(
    tight_problem: Callable[..., Problem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Stop while the full search runs beside the drawn rota ends it at once, though it has no
    rota of its own (twenty people over four weeks: none in 30 s on one worker); the drawn rota
    stands in, so the result is a whole rota that keeps every rule."""
    monkeypatch.setattr(solve_module, "_LNS_MIN_CELLS", 0)
    monkeypatch.setattr(solve_module, "_BESIDE_CELLS_PER_S", 0)
    problem = tight_problem(people=20, weeks=4)
    stop_at = time.perf_counter() + 1.5
    result = solve(
        problem,
        time_limit_s=60,
        workers=2,
        seed=0,
        should_stop=lambda: time.perf_counter() >= stop_at,
    )
    assert result.stopped
    assert result.wall_time_s < 20  # of 60 s allowed
    assert result.rota is not None
    assert validate(problem, result.rota).rule_breaks == ()
