"""The blank roster template: instructions first, example rows, and readable as it stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from api.errors import RosterError
from api.roster_columns import RULE_SETTINGS, SHEETS, WEIGHT_SETTINGS
from api.roster_io import read_roster
from api.template import INSTRUCTIONS, write_template
from models import CoverageWindow

START = dt.date(2026, 12, 7)


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "roster.xlsx"
    write_template(path)
    return path


def test_template_reads_as_the_call_centre_seed(template: Path) -> None:
    """Given a start date, the template reads as the 4-agent seed with A, B and on-call C."""
    problem = read_roster(template, start=START)
    assert (problem.start, problem.days) == (START, 21)
    assert [(s.code, s.span, s.on_call) for s in problem.shift_types] == [
        ("A", "09:00–17:00", False),
        ("B", "12:00–20:00", False),
        ("C", "20:00–22:00", True),
    ]
    assert [person.name for person in problem.staff] == ["张伟", "王芳", "李娜", "刘洋"]
    window = problem.coverage_windows[0]
    assert isinstance(window, CoverageWindow)
    assert (window.start, window.end, window.min_staff, len(window.weekdays)) == (540, 1440, 1, 7)
    assert (len(problem.leave), len(problem.requests), len(problem.pins)) == (0, 0, 0)


def test_template_without_start_asks_only_for_the_start(template: Path) -> None:
    """Read without a start date, the template's one problem is the missing start."""
    with pytest.raises(RosterError) as caught:
        read_roster(template)
    assert [problem.error for problem in caught.value.problems] == ["no start date is given"]


def test_instructions_come_first_then_every_sheet(template: Path) -> None:
    """The first sheet is Instructions, followed by every roster sheet with its English headers."""
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == [INSTRUCTIONS, *(sheet.name for sheet in SHEETS)]
    assert book.active is not None and book.active.title == INSTRUCTIONS
    for sheet in SHEETS:
        headers = [cell.value for cell in book[sheet.name][1]]
        assert headers == [column.key for column in sheet.columns]
        assert book[sheet.name].freeze_panes == "A2"
        assert book[sheet.name]["A1"].font.bold


def test_example_rows_only_where_dates_do_not_matter(template: Path) -> None:
    """Staff, Shifts and Coverage carry example rows; Leave, Requests and Pins only headers."""
    book = openpyxl.load_workbook(template)
    rows = {sheet.name: book[sheet.name].max_row - 1 for sheet in SHEETS}
    assert rows["Staff"] == 4 and rows["Shifts"] == 3 and rows["Coverage"] >= 1
    assert rows["Leave"] == rows["Requests"] == rows["Pins"] == 0


def test_instructions_explain_every_column_and_setting_in_both_languages(template: Path) -> None:
    """Every sheet, column, rule and weight appears in the instructions with its Chinese name."""
    sheet = openpyxl.load_workbook(template)[INSTRUCTIONS]
    texts = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    for data_sheet in SHEETS:
        assert f"{data_sheet.name} ({data_sheet.zh})" in texts
        for column in data_sheet.columns:
            assert {column.key, column.zh, column.meaning, column.meaning_zh} <= texts
    for setting in (*RULE_SETTINGS, *WEIGHT_SETTINGS):
        assert {setting.key, setting.zh, setting.meaning, setting.meaning_zh} <= texts
    assert any("YYYY-MM-DD" in text and "HH:MM" in text for text in texts)


def test_rules_sheet_leaves_start_blank_for_the_user(template: Path) -> None:
    """The Rules sheet has a start row with an empty value and the rota's length in weeks."""
    sheet = openpyxl.load_workbook(template)["Rules"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["start"] is None
    assert values["weeks"] == 3
