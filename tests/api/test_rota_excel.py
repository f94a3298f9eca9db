"""The rota workbook: what it shows, how it prints, and reading rotas back from Excel."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from api.labels import Lang
from api.rota_errors import RotaFileError
from api.rota_excel import (
    HOLIDAY_FILL,
    LEAVE_FILL,
    SHIFT_PALETTE,
    SHORTFALL_FILL,
    STRUCTURAL_FILL,
    SURPLUS_FILL,
    WEEKEND_FILL,
    write_rota_workbook,
)
from api.rota_excel_read import read_rota_workbook
from models import (
    Assignment,
    CoverageSlice,
    CoverageWindow,
    Leave,
    LeaveKind,
    ObjectiveFamily,
    ObjectiveTerm,
    Problem,
    Report,
    Rota,
    RuleBreak,
    Rules,
    ShiftType,
    Staff,
    StaffSummary,
    Weights,
)
from scheduler.analysis import explain_shortfalls
from scheduler.result import SolveResult, SolveStatus
from scheduler.validate import validate

MONDAY = dt.date(2026, 12, 7)
SATURDAY = MONDAY + dt.timedelta(days=5)
HOLIDAY = MONDAY + dt.timedelta(days=3)
WINDOW = "Mon-Sun 09:00–24:00 min 1"


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def make_problem(
    start: dt.date = MONDAY, days: int = 7, windows: tuple[CoverageWindow, ...] = ()
) -> Problem:
    return Problem(
        name="seed",
        start=start,
        days=days,
        coverage_windows=windows,
        shift_types=(
            ShiftType(code="A", name="early", start="09:00", end="17:00"),
            ShiftType(code="B", name="late", start="12:00", end="20:00"),
            ShiftType(code="C", name="on call", start="20:00", end="22:00", on_call=True),
        ),
        staff=(
            Staff(id="E1", name="=SUM(A1)", team="East"),
            Staff(id="E2", name="李雷", team="North"),
            Staff(id="E3", name="+86 138 0000 0000", team="East"),
            Staff(id="E4", name="@home", team="North"),
        ),
        leave=(Leave(staff_id="E2", start=day(1), end=day(2), kind=LeaveKind.SICK),),
        holidays=frozenset({HOLIDAY}),
        rules=Rules(allowed_same_day=frozenset({("A", "C")})),
    )


def make_rota() -> Rota:
    cells = [
        ("E1", 0, "A"),
        ("E1", 0, "C"),
        ("E1", 1, "A"),
        ("E3", 0, "B"),
        ("E3", 5, "B"),
        ("E2", 4, "A"),
        ("E4", 6, "C"),
    ]
    assignments = tuple(Assignment(staff_id=s, date=day(d), shift=c) for s, d, c in cells)
    return Rota(start=MONDAY, days=7, assignments=assignments)


def make_report() -> Report:
    def piece(
        offset: int, start: int, end: int, on_duty: tuple[str, ...], **extra: object
    ) -> CoverageSlice:
        return CoverageSlice.model_validate(
            {
                "requirement": WINDOW,
                "date": day(offset),
                "start": start,
                "end": end,
                "min_staff": 1,
                "max_staff": 1,
                "on_duty": on_duty,
                **extra,
            }
        )

    return Report(
        coverage=(
            piece(0, 540, 720, ("E1",)),
            piece(0, 720, 1020, ("E1", "E3")),
            piece(2, 540, 720, (), explanation="E2 is on sick leave"),
            piece(0, 1320, 1440, (), structural=True),
        ),
        staff=(
            StaffSummary(
                staff_id="E1",
                name="=SUM(A1)",
                team="East",
                paid_minutes=1080,
                target_minutes=2400,
                shift_counts={"A": 2, "C": 1},
                days_worked=2,
                weekends_worked=0,
                late_shifts=1,
                leave_days=0,
            ),
        ),
        terms=(
            ObjectiveTerm(family=ObjectiveFamily.UNCOVERED, amount=180, weight=100),
            ObjectiveTerm(
                family=ObjectiveFamily.SHIFT_CHANGE, amount=1, weight=40, staff_id="E1", date=day(1)
            ),
        ),
        objective=18_040,
        rule_breaks=(
            RuleBreak(rule="min_rest", message="9 h rest, 11 h needed", staff_id="E1", date=day(1)),
        ),
    )


def write(tmp_path: Path, lang: Lang = "en", rota: Rota | None = None) -> Path:
    path = tmp_path / f"rota_{lang}.xlsx"
    result = SolveResult(status=SolveStatus.FEASIBLE, objective=18_040, best_bound=18_000)
    write_rota_workbook(
        make_problem(), rota or make_rota(), make_report(), path, lang=lang, result=result
    )
    return path


def cells_of(rota: Rota) -> Counter[tuple[str, dt.date, str]]:
    return Counter((a.staff_id, a.date, a.shift) for a in rota.assignments)


def sheet_of(path: Path, index: int) -> Worksheet:
    sheet = load_workbook(path).worksheets[index]
    assert isinstance(sheet, Worksheet)
    return sheet


def find(sheet: Worksheet, value: object) -> Cell:
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell, Cell) and cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not on sheet {sheet.title}")


def colour(cell: Cell | MergedCell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:]


def hand_drawn(tmp_path: Path, rows: list[list[object]], title: str = "排班") -> Path:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    for row in rows:
        sheet.append(row)
    path = tmp_path / "hand.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_round_trip_gives_the_same_assignments(tmp_path: Path, lang: Lang) -> None:
    """Reading a written workbook back yields exactly the rota's assignments, in both languages."""
    path = write(tmp_path, lang)
    back = read_rota_workbook(path, make_problem())
    assert cells_of(back) == cells_of(make_rota())
    assert (back.start, back.days) == (MONDAY, 7)


def test_sheet_names_follow_the_language(tmp_path: Path) -> None:
    """The five sheets are named in English or in Chinese."""
    english = load_workbook(write(tmp_path, "en")).sheetnames
    chinese = load_workbook(write(tmp_path, "zh")).sheetnames
    assert english == ["Rota", "Coverage", "Hours", "Problems", "Inputs"]
    assert chinese == ["班表", "覆盖", "工时", "问题", "输入"]


def test_rota_cells_show_codes_leave_and_totals(tmp_path: Path) -> None:
    """Two shifts a day read ``A+C``, sick leave shows its label in grey, totals follow dates."""
    sheet = sheet_of(write(tmp_path, "zh"), 0)
    header = [cell.value for cell in sheet[2]]
    assert header[:4] == ["工号", "姓名", "组别", "12-07 周一"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3) if row[0].value}
    e1, e2 = rows["E1"], rows["E2"]
    assert e1[3].value == "A+C"
    assert [cell.value for cell in e2[4:6]] == ["病假", "病假"]
    assert colour(e2[4]) == LEAVE_FILL.fgColor.rgb[-6:]
    totals = dict(zip(header[10:], [cell.value for cell in e1[10:]], strict=True))
    assert totals == {"计薪工时": 18, "出勤天数": 2, "A": 2, "B": 0, "C": 1}
    assert list(rows) == ["E1", "E3", "E2", "E4"]  # grouped by team: East, then North


def test_shift_codes_are_coloured_per_shift_type(tmp_path: Path) -> None:
    """A and B cells carry the first and second colours of the palette."""
    sheet = sheet_of(write(tmp_path), 0)
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3) if row[0].value}
    assert colour(rows["E1"][4]) == SHIFT_PALETTE[0]  # A on Tuesday
    assert colour(rows["E3"][3]) == SHIFT_PALETTE[1]  # B on Monday


def test_weekend_and_holiday_columns_are_shaded(tmp_path: Path) -> None:
    """Saturday's header and off cells are grey, the holiday column salmon, Monday unshaded."""
    sheet = sheet_of(write(tmp_path), 0)
    saturday, holiday, monday = 4 + 5, 4 + 3, 4
    assert sheet.cell(row=2, column=saturday).fill == WEEKEND_FILL
    assert sheet.cell(row=3, column=saturday).fill == WEEKEND_FILL  # E1 is off on Saturday
    assert sheet.cell(row=2, column=holiday).fill == HOLIDAY_FILL
    assert sheet.cell(row=4, column=monday).fill != WEEKEND_FILL


def test_formula_looking_names_are_stored_as_text(tmp_path: Path) -> None:
    """Names starting with = + - @ stay literal text cells, never formulas."""
    for name in ("=SUM(A1)", "+86 138 0000 0000", "@home"):
        cell = find(sheet_of(write(tmp_path), 0), name)
        assert cell.data_type == "s"
        assert cell.value == name
    hours_cell = find(sheet_of(write(tmp_path), 2), "=SUM(A1)")
    assert hours_cell.data_type == "s"


def test_coverage_cells_are_coloured_by_status(tmp_path: Path) -> None:
    """Shortfalls are red, structural gaps hatched red, surpluses amber; cells read n/required."""
    sheet = sheet_of(write(tmp_path), 1)
    rows = {(row[0].value, row[1].value): row for row in sheet.iter_rows(min_row=2)}
    first = rows[(WINDOW, "09:00–12:00")]
    assert first[2].value == "1/1"
    shortfall = first[2 + 2]
    assert shortfall.value == "0/1"
    assert colour(shortfall) == SHORTFALL_FILL.fgColor.rgb[-6:]
    structural = rows[(WINDOW, "22:00–24:00")][2]
    assert structural.fill.patternType == STRUCTURAL_FILL.patternType == "lightUp"
    surplus = rows[(WINDOW, "12:00–17:00")][2]
    assert (surplus.value, colour(surplus)) == ("2/1", SURPLUS_FILL.fgColor.rgb[-6:])


def test_sheets_freeze_headers_and_print_a4_landscape(tmp_path: Path) -> None:
    """Every sheet freezes its header and prints A4 landscape fitted to the page width."""
    workbook = load_workbook(write(tmp_path))
    panes = {}
    for sheet in workbook.worksheets:
        assert isinstance(sheet, Worksheet)
        panes[sheet.title] = sheet.freeze_panes
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == Worksheet.PAPERSIZE_A4
        properties = sheet.sheet_properties.pageSetUpPr
        assert properties is not None and properties.fitToPage
        assert sheet.page_setup.fitToWidth == 1
    assert panes == {
        "Rota": "D3",
        "Coverage": "C2",
        "Hours": "D2",
        "Problems": "A2",
        "Inputs": "A2",
    }


def test_problems_sheet_explains_the_objective_and_solve(tmp_path: Path) -> None:
    """Rule breaks, shortfalls, terms with family labels, totals and the solve status appear."""
    sheet = sheet_of(write(tmp_path), 3)
    texts = {cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert {"Minimum rest", "9 h rest, 11 h needed", "E2 is on sick leave"} <= texts
    assert {"Uncovered coverage", "Shift type change", "feasible", 18_040, 18_000} <= texts
    objective = find(sheet, "Objective")
    assert sheet.cell(row=objective.row, column=2).value == 18_040


def test_inputs_sheet_lists_every_rule_and_weight(tmp_path: Path) -> None:
    """Each Rules and Weights field is a row of the Inputs sheet, and each shift type too."""
    sheet = sheet_of(write(tmp_path), 4)
    first_column = {row[0].value for row in sheet.iter_rows()}
    assert set(Rules.model_fields) | set(Weights.model_fields) | {"A", "B", "C"} <= first_column
    allowed = find(sheet, "allowed_same_day")
    assert sheet.cell(row=allowed.row, column=3).value == "A+C"


def test_hand_drawn_sheet_with_excel_dates_and_rest_cells(tmp_path: Path) -> None:
    """A hand-drawn sheet with Excel date headers, 休/-/off/leave cells and totals reads right."""
    dates: list[object] = [dt.datetime.combine(day(d), dt.time()) for d in range(7)]
    path = hand_drawn(
        tmp_path,
        [
            ["2026年12月 客服班表"],
            ["工号", "姓名", *dates, "合计"],
            ["东区"],
            ["E1", "张三", "A", "休", "a班", "-", None, "off", "B", 4],
            ["E2", "李雷", "B+C", "年假", "病假", "A", "A", "休", "休", 3],
            ["合计", None, 2, 0, 1, 1, 1, 0, 1],
        ],
    )
    rota = read_rota_workbook(path, make_problem())
    expected = [("E1", 0, "A"), ("E1", 2, "A"), ("E1", 6, "B"), ("E2", 0, "B"), ("E2", 0, "C")]
    expected += [("E2", 3, "A"), ("E2", 4, "A")]
    assert cells_of(rota) == Counter((s, day(d), c) for s, d, c in expected)


def test_month_day_headers_take_the_year_from_the_horizon(tmp_path: Path) -> None:
    """``12-31 Thu`` and ``01-01 Fri`` land in 2026 and 2027 for a horizon across new year."""
    problem = make_problem(start=dt.date(2026, 12, 28), days=7)
    path = hand_drawn(tmp_path, [["staff_id", "12-31 Thu", "01-01 Fri"], ["E1", "A", "C"]])
    rota = read_rota_workbook(path, problem)
    assert cells_of(rota) == Counter(
        [("E1", dt.date(2026, 12, 31), "A"), ("E1", dt.date(2027, 1, 1), "C")]
    )


def test_two_row_header_with_dates_above_weekdays(tmp_path: Path) -> None:
    """Dates may sit in the row above a header row of weekdays."""
    path = hand_drawn(
        tmp_path, [[None, "2026-12-07", "2026-12-08"], ["ID", "周一", "周二"], ["E3", "B", "A"]]
    )
    rota = read_rota_workbook(path, make_problem())
    assert cells_of(rota) == Counter([("E3", day(0), "B"), ("E3", day(1), "A")])


def test_mistakes_are_listed_together_with_their_place(tmp_path: Path) -> None:
    """Unknown codes, unknown staff and dates outside the horizon are all reported at once."""
    path = hand_drawn(
        tmp_path,
        [
            ["ID", "Name", "2026-12-07", "2026-12-08", "2026-12-20"],
            ["E1", "x", "A", "X", None],
            ["E9", "y", "B", None, None],
            ["E2", "z", "A+Q", None, None],
        ],
        title="Rota",
    )
    with pytest.raises(RotaFileError) as caught:
        read_rota_workbook(path, make_problem())
    issues = {(i.row, i.column, i.value) for i in caught.value.issues}
    assert issues == {
        (1, "E (2026-12-20)", "2026-12-20"),
        (2, "D (2026-12-08)", "X"),
        (3, "A", "E9"),
        (4, "C (2026-12-07)", "A+Q"),
    }
    assert all(i.file == "hand.xlsx" and i.sheet == "Rota" for i in caught.value.issues)
    message = str(caught.value)
    assert "4 problems" in message
    assert (
        "hand.xlsx, sheet 'Rota', row 2, column D (2026-12-08): 'X'; expected shift codes A, B, C"
        in (message)
    )
    assert "a date from 2026-12-07 to 2026-12-13" in message


def test_wrong_weekday_in_a_header_is_an_error(tmp_path: Path) -> None:
    """A header ``12-07 Tue`` contradicts the calendar (7 Dec 2026 is a Monday)."""
    path = hand_drawn(tmp_path, [["工号", "12-07 Tue"], ["E1", "A"]])
    with pytest.raises(RotaFileError, match="is a Mon, not Tue"):
        read_rota_workbook(path, make_problem())


def test_a_file_that_is_not_a_workbook_is_reported(tmp_path: Path) -> None:
    """A CSV renamed to .xlsx raises RotaFileError naming the file, not a zip error."""
    path = tmp_path / "rota.xlsx"
    path.write_text("staff_id,date,shift\n", encoding="utf-8")
    with pytest.raises(RotaFileError, match=r"rota\.xlsx.*an Excel \.xlsx workbook"):
        read_rota_workbook(path, make_problem())


def test_sheet_without_id_column_is_reported(tmp_path: Path) -> None:
    """Without an id header the reader says what header it looks for."""
    path = hand_drawn(tmp_path, [["who", "2026-12-07"], ["E1", "A"]])
    with pytest.raises(RotaFileError, match="id column"):
        read_rota_workbook(path, make_problem())


def test_workbook_from_the_validators_report(tmp_path: Path) -> None:
    """With the real checker's report, the seed's 22:00–24:00 gap shows hatched and explained."""
    from scheduler.validate import validate

    problem = make_problem(windows=(CoverageWindow(start="09:00", end="24:00"),))
    report = validate(problem, make_rota())
    path = tmp_path / "checked.xlsx"
    write_rota_workbook(problem, make_rota(), report, path, lang="zh")
    coverage = sheet_of(path, 1)
    late_rows = [row for row in coverage.iter_rows(min_row=2) if row[1].value == "22:00–24:00"]
    assert late_rows
    assert all(cell.fill.patternType == "lightUp" for cell in late_rows[0][2:9])
    problems = sheet_of(path, 3)
    texts = {cell.value for row in problems.iter_rows() for cell in row}
    assert any(isinstance(t, str) and "22:00–24:00" in t for t in texts)
    assert cells_of(read_rota_workbook(path, problem)) == cells_of(make_rota())


def test_problems_sheet_speaks_the_workbook_language(tmp_path: Path) -> None:
    """A Chinese workbook gives the structural gap, its suggestion and the shortfall's reasons in
    Chinese; an English one in English."""
    problem = Problem(
        start=dt.date(2026, 12, 7),
        days=1,
        shift_types=(ShiftType(code="A", start="09:00", end="17:00"),),
        staff=(Staff(id="S1", name="王五"),),
        coverage_windows=(CoverageWindow(start="09:00", end="18:00"),),
    )
    rota = Rota(start=problem.start, days=1)
    report = explain_shortfalls(problem, rota, validate(problem, rota))
    texts: dict[str, set[object]] = {}
    langs: tuple[Lang, ...] = ("en", "zh")
    for lang in langs:
        path = tmp_path / f"{lang}.xlsx"
        write_rota_workbook(problem, rota, report, path, lang=lang)
        texts[lang] = {cell.value for row in sheet_of(path, 3).iter_rows() for cell in row}
    assert "将班次 A（09:00–17:00）延长到 18:00，或增加一个覆盖 17:00–18:00 的班次。" in texts["zh"]
    assert (
        "在岗 0 人，需 1 人；S1 王五在 2026-12-07 本可上 A 班（没有哪一条规则单独阻止）"
        in (texts["zh"])
    )
    assert any(str(text).startswith("2026-12-07 17:00–18:00（") for text in texts["zh"])
    assert (
        "Extend shift A (09:00–17:00) to 18:00, or add a shift type that covers 17:00–18:00."
        in texts["en"]
    )
