"""The rosters API: uploads (file or JSON) stored only when valid, every bad file explained."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient

from api.roster_io import read_roster_data

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
SheetsFactory = Callable[[], dict[str, list[list[object]]]]
WorkbookFactory = Callable[[dict[str, list[list[object]]]], bytes]


def upload(client: TestClient, name: str, data: bytes) -> httpx.Response:
    """POST a file to the rosters endpoint."""
    return client.post("/api/rosters", files={"file": (name, data, "application/octet-stream")})


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The error object of a refusal."""
    error: dict[str, Any] = response.json()["error"]
    return error


def places(response: httpx.Response) -> list[tuple[Any, ...]]:
    """(sheet, row, column, value) of every problem in a refusal."""
    return [(p["sheet"], p["row"], p["column"], p["value"]) for p in error_of(response)["problems"]]


def assert_nothing_stored(client: TestClient) -> None:
    """No roster was stored."""
    assert client.get("/api/rosters").json() == []


def test_upload_sample_workbook_then_get_and_list(client: TestClient) -> None:
    """The 21-agent sample is stored with its staff and coverage; get and list show it."""
    data = (SAMPLES / "service_desk_regions.xlsx").read_bytes()
    response = upload(client, "service_desk_regions.xlsx", data)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["filename"] == "service_desk_regions.xlsx"
    assert stored["staff_count"] == 21
    assert len(stored["problem"]["staff"]) == 21
    assert stored["problem"]["coverage_windows"]
    fetched = client.get(f"/api/rosters/{stored['id']}").json()
    assert fetched == stored
    listed = client.get("/api/rosters").json()
    assert [item["id"] for item in listed] == [stored["id"]]
    assert "problem" not in listed[0]


def test_upload_problem_as_json_body(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A Problem sent as the JSON body is stored like a workbook of the same roster."""
    problem = read_roster_data(workbook(roster_sheets()), "roster.xlsx")
    response = client.post(
        "/api/rosters",
        content=problem.model_dump_json(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["problem"] == json.loads(problem.model_dump_json())


def test_json_body_with_problems_names_the_json_path(client: TestClient) -> None:
    """A JSON problem with a bad time is refused, the problem located by its path in the JSON."""
    body = {
        "start": "2026-12-07",
        "days": 7,
        "shift_types": [{"code": "A", "start": "09:00", "end": "25:00"}],
        "staff": [{"id": "E1", "name": "A"}],
    }
    response = client.post("/api/rosters", json=body)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_roster"
    assert any(p["column"] == "shift_types[0].end" for p in error["problems"]), error
    assert_nothing_stored(client)


def test_upload_zip_of_csv_files(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A .zip holding one CSV per sheet is read like the workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for sheet, rows in roster_sheets().items():
            lines = [",".join("" if v is None else str(v) for v in row) for row in rows]
            archive.writestr(f"{sheet.lower()}.csv", "\n".join(lines).replace("A, B", '"A, B"'))
    response = upload(client, "roster.zip", buffer.getvalue())
    assert response.status_code == 201, response.text
    assert response.json()["staff_count"] == 2


def test_roster_without_dates_gets_the_coming_monday_and_three_weeks(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """The dates are chosen when generating: a roster without start and weeks is still stored."""
    sheets = roster_sheets()
    del sheets["Rules"]
    response = upload(client, "roster.xlsx", workbook(sheets))
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["days"] == 21
    assert stored["problem"]["start"] == stored["start"]


def test_wrong_type_is_refused_with_415(client: TestClient) -> None:
    """A .txt file is refused as an unsupported type, naming the accepted ones."""
    response = upload(client, "roster.txt", b"id,name\nE1,Ann\n")
    assert response.status_code == 415
    error = error_of(response)
    assert error["code"] == "unsupported_type"
    assert ".xlsx" in error["message"] and ".zip" in error["message"]
    assert_nothing_stored(client)


def test_empty_file_is_refused(client: TestClient) -> None:
    """An empty upload is refused with code empty, naming the file."""
    response = upload(client, "roster.xlsx", b"")
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error["problems"][0]["file"]) == ("empty", "roster.xlsx")
    assert_nothing_stored(client)


def test_file_over_the_limit_is_refused_with_413(make_client: Any) -> None:
    """A file one byte over the configured limit is refused as too large."""
    client: TestClient = make_client(max_upload_bytes=1000)
    response = upload(client, "roster.xlsx", b"PK" + b"x" * 999)
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "too_large"
    assert "1000 bytes" in error["message"]
    assert_nothing_stored(client)


def test_huge_request_is_refused_by_its_length_before_reading(make_client: Any) -> None:
    """A request far over the limit is refused from its Content-Length with a JSON 413."""
    client: TestClient = make_client(max_upload_bytes=1000)
    response = upload(client, "roster.xlsx", b"PK" + b"x" * 200_000)
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"


def test_zip_bomb_is_refused_before_it_is_unpacked(make_client: Any) -> None:
    """A small zip declaring far more unpacked bytes than allowed is refused as too large."""
    client: TestClient = make_client(max_upload_bytes=10_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("staff.csv", b"id,name\n" + b"0" * 300_000)
    assert len(buffer.getvalue()) < 10_000
    response = upload(client, "roster.zip", buffer.getvalue())
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "too_large"
    assert "unpacks to" in error["message"]
    assert_nothing_stored(client)


def test_random_bytes_named_xlsx_are_a_broken_workbook(client: TestClient) -> None:
    """Random bytes named .xlsx are refused as not an Excel workbook, nothing stored."""
    response = upload(client, "roster.xlsx", bytes(range(256)) * 8)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_roster"
    assert error["problems"][0]["file"] == "roster.xlsx"
    assert "Excel workbook" in error["message"] + error["problems"][0]["message"]
    assert_nothing_stored(client)


def test_missing_sheet_is_named(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A workbook without the Shifts sheet is refused, the problem naming that sheet."""
    sheets = roster_sheets()
    del sheets["Shifts"]
    response = upload(client, "roster.xlsx", workbook(sheets))
    assert response.status_code == 422
    assert any(p["sheet"] == "Shifts" for p in error_of(response)["problems"])
    assert_nothing_stored(client)


def test_bad_time_is_located_by_sheet_row_column(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A 25:00 shift end is reported at sheet Shifts, row 3, column end, with what was expected."""
    sheets = roster_sheets()
    sheets["Shifts"][2][2] = "25:00"
    response = upload(client, "roster.xlsx", workbook(sheets))
    assert response.status_code == 422
    assert places(response) == [("Shifts", 3, "end", "'25:00'")]
    problem = error_of(response)["problems"][0]
    assert problem["expected"].startswith("HH:MM")
    assert problem["message"].startswith("roster.xlsx, sheet Shifts, row 3, column end")


def test_unknown_shift_code_is_located(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A person allowed a shift code the Shifts sheet lacks is reported at that Staff cell."""
    sheets = roster_sheets()
    sheets["Staff"][1][2] = "A, X"
    response = upload(client, "roster.xlsx", workbook(sheets))
    assert response.status_code == 422
    [(sheet, row, column, value)] = places(response)
    assert (sheet, row, column) == ("Staff", 2, "shift_types")
    assert "X" in value
    assert_nothing_stored(client)


def test_duplicate_staff_ids_are_both_located(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """Two Staff rows with one id are each reported at their own row."""
    sheets = roster_sheets()
    sheets["Staff"][2][0] = "E1"
    response = upload(client, "roster.xlsx", workbook(sheets))
    assert response.status_code == 422
    assert places(response) == [("Staff", 2, "id", "'E1'"), ("Staff", 3, "id", "'E1'")]
    assert_nothing_stored(client)


def test_formula_is_never_evaluated(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A formula without a stored result is refused as such, not calculated."""
    sheets = roster_sheets()
    sheets["Leave"][1][2] = "=B2+1"
    response = upload(client, "roster.xlsx", workbook(sheets))
    assert response.status_code == 422
    assert "formulas are not calculated" in error_of(response)["problems"][0]["expected"]


def test_entity_expansion_in_a_workbook_is_refused(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A workbook whose sheet XML declares entities (a billion laughs) is refused, not expanded."""
    original = zipfile.ZipFile(io.BytesIO(workbook(roster_sheets())))
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as spoiled:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/workbook.xml":
                content = bomb.encode() + content.split(b"?>", 1)[-1]
            spoiled.writestr(item, content)
    response = upload(client, "roster.xlsx", buffer.getvalue())
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_roster"
    assert_nothing_stored(client)


def test_single_csv_roster_explains_the_csv_forms(client: TestClient) -> None:
    """One CSV file cannot hold a roster: the refusal says to send a .zip of CSV files."""
    response = upload(client, "staff.csv", b"id,name\nE1,Ann\n")
    assert response.status_code == 422
    assert ".zip" in error_of(response)["problems"][0]["expected"]


def test_missing_file_field_and_wrong_content_type(client: TestClient) -> None:
    """A form without the file field, or a plain-text body, is refused with a clear code."""
    response = client.post("/api/rosters", files={"other": ("x.xlsx", b"x")})
    assert (response.status_code, error_of(response)["code"]) == (422, "missing_file")
    response = client.post("/api/rosters", content=b"x", headers={"Content-Type": "text/plain"})
    assert (response.status_code, error_of(response)["code"]) == (415, "unsupported_type")


def test_unknown_roster_is_404_json(client: TestClient) -> None:
    """An unknown roster id answers 404 with the JSON error body."""
    for path in ("/api/rosters/99", "/api/rosters/99/rotas", "/api/rosters/99/jobs"):
        response = client.get(path)
        assert response.status_code == 404
        assert error_of(response) == {
            "code": "not_found",
            "message": "There is no roster 99.",
            "problems": [],
        }


def test_invalid_path_parameter_is_a_json_422(client: TestClient) -> None:
    """A roster id that is not a number is refused in the same JSON error shape."""
    response = client.get("/api/rosters/abc")
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_request"
    assert error_of(response)["problems"][0]["column"] == "path.roster_id"


def test_roster_pins_put_and_delete(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A pin put on a roster is stored in its problem; a second pin of the cell replaces it."""
    roster = upload(client, "roster.xlsx", workbook(roster_sheets())).json()
    url = f"/api/rosters/{roster['id']}/pins"
    client.put(url, json={"staff_id": "E2", "date": "2026-12-10", "shift": "A"})
    response = client.put(url, json={"staff_id": "E2", "date": "2026-12-10", "shift": "B"})
    assert response.status_code == 200, response.text
    assert response.json()["pins"] == [{"staff_id": "E2", "date": "2026-12-10", "shift": "B"}]
    assert client.get(f"/api/rosters/{roster['id']}").json()["pin_count"] == 1
    response = client.delete(f"{url}/E2/2026-12-10")
    assert response.json()["pins"] == []


def test_pin_on_approved_leave_or_for_an_unknown_person_is_refused(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """Pins that contradict the roster are refused with the reason, and not stored."""
    roster = upload(client, "roster.xlsx", workbook(roster_sheets())).json()
    url = f"/api/rosters/{roster['id']}/pins"
    on_leave = client.put(url, json={"staff_id": "E1", "date": "2026-12-08", "shift": "A"})
    assert on_leave.status_code == 422
    assert "leave" in error_of(on_leave)["message"]
    unknown = client.put(url, json={"staff_id": "E9", "date": "2026-12-08", "shift": "A"})
    assert unknown.status_code == 422
    assert error_of(unknown)["problems"][0]["value"] == "'E9'"
    assert client.get(f"/api/rosters/{roster['id']}").json()["pin_count"] == 0


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    """/docs is served without the internet and the OpenAPI schema lists every API path."""
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.text
    script = docs.text.split('<script src="', 1)[1].split('"', 1)[0]
    assert client.get(script).status_code == 200
    schema = client.get("/openapi.json").json()
    expected = {
        ("/api/rosters", "post"),
        ("/api/rosters", "get"),
        ("/api/rosters/{roster_id}", "get"),
        ("/api/jobs", "post"),
        ("/api/jobs/{job_id}", "get"),
        ("/api/jobs/{job_id}", "delete"),
        ("/api/rotas/{rota_id}", "get"),
        ("/api/rotas/{rota_id}.xlsx", "get"),
        ("/api/rotas/{rota_id}/pins", "put"),
        ("/api/rotas/{rota_id}/publish", "post"),
        ("/api/rotas/{rota_id}/diff", "get"),
        ("/api/check", "post"),
    }
    found = {(path, verb) for path, item in schema["paths"].items() for verb in item}
    assert expected <= found
    for path, verb in expected:
        assert schema["paths"][path][verb]["summary"]
    upload_body = schema["paths"]["/api/rosters"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(upload_body)


def test_samples_are_loaded_once_into_an_empty_database(make_client: Any) -> None:
    """With load_samples the samples are stored on start-up, and not again on the next start."""
    first: TestClient = make_client(load_samples=True)
    names = sorted(item["name"] for item in first.get("/api/rosters").json())
    assert names == sorted(path.stem for path in SAMPLES.glob("*.xlsx"))
    again: TestClient = make_client(load_samples=True)
    assert len(again.get("/api/rosters").json()) == len(names)
