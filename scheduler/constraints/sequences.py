"""Runs of consecutive days: working days, days off, and days on the same shift type."""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from models import Problem
from scheduler.penalty import Penalty
from scheduler.variables import Literal, RotaVars


def _limit_long_runs(
    model: cp_model.CpModel,
    v: RotaVars,
    days_on: Sequence[Literal],
    max_len: int,
    exempt: Sequence[bool] | None = None,
) -> None:
    """No run of ``max_len + 1`` consecutive days all true; an exempt day ends a run."""
    if v.cyclic and max_len >= v.n_days:
        if not any(exempt or ()):
            model.add_bool_or([literal.Not() for literal in days_on])
        return
    for first in range(v.n_days):
        days = v.run_days(first, max_len + 1)
        if days is not None and not (exempt and any(exempt[d] for d in days)):
            model.add_bool_or([days_on[d].Not() for d in days])


def _forbid_short_runs(
    model: cp_model.CpModel, v: RotaVars, days_on: Sequence[Literal], min_len: int
) -> None:
    """No run of true literals shorter than ``min_len`` with a false day on both sides.

    A run cut by either end of a non-cyclic horizon is exempt: the rota continues beyond it.
    """
    for length in range(1, min_len):
        for first in range(v.n_days):
            days = v.run_days(first - 1, length + 2)
            # A cyclic run needs at least one day off around it; with none it never ends.
            if days is None or (v.cyclic and length + 1 > v.n_days):
                continue
            before, *inside, after = days
            model.add_bool_or(
                [days_on[before], *(days_on[d].Not() for d in inside), days_on[after]]
            )


def add_runs_of_days(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """A run of working days lasts at least the person's min consecutive days and at most their
    max (6 by default); a run of days off lasts at least their min days off in a row and at most
    the max, if any. Approved leave is not a day off for the max: it splits a run of days off in
    two.

    Stated as one clause per window of days that would break a rule.
    """
    for e, person in v.people():
        rules = problem.rules_for(person)
        _limit_long_runs(model, v, v.works[e], rules.max_consecutive_days)
        _forbid_short_runs(model, v, v.works[e], rules.min_consecutive_days)
    # Days off in a second pass, as when they were a family of their own: the order of the
    # constraints steers CP-SAT's search, and on rotas that keep these clauses (the large ones)
    # this keeps the model exactly as it was measured (benchmarks/README.md).
    for e, person in v.people():
        _forbid_short_runs(model, v, _days_off(v, e), problem.rules_for(person).min_days_off_run)
        _limit_days_off_runs(model, problem, v, e)
    return []


def add_runs_of_days_exactly(
    model: cp_model.CpModel, problem: Problem, v: RotaVars
) -> list[Penalty]:
    """The rule of ``add_runs_of_days``, with each person's days read by one automaton that
    counts the run under way (``_run_automaton``), where the horizon does not wrap.

    The automaton's linear relaxation, a flow through the run lengths, is exact for these rules,
    where that of the window clauses is not: in 60 s solves Curtois 5 and 6 were proven optimal
    after 15-48 s, where with the clauses their bounds stayed at 988-1041 and 1944-1945. CP-SAT
    expands each automaton into literals per day and state, which slows every search of a
    larger rota: Curtois 10's first rota came after 13.7 s instead of 0.5 s, neighbourhood
    searches on 13 gained less, and drawing 13 person by person took 16 s instead of 10 s
    (benchmarks/README.md). Automata do not wrap, so a cyclic rota keeps the window clauses; the
    max days off keeps them too, as leave would need a second counter.

    A person whose only rule on runs is the max of working days also keeps the clauses: "at most
    max working days in any max + 1 in a row" is a matrix of consecutive ones, whose relaxation
    is already exact, and the automaton only slows the search. On the three samples (no min runs;
    5 s, seeds 0-4) the clauses cut the rota's cost above the bound by 42 %, 43 % and 88 %
    (benchmarks/README.md).
    """
    if v.cyclic:
        return add_runs_of_days(model, problem, v)
    for e, person in v.people():
        rules = problem.rules_for(person)
        if rules.min_consecutive_days == 1 and rules.min_days_off_run == 1:
            _limit_long_runs(model, v, v.works[e], rules.max_consecutive_days)
        else:
            transitions = _run_automaton(
                rules.min_consecutive_days,
                rules.max_consecutive_days if rules.max_consecutive_days < v.n_days else None,
                rules.min_days_off_run,
            )
            finals = {state for first, _, then in transitions for state in (first, then)}
            model.add_automaton(v.works[e], _START, sorted(finals), transitions)
        _limit_days_off_runs(model, problem, v, e)
    return []


def _days_off(v: RotaVars, e: int) -> list[Literal]:
    return [works.Not() for works in v.works[e]]


def _limit_days_off_runs(model: cp_model.CpModel, problem: Problem, v: RotaVars, e: int) -> None:
    """Person ``e``'s runs of days off last at most their max, if any; leave splits a run."""
    person = problem.staff[e]
    most = problem.rules_for(person).max_days_off_run
    if most is not None:
        on_leave = [
            problem.approved_leave_on(person.id, day) is not None for day in problem.horizon.dates()
        ]
        _limit_long_runs(model, v, _days_off(v, e), most, exempt=on_leave)


_START = 0
_OFF, _ON = 0, 1
"""The automaton's start state, and the labels of its transitions: a day off, a working day."""


def _run_automaton(min_on: int, max_on: int | None, min_off: int) -> list[tuple[int, int, int]]:
    """Transitions (state, label, next state) of an automaton that reads a person's days and
    accepts exactly the sequences whose runs of working days last from ``min_on`` to ``max_on``
    days (no max if None) and whose runs of days off last ``min_off`` days at least. Every state
    is final. Built only where a min is above 1: a max alone stays as window clauses.

    A state is the run under way: working or off, its length so far (counted up to the longest
    length a rule still looks at), and whether it began on the first day and is still shorter
    than its rule's min. A run that touches either end of the horizon is never too short, as
    the rota continues beyond it: a run from the first day may end at any length, and the
    automaton may stop in any state.
    """
    states: dict[tuple[int, int, bool], int] = {}

    def state(label: int, length: int, first: bool) -> int:
        short_allowed = first and length < (min_on if label == _ON else min_off)
        return states.setdefault((label, length, short_allowed), len(states) + 1)

    on_cap = max_on if max_on is not None else min_on
    transitions = [(_START, _ON, state(_ON, 1, True)), (_START, _OFF, state(_OFF, 1, True))]
    for first in (True, False):
        for length in range(1, on_cap + 1):
            here = state(_ON, length, first)
            if length < on_cap or max_on is None:
                transitions.append((here, _ON, state(_ON, min(length + 1, on_cap), first)))
            if first or length >= min_on:
                transitions.append((here, _OFF, state(_OFF, 1, False)))
        for length in range(1, min_off + 1):
            here = state(_OFF, length, first)
            transitions.append((here, _OFF, state(_OFF, min(length + 1, min_off), first)))
            if first or length >= min_off:
                transitions.append((here, _ON, state(_ON, 1, False)))
    return sorted(set(transitions))


def add_shift_type_runs(model: cp_model.CpModel, problem: Problem, v: RotaVars) -> list[Penalty]:
    """Consecutive days on the same shift type stay within that type's min and max run length."""
    codes = [shift.code for shift in problem.shift_types]
    for run in problem.rules.shift_runs:
        s = codes.index(run.shift)
        for e, _ in v.people():
            days_on = [v.shift[e][d][s] for d in range(problem.days)]
            if run.max_days is not None:
                _limit_long_runs(model, v, days_on, run.max_days)
            _forbid_short_runs(model, v, days_on, run.min_days)
    return []
