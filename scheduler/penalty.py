"""Soft terms of the objective, kept as records so that a result explains itself."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from models import ObjectiveFamily

Amount = cp_model.LinearExprT


@dataclass(frozen=True)
class Penalty:
    """``weight`` × ``amount`` in the objective; ``amount`` is an exact function of the rota."""

    family: ObjectiveFamily
    weight: int
    amount: Amount
    staff_id: str | None = None
    day: int | None = None
    team: str | None = None
    explanation: str = ""
    fillers: tuple[tuple[int, int], ...] = ()
    """For a shift demand: who could make up its shortfall, as (staff index, index of their cell
    of that shift on that day), for everyone it counts who may work that shift type."""


def weight_or_default(own: int | None, default: int) -> int:
    """A requirement's own weight, or the global one when it has none."""
    return default if own is None else own
