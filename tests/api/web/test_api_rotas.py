"""Rota versions: JSON and Excel, pins kept by re-generating, publishing, differences."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

WorkbookFactory = Callable[[dict[str, list[list[object]]]], bytes]
SheetsFactory = Callable[[], dict[str, list[list[object]]]]


def generate(client: TestClient, roster_id: int, start: str = "2026-12-07") -> dict[str, Any]:
    """Solve one week of the roster from ``start`` and wait for the rota; the rota JSON."""
    response = client.post("/api/jobs", json={"roster_id": roster_id, "start": start, "weeks": 1})
    assert response.status_code == 202, response.text
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(response.json()["url"]).json()
        if job["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert job["status"] == "done", job
    rota: dict[str, Any] = client.get(job["rota_url"]).json()
    return rota


def cell(rota: dict[str, Any], staff_id: str, date: str) -> list[str]:
    """The shift codes of one person on one date."""
    return sorted(
        item["shift"]
        for item in rota["result"]["rota"]["assignments"]
        if (item["staff_id"], item["date"]) == (staff_id, date)
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


def test_rota_json_and_excel_in_both_languages(client: TestClient, roster_id: int) -> None:
    """A rota comes back as JSON and as the CLI's workbook, in English and Chinese."""
    rota = generate(client, roster_id)
    fetched = client.get(f"/api/rotas/{rota['id']}")
    assert fetched.status_code == 200 and fetched.json() == rota
    for lang, first_sheet in (("en", "Rota"), ("zh", "班表")):
        response = client.get(f"/api/rotas/{rota['id']}.xlsx", params={"lang": lang})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert f"rota-{roster_id}-v1.xlsx" in response.headers["content-disposition"]
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert book.sheetnames[0] == first_sheet
        assert len(book.sheetnames) == 5
    assert client.get(f"/api/rotas/{rota['id']}.xlsx", params={"lang": "fr"}).status_code == 422
    assert client.get("/api/rotas/999").status_code == 404
    assert client.get("/api/rotas/999.xlsx").status_code == 404


def test_pin_and_regenerate_keeps_the_pin_and_the_diff_shows_it(
    client: TestClient, roster_id: int
) -> None:
    """A cell pinned on v1 to another shift is that shift in v2; the diff lists the change."""
    first = generate(client, roster_id)
    date = "2026-12-10"
    pinned = "B" if cell(first, "E2", date) == ["A"] else "A"
    response = client.put(
        f"/api/rotas/{first['id']}/pins", json={"staff_id": "E2", "date": date, "shift": pinned}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "roster_id": roster_id,
        "pins": [{"staff_id": "E2", "date": date, "shift": pinned}],
    }
    second = generate(client, roster_id)
    assert second["version"] == 2
    assert cell(second, "E2", date) == [pinned]
    assert second["problem"]["pins"] == [{"staff_id": "E2", "date": date, "shift": pinned}]
    assert second["is_valid"]
    diff = client.get(f"/api/rotas/{second['id']}/diff", params={"against": first["id"]}).json()
    assert (diff["version"], diff["against_version"]) == (2, 1)
    change = next(c for c in diff["changes"] if (c["staff_id"], c["date"]) == ("E2", date))
    assert change["after"] == [pinned] and change["before"] == cell(first, "E2", date)
    assert change["staff_name"] == "王芳"
    for item in diff["changes"]:
        assert item["before"] == cell(first, item["staff_id"], item["date"])
        assert item["after"] == cell(second, item["staff_id"], item["date"])
        assert item["before"] != item["after"]


def test_pin_off_and_unpin(client: TestClient, roster_id: int) -> None:
    """A pin without a shift keeps the person off that day; deleting it removes it."""
    first = generate(client, roster_id)
    url = f"/api/rotas/{first['id']}/pins"
    response = client.put(url, json={"staff_id": "E2", "date": "2026-12-11"})
    assert response.json()["pins"] == [{"staff_id": "E2", "date": "2026-12-11", "shift": None}]
    second = generate(client, roster_id)
    assert cell(second, "E2", "2026-12-11") == []
    response = client.delete(f"/api/rotas/{first['id']}/pins/E2/2026-12-11")
    assert response.status_code == 200 and response.json()["pins"] == []


def test_pin_on_a_rota_drawn_for_other_dates_than_the_roster_s_is_kept(
    client: TestClient, roster_id: int
) -> None:
    """A cell pinned on a rota of January is kept when that rota is re-generated."""
    first = generate(client, roster_id, start="2027-01-04")
    response = client.put(
        f"/api/rotas/{first['id']}/pins", json={"staff_id": "E2", "date": "2027-01-06"}
    )
    assert response.status_code == 200, response.text
    second = generate(client, roster_id, start="2027-01-04")
    assert cell(second, "E2", "2027-01-06") == []
    assert second["problem"]["pins"] == [{"staff_id": "E2", "date": "2027-01-06", "shift": None}]


def test_pin_outside_the_rota_or_of_an_unknown_shift_is_refused(
    client: TestClient, roster_id: int
) -> None:
    """Pins on a date the rota does not cover, or of a shift code the roster lacks, are refused."""
    rota = generate(client, roster_id)
    url = f"/api/rotas/{rota['id']}/pins"
    outside = client.put(url, json={"staff_id": "E2", "date": "2026-12-20", "shift": "A"})
    assert outside.status_code == 422
    assert "2026-12-07 to 2026-12-13" in outside.json()["error"]["message"]
    unknown = client.put(url, json={"staff_id": "E2", "date": "2026-12-08", "shift": "Z"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["problems"][0]["value"] == "'Z'"
    assert client.get(f"/api/rosters/{roster_id}").json()["pin_count"] == 0


def test_publish_marks_one_version_per_roster(client: TestClient, roster_id: int) -> None:
    """Publishing v2 after v1 leaves only v2 published; the versions list shows it."""
    first, second = generate(client, roster_id), generate(client, roster_id)
    assert client.post(f"/api/rotas/{first['id']}/publish").json()["published"] is True
    assert client.post(f"/api/rotas/{second['id']}/publish").json()["published"] is True
    versions = client.get(f"/api/rosters/{roster_id}/rotas").json()
    assert [(v["version"], v["published"]) for v in versions] == [(2, True), (1, False)]
    assert client.post("/api/rotas/999/publish").status_code == 404


def test_diff_of_a_version_with_itself_is_empty(client: TestClient, roster_id: int) -> None:
    """Comparing a version with itself lists no change; an unknown version is 404."""
    rota = generate(client, roster_id)
    diff = client.get(f"/api/rotas/{rota['id']}/diff", params={"against": rota["id"]}).json()
    assert diff["changes"] == []
    missing = client.get(f"/api/rotas/{rota['id']}/diff", params={"against": 999})
    assert missing.status_code == 404
