"""A supervisor in a real browser: upload, generate, watch, review, pin, re-generate, download."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEED = SAMPLES / "call_centre_seed.xlsx"
TIME_LIMIT_S = "4"
SOLVE_TIMEOUT_MS = 60_000


def broken_roster(folder: Path) -> Path:
    """The seed roster with a shift starting at 25:00 and a staff id used twice."""
    workbook = load_workbook(SEED)
    workbook["Shifts"]["C2"] = "25:00"
    workbook["Staff"]["A3"] = "S1"
    path = folder / "broken.xlsx"
    workbook.save(path)
    return path


def upload_seed(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.set_input_files("#roster-file", str(SEED))
    page.click("form.upload button[type=submit]")
    page.wait_for_url(re.compile(r"/rosters/\d+$"))


def generate_and_wait(page: Page) -> None:
    """On a job page: progress is shown, then the finished job opens its rota."""
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    expect(page.locator("#job-state")).to_be_visible()
    expect(page.locator("#job-elapsed")).to_be_visible()
    page.wait_for_url(re.compile(r"/rotas/\d+$"), timeout=SOLVE_TIMEOUT_MS)


def test_a_broken_file_shows_each_problem_in_place(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    """A bad roster is refused with a table naming sheet, row, column and what was expected."""
    page.goto(live_server + "/")
    page.set_input_files("#roster-file", str(broken_roster(tmp_path)))
    page.click("form.upload button[type=submit]")
    table = page.locator("#file-problems")
    expect(table).to_be_visible()
    bad_time = table.locator("tr", has_text="25:00")
    expect(bad_time).to_contain_text("Shifts")
    expect(bad_time.locator("td").nth(2)).to_have_text("2")
    expect(table).to_contain_text("S1")
    expect(page.locator("#rosters")).to_have_count(0)


def test_generate_review_pin_regenerate_and_download(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    """The whole supervisor path: the pin survives re-generation and the workbook opens."""
    upload_seed(page, live_server)
    expect(page.locator("#staff")).to_contain_text("张伟")
    expect(page.locator("#shift-types")).to_contain_text("20:00")
    page.fill("input[name=time_limit]", TIME_LIMIT_S)
    page.click("#generate-button")
    generate_and_wait(page)

    grid = page.locator("#rota-grid")
    expect(grid.locator("tbody tr")).to_have_count(4)
    expect(grid.locator("tbody tr").first.locator("td.cell")).to_have_count(21)
    assert grid.locator("td.cell.shift").count() > 0
    assert grid.locator("th.day.weekend").count() == 6
    colour = grid.locator("td.cell.shift").first.evaluate(
        "cell => getComputedStyle(cell).backgroundColor"
    )
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    heatmap = page.locator("#heatmap")
    expect(heatmap).to_be_visible()
    # The seed's line is open to 24:00 but C ends at 22:00: that slice is a structural gap.
    expect(heatmap.locator("tr", has_text="22:00–24:00").locator("td.structural")).to_have_count(21)
    expect(page.locator("#hours")).to_contain_text("刘洋")
    expect(page.locator("#problems")).to_contain_text("22:00")

    # Pin a working day of the first person off, then re-generate.
    cell = grid.locator("tbody tr").first.locator("td.cell.shift").first
    date = cell.get_attribute("data-date")
    staff = cell.get_attribute("data-staff")
    cell.click()
    dialog = page.locator("#pin-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("button[data-code='-']").click()
    pinned = page.locator(f"td.cell[data-staff='{staff}'][data-date='{date}']")
    expect(pinned).to_have_class(re.compile(r"\bpinned\b"))
    first_url = page.url

    page.click("#regenerate")
    generate_and_wait(page)
    assert page.url != first_url
    expect(page.locator("h1")).to_contain_text("v2")
    kept = page.locator(f"td.cell[data-staff='{staff}'][data-date='{date}']")
    expect(kept).to_have_class(re.compile(r"\bpinned\b"))
    expect(kept).to_have_class(re.compile(r"\boff\b"))
    expect(kept).to_have_text("")
    expect(page.locator("#versions tbody tr")).to_have_count(2)

    # What changed from v1: at least the pinned cell.
    page.click("form.compare button[type=submit]")
    expect(page.locator("#diff-table")).to_contain_text(date or "")

    with page.expect_download() as download_info:
        page.click("#download")
    path = tmp_path / "rota.xlsx"
    download_info.value.save_as(path)
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["Rota", "Coverage", "Hours", "Problems", "Inputs"]
    ids = [row[0] for row in workbook["Rota"].iter_rows(min_row=3, max_row=6, values_only=True)]
    assert ids == ["S1", "S2", "S3", "S4"]

    page.click("#publish")
    expect(page.locator("#published-badge")).to_be_visible()


def test_stop_keeps_the_best_rota_found_so_far(page: Page, live_server: str) -> None:
    """A long solve shows a live objective; Stop ends it early and opens the rota found."""
    upload_seed(page, live_server)
    page.fill("input[name=time_limit]", "300")
    page.click("#generate-button")
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    # The objective appears once the first rota is found; elapsed time keeps moving.
    expect(page.locator("#job-objective")).to_have_text(re.compile(r"\d"), timeout=30_000)
    expect(page.locator("#job-state")).to_have_text("running")
    page.click("#stop")
    page.wait_for_url(re.compile(r"/rotas/\d+$"), timeout=30_000)
    expect(page.locator("#rota-grid tbody tr")).to_have_count(4)
    rota = page.request.get(live_server + "/api/rotas/" + page.url.rsplit("/", 1)[1]).json()
    assert rota["stopped"] is True


def test_language_switch_is_remembered(page: Page, live_server: str) -> None:
    """Choosing 中文 turns every page Chinese and stays so on the next page."""
    page.goto(live_server + "/")
    expect(page.locator("h1")).to_have_text("Upload a roster")
    page.click("#lang-zh")
    expect(page.locator("h1")).to_have_text("上传排班资料")
    page.goto(live_server + "/check")
    expect(page.locator("h1")).to_have_text("检查班表")
    page.click("#lang-en")
    expect(page.locator("h1")).to_have_text("Check a rota")


def test_check_page_reports_a_hand_drawn_rota(page: Page, live_server: str, tmp_path: Path) -> None:
    """HR uploads a rota drawn by hand and gets the rule and coverage report, no solving."""
    upload_seed(page, live_server)
    roster_id = page.url.rsplit("/", 1)[1]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Rota"
    dates = [f"2026-12-{day:02d}" for day in range(7, 14)]
    sheet.append(["id", *dates])
    for staff_id in ("S1", "S2", "S3", "S4"):
        # Everyone on A every day: seven days in a row breaks the six-day rule.
        sheet.append([staff_id, *(["A"] * 7)])
    data = BytesIO()
    workbook.save(data)
    path = tmp_path / "hand_drawn.xlsx"
    path.write_bytes(data.getvalue())

    page.goto(live_server + "/check")
    page.select_option("#check-roster", roster_id)
    page.set_input_files("#rota-file", str(path))
    page.click("#check-form button[type=submit]")
    expect(page.locator("#check-result")).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("Breaks")
    expect(page.locator("#rule-breaks")).to_contain_text("S1")
    expect(page.locator("#heatmap td.short").first).to_be_visible()
