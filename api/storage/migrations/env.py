"""Alembic's environment: migrate the connection ``database.migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from api.storage.tables import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is None:
    raise RuntimeError("run migrations through api.storage.database.migrate(engine)")
_run(_connection)
