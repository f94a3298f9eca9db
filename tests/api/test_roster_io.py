"""The roster edge: workbooks, CSV folders, zips and JSON read into a Problem and written back."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.errors import InputProblem, RosterError
from api.roster_columns import RULE_SETTINGS, SHEETS, WEIGHT_SETTINGS, Sheet, normalise
from api.roster_io import read_roster, write_roster_csv_folder, write_roster_workbook
from api.roster_read import RULE_READERS
from models import (
    CoverageWindow,
    ForbiddenSequence,
    Leave,
    LeaveKind,
    LeaveStatus,
    Pin,
    Problem,
    Rules,
    ShiftDemand,
    ShiftRequest,
    ShiftRun,
    ShiftType,
    Staff,
    StaffRules,
    Weights,
)

MONDAY = dt.date(2026, 12, 7)

Cells = list[list[object]]


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def rich_problem(days: int = 21) -> Problem:
    """Every part of the format in use: Chinese names, overrides, leave, wishes, pins, rules."""
    return Problem(
        name="客服中心 12月班表",
        start=MONDAY,
        days=days,
        shift_types=(
            ShiftType(code="A", name="A班 早班", start="09:00", end="17:00"),
            ShiftType(code="B", name="B班 中班", start="12:00", end="20:00", paid_hours=7.5),
            ShiftType(
                code="C", name="C班 在家值班", start="20:00", end="22:00", on_call=True, late=True
            ),
            ShiftType(code="N", name="夜班", start="22:00", end="06:00", late=False),
        ),
        staff=(
            Staff(id="E1", name="张伟", team="一组", skills=frozenset({"lead", "值班长"})),
            Staff(
                id="007",
                name="王芳",
                team="一组",
                shift_types=frozenset({"A", "B", "C"}),
                rules=StaffRules(
                    min_hours_per_week=30.5,
                    max_hours_per_week=40,
                    target_hours_per_week=36,
                    max_consecutive_days=5,
                    min_consecutive_days=2,
                    min_days_off_per_week=2,
                    min_days_off_run=2,
                    max_weekends=2,
                    min_total_hours=100,
                    max_total_hours=130.5,
                    max_shifts={"C": 6, "B": 10},
                ),
            ),
            Staff(id="E3", name="李娜", team="二组"),
            Staff(id="E4", name="刘洋", team="二组", shift_types=frozenset({"N"})),
            Staff(id="T1", name="实习生", shift_types=frozenset()),
        ),
        coverage_windows=(
            CoverageWindow(label="服务时间", start="09:00", end="24:00"),
            CoverageWindow(
                weekdays=frozenset({0, 1, 2, 3, 4}),
                start="12:00",
                end="20:00",
                min_staff=2,
                max_staff=3,
                skill="lead",
                team="一组",
                weight_under=500,
                weight_over=5,
            ),
            CoverageWindow(dates=frozenset({day(18)}), start="22:00", end="06:00", min_staff=0),
        ),
        shift_demands=(
            ShiftDemand(shift="C", min_staff=1, max_staff=1),
            ShiftDemand(shift="N", weekdays=frozenset({5, 6}), weight_under=20_000),
        ),
        leave=(
            Leave(staff_id="E1", start=day(2), end=day(4), note="春节回家"),
            Leave(
                staff_id="E3",
                start=day(9),
                end=day(9),
                kind=LeaveKind.SICK,
                status=LeaveStatus.REQUESTED,
                weight=2000,
            ),
            Leave(staff_id="007", start=day(15), end=day(16), kind=LeaveKind.TIME_OFF_IN_LIEU),
        ),
        requests=(
            ShiftRequest(staff_id="E1", date=day(7), shift="A"),
            ShiftRequest(staff_id="007", date=day(8), shift="C", want=False, weight=300),
            ShiftRequest(staff_id="E3", date=day(6), want=False),
        ),
        pins=(
            Pin(staff_id="E4", date=day(1), shift="N"),
            Pin(staff_id="E3", date=day(5)),
        ),
        holidays=frozenset({day(18), dt.date(2027, 1, 1)}),
        rules=Rules(
            allowed_same_day=frozenset({("A", "C"), ("B", "C")}),
            min_rest_hours=10.5,
            max_consecutive_days=5,
            min_days_off_per_week=2,
            max_days_off_run=4,
            max_weekends=2,
            max_hours_per_week=None,
            target_hours_per_week=37.5,
            forbidden_sequences=(
                ForbiddenSequence(pattern=("C", "A")),
                ForbiddenSequence(pattern=("N", "-", "N")),
            ),
            shift_runs=(ShiftRun(shift="A", min_days=2, max_days=5), ShiftRun(shift="N")),
            weekend_days=frozenset({4, 5, 6}),
            cyclic=True,
        ),
        weights=Weights(uncovered=120, request=80, isolated_day_off=0),
    )


def minimal_sheets() -> dict[str, Cells]:
    """A small valid roster, as rows of cells per sheet, for tests to spoil."""
    return {
        "Staff": [["id", "name", "shift_types"], ["E1", "张伟", "A, B"], ["E2", "王芳", None]],
        "Shifts": [["code", "start", "end"], ["A", "09:00", "17:00"], ["B", "12:00", "20:00"]],
        "Coverage": [["days", "start", "end", "min"], ["Mon-Sun", "09:00", "20:00", 1]],
        "Leave": [["staff_id", "start", "end"], ["E1", "2026-12-08", "2026-12-09"]],
        "Requests": [["staff_id", "date", "shift", "want"], ["E2", "2026-12-10", "A", "yes"]],
        "Rules": [["rule", "value"], ["start", "2026-12-07"], ["weeks", 3]],
    }


def save_workbook(path: Path, sheets: dict[str, Cells]) -> Path:
    """Write sheets of cells as a workbook the way a user's Excel would."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for number, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=number, column=column, value=value)
    book.save(path)
    return path


def roster_error(path: Path, **kwargs: object) -> RosterError:
    """The error reading this roster raises (the test fails if it reads fine)."""
    with pytest.raises(RosterError) as caught:
        read_roster(path, **kwargs)  # type: ignore[arg-type]
    return caught.value


def only_problem(error: RosterError) -> InputProblem:
    assert len(error.problems) == 1, str(error)
    return error.problems[0]


# --- round trips ---------------------------------------------------------------------------------


def test_workbook_round_trip(tmp_path: Path) -> None:
    """A problem written as a workbook reads back equal, field for field."""
    problem = rich_problem()
    path = tmp_path / "roster.xlsx"
    write_roster_workbook(problem, path)
    assert read_roster(path) == problem


def test_workbook_round_trip_with_days_not_whole_weeks(tmp_path: Path) -> None:
    """A horizon of 10 days goes into the Rules sheet as days, not weeks, and reads back."""
    problem = rich_problem(days=10)
    path = tmp_path / "roster.xlsx"
    write_roster_workbook(problem, path)
    assert read_roster(path) == problem


def test_csv_folder_round_trip(tmp_path: Path) -> None:
    """A problem written as a CSV folder reads back equal; the files are UTF-8 with a BOM."""
    problem = rich_problem()
    folder = tmp_path / "roster"
    write_roster_csv_folder(problem, folder)
    assert sorted(path.name for path in folder.iterdir()) == sorted(s.csv_name for s in SHEETS)
    assert (folder / "staff.csv").read_bytes().startswith(b"\xef\xbb\xbfid,name")
    assert read_roster(folder) == problem


def test_zip_round_trip(tmp_path: Path) -> None:
    """A zip of the CSV folder (files inside a subfolder) reads back equal."""
    problem = rich_problem()
    folder = tmp_path / "roster"
    write_roster_csv_folder(problem, folder)
    archive = tmp_path / "roster.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in folder.iterdir():
            out.write(path, f"roster/{path.name}")
    assert read_roster(archive) == problem


def test_json_round_trip_and_overrides(tmp_path: Path) -> None:
    """A JSON problem reads back equal; start and days given when reading override the file."""
    problem = rich_problem()
    path = tmp_path / "problem.json"
    path.write_text(problem.model_dump_json(), encoding="utf-8")
    assert read_roster(path) == problem
    moved = read_roster(path, start=day(0), days=14)
    assert (moved.start, moved.days) == (day(0), 14)


def test_zip_from_chinese_windows_with_gbk_file_names(tmp_path: Path) -> None:
    """Chinese CSV names stored in GBK without the UTF-8 flag (Windows zip tools) are recognised."""
    folder = tmp_path / "roster"
    write_roster_csv_folder(rich_problem(), folder)
    chinese = {"staff.csv": ("员工", b"AAAA"), "shifts.csv": ("班次", b"BBBB")}
    archive = tmp_path / "roster.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in folder.iterdir():
            stand_in = chinese[path.name][1].decode() + ".csv" if path.name in chinese else None
            out.writestr(stand_in or path.name, path.read_bytes())
    data = archive.read_bytes()
    for name, placeholder in chinese.values():  # same length, so the zip stays consistent
        data = data.replace(placeholder + b".csv", name.encode("gbk") + b".csv")
    archive.write_bytes(data)
    assert read_roster(archive) == rich_problem()


def test_start_and_days_given_override_the_rules_sheet(tmp_path: Path) -> None:
    """Arguments win over the Rules sheet's start and weeks."""
    path = save_workbook(tmp_path / "roster.xlsx", minimal_sheets())
    problem = read_roster(path, start=dt.date(2026, 12, 1), days=28)
    assert (problem.start, problem.days) == (dt.date(2026, 12, 1), 28)


# --- what users type -----------------------------------------------------------------------------


def test_chinese_sheet_names_and_headers(tmp_path: Path) -> None:
    """Chinese sheet names and headers, 是/否, 年假/已批准, 想/不想 and 周一至周五 all read."""
    sheets: dict[str, Cells] = {
        "员工": [
            ["工号", "姓名", "团队", "技能", "可上班次"],
            ["E1", "张伟", "一组", "值班长、lead", "A,C"],
        ],
        "班次": [
            ["班次代码", "名称", "开始时间", "结束时间", "值班"],
            ["A", "早班", "09:00", "17:00", "否"],
            ["C", "值班", "20:00", "22:00", "是"],
        ],
        "覆盖": [["星期", "开始时间", "结束时间", "最少人数"], ["周一至周五", "09:00", "22:00", 1]],
        "请假": [
            ["工号", "开始日期", "结束日期", "类型", "状态"],
            ["E1", "2026-12-08", None, "调休", "申请中"],
        ],
        "申请": [["工号", "日期", "班次", "意愿"], ["E1", "2026/12/10", "C", "不想"]],
        "固定": [["工号", "日期", "班次"], ["E1", "2026年12月11日", "休"]],
        "规则": [
            ["规则", "值"],
            ["开始日期", "2026-12-07"],
            ["周数", "2"],
            ["同日可兼班次", "A+C"],
        ],
        "权重": [["权重", "值"], ["缺员", "150"]],
    }
    problem = read_roster(save_workbook(tmp_path / "排班.xlsx", sheets))
    person = problem.staff[0]
    assert (person.name, person.team) == ("张伟", "一组")
    assert person.skills == frozenset({"值班长", "lead"})
    assert person.shift_types == frozenset({"A", "C"})
    assert [s.on_call for s in problem.shift_types] == [False, True]
    assert problem.coverage_windows[0].weekdays == {0, 1, 2, 3, 4}
    assert problem.leave == (
        Leave(
            staff_id="E1",
            start=day(1),
            end=day(1),
            kind=LeaveKind.TIME_OFF_IN_LIEU,
            status=LeaveStatus.REQUESTED,
        ),
    )
    assert problem.requests == (ShiftRequest(staff_id="E1", date=day(3), shift="C", want=False),)
    assert problem.pins == (Pin(staff_id="E1", date=day(4)),)
    assert problem.days == 14
    assert problem.rules.allowed_same_day == frozenset({("A", "C")})
    assert problem.weights.uncovered == 150


def test_excel_cells_numbers_as_text_and_whitespace(tmp_path: Path) -> None:
    """Excel time, 24:00, date and number cells, numbers typed as text and stray spaces all read."""
    sheets = minimal_sheets()
    sheets["Shifts"] = [
        ["code", "start", "end", "paid_hours"],
        [" A ", dt.time(9, 0), dt.time(17, 30), " 7.5 "],
        ["B", dt.time(16, 0), 1.0, 8],  # a time cell holding 24:00 is stored as 1.0
    ]
    sheets["Coverage"] = [["days", "start", "end", "min"], ["Mon-Sun", "09:00", "24:00", " 2 "]]
    sheets["Leave"] = [["staff_id", "start", "end"], ["E1", dt.date(2026, 12, 8), None]]
    sheets["Staff"].append([None, None, None])  # empty rows are skipped
    sheets["Staff"].append(["E3", "  李娜  ", None])
    path = save_workbook(tmp_path / "roster.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["Shifts"]["C3"].number_format = "hh:mm"
    book.save(path)
    problem = read_roster(path)
    assert [(s.code, s.start, s.end) for s in problem.shift_types] == [
        ("A", 540, 1050),
        ("B", 960, 1440),
    ]
    assert problem.shift_types[0].paid_hours == 7.5
    assert problem.coverage_windows[0].min_staff == 2
    assert problem.leave[0].start == problem.leave[0].end == day(1)
    assert [p.name for p in problem.staff] == ["张伟", "王芳", "李娜"]


def test_shift_demand_rows_and_dates(tmp_path: Path) -> None:
    """A coverage row with a shift is a shift demand; a dates column limits a row to those dates."""
    sheets = minimal_sheets()
    sheets["Coverage"] = [
        ["days", "dates", "start", "end", "shift", "min", "max"],
        [None, "2026-12-24, 2026-12-25", "09:00", "17:00", None, 2, None],
        ["Sat,Sun", None, None, None, "B", 1, 1],
    ]
    problem = read_roster(save_workbook(tmp_path / "roster.xlsx", sheets))
    assert problem.coverage_windows[0].dates == frozenset({day(17), day(18)})
    assert problem.shift_demands == (
        ShiftDemand(shift="B", weekdays=frozenset({5, 6}), min_staff=1, max_staff=1),
    )


def test_formula_result_stored_by_excel_is_read(tmp_path: Path) -> None:
    """A formula whose result Excel stored is read as that result, never evaluated."""
    path = save_workbook(tmp_path / "roster.xlsx", minimal_sheets())
    book = openpyxl.load_workbook(path)
    book["Shifts"]["C3"] = '=TEXT(TIME(20,0,0),"hh:mm")'
    book.save(path)
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                text = data.decode()
                text, count = re.subn(
                    r'<c r="C3"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?',
                    r'<c r="C3"\1 t="str"><f>\2</f><v>21:00</v>',
                    text,
                )
                assert count == 1, text
                data = text.encode()
            target.writestr(info, data)
    assert read_roster(patched).shift_types[1].end == 21 * 60


# --- formula-like text stays text ----------------------------------------------------------------


def test_formula_like_text_is_written_as_literal_text(tmp_path: Path) -> None:
    """Text starting with = + - @ is written as quote-prefixed text, never a formula."""
    dangerous = ['=HYPERLINK("http://evil","x")', "+86 138 0000 0000", "-休", "@home"]
    base = rich_problem()
    problem = base.model_copy(
        update={
            "staff": (
                base.staff[0].model_copy(update={"name": dangerous[0], "team": dangerous[1]}),
                *base.staff[1:],
            ),
            "leave": (base.leave[0].model_copy(update={"note": dangerous[2]}), *base.leave[1:]),
            "coverage_windows": (
                base.coverage_windows[0].model_copy(update={"label": dangerous[3]}),
                *base.coverage_windows[1:],
            ),
        }
    )
    path = tmp_path / "roster.xlsx"
    write_roster_workbook(problem, path)
    book = openpyxl.load_workbook(path)
    cells = [book["Staff"]["B2"], book["Staff"]["C2"], book["Leave"]["G2"], book["Coverage"]["L2"]]
    assert [cell.value for cell in cells] == dangerous
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert read_roster(path) == problem
    folder = tmp_path / "csv"
    write_roster_csv_folder(problem, folder)
    assert "'=HYPERLINK" in (folder / "staff.csv").read_text(encoding="utf-8-sig")
    assert read_roster(folder) == problem


# --- bad input -----------------------------------------------------------------------------------


def test_bad_time_names_file_sheet_row_column_value_and_format(tmp_path: Path) -> None:
    """A 25:00 shift end is reported with its place, its value and the expected HH:MM."""
    sheets = minimal_sheets()
    sheets["Shifts"][2][2] = "25:00"
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "roster.xlsx",
        "Shifts",
        3,
        "end",
    )
    assert str(problem) == (
        "roster.xlsx, sheet Shifts, row 3, column end: '25:00' is not a time of day; "
        "expected HH:MM from 00:00 to 24:00, e.g. 09:00"
    )


def test_date_in_wrong_format(tmp_path: Path) -> None:
    """A date typed 07/12/2026 and an impossible 2026-13-01 are reported as not dates."""
    sheets = minimal_sheets()
    sheets["Leave"][1][1] = "07/12/2026"
    sheets["Leave"].append(["E2", "2026-12-10", "2026-13-01"])
    error = roster_error(save_workbook(tmp_path / "roster.xlsx", sheets))
    assert str(error).splitlines() == [
        "roster.xlsx, sheet Leave, row 2, column start: '07/12/2026' is not a date; "
        "expected YYYY-MM-DD",
        "roster.xlsx, sheet Leave, row 3, column end: '2026-13-01' is not a date; "
        "expected YYYY-MM-DD",
    ]


def test_leave_ending_before_it_starts(tmp_path: Path) -> None:
    """Leave whose end precedes its start points at the end cell."""
    sheets = minimal_sheets()
    sheets["Leave"][1] = ["E1", "2026-12-09", "2026-12-08"]
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Leave",
        2,
        "end",
        "2026-12-08",
    )
    assert "before it starts" in str(problem)
    assert problem.expected == "a date on or after start"


def test_unknown_shift_code_in_staff_shift_types(tmp_path: Path) -> None:
    """A shift code in a person's shift types that the Shifts sheet lacks points at that cell."""
    sheets = minimal_sheets()
    sheets["Staff"][1][2] = "A, X"
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert str(problem) == (
        "roster.xlsx, sheet Staff, row 2, column shift_types: 'X' is not a known shift code; "
        "expected one of the shift codes A, B"
    )


def test_unknown_staff_id_in_leave(tmp_path: Path) -> None:
    """Leave for a staff id not in the Staff sheet names the Leave row and its header as written."""
    sheets = minimal_sheets()
    sheets["Leave"][0][0] = "工号"
    sheets["Leave"].append(["E9", "2026-12-10", None])
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert str(problem) == (
        "roster.xlsx, sheet Leave, row 3, column 工号: 'E9' is not a known staff id; "
        "expected a staff id from the staff list"
    )


def test_duplicate_staff_ids_are_both_reported(tmp_path: Path) -> None:
    """Two Staff rows with the same id are each reported, at their own row."""
    sheets = minimal_sheets()
    sheets["Staff"][2][0] = "E1"
    sheets["Requests"][1][0] = "E1"
    error = roster_error(save_workbook(tmp_path / "roster.xlsx", sheets))
    assert [(p.sheet, p.row, p.column, p.value) for p in error.problems] == [
        ("Staff", 2, "id", "E1"),
        ("Staff", 3, "id", "E1"),
    ]
    assert "appears more than once; expected a unique value" in str(error)


def test_pin_on_approved_leave_and_request_outside_the_rota(tmp_path: Path) -> None:
    """Cross-checks of the problem come back as the Pins and Requests cells that caused them."""
    sheets = minimal_sheets()
    sheets["Pins"] = [["staff_id", "date", "shift"], ["E1", "2026-12-08", "A"]]
    sheets["Requests"][1][1] = "2027-03-01"
    error = roster_error(save_workbook(tmp_path / "roster.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in error.problems] == [
        ("Requests", 2, "date"),
        ("Pins", 2, "date"),
    ]
    assert "is outside the rota; expected a date from 2026-12-07 to 2026-12-27" in str(error)
    assert "not on approved leave (2026-12-08 to 2026-12-09)" in str(error)


def test_duplicate_code_unknown_demand_and_pin_on_a_forbidden_shift(tmp_path: Path) -> None:
    """A repeated shift code, an unknown demand shift and a disallowed pin point at their cells."""
    sheets = minimal_sheets()
    sheets["Shifts"].append(["B", "14:00", "22:00"])
    sheets["Coverage"].append([None, None, None, 1, "Z"])
    sheets["Coverage"][0].append("shift")
    sheets["Pins"] = [["staff_id", "date", "shift"], ["E1", "2026-12-12", "B"]]
    sheets["Staff"][1][2] = "A"
    error = roster_error(save_workbook(tmp_path / "roster.xlsx", sheets))
    assert [(p.sheet, p.row, p.column, p.value, p.error) for p in error.problems] == [
        ("Shifts", 3, "code", "B", "appears more than once"),
        ("Shifts", 4, "code", "B", "appears more than once"),
        ("Coverage", 3, "shift", "Z", "is not a known shift code"),
        ("Pins", 2, "shift", "B", "conflicts with the rest of the roster"),
    ]
    assert error.problems[-1].expected == "a shift type E1 may work"


def test_missing_shifts_sheet(tmp_path: Path) -> None:
    """A workbook without a Shifts sheet says so and lists the sheets it found."""
    sheets = minimal_sheets()
    del sheets["Shifts"]
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert str(problem).startswith(
        "roster.xlsx, sheet Shifts: the sheet is missing; expected a sheet named Shifts (or 班次)"
    )
    assert "'Staff'" in problem.expected


def test_missing_start_column(tmp_path: Path) -> None:
    """A Leave sheet without its start column is reported once, not once per row."""
    sheets = minimal_sheets()
    sheets["Leave"] = [["staff_id", "end"], ["E1", "2026-12-09"], ["E2", "2026-12-10"]]
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert str(problem) == (
        "roster.xlsx, sheet Leave, row 1, column start: the column is missing; "
        "expected a column start (or 开始日期) in the header row"
    )


def test_unknown_column_is_reported_but_note_is_ignored(tmp_path: Path) -> None:
    """A misspelt header is an error listing the known columns; a note column is the user's own."""
    sheets = minimal_sheets()
    sheets["Staff"][0].extend(["max_hour_week", "备注"])
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert (problem.sheet, problem.row, problem.column) == ("Staff", 1, "max_hour_week")
    assert "max_hours_week" in problem.expected


def test_non_xlsx_file_renamed_xlsx(tmp_path: Path) -> None:
    """A text file named .xlsx is reported as not an Excel workbook."""
    path = tmp_path / "roster.xlsx"
    path.write_text("id,name\nE1,张伟\n", encoding="utf-8")
    assert str(roster_error(path)) == (
        "roster.xlsx: is not an Excel workbook; expected an .xlsx workbook"
    )


def test_broken_zip_named_xlsx(tmp_path: Path) -> None:
    """A truncated workbook is reported as unreadable, not as a zipfile traceback."""
    good = save_workbook(tmp_path / "good.xlsx", minimal_sheets())
    path = tmp_path / "roster.xlsx"
    path.write_bytes(good.read_bytes()[:400])
    assert "cannot be read as an Excel workbook" in str(roster_error(path))


def test_empty_and_missing_files(tmp_path: Path) -> None:
    """An empty workbook, an empty JSON and a path that does not exist each give one clear line."""
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "empty.json").write_bytes(b"")
    assert str(roster_error(tmp_path / "empty.xlsx")) == (
        "empty.xlsx: the file is empty; expected an Excel workbook"
    )
    assert str(roster_error(tmp_path / "empty.json")).startswith("empty.json: the file is empty")
    assert "the file does not exist" in str(roster_error(tmp_path / "nowhere.xlsx"))


def test_formula_without_stored_result(tmp_path: Path) -> None:
    """A formula Excel never calculated is reported with its text, asking for a plain value."""
    sheets = minimal_sheets()
    sheets["Leave"][1][2] = "=B2+1"
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert str(problem) == (
        "roster.xlsx, sheet Leave, row 2, column end: '=B2+1' is a formula without a stored "
        "result; expected a plain value (type the value itself: formulas are not calculated)"
    )


def test_missing_start_and_weeks(tmp_path: Path) -> None:
    """Without start and length in the Rules sheet or the arguments, both are asked for."""
    sheets = minimal_sheets()
    sheets["Rules"] = [["rule", "value"]]
    error = roster_error(save_workbook(tmp_path / "roster.xlsx", sheets))
    assert [p.error for p in error.problems] == [
        "no start date is given",
        "the length of the rota is not given",
    ]
    assert read_roster(tmp_path / "roster.xlsx", start=MONDAY, days=7).days == 7


def test_length_out_of_range_points_at_where_it_was_given(tmp_path: Path) -> None:
    """Zero days given when reading, or zero weeks in the Rules sheet, are reported where given."""
    sheets = minimal_sheets()
    path = save_workbook(tmp_path / "roster.xlsx", sheets)
    assert str(only_problem(roster_error(path, days=0))) == (
        "roster.xlsx: 0 is out of range (the number of days given); "
        "expected a number greater than or equal to 1 (days in the rota)"
    )
    sheets["Rules"][2][1] = 0
    path = save_workbook(tmp_path / "roster.xlsx", sheets)
    assert str(only_problem(roster_error(path))) == (
        "roster.xlsx, sheet Rules, row 3, column value: 0 is out of range; "
        "expected a number greater than or equal to 1 (days in the rota)"
    )


def test_rules_sheet_problems(tmp_path: Path) -> None:
    """Unknown rules, unreadable values, rules that contradict and weeks/days that disagree."""
    sheets = minimal_sheets()
    sheets["Rules"] += [
        ["days", 20],
        ["max_rest", 11],
        ["min_rest_hours", "eleven"],
        ["min_consecutive_days", 8],
        ["forbidden_sequences", "A Z"],
    ]
    error = roster_error(save_workbook(tmp_path / "roster.xlsx", sheets))
    lines = str(error).splitlines()
    assert lines[0] == (
        "roster.xlsx, sheet Rules, row 4, column value: 20 does not match weeks = 3; "
        "expected 21 days, or only one of the rows weeks and days"
    )
    assert lines[1].startswith("roster.xlsx, sheet Rules, row 5, column rule: 'max_rest' is not")
    assert lines[2] == (
        "roster.xlsx, sheet Rules, row 6, column value: 'eleven' is not a number; "
        "expected for min_rest_hours: a number such as 8 or 7.5"
    )
    assert lines[3].startswith("roster.xlsx, sheet Rules, row 7, column value: 8 does not fit")
    assert lines[4] == (
        "roster.xlsx, sheet Rules, row 8, column value: 'Z' is not a known shift code; "
        "expected one of the shift codes A, B or -"
    )


def test_every_problem_of_every_sheet_is_reported_together(tmp_path: Path) -> None:
    """Problems in five sheets come back in one error, one line each, in sheet and row order."""
    sheets = minimal_sheets()
    sheets["Staff"].append(["E3", "李娜", "A, Q"])
    sheets["Shifts"][1][1] = "9 am"
    sheets["Coverage"][1][3] = -1
    sheets["Leave"].append(["E7", "2026-12-01", None])
    sheets["Requests"][1][3] = "maybe"
    error = roster_error(save_workbook(tmp_path / "roster.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in error.problems] == [
        ("Staff", 4, "shift_types"),
        ("Shifts", 2, "start"),
        ("Coverage", 2, "min"),
        ("Leave", 3, "staff_id"),
        ("Requests", 2, "want"),
    ]
    assert len(str(error).splitlines()) == 5


def test_a_broken_staff_row_does_not_make_its_id_unknown(tmp_path: Path) -> None:
    """A Staff row dropped for a bad cell is reported once; leave for that person is not flagged."""
    sheets = minimal_sheets()
    sheets["Staff"][0].append("max_hours_week")
    sheets["Staff"][1].append("lots")
    problem = only_problem(roster_error(save_workbook(tmp_path / "roster.xlsx", sheets)))
    assert (problem.row, problem.column, problem.value) == (2, "max_hours_week", "lots")


def test_csv_folder_problems_name_the_csv_file(tmp_path: Path) -> None:
    """In a CSV folder the file named is the CSV itself, and a missing file is asked for by name."""
    folder = tmp_path / "roster"
    write_roster_csv_folder(rich_problem(), folder)
    (folder / "shifts.csv").unlink()
    leave = folder / "leave.csv"
    leave.write_text(
        leave.read_text(encoding="utf-8-sig").replace("2026-12-11", "2026-12-32"),
        encoding="utf-8-sig",
    )
    lines = str(roster_error(folder)).splitlines()
    assert lines[0].startswith("roster, sheet Shifts: the file is missing; expected a file named")
    assert lines[1] == (
        "roster/leave.csv, sheet Leave, row 2, column end: '2026-12-32' is not a date; "
        "expected YYYY-MM-DD"
    )


def test_gbk_csv_from_chinese_excel(tmp_path: Path) -> None:
    """CSV files saved by Chinese Excel (GB18030, no BOM) are read."""
    folder = tmp_path / "roster"
    write_roster_csv_folder(rich_problem(), folder)
    for path in folder.iterdir():
        path.write_bytes(path.read_text(encoding="utf-8-sig").encode("gb18030"))
    assert read_roster(folder) == rich_problem()


def test_not_a_zip_and_single_csv(tmp_path: Path) -> None:
    """A corrupt .zip and a lone .csv file are reported, not raised as tracebacks."""
    (tmp_path / "roster.zip").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "staff.csv").write_text("id\nE1\n", encoding="utf-8")
    assert "is not a readable zip file" in str(roster_error(tmp_path / "roster.zip"))
    assert "is a single CSV file" in str(roster_error(tmp_path / "staff.csv"))


def test_json_problems_are_located_by_path(tmp_path: Path) -> None:
    """Invalid JSON gives its line; an unknown staff id in JSON leave gives its path in the file."""
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "start": "2026-12-07",\n  "days": 7,,\n}', encoding="utf-8")
    assert only_problem(roster_error(broken)).row == 3
    document = rich_problem().model_dump(mode="json")
    document["leave"][1]["staff_id"] = "E9"
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert str(only_problem(roster_error(path))) == (
        "problem.json, column leave[1].staff_id: 'E9' is not a known staff id; "
        "expected a staff id from the staff list"
    )
    document["leave"][1]["staff_id"] = "E3"
    document["shift_types"][0]["start"] = "25:00"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert str(only_problem(roster_error(path))) == (
        "problem.json, column shift_types[0].start: '25:00' is not a time of day; "
        "expected 00:00 to 24:00"
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".xlsx", ".zip", ".json", ".dat"]))
def test_garbage_never_escapes_as_a_traceback(tmp_path: Path, data: bytes, suffix: str) -> None:
    """Whatever bytes a file holds, reading it returns a problem or raises RosterError only."""
    path = tmp_path / f"roster{suffix}"
    path.write_bytes(data)
    try:
        read_roster(path, start=MONDAY, days=7)
    except RosterError as error:
        assert error.problems and all(problem.file == path.name for problem in error.problems)


# --- the format table itself ---------------------------------------------------------------------


def test_every_rules_and_weights_field_has_a_row() -> None:
    """The Rules sheet covers every Rules field but shift_runs (in Shifts); Weights every weight."""
    rule_keys = {setting.key for setting in RULE_SETTINGS}
    assert set(Rules.model_fields) - {"shift_runs"} <= rule_keys
    assert rule_keys - set(Rules.model_fields) == {"name", "start", "weeks", "days", "holidays"}
    assert set(RULE_READERS) == rule_keys
    assert {setting.key for setting in WEIGHT_SETTINGS} == set(Weights.model_fields)


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda sheet: sheet.name)
def test_no_two_columns_share_a_header(sheet: Sheet) -> None:
    """Within a sheet every English and Chinese header names exactly one column."""
    spellings = [normalise(header) for column in sheet.columns for header in column.headers]
    assert len(spellings) == len(set(spellings))


def test_no_two_sheets_or_settings_share_a_name() -> None:
    """Sheet names, rule names and weight names are unambiguous in English and Chinese."""
    for names in (
        [normalise(name) for sheet in SHEETS for name in sheet.names],
        [normalise(name) for setting in RULE_SETTINGS for name in setting.names],
        [normalise(name) for setting in WEIGHT_SETTINGS for name in setting.names],
    ):
        assert len(names) == len(set(names))


def test_rotation_timetable_and_hard_demand_round_trip(tmp_path: Path) -> None:
    """A rotation timetable with a hard shift demand reads back exactly from the workbook."""
    shift = ShiftType(code="D", start="06:00", end="14:00")
    rotation = Problem(
        start=day(0),
        days=14,
        shift_types=(shift,),
        staff=(Staff(id="R1"), Staff(id="R2")),
        shift_demands=(ShiftDemand(shift="D", min_staff=1, max_staff=1, hard=True),),
        rules=Rules(cyclic=True, rotation=True),
    )
    path = tmp_path / "rotation.xlsx"
    write_roster_workbook(rotation, path)
    assert read_roster(path) == rotation


def test_hard_on_a_coverage_window_row_is_reported(tmp_path: Path) -> None:
    """`hard` belongs to shift demands; on a window row it is named as a problem."""
    sheets = minimal_sheets()
    sheets["Coverage"] = [
        ["days", "start", "end", "min", "hard"],
        ["Mon-Sun", "09:00", "17:00", 1, "yes"],
    ]
    error = roster_error(save_workbook(tmp_path / "roster.xlsx", sheets))
    problem = only_problem(error)
    assert (problem.sheet, problem.row, problem.column) == ("Coverage", 2, "hard")
