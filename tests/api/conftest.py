"""Databases for the storage and web tests: every test that asks for ``database_url`` runs twice,
on a fresh SQLite file and on a fresh database of a real PostgreSQL server.

The PostgreSQL server is named by ``SHIFTPLAN_TEST_POSTGRES_URL`` (a role allowed to create
databases, e.g. ``postgresql+psycopg://shiftplan:shiftplan@127.0.0.1/shiftplan_test``);
``.ci/run`` installs and starts one. Unset, the PostgreSQL runs are skipped on a developer's
machine but fail in CI (``CI=true``), so a missing server never passes unnoticed.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.web.app import create_app
from api.web.settings import Settings

POSTGRES_ENV = "SHIFTPLAN_TEST_POSTGRES_URL"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"

Cells = list[list[object]]
SheetsFactory = Callable[[], dict[str, Cells]]
WorkbookFactory = Callable[[dict[str, Cells]], bytes]
SettingsFactory = Callable[..., Settings]
ClientFactory = Callable[..., TestClient]


def _postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the tests on PostgreSQL too")
    pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'shiftplan.db'}"
        return
    base = make_url(_postgres_base_url())
    name = f"shiftplan_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def make_settings(database_url: str) -> SettingsFactory:
    """Settings on the test database: no samples, one solver thread, short solves."""

    def build(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "database_url": database_url,
            "load_samples": False,
            "prestart_workers": False,
            "solver_threads": 1,
            "default_time_limit_s": 2.0,
            "solve_pool_size": 1,
        }
        values.update(overrides)
        return Settings.model_validate(values)

    return build


@pytest.fixture
def make_client(make_settings: SettingsFactory) -> Iterator[ClientFactory]:
    """Start apps on the test database; each is shut down (pool included) after the test."""
    started: list[TestClient] = []

    def start(**overrides: object) -> TestClient:
        client = TestClient(create_app(make_settings(**overrides)))
        client.__enter__()
        started.append(client)
        return client

    yield start
    for client in reversed(started):
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    """The app on a fresh database, without samples."""
    return make_client()


@pytest.fixture
def roster_sheets() -> SheetsFactory:
    """A small valid roster (two people, shifts A and B, three weeks), as cells to spoil."""

    def sheets() -> dict[str, Cells]:
        return {
            "Staff": [["id", "name", "shift_types"], ["E1", "张伟", "A, B"], ["E2", "王芳", None]],
            "Shifts": [
                ["code", "start", "end"],
                ["A", "09:00", "17:00"],
                ["B", "12:00", "20:00"],
            ],
            "Coverage": [["days", "start", "end", "min"], ["Mon-Sun", "09:00", "20:00", 1]],
            "Leave": [["staff_id", "start", "end"], ["E1", "2026-12-08", "2026-12-09"]],
            "Rules": [["rule", "value"], ["start", "2026-12-07"], ["weeks", 3]],
        }

    return sheets


@pytest.fixture
def workbook() -> WorkbookFactory:
    """The bytes of a workbook with these sheets, written the way a user's Excel would."""

    def write(sheets: dict[str, Cells]) -> bytes:
        book = openpyxl.Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for number, values in enumerate(rows, start=1):
                for column, value in enumerate(values, start=1):
                    if value is not None:
                        sheet.cell(row=number, column=column, value=value)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return write
