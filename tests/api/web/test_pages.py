"""The HTML pages through FastAPI's TestClient: every page renders, bad files are located, pins,
versions, downloads and the language switch work."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from api.check import check_rota
from api.storage.tables import JobRow, JobStatus
from api.storage.versions import store_rota_version
from api.web.app import create_app
from api.web.services import get_roster, list_rosters
from api.web.settings import Settings
from models import Assignment, Problem, Rota
from scheduler.result import SolveResult, SolveStatus

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
SEED = SAMPLES / "call_centre_seed.xlsx"
START = dt.date(2026, 12, 7)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    # One app for the module: starting and stopping the solve pool per test costs seconds.
    folder = tmp_path_factory.mktemp("pages")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'pages.db'}", load_samples=False, solve_pool_size=1
    )
    return create_app(settings)


@pytest.fixture(scope="module")
def running(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, headers={"Accept-Language": "en-GB,en;q=0.9"}) as test_client:
        yield test_client


@pytest.fixture
def client(running: TestClient) -> TestClient:
    """The module's client with no language cookie left by an earlier test."""
    running.cookies.clear()
    return running


def sessions(app: FastAPI) -> sessionmaker[Session]:
    return cast(sessionmaker[Session], app.state.sessions)


def upload_seed(client: TestClient) -> int:
    response = client.post(
        "/rosters",
        files={"file": ("call_centre_seed.xlsx", SEED.read_bytes(), XLSX)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    match = re.fullmatch(r"/rosters/(\d+)", response.headers["location"])
    assert match is not None
    return int(match.group(1))


def store_rota(app: FastAPI, roster_id: int, shift: str = "A") -> int:
    """A rota version drawn by hand (everyone on ``shift`` on weekdays), checked like any other."""
    with sessions(app)() as session:
        problem = get_roster(session, roster_id).problem.with_changes(start=START, days=21)
        rota = hand_rota(problem, shift)
        report = check_rota(problem, rota)
        result = SolveResult(
            status=SolveStatus.FEASIBLE,
            rota=rota,
            report=report,
            objective=report.objective,
            best_bound=0,
        )
        return store_rota_version(session, roster_id, None, problem, result)


def hand_rota(problem: Problem, shift: str) -> Rota:
    dates = [day for day in problem.horizon.dates() if day.weekday() < 5]
    assignments = tuple(
        Assignment(staff_id=person.id, date=day, shift=shift)
        for person in problem.staff
        for day in dates
    )
    return Rota(start=problem.start, days=problem.days, assignments=assignments)


def broken_seed() -> bytes:
    workbook = load_workbook(SEED)
    workbook["Shifts"]["C2"] = "25:00"
    workbook["Staff"]["A3"] = "S1"
    data = BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_home_page_lists_rosters_and_offers_the_upload_form(client: TestClient) -> None:
    """The home page renders in English with the form and the stored rosters."""
    upload_seed(client)
    page = client.get("/")
    assert page.status_code == 200
    assert "Upload a roster" in page.text
    assert 'type="file"' in page.text and 'action="/rosters"' in page.text
    assert "call_centre_seed" in page.text


def test_broken_roster_shows_located_problems_and_stores_nothing(
    app: FastAPI, client: TestClient
) -> None:
    """A bad workbook is answered with a table of sheet, row, column, value, expected."""
    with sessions(app)() as session:
        before = list_rosters(session)
    response = client.post(
        "/rosters", files={"file": ("broken.xlsx", broken_seed(), XLSX)}, follow_redirects=False
    )
    assert response.status_code == 422
    rows = re.findall(r"<tr>\s*(<td>.*?)</tr>", response.text, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    bad_time = [row for row in cells if "25:00" in "".join(row)]
    assert bad_time and bad_time[0][:4] == ["broken.xlsx", "Shifts", "2", "start"]
    assert any("S1" in "".join(row) and row[1] == "Staff" for row in cells)
    assert "nothing was stored" in response.text
    with sessions(app)() as session:
        assert list_rosters(session) == before


def test_wrong_type_of_file_is_refused_on_the_page(client: TestClient) -> None:
    """A .txt upload gets 415 and says which files are accepted."""
    response = client.post("/rosters", files={"file": ("notes.txt", b"hello", "text/plain")})
    assert response.status_code == 415
    assert ".xlsx, .csv, .zip" in response.text


def test_roster_page_shows_staff_shifts_windows_and_the_generate_form(
    client: TestClient,
) -> None:
    """Staff with Chinese names, shift times, the coverage window and a 3-week default."""
    roster_id = upload_seed(client)
    page = client.get(f"/rosters/{roster_id}")
    assert page.status_code == 200
    for text in ("张伟", "刘洋", "20:00", "22:00", "客服热线 09:00–24:00", "No leave."):
        assert text in page.text
    assert re.search(r'name="weeks" value="3"', page.text)
    assert 'name="start" value="2026-12-07"' in page.text


def test_generate_with_dates_off_the_roster_is_shown_on_the_roster_page(
    client: TestClient,
) -> None:
    """A time limit over the maximum is refused with the service's message, nothing queued."""
    roster_id = upload_seed(client)
    response = client.post(
        f"/rosters/{roster_id}/generate",
        data={"start": "2026-12-07", "weeks": "3", "time_limit": "100000"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert 'id="page-error"' in response.text and "time_limit_s" in response.text


def test_rota_page_shows_grid_heatmap_hours_problems_and_versions(
    app: FastAPI, client: TestClient
) -> None:
    """The rota page renders each part: coloured cells, weekend shading, red shortfalls."""
    roster_id = upload_seed(client)
    rota_id = store_rota(app, roster_id)
    page = client.get(f"/rotas/{rota_id}")
    assert page.status_code == 200
    text = page.text
    assert text.count('<td class="cell shift') == 4 * 15
    assert 'style="background:#9BC2E6"' in text
    assert text.count('<th class="day weekend"') == 2 * 6  # grid and heatmap
    assert 'class="heat short' in text and 'class="heat structural' in text
    assert 'id="hours"' in text and "Weekends worked" in text
    assert "Structural gaps" in text and "Extend shift C" in text
    assert f'href="/rotas/{rota_id}/rota.xlsx?lang=en"' in text
    assert "v1" in text and 'id="versions"' in text


def test_rota_page_speaks_chinese_from_the_browser(app: FastAPI, client: TestClient) -> None:
    """With Accept-Language zh the rota page is Chinese, weekdays and the engine's explanations of
    gaps and shortfalls included."""
    rota_id = store_rota(app, upload_seed(client))
    page = client.get(f"/rotas/{rota_id}", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-CN">' in page.text
    assert "覆盖情况" in page.text and "周六" in page.text and "计薪工时" in page.text
    assert "延长到 24:00" in page.text and "Extend shift" not in page.text
    assert "在岗 0 人，需 1 人；" in page.text and "on duty;" not in page.text


def test_pin_and_clear_a_cell(app: FastAPI, client: TestClient) -> None:
    """A pinned cell is outlined on the rota and stored in the roster; clearing removes it."""
    roster_id = upload_seed(client)
    rota_id = store_rota(app, roster_id)
    response = client.post(
        f"/rotas/{rota_id}/pins",
        data={"staff_id": "S2", "date": "2026-12-08", "shift": "C"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(f"/rotas/{rota_id}").text
    assert re.search(r'pinned"\s+data-staff="S2" data-date="2026-12-08" data-pin="C"', page)
    with sessions(app)() as session:
        pins = get_roster(session, roster_id).problem.pins
    assert [(pin.staff_id, pin.date, pin.shift) for pin in pins] == [
        ("S2", dt.date(2026, 12, 8), "C")
    ]
    roster_page = client.get(f"/rosters/{roster_id}").text
    assert re.search(r'id="pins".*S2 李娜</td><td>2026-12-08</td><td>C</td>', roster_page, re.S)

    client.post(f"/rotas/{rota_id}/pins", data={"staff_id": "S2", "date": "2026-12-09"})
    client.post(
        f"/rotas/{rota_id}/pins", data={"staff_id": "S2", "date": "2026-12-08", "clear": "1"}
    )
    page = client.get(f"/rotas/{rota_id}").text
    assert 'data-staff="S2" data-date="2026-12-09" data-pin="-"' in page
    assert 'data-date="2026-12-08" data-pin=""' in page


def test_pin_of_an_unknown_shift_is_refused_on_the_rota_page(
    app: FastAPI, client: TestClient
) -> None:
    """An impossible pin answers 422 with the reason and changes nothing."""
    roster_id = upload_seed(client)
    rota_id = store_rota(app, roster_id)
    response = client.post(
        f"/rotas/{rota_id}/pins", data={"staff_id": "S1", "date": "2026-12-08", "shift": "Z"}
    )
    assert response.status_code == 422
    assert 'id="page-error"' in response.text and "Z" in response.text
    with sessions(app)() as session:
        assert get_roster(session, roster_id).problem.pins == ()


def test_publish_and_compare_versions(app: FastAPI, client: TestClient) -> None:
    """Publishing marks the version; comparing two versions lists every changed cell."""
    roster_id = upload_seed(client)
    first = store_rota(app, roster_id, "A")
    second = store_rota(app, roster_id, "B")
    assert client.post(f"/rotas/{first}/publish", follow_redirects=False).status_code == 303
    page = client.get(f"/rotas/{first}").text
    assert 'id="published-badge"' in page
    diff = client.get(f"/rotas/{second}", params={"compare": first}).text
    assert "v1 → v2" in diff
    assert "60 cell(s) changed" in diff
    assert '<td class="diff-before">A</td><td class="diff-after">B</td>' in diff


def test_download_is_the_rota_workbook_in_the_chosen_language(
    app: FastAPI, client: TestClient
) -> None:
    """The Excel link gives the same five-sheet workbook as the CLI, in Chinese when asked."""
    rota_id = store_rota(app, upload_seed(client))
    response = client.get(f"/rotas/{rota_id}/rota.xlsx", params={"lang": "zh"})
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert "attachment" in response.headers["content-disposition"]
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["班表", "覆盖", "工时", "问题", "输入"]


def test_job_page_polls_the_job_and_a_finished_job_opens_its_rota(
    app: FastAPI, client: TestClient
) -> None:
    """A running job's page carries its API address; a done job redirects to its rota."""
    roster_id = upload_seed(client)
    rota_id = store_rota(app, roster_id)
    with sessions(app)() as session:
        jobs = [
            JobRow(
                roster_id=roster_id,
                status=status.value,
                start=START,
                days=21,
                time_limit_s=5.0,
                threads=1,
                rota_id=rota,
            )
            for status, rota in ((JobStatus.RUNNING, None), (JobStatus.DONE, rota_id))
        ]
        session.add_all(jobs)
        session.commit()
        running, done = (job.id for job in jobs)
    page = client.get(f"/jobs/{running}")
    assert page.status_code == 200
    assert f'data-api="/api/jobs/{running}"' in page.text and 'id="stop"' in page.text
    assert "/static/job.js" in page.text
    finished = client.get(f"/jobs/{done}", follow_redirects=False)
    assert finished.status_code == 303 and finished.headers["location"] == f"/rotas/{rota_id}"


def test_job_page_of_a_failed_job_says_why(app: FastAPI, client: TestClient) -> None:
    """A job that found no rota stays on its page with the solver's message."""
    roster_id = upload_seed(client)
    with sessions(app)() as session:
        job = JobRow(
            roster_id=roster_id,
            status=JobStatus.FAILED.value,
            start=START,
            days=21,
            time_limit_s=0.5,
            threads=1,
            error="No rota found within 0.5 s; allow more time.",
        )
        session.add(job)
        session.commit()
        job_id = job.id
    page = client.get(f"/jobs/{job_id}", follow_redirects=False)
    assert page.status_code == 200
    assert "No rota found within 0.5 s; allow more time." in page.text
    assert '<dd id="job-state">failed</dd>' in page.text


def test_check_page_reports_an_uploaded_rota(client: TestClient) -> None:
    """HR's check: a CSV rota against a stored roster gives coverage and rule breaks."""
    roster_id = upload_seed(client)
    assert "Check a rota" in client.get("/check").text
    lines = ["staff_id,date,shift"]
    lines += [f"S1,2026-12-{day:02d},A" for day in range(7, 14)]
    response = client.post(
        "/check",
        data={"roster_id": str(roster_id)},
        files={"file": ("rota.csv", "\n".join(lines).encode(), "text/csv")},
    )
    assert response.status_code == 200
    assert 'id="check-result"' in response.text
    assert "Breaks" in response.text and "Max consecutive working days" in response.text
    assert 'class="heat short' in response.text


def test_check_page_reads_back_the_downloaded_workbook(app: FastAPI, client: TestClient) -> None:
    """The workbook the rota page gives, checked on the Check page, shows the same verdict."""
    roster_id = upload_seed(client)
    rota_id = store_rota(app, roster_id)
    workbook = client.get(f"/rotas/{rota_id}/rota.xlsx", params={"lang": "zh"}).content
    response = client.post(
        "/check",
        data={"roster_id": str(roster_id)},
        files={"file": ("rota.xlsx", workbook, XLSX)},
    )
    assert response.status_code == 200
    assert "2026-12-07 – 2026-12-27 (21)" in response.text
    rota_page = client.get(f"/rotas/{rota_id}").text
    verdict = re.compile(r'<span class="(?:ok|bad)-note">([^<]+)</span>')
    assert verdict.findall(response.text)[:1] == verdict.findall(rota_page)[:1]
    assert response.text.count('<td class="cell shift') == 4 * 15


def test_check_page_locates_the_mistakes_of_a_bad_rota(client: TestClient) -> None:
    """Unknown people and shifts in a rota file are listed with their row and column."""
    roster_id = upload_seed(client)
    csv = "staff_id,date,shift\nS9,2026-12-07,A\nS1,2026-12-08,Z\n"
    response = client.post(
        "/check",
        data={"roster_id": str(roster_id)},
        files={"file": ("rota.csv", csv.encode(), "text/csv")},
    )
    assert response.status_code == 422
    assert 'id="file-problems"' in response.text
    assert "S9" in response.text and "&#39;Z&#39;" in response.text


def test_language_switch_sets_a_cookie_and_goes_back(client: TestClient) -> None:
    """中文 is remembered in a cookie; only local paths are followed back."""
    response = client.post(
        "/language", data={"lang": "zh", "next": "/check"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/check"
    assert "lang=zh" in response.headers["set-cookie"]
    assert "检查班表" in client.get("/check").text
    assert "上传排班资料" in client.get("/").text
    away = client.post(
        "/language", data={"lang": "en", "next": "https://example.org/"}, follow_redirects=False
    )
    assert away.headers["location"] == "/"
    assert "Upload a roster" in client.get("/").text


def test_unknown_roster_and_rota_pages_say_so(client: TestClient) -> None:
    """Missing ids get a 404 page with the services' message, not a traceback."""
    for path in ("/rosters/999", "/rotas/999", "/jobs/999"):
        page = client.get(path)
        assert page.status_code == 404
        assert 'id="error-message"' in page.text and "999" in page.text


def test_static_files_are_served(client: TestClient) -> None:
    """The stylesheet and scripts the pages load are there."""
    for name in ("app.css", "job.js", "rota.js"):
        assert client.get(f"/static/{name}").status_code == 200
