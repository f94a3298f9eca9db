"""The pure page views: grid, heatmap, hours, problems, roster and bad-file rows."""

from __future__ import annotations

import datetime as dt

from api.errors import InputProblem
from api.rota_errors import RotaIssue
from api.rota_layout import SHIFT_PALETTE
from api.web.errors import ProblemItem
from api.web.views import (
    coverage_heatmap,
    file_problem_rows,
    hours_table,
    problems_list,
    roster_view,
    rota_grid,
)
from models import (
    Assignment,
    CoverageWindow,
    Leave,
    LeaveKind,
    Pin,
    Problem,
    Report,
    Rota,
    ShiftType,
    Staff,
)
from scheduler.analysis import explain_shortfalls, find_structural_gaps
from scheduler.validate import validate

MONDAY = dt.date(2026, 12, 7)


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def make_problem() -> Problem:
    return Problem(
        name="seed",
        start=MONDAY,
        days=7,
        shift_types=(
            ShiftType(code="A", name="早班", start="09:00", end="17:00"),
            ShiftType(code="C", name="值班", start="17:00", end="22:00", on_call=True),
        ),
        staff=(
            Staff(id="S1", name="张伟", team="北区"),
            Staff(id="S2", name="李娜", team="北区"),
            Staff(id="S3", name="王芳", team="南区"),
        ),
        coverage_windows=(CoverageWindow(start="09:00", end="24:00", min_staff=1),),
        leave=(Leave(staff_id="S2", start=day(1), end=day(2), kind=LeaveKind.SICK),),
        holidays=frozenset({day(3)}),
        pins=(Pin(staff_id="S1", date=day(0), shift="A"), Pin(staff_id="S3", date=day(4))),
    )


def make_rota() -> Rota:
    works = [("S1", 0, "A"), ("S1", 5, "A"), ("S3", 0, "C"), ("S2", 3, "A"), ("S2", 3, "C")]
    return Rota(
        start=MONDAY,
        days=7,
        assignments=tuple(Assignment(staff_id=s, date=day(d), shift=c) for s, d, c in works),
    )


def make_report(problem: Problem, rota: Rota) -> Report:
    report = explain_shortfalls(problem, rota, validate(problem, rota))
    return report.model_copy(update={"structural_gaps": find_structural_gaps(problem)})


def test_grid_colours_shifts_greys_leave_and_shades_weekends() -> None:
    """Cells carry the shift colour, leave kind, weekend/holiday shade and pins."""
    problem = make_problem()
    grid = rota_grid(problem, make_rota(), "zh")
    assert [column.weekday for column in grid.days][:2] == ["周一", "周二"]
    assert [column.shade for column in grid.days] == [
        "",
        "",
        "",
        "holiday",
        "",
        "weekend",
        "weekend",
    ]
    rows = {row.staff_id: row for row in grid.rows}
    s1 = rows["S1"].cells
    assert (s1[0].text, s1[0].kind, s1[0].colour, s1[0].pin) == (
        "A",
        "shift",
        SHIFT_PALETTE[0],
        "A",
    )
    assert (s1[5].shade, s1[5].kind) == ("weekend", "shift")
    assert (s1[1].kind, s1[1].text, s1[1].pinned) == ("off", "", False)
    s2 = rows["S2"].cells
    assert (s2[1].kind, s2[1].text) == ("leave", "病假")
    assert s2[3].text == "A+C" and s2[3].shade == "holiday"
    assert rows["S3"].cells[4].pin == "" and rows["S3"].cells[4].pinned
    assert rows["S1"].paid_hours == 16 and rows["S1"].days_worked == 2


def test_grid_groups_teams_and_marks_where_a_team_starts() -> None:
    """People are grouped by team; the first row of a new team is marked."""
    grid = rota_grid(make_problem(), make_rota(), "en")
    assert [(row.staff_id, row.first_of_team) for row in grid.rows] == [
        ("S1", False),
        ("S2", False),
        ("S3", True),
    ]
    assert [item.code for item in grid.legend] == ["A", "C"]
    assert "(On call)" in grid.legend[1].text


def test_grid_takes_pins_given_instead_of_the_problems() -> None:
    """Pins passed in replace the problem's own pins."""
    grid = rota_grid(make_problem(), make_rota(), "en", pins=[])
    assert not any(cell.pinned for row in grid.rows for cell in row.cells)


def test_heatmap_marks_short_and_structural_slices() -> None:
    """22:00-24:00 is a structural gap every day; an unstaffed day is short, a full one ok."""
    problem = make_problem()
    rota = make_rota()
    heatmap = coverage_heatmap(problem, make_report(problem, rota), "en")
    by_time = {row.time: row for row in heatmap.rows}
    assert set(by_time) == {"09:00–17:00", "17:00–22:00", "22:00–24:00"}
    assert {cell.state for cell in by_time["22:00–24:00"].cells} == {"structural"}
    morning = by_time["09:00–17:00"].cells
    assert (morning[0].text, morning[0].state) == ("1/1", "ok")
    assert "张伟" in morning[0].title
    assert (morning[1].text, morning[1].state) == ("0/1", "short")
    assert heatmap.rows[0].first_of_requirement and not heatmap.rows[1].first_of_requirement
    assert heatmap.shortfalls == sum(
        cell.state in ("short", "structural") for row in heatmap.rows for cell in row.cells
    )


def test_hours_table_sums_people_and_shift_counts() -> None:
    """Hours and counts per person, and a total row that adds them up."""
    problem = make_problem()
    rota = make_rota()
    table = hours_table(problem, make_report(problem, rota))
    assert table.codes == ("A", "C")
    rows = {row.staff_id: row for row in table.rows}
    assert rows["S2"].shift_counts == (1, 1) and rows["S2"].leave_days == 2
    assert rows["S1"].weekends_worked == 1
    assert table.total.shift_counts == (3, 2)
    assert table.total.paid_hours == round(sum(row.paid_hours for row in table.rows), 1)


def test_problems_list_names_the_gap_once_and_explains_shortfalls() -> None:
    """A structural gap is listed once, not per date; other shortfalls carry explanations."""
    problem = make_problem()
    rota = make_rota()
    problems = problems_list(problem, make_report(problem, rota), "zh", max_terms=3)
    assert len(problems.gaps) == 1 and problems.gaps[0].time == "22:00–24:00"
    assert problems.shortfalls and not any(row.structural for row in problems.shortfalls)
    assert all(row.explanation for row in problems.shortfalls)
    assert len(problems.terms) == 3 and problems.more_terms > 0
    assert problems.terms[0].cost >= problems.terms[-1].cost
    assert problems.by_family[0][0] == "覆盖缺口"
    assert not problems.empty


def test_roster_view_lists_staff_shifts_windows_and_leave_in_chinese() -> None:
    """The roster page rows: Chinese names, shift times, window days, leave kind and status."""
    view = roster_view(make_problem(), "zh")
    assert view.staff[0] == ("S1", "张伟", "北区", "", "全部")
    assert view.shift_types[1][:5] == ("C", "值班", "17:00", "22:00", "是")
    assert view.coverage[0][:4] == ("Mon-Sun", "09:00", "24:00", "1")
    assert view.leave[0][:5] == ("S2 李娜", "2026-12-08", "2026-12-09", "病假", "已批准")
    assert view.shift_colours["A"] == SHIFT_PALETTE[0]
    assert view.pins == (("S1 张伟", "2026-12-07", "A"), ("S3 王芳", "2026-12-11", "休"))


def test_file_problem_rows_keep_every_place_of_roster_and_rota_problems() -> None:
    """Roster and rota problems both become rows with sheet, row, column, value, expected."""
    items = [
        InputProblem("r.xlsx", "Shifts", 3, "start", "25:00", "HH:MM", "is not a time"),
        InputProblem("r.xlsx", "Staff", None, None, None, "a Staff sheet", "is missing"),
    ]
    rows = file_problem_rows(
        [
            *(ProblemItem.of_input(item) for item in items),
            ProblemItem.of_rota(RotaIssue("rota.csv", None, 4, "shift", "Z", "one of A, C")),
        ]
    )
    assert rows[0].sheet == "Shifts" and rows[0].row == "3" and rows[0].value == "'25:00'"
    assert rows[0].error == "is not a time"
    assert (rows[1].row, rows[1].value, rows[1].expected) == ("", "", "a Staff sheet")
    assert (rows[2].file, rows[2].column, rows[2].value) == ("rota.csv", "shift", "'Z'")
