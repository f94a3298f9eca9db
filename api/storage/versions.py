"""Numbering rota versions: 1, 2, 3, ... per roster, also when two jobs finish at once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.storage.tables import RotaRow
from models import Problem
from scheduler.result import SolveResult

_VERSION_RETRIES = 20
"""Each retry means another job took the number meanwhile, so few are ever needed."""


def store_rota_version(
    session: Session, roster_id: int, job_id: int | None, problem: Problem, result: SolveResult
) -> int:
    """Keep a solved rota as the roster's next version; its id. Commits."""
    for _attempt in range(_VERSION_RETRIES):
        latest = session.scalar(
            select(func.max(RotaRow.version)).where(RotaRow.roster_id == roster_id)
        )
        row = RotaRow(
            roster_id=roster_id,
            version=(latest or 0) + 1,
            job_id=job_id,
            problem_json=problem.model_dump_json(),
            result_json=result.model_dump_json(),
            published=False,
            start=problem.start,
            days=problem.days,
            status=result.status.value,
            objective=result.objective,
            best_bound=result.best_bound,
            stopped=result.stopped,
            is_valid=result.report is not None and result.report.is_valid,
        )
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            # Another job of the same roster took this version number a moment ago.
            session.rollback()
            continue
        return row.id
    raise RuntimeError(f"could not number a new rota version of roster {roster_id}")
