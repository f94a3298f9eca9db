"""Storage of rosters, solve jobs and rota versions: SQLAlchemy 2 tables and Alembic migrations.

SQLite (a file under ``var/``) by default, PostgreSQL when the database URL points to one.
"""
