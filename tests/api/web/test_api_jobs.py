"""Solve jobs: run in worker processes, report progress, stop keeping the best rota, 429 when full,
and survive a restart as interrupted."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.storage.database import make_engine
from api.storage.tables import JobRow, JobStatus
from api.web.app import create_app

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
WorkbookFactory = Callable[[dict[str, list[list[object]]]], bytes]
SheetsFactory = Callable[[], dict[str, list[list[object]]]]
ClientFactory = Callable[..., TestClient]


def store(client: TestClient, name: str, data: bytes) -> int:
    """Upload a roster; its id."""
    response = client.post("/api/rosters", files={"file": (name, data)})
    assert response.status_code == 201, response.text
    roster_id: int = response.json()["id"]
    return roster_id


def store_sample(client: TestClient) -> int:
    """Upload the 21-agent sample (seven teams, a solve that takes a while)."""
    return store(
        client, "service_desk_regions.xlsx", (SAMPLES / "service_desk_regions.xlsx").read_bytes()
    )


def submit(client: TestClient, roster_id: int, **params: object) -> int:
    """Start a solve job; its id."""
    response = client.post("/api/jobs", json={"roster_id": roster_id, **params})
    assert response.status_code == 202, response.text
    job_id: int = response.json()["job_id"]
    return job_id


def wait_for(
    client: TestClient, job_id: int, done: Callable[[dict[str, Any]], bool], seconds: float = 90
) -> dict[str, Any]:
    """Poll the job until ``done`` holds (the test fails after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if done(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not get there within {seconds} s: {job}")


def finished(job: dict[str, Any]) -> bool:
    """The job will change no more."""
    return job["status"] not in ("queued", "running")


def test_job_solves_in_a_worker_and_links_a_valid_rota(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A job goes queued -> done in a worker process and links a rota that keeps every rule."""
    roster_id = store(client, "roster.xlsx", workbook(roster_sheets()))
    response = client.post(
        "/api/jobs", json={"roster_id": roster_id, "start": "2026-12-14", "weeks": 1}
    )
    assert response.status_code == 202
    accepted = response.json()
    assert accepted["status"] == "queued"
    assert accepted["url"] == f"/api/jobs/{accepted['job_id']}"
    job = wait_for(client, accepted["job_id"], finished)
    assert job["status"] == "done", job
    assert (job["start"], job["days"], job["time_limit_s"]) == ("2026-12-14", 7, 2.0)
    assert job["objective"] is not None and job["best_bound"] is not None
    assert job["objective"] >= job["best_bound"]
    assert job["started_at"] and job["finished_at"]
    rota = client.get(job["rota_url"]).json()
    assert rota["version"] == 1 and rota["job_id"] == job["id"]
    assert rota["is_valid"] and rota["result"]["report"]["rule_breaks"] == []
    assert rota["result"]["objective"] == rota["result"]["report"]["objective"]
    assert rota["start"] == "2026-12-14" and rota["days"] == 7
    listed = client.get(f"/api/rosters/{roster_id}/jobs").json()
    assert [item["id"] for item in listed] == [job["id"]]


def test_stop_keeps_the_best_rota_found_so_far(client: TestClient) -> None:
    """Stopping a long solve once it has a rota ends it early with that rota, valid and whole."""
    roster_id = store_sample(client)
    job_id = submit(client, roster_id, time_limit_s=120)
    wait_for(client, job_id, lambda job: job["objective"] is not None or finished(job))
    response = client.delete(f"/api/jobs/{job_id}")
    assert response.status_code == 200
    assert response.json()["stop_requested"] is True
    job = wait_for(client, job_id, finished, seconds=60)
    assert job["status"] == "stopped", job
    assert job["elapsed_s"] < 60
    rota = client.get(job["rota_url"]).json()
    assert rota["stopped"] is True and rota["is_valid"]
    staff = {person["id"] for person in rota["problem"]["staff"]}
    assigned = {item["staff_id"] for item in rota["result"]["rota"]["assignments"]}
    assert assigned == staff  # every team has its part of the rota, not only the first


def test_full_queue_answers_429_and_a_queued_job_stops_at_once(
    make_client: ClientFactory,
) -> None:
    """With one worker and one place in the queue, a third job is refused with 429; stopping the
    queued one ends it before it starts."""
    client = make_client(solve_pool_size=1, max_queued_jobs=1)
    roster_id = store_sample(client)
    running = submit(client, roster_id, time_limit_s=120)
    queued = submit(client, roster_id, time_limit_s=120)
    refused = client.post("/api/jobs", json={"roster_id": roster_id})
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "queue_full"
    assert "1 at once, 1 waiting" in error["message"]
    stopped = client.delete(f"/api/jobs/{queued}").json()
    assert (stopped["status"], stopped["rota_id"]) == ("stopped", None)
    assert stopped["error"] == "Stopped before it started."
    client.delete(f"/api/jobs/{running}")
    assert wait_for(client, running, finished, seconds=60)["status"] == "stopped"
    assert client.get(f"/api/jobs/{queued}").json()["started_at"] is None


def test_restart_marks_unfinished_jobs_interrupted(
    make_client: ClientFactory,
    database_url: str,
    roster_sheets: SheetsFactory,
    workbook: WorkbookFactory,
) -> None:
    """Jobs a crashed server left queued or running are marked interrupted on the next start."""
    first = make_client()
    roster_id = store(first, "roster.xlsx", workbook(roster_sheets()))
    engine = make_engine(database_url)
    with Session(engine) as session:
        rows = [
            JobRow(
                roster_id=roster_id,
                status=status.value,
                start=dt.date(2026, 12, 7),
                days=7,
                time_limit_s=5,
                threads=1,
                seed=0,
                stop_requested=False,
                parts_done=0,
                parts=1,
            )
            for status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE)
        ]
        session.add_all(rows)
        session.commit()
        ids = [row.id for row in rows]
    engine.dispose()
    second = make_client()
    statuses = [second.get(f"/api/jobs/{job_id}").json() for job_id in ids]
    assert [job["status"] for job in statuses] == ["interrupted", "interrupted", "done"]
    assert "server stopped" in statuses[0]["error"]
    assert statuses[0]["finished_at"] is not None


def test_bad_solve_requests(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """Unknown roster 404, a time limit above the maximum 422, weeks out of range 422, no job."""
    roster_id = store(client, "roster.xlsx", workbook(roster_sheets()))
    unknown = client.post("/api/jobs", json={"roster_id": 999})
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
    too_long = client.post("/api/jobs", json={"roster_id": roster_id, "time_limit_s": 1e6})
    assert too_long.status_code == 422
    assert "time_limit_s" in too_long.json()["error"]["message"]
    weeks = client.post("/api/jobs", json={"roster_id": roster_id, "weeks": 0})
    assert weeks.status_code == 422
    assert weeks.json()["error"]["problems"][0]["column"] == "body.weeks"
    assert client.get(f"/api/rosters/{roster_id}/jobs").json() == []
    assert client.get("/api/jobs/999").status_code == 404
    assert client.delete("/api/jobs/999").status_code == 404


def test_a_job_without_a_rota_fails_with_the_reason(
    client: TestClient, roster_sheets: SheetsFactory, workbook: WorkbookFactory
) -> None:
    """A roster whose hard rules cannot all be kept ends failed, with the solver's reason."""
    sheets = roster_sheets()
    sheets["Staff"][0].append("min_hours_week")
    sheets["Staff"][1].append(70)  # seven 8-hour shifts make 56 hours at most
    roster_id = store(client, "roster.xlsx", workbook(sheets))
    job = wait_for(client, submit(client, roster_id), finished)
    assert job["status"] == "failed", job
    assert job["rota_id"] is None
    assert "hard rule" in job["error"]
    assert client.get(f"/api/rosters/{roster_id}/rotas").json() == []


def test_shutdown_stops_running_jobs_keeping_their_rota(
    make_settings: Callable[..., Any],
) -> None:
    """A server shut down while solving stops the job with its best rota; the next start keeps it
    stopped, not interrupted."""
    with TestClient(create_app(make_settings())) as first:
        roster_id = store_sample(first)
        job_id = submit(first, roster_id, time_limit_s=120)
        wait_for(first, job_id, lambda job: job["objective"] is not None or finished(job))
    with TestClient(create_app(make_settings())) as second:
        job = second.get(f"/api/jobs/{job_id}").json()
        assert job["status"] == "stopped", job
        rota = second.get(job["rota_url"]).json()
        assert rota["stopped"] and rota["is_valid"]
