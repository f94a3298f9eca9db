"""Rota versions carry their summary (horizon, status, objective, bound, validity) in columns.

Listing a roster's versions then reads a few columns instead of every stored result. Rows stored
before are filled in from their JSON.

Revision 0002, after 0001.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = ("start", "days", "status", "objective", "best_bound", "stopped", "is_valid")


def upgrade() -> None:
    """Add the summary columns, fill them from the stored JSON, then make them required."""
    with op.batch_alter_table("rotas") as batch:
        batch.add_column(sa.Column("start", sa.Date, nullable=True))
        batch.add_column(sa.Column("days", sa.Integer, nullable=True))
        batch.add_column(sa.Column("status", sa.String(20), nullable=True))
        batch.add_column(sa.Column("objective", sa.Integer, nullable=True))
        batch.add_column(sa.Column("best_bound", sa.Integer, nullable=True))
        batch.add_column(sa.Column("stopped", sa.Boolean, nullable=True))
        batch.add_column(sa.Column("is_valid", sa.Boolean, nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, problem_json, result_json FROM rotas")).all()
    for rota_id, problem_json, result_json in rows:
        problem, result = json.loads(problem_json), json.loads(result_json)
        report = result.get("report")
        connection.execute(
            sa.text(
                "UPDATE rotas SET start = :start, days = :days, status = :status, "
                "objective = :objective, best_bound = :best_bound, stopped = :stopped, "
                "is_valid = :is_valid WHERE id = :id"
            ),
            {
                "id": rota_id,
                "start": dt.date.fromisoformat(problem["start"]),
                "days": problem["days"],
                "status": result["status"],
                "objective": result.get("objective"),
                "best_bound": result.get("best_bound"),
                "stopped": bool(result.get("stopped", False)),
                "is_valid": report is not None and not report.get("rule_breaks"),
            },
        )
    with op.batch_alter_table("rotas") as batch:
        for name in ("start", "days", "status", "stopped", "is_valid"):
            batch.alter_column(name, nullable=False)


def downgrade() -> None:
    """Drop the summary columns (the JSON still holds everything)."""
    with op.batch_alter_table("rotas") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
