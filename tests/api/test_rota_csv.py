"""The rota as CSV, and reading any rota file by its suffix."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from api.rota_csv import read_rota, read_rota_csv, write_rota_csv
from api.rota_errors import RotaFileError
from api.rota_excel import write_rota_workbook
from models import Assignment, Problem, Report, Rota, Rules, ShiftType, Staff

MONDAY = dt.date(2026, 12, 7)


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def make_problem() -> Problem:
    return Problem(
        start=MONDAY,
        days=7,
        shift_types=(
            ShiftType(code="A", start="09:00", end="17:00"),
            ShiftType(code="C", start="20:00", end="22:00", on_call=True),
        ),
        staff=(Staff(id="张三"), Staff(id="E2")),
        rules=Rules(allowed_same_day=frozenset({("A", "C")})),
    )


def make_rota() -> Rota:
    cells = [("张三", 0, "A"), ("张三", 0, "C"), ("E2", 1, "A"), ("E2", 6, "C")]
    assignments = tuple(Assignment(staff_id=s, date=day(d), shift=c) for s, d, c in cells)
    return Rota(start=MONDAY, days=7, assignments=assignments)


def cells_of(rota: Rota) -> Counter[tuple[str, dt.date, str]]:
    return Counter((a.staff_id, a.date, a.shift) for a in rota.assignments)


def test_csv_round_trip(tmp_path: Path) -> None:
    """Writing and reading a CSV gives back the same assignments."""
    path = tmp_path / "rota.csv"
    write_rota_csv(make_rota(), path)
    assert cells_of(read_rota_csv(path, make_problem())) == cells_of(make_rota())


def test_csv_layout_is_one_utf8_row_per_assignment(tmp_path: Path) -> None:
    """The file is UTF-8 with header staff_id,date,shift and ISO dates."""
    path = tmp_path / "rota.csv"
    write_rota_csv(make_rota(), path)
    lines = path.read_bytes().decode("utf-8").splitlines()
    assert lines[0] == "staff_id,date,shift"
    assert lines[1:3] == ["张三,2026-12-07,A", "张三,2026-12-07,C"]
    assert len(lines) == 1 + len(make_rota().assignments)


def test_csv_reads_joined_shifts_day_off_words_and_a_bom(tmp_path: Path) -> None:
    """``A+C`` gives two assignments, 休 none, and a byte-order mark (Excel's CSV) is ignored."""
    path = tmp_path / "rota.csv"
    text = "staff_id,date,shift\nE2,2026-12-08,A+C\nE2,2026-12-09,休\n\n"
    path.write_text(text, encoding="utf-8-sig")
    rota = read_rota_csv(path, make_problem())
    assert cells_of(rota) == Counter([("E2", day(1), "A"), ("E2", day(1), "C")])


def test_csv_mistakes_are_listed_together_with_row_numbers(tmp_path: Path) -> None:
    """Unknown staff, bad or outside dates and unknown shifts are all reported, header = row 1."""
    path = tmp_path / "rota.csv"
    lines = [
        "staff_id,date,shift",
        "E2,2026-12-07,A",
        "E9,2026-12-07,A",
        "E2,2026-12-31,A",
        "E2,07/12/2026,A",
        "E2,2026-12-08,Z",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RotaFileError) as caught:
        read_rota_csv(path, make_problem())
    found = {(i.row, i.column, i.value) for i in caught.value.issues}
    assert found == {
        (3, "staff_id", "E9"),
        (4, "date", "2026-12-31"),
        (5, "date", "07/12/2026"),
        (6, "shift", "Z"),
    }
    message = str(caught.value)
    assert "rota.csv, row 4, column date: '2026-12-31'; expected a date from 2026-12-07" in message
    assert all(issue.sheet is None for issue in caught.value.issues)


def test_csv_without_a_shift_column_is_reported(tmp_path: Path) -> None:
    """A header missing a column names the column it expected."""
    path = tmp_path / "rota.csv"
    path.write_text("staff_id,date\nE2,2026-12-07\n", encoding="utf-8")
    with pytest.raises(RotaFileError, match="a header with a shift column"):
        read_rota_csv(path, make_problem())


def test_read_rota_dispatches_on_the_suffix(tmp_path: Path) -> None:
    """.csv and .xlsx are read by their readers; another suffix is a RotaFileError."""
    problem, rota = make_problem(), make_rota()
    csv_path, xlsx_path = tmp_path / "rota.csv", tmp_path / "rota.XLSX"
    write_rota_csv(rota, csv_path)
    write_rota_workbook(problem, rota, Report(), xlsx_path)
    assert cells_of(read_rota(csv_path, problem)) == cells_of(rota)
    assert cells_of(read_rota(xlsx_path, problem)) == cells_of(rota)
    with pytest.raises(RotaFileError, match=r"rota\.ods.*a \.xlsx workbook or a \.csv file"):
        read_rota(tmp_path / "rota.ods", problem)
