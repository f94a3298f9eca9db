"""The check API: any rota file against a roster, the same report as solving, nothing stored."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from api.roster_io import read_roster_data
from api.rota_csv import read_rota
from api.web.services import check_rota

WorkbookFactory = Callable[[dict[str, list[list[object]]]], bytes]
SheetsFactory = Callable[[], dict[str, list[list[object]]]]

GOOD_ROTA = (
    "staff_id,date,shift\n"
    "E1,2026-12-07,A\nE2,2026-12-07,B\n"
    "E2,2026-12-08,A\nE2,2026-12-09,B\n"
    "E1,2026-12-10,A\nE2,2026-12-10,B\n"
)


@pytest.fixture
def roster_id(client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory) -> int:
    """The small roster, stored."""
    response = client.post(
        "/api/rosters", files={"file": ("roster.xlsx", workbook(roster_sheets()))}
    )
    assert response.status_code == 201, response.text
    stored: int = response.json()["id"]
    return stored


def check(client: TestClient, name: str, data: bytes, **fields: Any) -> httpx.Response:
    """POST a rota file (and optionally a roster file) to the check endpoint."""
    files: dict[str, tuple[str, bytes]] = {"rota": (name, data)}
    if "roster" in fields:
        files["roster"] = fields.pop("roster")
    return client.post("/api/check", files=files, data=fields)


def test_hand_drawn_csv_is_checked_over_its_own_dates(client: TestClient, roster_id: int) -> None:
    """A CSV rota of four days is checked over those days: coverage shortfalls, hours, objective."""
    response = check(client, "rota.csv", GOOD_ROTA.encode(), roster_id=roster_id)
    assert response.status_code == 200, response.text
    outcome = response.json()
    assert (outcome["problem"]["start"], outcome["problem"]["days"]) == ("2026-12-07", 4)
    assert len(outcome["rota"]["assignments"]) == 6
    report = outcome["report"]
    assert report["rule_breaks"] == []
    assert {person["staff_id"] for person in report["staff"]} == {"E1", "E2"}
    assert report["objective"] > 0


def test_a_rule_break_is_reported_not_refused(client: TestClient, roster_id: int) -> None:
    """E1 working on approved leave is a rule break in the report, not a file error."""
    rota = GOOD_ROTA + "E1,2026-12-08,B\n"
    response = check(client, "rota.csv", rota.encode(), roster_id=roster_id)
    assert response.status_code == 200, response.text
    breaks = response.json()["report"]["rule_breaks"]
    assert any(item["staff_id"] == "E1" and item["date"] == "2026-12-08" for item in breaks)


def test_downloaded_workbook_checks_like_the_solve_reported(
    client: TestClient, roster_id: int
) -> None:
    """The Excel file of a generated rota, checked, gives the solver's objective and no break."""
    job = client.post("/api/jobs", json={"roster_id": roster_id, "weeks": 1}).json()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        status = client.get(job["url"]).json()
        if status["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert status["status"] == "done", status
    rota = client.get(status["rota_url"]).json()
    workbook = client.get(f"{status['rota_url']}.xlsx").content
    response = check(client, "rota.xlsx", workbook, roster_id=roster_id)
    assert response.status_code == 200, response.text
    report = response.json()["report"]
    assert report["rule_breaks"] == []
    assert report["objective"] == rota["result"]["objective"]


def test_roster_file_instead_of_a_stored_roster(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """The roster may come as a file with the rota; nothing is stored."""
    response = check(
        client, "rota.csv", GOOD_ROTA.encode(), roster=("roster.xlsx", workbook(roster_sheets()))
    )
    assert response.status_code == 200, response.text
    assert response.json()["report"]["rule_breaks"] == []
    assert client.get("/api/rosters").json() == []


def test_unknown_staff_and_shift_are_located_by_row(client: TestClient, roster_id: int) -> None:
    """A rota naming an unknown person and shift is refused, each mistake at its row and column."""
    rota = GOOD_ROTA + "E9,2026-12-09,A\nE1,2026-12-09,Q\n"
    response = check(client, "rota.csv", rota.encode(), roster_id=roster_id)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_rota"
    assert [(p["file"], p["row"], p["column"]) for p in error["problems"]] == [
        ("rota.csv", 8, "staff_id"),
        ("rota.csv", 9, "shift"),
    ]


def test_bad_check_requests(client: TestClient, roster_id: int) -> None:
    """No roster 422, unknown roster 404, a .txt rota 415, an empty rota or broken roster 422."""
    no_roster = check(client, "rota.csv", GOOD_ROTA.encode())
    assert (no_roster.status_code, no_roster.json()["error"]["code"]) == (422, "invalid_request")
    assert check(client, "rota.csv", GOOD_ROTA.encode(), roster_id=999).status_code == 404
    assert check(client, "rota.txt", b"x", roster_id=roster_id).status_code == 415
    empty = check(client, "rota.csv", b"", roster_id=roster_id)
    assert (empty.status_code, empty.json()["error"]["code"]) == (422, "empty")
    broken = check(client, "rota.csv", GOOD_ROTA.encode(), roster=("roster.xlsx", b"junk"))
    assert (broken.status_code, broken.json()["error"]["code"]) == (422, "invalid_roster")
    missing = client.post("/api/check", data={"roster_id": str(roster_id)})
    assert missing.status_code == 422


def test_check_service_matches_reading_the_rota_directly(
    roster_sheets: SheetsFactory, workbook: WorkbookFactory, tmp_path: Path
) -> None:
    """The service reads the same rota the CLI's reader reads from the same file."""
    problem = read_roster_data(workbook(roster_sheets()), "roster.xlsx")
    outcome = check_rota(problem, "rota.csv", GOOD_ROTA.encode())
    path = tmp_path / "rota.csv"
    path.write_text(GOOD_ROTA, encoding="utf-8")
    assert outcome.rota == read_rota(path, outcome.problem)
