"""Coverage: enough people on duty in every coverage window, and per shift type and day."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models import CoverageWindow, ObjectiveFamily, Problem, ShiftDemand, Staff
from scheduler.penalty import Penalty, weight_or_default
from scheduler.timeline import Slice, window_slices
from scheduler.variables import RotaVars


def counts_for(person: Staff, requirement: CoverageWindow | ShiftDemand) -> bool:
    """Whether a person counts toward a requirement (has its skill, belongs to its team)."""
    if requirement.skill is not None and requirement.skill not in person.skills:
        return False
    return requirement.team is None or person.team == requirement.team


def _on_duty(
    problem: Problem, v: RotaVars, window: CoverageWindow, piece: Slice
) -> cp_model.LinearExprT:
    """Number of people counting for the window who are on duty throughout the slice."""
    return sum(
        v.shift[e][d][s]
        for e, person in enumerate(problem.staff)
        if counts_for(person, window)
        for d, s in piece.covering
        if person.may_work(problem.shift_types[s].code)
    )


def _shortfall(
    model: cp_model.CpModel, missing: cp_model.LinearExprT, most: int
) -> cp_model.IntVar:
    """An integer equal to ``max(0, missing)``, where ``missing`` is at most ``most``."""
    amount = model.new_int_var(0, max(most, 0), "")
    model.add_max_equality(amount, [0, missing])
    return amount


def add_coverage_windows(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """At every minute of a coverage window at least its min people (with its skill, of its team)
    are on duty, and no more than its max. Each missing or surplus person-minute costs the
    window's weight, so a rota always comes back and every shortfall is visible."""
    penalties = []
    for window in problem.coverage_windows:
        under_weight = weight_or_default(window.weight_under, problem.weights.uncovered)
        over_weight = weight_or_default(window.weight_over, problem.weights.overstaffed)
        staff_count = sum(1 for person in problem.staff if counts_for(person, window))
        for d in window.days_within(problem.horizon):
            when = problem.horizon.date_of(d)
            under: list[cp_model.LinearExprT] = []
            over: list[cp_model.LinearExprT] = []
            for piece in window_slices(problem, window, d):
                on_duty = _on_duty(problem, v, window, piece)
                under.append(
                    piece.minutes * _shortfall(model, window.min_staff - on_duty, window.min_staff)
                )
                if window.max_staff is not None:
                    surplus = _shortfall(model, on_duty - window.max_staff, staff_count)
                    over.append(piece.minutes * surplus)
            where = f"{window.description} on {when}"
            penalties.append(
                Penalty(
                    ObjectiveFamily.UNCOVERED, under_weight, sum(under), day=d, explanation=where
                )
            )
            if over:
                penalties.append(
                    Penalty(
                        ObjectiveFamily.OVERSTAFFED,
                        over_weight,
                        sum(over),
                        day=d,
                        explanation=where,
                    )
                )
    return penalties


def _demand_slacks(
    model: cp_model.CpModel, working: cp_model.LinearExprT, demand: ShiftDemand, counting: int
) -> tuple[cp_model.IntVar | None, cp_model.IntVar | None]:
    """People missing below a soft demand's min and surplus above its max (None: cannot happen).

    Both come from one equation, ``working + missing - surplus == min`` when min and max are
    equal (the usual "exactly n"), with a switch so that only one is non-zero. CP-SAT propagates
    the objective through such an equation far better than through ``max(0, ...)``.
    """
    most = demand.max_staff
    missing = model.new_int_var(0, demand.min_staff, "") if demand.min_staff > 0 else None
    surplus = None
    if most is not None and counting > most:
        surplus = model.new_int_var(0, counting - most, "")
    if missing is None or surplus is None or most != demand.min_staff:
        if missing is not None:
            model.add_max_equality(missing, [0, demand.min_staff - working])
        if surplus is not None:
            model.add_max_equality(surplus, [0, working - (most or 0)])
        return missing, surplus
    model.add(cp_model.LinearExpr.sum([working, missing, -surplus]) == demand.min_staff)
    short = model.new_bool_var("")
    model.add(missing == 0).only_enforce_if(short.Not())
    model.add(surplus == 0).only_enforce_if(short)
    return missing, surplus


def add_shift_demands(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """On each day a demand applies, between its min and max people work that shift type; each
    missing or surplus person costs the demand's weight, and a hard demand is never broken."""
    codes = [shift.code for shift in problem.shift_types]
    penalties = []
    kept: set[tuple[tuple[int, ...], int, int | None]] = set()
    # People counting for each (skill, team): year-long instances list one demand per shift and
    # date, tens of thousands of them.
    counting_for: dict[tuple[str | None, str | None], list[int]] = {}
    able_for: dict[tuple[str | None, str | None, str], list[int]] = {}
    for demand in problem.shift_demands:
        s = codes.index(demand.shift)
        under_weight = weight_or_default(demand.weight_under, problem.weights.demand_under)
        over_weight = weight_or_default(demand.weight_over, problem.weights.demand_over)
        key = (demand.skill, demand.team)
        if key not in counting_for:
            counting_for[key] = [e for e, p in enumerate(problem.staff) if counts_for(p, demand)]
        counting = counting_for[key]
        able_key = (*key, demand.shift)
        if able_key not in able_for:
            able_for[able_key] = [
                e for e in counting if problem.staff[e].may_ever_work(demand.shift)
            ]
        able = able_for[able_key]
        for d in demand.days_within(problem.horizon):
            when = problem.horizon.date_of(d)
            if demand.hard:
                _add_hard_demand(model, v, demand, [v.shift[e][d][s] for e in counting], kept)
                continue
            working = cp_model.LinearExpr.sum([v.shift[e][d][s] for e in counting])
            where = f"{demand.description} on {when}"
            missing, surplus = _demand_slacks(model, working, demand, len(counting))
            if missing is not None:
                penalties.append(
                    Penalty(
                        ObjectiveFamily.DEMAND_UNDER,
                        under_weight,
                        missing,
                        day=d,
                        explanation=where,
                        fillers=tuple((e, v.shift[e][d][s].index) for e in able),
                    )
                )
            if surplus is not None:
                penalties.append(
                    Penalty(
                        ObjectiveFamily.DEMAND_OVER, over_weight, surplus, day=d, explanation=where
                    )
                )
    _add_daily_headcount(model, problem, v)
    return penalties


def _add_hard_demand(
    model: cp_model.CpModel,
    v: RotaVars,
    demand: ShiftDemand,
    cells: list[cp_model.IntVar],
    kept: set[tuple[tuple[int, ...], int, int | None]],
) -> None:
    """Between min and max of ``cells`` are true, with a shortfall and a surplus that the solver
    drives to 0 (``RotaVars.demand_slack``).

    The same count over the same cells is added once: in a rotation timetable every date of a
    weekday counts the same pattern days, so 7 constraints stand for all of them.
    """
    key = (tuple(sorted(cell.index for cell in cells)), demand.min_staff, demand.max_staff)
    if key in kept:
        return
    kept.add(key)
    working = sum(cells)
    if demand.min_staff > 0:
        short = model.new_int_var(0, demand.min_staff, "")
        model.add(working + short >= demand.min_staff)
        v.demand_slack.append(short)
    if demand.max_staff is not None and demand.max_staff < len(cells):
        surplus = model.new_int_var(0, len(cells) - demand.max_staff, "")
        model.add(working - surplus <= demand.max_staff)
        v.demand_slack.append(surplus)


def _add_daily_headcount(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> None:
    """How many people work a day, as the hard demands of that day imply: at most the sum of their
    maxes when every shift type has one, and at least the sum of their mins when nobody works two
    shifts a day.

    Redundant, but kept strict while the solver still trades breaks of the demands themselves
    (``scheduler.solve``): a rota with the right number of people at work each day is a
    neighbourhood search's short step from one that keeps every demand.
    """
    codes = [shift.code for shift in problem.shift_types]
    one_shift_a_day = not any(
        problem.rules.allows_same_day(a, b) for a in codes for b in codes if a < b
    )
    lows: list[dict[str, int]] = [{} for _ in range(problem.days)]
    highs: list[dict[str, int]] = [{} for _ in range(problem.days)]
    for demand in problem.shift_demands:
        if not demand.hard or demand.team is not None or demand.skill is not None:
            continue
        for d in demand.days_within(problem.horizon):
            low, high = lows[d], highs[d]
            low[demand.shift] = max(low.get(demand.shift, 0), demand.min_staff)
            if demand.max_staff is not None:
                high[demand.shift] = min(high.get(demand.shift, demand.max_staff), demand.max_staff)
    kept: set[tuple[tuple[int, ...], int, int | None]] = set()
    for d, (low, high) in enumerate(zip(lows, highs, strict=True)):
        least = sum(low.values()) if one_shift_a_day else 0
        most = sum(high.values()) if len(high) == len(codes) else None
        if least == 0 and most is None:
            continue
        works = [v.works[e][d] for e in range(len(problem.staff))]
        key = (tuple(sorted(day.index for day in works)), least, most)
        if key in kept:
            continue
        kept.add(key)
        if least > 0:
            model.add(sum(works) >= least)
        if most is not None and most < len(works):
            model.add(sum(works) <= most)
