"""How fast the JSON API answers, and how the solve pool shares 2 cores between jobs.

Starts ``shiftplan serve``'s app under uvicorn on loopback with a temporary SQLite database (or
``--database-url``), then:

1. latency: uploads the 21-agent sample (``POST /api/rosters``), generates its 3-week rota, and
   times ``GET /api/rotas/{id}`` (JSON) and ``GET /api/rotas/{id}.xlsx``, ``--repeat`` times each;
2. pool: with ``--pool`` sizes (default 1 and 2), submits ``--jobs`` solves of the sample at once
   and reports how many ran at the same time, when each finished and the objective it reached.

    .venv/bin/python -m benchmarks.web                         # both parts, 20 requests each
    .venv/bin/python -m benchmarks.web --part latency --repeat 50
    .venv/bin/python -m benchmarks.web --part pool --time-limit 20 --pool 1 2

Every loop is bounded (``--repeat`` requests, jobs with a time limit, a deadline on each wait).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from benchmarks.live_server import REPO, live_server

SAMPLE = REPO / "samples" / "service_desk_regions.xlsx"


def _settings(folder: Path, database_url: str | None, pool: int) -> dict[str, str]:
    """The server's database and a pool of ``pool`` solve workers."""
    return {
        "SHIFTPLAN_DATABASE_URL": database_url or f"sqlite:///{folder / f'pool{pool}.db'}",
        "SHIFTPLAN_SOLVE_POOL_SIZE": str(pool),
        "SHIFTPLAN_MAX_QUEUED_JOBS": "8",
    }


def _timed(repeat: int, request: Callable[[], httpx.Response]) -> list[float]:
    """Milliseconds of each of ``repeat`` requests (each must succeed)."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = request()
        times.append((time.perf_counter() - began) * 1000)
        response.raise_for_status()
    return times


def _row(name: str, times: list[float], size: int) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{name:<34} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f} "
        f"{size / 1000:9.1f}"
    )


def _wait_for_job(client: httpx.Client, url: str, seconds: float) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(url).json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not finish within {seconds} s")


def latency(url: str, repeat: int, time_limit: float) -> None:
    """Time roster upload, rota JSON and rota Excel for the 21-agent, 3-week sample."""
    data = SAMPLE.read_bytes()
    with httpx.Client(base_url=url, timeout=120) as client:

        def upload() -> httpx.Response:
            return client.post("/api/rosters", files={"file": (SAMPLE.name, data)})

        uploads = _timed(repeat, upload)
        roster = upload().json()
        accepted = client.post(
            "/api/jobs", json={"roster_id": roster["id"], "weeks": 3, "time_limit_s": time_limit}
        ).json()
        job = _wait_for_job(client, accepted["url"], time_limit + 60)
        rota_url = job["rota_url"]
        json_size = len(client.get(rota_url).content)
        xlsx_size = len(client.get(rota_url + ".xlsx").content)
        rota_json = _timed(repeat, lambda: client.get(rota_url))
        rota_xlsx = _timed(repeat, lambda: client.get(rota_url + ".xlsx"))
        listing = _timed(repeat, lambda: client.get("/api/rosters"))
        status = _timed(repeat, lambda: client.get(accepted["url"]))
    print(
        f"{SAMPLE.name}: {roster['staff_count']} agents, {roster['days']} days; rota v1 "
        f"{job['status']} in {job['elapsed_s']:.1f} s, objective {job['objective']}"
    )
    print(f"{'request (ms)':<34} {'median':>8} {'p95':>8} {'max':>8} {'size kB':>9}")
    print(_row("POST /api/rosters (xlsx upload)", uploads, len(data)))
    print(_row("GET /api/rotas/{id} (JSON)", rota_json, json_size))
    print(_row("GET /api/rotas/{id}.xlsx", rota_xlsx, xlsx_size))
    print(_row("GET /api/rosters (list)", listing, 0))
    print(_row("GET /api/jobs/{id} (progress poll)", status, 0))


def pool_run(url: str, jobs: int, time_limit: float) -> None:
    """Submit ``jobs`` solves at once; print how many ran together and how each ended."""
    with httpx.Client(base_url=url, timeout=120) as client:
        roster = client.post(
            "/api/rosters", files={"file": (SAMPLE.name, SAMPLE.read_bytes())}
        ).json()
        began = time.monotonic()
        urls = [
            client.post(
                "/api/jobs",
                json={"roster_id": roster["id"], "weeks": 3, "time_limit_s": time_limit},
            ).json()["url"]
            for _ in range(jobs)
        ]
        most_running = 0
        finished_at: dict[str, float] = {}
        states: dict[str, dict[str, Any]] = {}
        # Milliseconds of each progress poll while jobs run: what the solvers leave the server.
        polls: list[float] = []
        deadline = began + jobs * (time_limit + 30) + 60
        while len(finished_at) < jobs and time.monotonic() < deadline:
            for job_url in urls:
                asked = time.perf_counter()
                states[job_url] = client.get(job_url).json()
                polls.append((time.perf_counter() - asked) * 1000)
            most_running = max(
                most_running, sum(job["status"] == "running" for job in states.values())
            )
            for job_url, job in states.items():
                if job["status"] not in ("queued", "running") and job_url not in finished_at:
                    finished_at[job_url] = time.monotonic() - began
            time.sleep(0.2)
    ends = ", ".join(
        f"job {states[u]['id']}: done at {finished_at.get(u, float('nan')):.1f} s, "
        f"objective {states[u]['objective']}"
        for u in urls
    )
    print(f"  at most {most_running} running at once; {ends}")
    ordered = sorted(polls)
    print(
        f"  progress poll while solving: median {statistics.median(polls):.1f} ms, "
        f"p95 {ordered[round(0.95 * (len(ordered) - 1))]:.1f} ms, max {ordered[-1]:.1f} ms"
    )


def main() -> None:
    """Run the chosen parts against a live server."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("latency", "pool", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pool", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="shiftplan-bench-") as name:
        folder = Path(name)
        if args.part in ("latency", "both"):
            with live_server(folder, _settings(folder, args.database_url, pool=1)) as url:
                latency(url, args.repeat, args.time_limit)
        if args.part in ("pool", "both"):
            for size in args.pool:
                print(
                    f"pool of {size}, {args.jobs} jobs of {args.time_limit:g} s submitted at once:"
                )
                with live_server(folder, _settings(folder, args.database_url, pool=size)) as url:
                    pool_run(url, args.jobs, args.time_limit)


if __name__ == "__main__":
    main()
