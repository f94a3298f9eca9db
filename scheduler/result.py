"""What a solve returns: a status, the rota (if any), and how good it is."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from models import ObjectiveTerm, Report, Rota, StructuralGap


class SolveStatus(StrEnum):
    """How a solve ended. Only OPTIMAL and FEASIBLE come with a rota."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    """No rota found within the time limit, and no proof that none exists."""
    INVALID = "invalid"

    @property
    def has_rota(self) -> bool:
        """Whether a rota came back."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


class SolveResult(BaseModel):
    """The outcome of ``solve``: an infeasible or timed-out run has no rota and no report."""

    model_config = ConfigDict(frozen=True)

    status: SolveStatus
    rota: Rota | None = None
    report: Report | None = None
    objective: int | None = None
    best_bound: int | None = None
    wall_time_s: float = 0.0
    """Seconds from the call to its return: building, searching, checking and explaining."""
    first_solution_s: float | None = None
    terms: tuple[ObjectiveTerm, ...] = ()
    """The objective by term, as the model computed it."""
    structural_gaps: tuple[StructuralGap, ...] = ()
    message: str = ""
    parts: int = 1
    """Independent parts the problem was split into and solved one after the other."""
    stopped: bool = False
    """The caller stopped the search early; the rota is the best found until then."""

    @property
    def gap(self) -> float | None:
        """Relative distance between objective and bound (0 means proven optimal)."""
        if self.objective is None or self.best_bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return max(0.0, (self.objective - self.best_bound) / abs(self.objective))
