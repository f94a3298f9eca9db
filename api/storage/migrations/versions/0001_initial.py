"""Rosters, solve jobs and rota versions.

Revision 0001, the first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables."""
    op.create_table(
        "rosters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("problem_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "rotas",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "roster_id",
            sa.Integer,
            sa.ForeignKey("rosters.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("job_id", sa.Integer, nullable=True),
        sa.Column("problem_json", sa.Text, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
        sa.Column("published", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("roster_id", "version", name="uq_rotas_roster_version"),
    )
    op.create_table(
        "solve_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "roster_id",
            sa.Integer,
            sa.ForeignKey("rosters.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("time_limit_s", sa.Float, nullable=False),
        sa.Column("threads", sa.Integer, nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("stop_requested", sa.Boolean, nullable=False),
        sa.Column("elapsed_s", sa.Float, nullable=True),
        sa.Column("objective", sa.Integer, nullable=True),
        sa.Column("best_bound", sa.Integer, nullable=True),
        sa.Column("parts_done", sa.Integer, nullable=False),
        sa.Column("parts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column(
            "rota_id", sa.Integer, sa.ForeignKey("rotas.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("solve_jobs")
    op.drop_table("rotas")
    op.drop_table("rosters")
