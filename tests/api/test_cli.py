"""The shiftplan command end to end: roster file → solver → Excel/CSV → check."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from api.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    """Run the command line; return the exit code and everything it printed."""
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_template_then_solve_writes_a_rota_workbook(tmp_path: Path) -> None:
    """A freshly written template solves as it is and gives a workbook with all five sheets."""
    roster, rota = tmp_path / "roster.xlsx", tmp_path / "rota.xlsx"
    assert run("template", str(roster))[0] == 0
    code, output = run(
        "solve", str(roster), "--start", "2026-12-07", "--weeks", "1", "--out", str(rota),
        "--time-limit", "2",
    )  # fmt: skip
    assert code == 0, output
    assert "Status:" in output and f"Wrote {rota}" in output
    sheets = openpyxl.load_workbook(rota).sheetnames
    assert sheets == ["Rota", "Coverage", "Hours", "Problems", "Inputs"]


def test_solve_the_seed_to_csv_and_check_it(tmp_path: Path) -> None:
    """The seed sample solves to a CSV that `check` reads back and finds free of rule breaks."""
    rota = tmp_path / "rota.csv"
    code, output = run(
        "solve", str(SAMPLES / "call_centre_seed.xlsx"), "--start", "2026-12-07", "--weeks", "1",
        "--out", str(rota), "--time-limit", "2",
    )  # fmt: skip
    assert code == 0, output
    assert "Structural gap: 22:00–24:00" in output
    with rota.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) == {"staff_id", "date", "shift"}
    code, output = run("check", str(rota), "--roster", str(SAMPLES / "call_centre_seed.xlsx"))
    assert code == 0, output
    assert "keeps every hard rule" in output
    assert "2026-12-07 to 2026-12-13" in output


def test_check_reports_a_hand_drawn_rule_break(tmp_path: Path) -> None:
    """Seven days in a row of A for one agent is reported, and `check` exits with 1."""
    rota = tmp_path / "hand.csv"
    lines = ["staff_id,date,shift"] + [f"S1,2026-12-{day:02d},A" for day in range(7, 14)]
    rota.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = run("check", str(rota), "--roster", str(SAMPLES / "call_centre_seed.xlsx"))
    assert code == 1
    assert "BREAKS hard rules" in output
    assert "7 days in a row" in output


def test_check_writes_the_report_workbook_in_chinese(tmp_path: Path) -> None:
    """`check --out report.xlsx --lang zh` writes the report with Chinese sheet names."""
    rota, report = tmp_path / "hand.csv", tmp_path / "report.xlsx"
    rota.write_text("staff_id,date,shift\nS1,2026-12-07,A\n", encoding="utf-8")
    code, output = run(
        "check", str(rota), "--roster", str(SAMPLES / "call_centre_seed.xlsx"),
        "--out", str(report), "--lang", "zh",
    )  # fmt: skip
    assert code == 0, output
    assert openpyxl.load_workbook(report).sheetnames[0] == "班表"


def test_bad_roster_is_reported_with_its_place_and_nothing_is_written(tmp_path: Path) -> None:
    """A roster with a bad time names file, sheet, row and column; no rota file appears, and an
    earlier rota at the output path is left as it was."""
    roster, rota = tmp_path / "roster.xlsx", tmp_path / "rota.xlsx"
    assert run("template", str(roster))[0] == 0
    workbook = openpyxl.load_workbook(roster)
    workbook["Shifts"]["D2"] = "25:00"
    workbook.save(roster)
    rota.write_bytes(b"earlier rota")
    code, output = run("solve", str(roster), "--start", "2026-12-07", "--out", str(rota))
    assert code == 2
    assert "roster.xlsx, sheet Shifts, row 2, column end" in output
    assert "'25:00'" in output
    assert rota.read_bytes() == b"earlier rota"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--out", "rota.pdf"), "expected a file ending in .xlsx, .csv, .json"),
        (("--lang", "fr"), "expected en or zh"),
        (("--weeks", "2", "--days", "10"), "either --weeks or --days"),
    ],
)
def test_bad_options_get_a_clear_message(args: tuple[str, ...], message: str) -> None:
    """Unsupported output types, languages and contradictory lengths are refused plainly."""
    code, output = run("solve", str(SAMPLES / "call_centre_seed.xlsx"), *args)
    assert code == 2
    assert message in output


def test_missing_roster_file_is_reported(tmp_path: Path) -> None:
    """A roster path that does not exist is an input problem, not a traceback."""
    code, output = run("solve", str(tmp_path / "nope.xlsx"), "--start", "2026-12-07")
    assert code == 2
    assert "nope.xlsx" in output
    assert "Traceback" not in output


def test_serve_starts_the_web_app_on_the_given_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """`shiftplan serve` hands uvicorn the FastAPI app with the address and port given."""
    import uvicorn
    from fastapi import FastAPI

    started: dict[str, object] = {}

    def fake_run(application: object, *, host: str, port: int, log_level: str) -> None:
        started.update(app=application, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("SHIFTPLAN_DATABASE_URL", "sqlite:///:memory:")
    result = runner.invoke(app, ["serve", "--host", "127.0.0.1", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert isinstance(started["app"], FastAPI)
    assert (started["host"], started["port"]) == ("127.0.0.1", 8123)
    assert "http://127.0.0.1:8123" in result.output
