"""Alembic migrations of the shiftplan schema, applied at start-up by ``database.migrate``."""
