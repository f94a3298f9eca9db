"""Builds the CP-SAT model of a rota: variables, one function per rule family, and the objective."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models import Problem
from scheduler.constraints.coverage import add_coverage_windows, add_shift_demands
from scheduler.constraints.daily import add_one_shift_per_day
from scheduler.constraints.fairness import (
    add_hours_fairness,
    add_late_fairness,
    add_weekend_fairness,
)
from scheduler.constraints.implied import add_shift_count_bounds, add_work_and_rest_windows
from scheduler.constraints.leave import add_approved_leave, add_pins, add_requested_leave
from scheduler.constraints.requests import add_requests
from scheduler.constraints.rest import add_forbidden_sequences, add_min_rest
from scheduler.constraints.rotation import (
    add_backward_rotation,
    add_isolated_days,
    add_shift_changes,
)
from scheduler.constraints.sequences import (
    add_runs_of_days,
    add_runs_of_days_exactly,
    add_shift_type_runs,
)
from scheduler.constraints.workload import (
    add_days_off_per_week,
    add_horizon_totals,
    add_max_weekends,
    add_weekly_hours,
)
from scheduler.penalty import Penalty
from scheduler.variables import RotaVars, create_variables

RuleFamily = Callable[[cp_model.CpModel, Problem, RotaVars], list[Penalty]]

HARD_RULES: tuple[RuleFamily, ...] = (
    add_one_shift_per_day,
    add_approved_leave,
    add_pins,
    add_min_rest,
    add_forbidden_sequences,
    add_runs_of_days,
    add_shift_type_runs,
    add_weekly_hours,
    add_days_off_per_week,
    add_max_weekends,
    add_horizon_totals,
    add_work_and_rest_windows,
    add_shift_count_bounds,
)
"""Rules no rota may break. That people work only their own shift types needs no constraint: the
variables leave those cells out (``create_variables``). The last two families are implied by the
others: they remove no rota, and lift the solver's lower bound."""

SOFT_RULES: tuple[RuleFamily, ...] = (
    add_coverage_windows,
    add_shift_demands,
    add_requests,
    add_requested_leave,
    add_hours_fairness,
    add_weekend_fairness,
    add_late_fairness,
    add_shift_changes,
    add_backward_rotation,
    add_isolated_days,
)
"""Everything the objective weighs; each returns its penalties."""


@dataclass
class RotaModel:
    """A built model: the CP-SAT model, its variables, and every penalty in its objective."""

    model: cp_model.CpModel
    variables: RotaVars
    penalties: list[Penalty]

    def objective(self) -> cp_model.LinearExprT:
        """What the solver minimises: every penalty times its weight."""
        return sum(p.weight * p.amount for p in self.penalties if p.weight)


def build_model(problem: Problem, *, exact_runs: bool = False) -> RotaModel:
    """The full CP-SAT model of ``problem``: hard rules as constraints, soft rules as penalties.

    With ``exact_runs`` the rules on runs of days of people with a min run are automata
    (``add_runs_of_days_exactly``): a far tighter lower bound, but slower searches on larger rotas.
    """
    model = cp_model.CpModel()
    variables = create_variables(problem, model)
    penalties: list[Penalty] = []
    hard_rules = HARD_RULES
    if exact_runs:
        hard_rules = tuple(
            add_runs_of_days_exactly if family is add_runs_of_days else family
            for family in HARD_RULES
        )
    for family in (*hard_rules, *SOFT_RULES):
        penalties.extend(family(model, problem, variables))
    built = RotaModel(model, variables, penalties)
    model.minimize(built.objective())
    return built
