"""Settings come from SHIFTPLAN_* variables (and plain DATABASE_URL) with documented defaults."""

from __future__ import annotations

import openpyxl
import pytest

from api.web.app import ensure_safe_xml
from api.web.settings import Settings, default_pool_size


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without variables: SQLite under var/, 5 MB uploads, samples loaded, one job per 2 cores."""
    for name in ("DATABASE_URL", "SHIFTPLAN_DATABASE_URL", "SHIFTPLAN_SOLVE_POOL_SIZE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.database_url == "sqlite:///var/shiftplan.db"
    assert settings.max_upload_bytes == 5 * 1024 * 1024
    assert settings.load_samples is True
    assert settings.solve_pool_size == default_pool_size()
    assert settings.default_weeks == 3


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    """SHIFTPLAN_ variables and DATABASE_URL set the fields; SHIFTPLAN_DATABASE_URL wins."""
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/plain")
    monkeypatch.setenv("SHIFTPLAN_MAX_UPLOAD_BYTES", "1000")
    monkeypatch.setenv("SHIFTPLAN_SOLVE_POOL_SIZE", "3")
    monkeypatch.setenv("SHIFTPLAN_LOAD_SAMPLES", "false")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://u@127.0.0.1/plain"
    assert (settings.max_upload_bytes, settings.solve_pool_size) == (1000, 3)
    assert settings.load_samples is False
    monkeypatch.setenv("SHIFTPLAN_DATABASE_URL", "sqlite:///elsewhere.db")
    assert Settings().database_url == "sqlite:///elsewhere.db"


def test_pool_size_is_one_job_per_two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """1 job on 2 cores, 2 on 4, never 0."""
    for cores, jobs in ((1, 1), (2, 1), (4, 2), (None, 1)):
        monkeypatch.setattr("os.cpu_count", lambda cores=cores: cores)
        assert default_pool_size() == jobs


def test_the_app_refuses_to_start_without_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spreadsheets are parsed with defusedxml here, and the app will not serve otherwise."""
    ensure_safe_xml()
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        ensure_safe_xml()
