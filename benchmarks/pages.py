"""How fast the pages load: a live server, a solved sample rota, timed requests and browser loads.

Starts uvicorn on loopback with a temporary SQLite database, uploads a roster through the page
form, generates a rota and waits for it, then times the pages as a supervisor opens them: the
server's answer (HTTP request to last byte) and, where Debian's chromium is installed, the
browser's load event (HTML, stylesheet and scripts parsed and laid out).

    .venv/bin/python -m benchmarks.pages                       # service_desk_regions, 3 weeks
    .venv/bin/python -m benchmarks.pages --roster samples/call_centre_seed.xlsx --repeat 50
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.live_server import REPO, live_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def solved_rota(client: httpx.Client, roster: Path, weeks: int, time_limit: float) -> int:
    """Upload the roster through the form, generate a rota and wait for it; its id."""
    upload = client.post("/rosters", files={"file": (roster.name, roster.read_bytes(), XLSX)})
    if upload.status_code != 303:
        raise RuntimeError(f"upload refused ({upload.status_code}): {upload.text[:500]}")
    roster_page = upload.headers["location"]
    start = client.get("/api" + roster_page).json()["start"]
    job = client.post(
        roster_page + "/generate",
        data={"start": start, "weeks": str(weeks), "time_limit": str(time_limit)},
    )
    job_id = job.headers["location"].rsplit("/", 1)[1]
    while True:
        state = client.get(f"/api/jobs/{job_id}").json()
        if state["status"] not in ("queued", "running"):
            break
        time.sleep(0.5)
    if state["rota_id"] is None:
        raise RuntimeError(f"no rota came back: {state}")
    print(
        f"solved: {state['status']} in {state['elapsed_s']:.1f} s, objective {state['objective']}, "
        f"gap {100 * (state['gap'] or 0):.2f} %"
    )
    return int(state["rota_id"])


def _stats(name: str, seconds: list[float], size: int | None = None) -> str:
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    kib = "" if size is None else f" {size / 1024:8.0f}"
    figures = (ordered[0], statistics.median(ordered), p90, ordered[-1])
    return f"{name:<28} {len(ordered):>4} " + " ".join(f"{1000 * x:8.1f}" for x in figures) + kib


def time_requests(client: httpx.Client, path: str, repeat: int) -> tuple[list[float], int]:
    """Seconds from sending the request to the last byte, after two warm-up requests."""
    size = 0
    for _ in range(2):
        size = len(client.get(path).content)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        response.read()
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return times, size


def time_browser_loads(url: str, repeat: int) -> list[float]:
    """Seconds from navigation start to the load event, as chromium reports them."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        for _ in range(repeat):
            page.goto(url, wait_until="load")
            milliseconds = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return n.loadEventEnd - n.startTime; }"
            )
            times.append(float(milliseconds) / 1000)
        browser.close()
    return times


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print a table in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster", type=Path, default=REPO / "samples/service_desk_regions.xlsx")
    parser.add_argument("--weeks", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="shiftplan-pages-") as folder,
        live_server(
            Path(folder), {"DATABASE_URL": f"sqlite:///{Path(folder) / 'shiftplan.db'}"}
        ) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        rota_id = solved_rota(client, args.roster, args.weeks, args.time_limit)
        rota = client.get(f"/api/rotas/{rota_id}").json()
        print(f"rota {rota_id}: {args.roster.name}, {rota['days']} days")
        columns = ("min", "median", "p90", "max", "KiB")
        print(f"{'page (ms)':<28} {'n':>4} " + " ".join(f"{c:>8}" for c in columns))
        roster_page = f"/rosters/{rota['roster_id']}"
        for path in (f"/rotas/{rota_id}", f"/rotas/{rota_id}/rota.xlsx", roster_page, "/"):
            times, size = time_requests(client, path, args.repeat)
            print(_stats("GET " + path, times, size))
        if CHROMIUM.exists():
            loads = time_browser_loads(f"{url}/rotas/{rota_id}", min(args.repeat, 20))
            print(_stats(f"browser load /rotas/{rota_id}", loads))


if __name__ == "__main__":
    main()
