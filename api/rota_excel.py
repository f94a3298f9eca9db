"""The rota workbook: rota, coverage, hours, problems and inputs, in English or Chinese.

``write_rota_workbook`` lays out what a supervisor prints and HR checks; ``api.rota_excel_read``
reads the rota back.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from api.labels import Lang, label, label_or
from api.phrasing import (
    break_message,
    gap_message,
    gap_suggestion,
    shortfall_explanation,
    term_explanation,
)
from api.rota_layout import (
    SHIFT_PALETTE,
    coverage_by_cell,
    coverage_rows,
    date_header,
    dates_text,
    day_shade,
    people_in_team_order,
    shift_colours,
    who,
)
from models import (
    CoverageSlice,
    ObjectiveFamily,
    Problem,
    Report,
    Rota,
    StructuralGap,
    format_clock,
    format_span,
    format_weekdays,
)
from scheduler.result import SolveResult

__all__ = ["SHIFT_PALETTE", "write_rota_workbook"]

WEEKEND_FILL = PatternFill("solid", fgColor="EDEDED")
HOLIDAY_FILL = PatternFill("solid", fgColor="FCE4D6")
LEAVE_FILL = PatternFill("solid", fgColor="D0CECE")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SHORTFALL_FILL = PatternFill("solid", fgColor="FFC7CE")
STRUCTURAL_FILL = PatternFill("lightUp", fgColor="C00000", bgColor="FFC7CE")
SURPLUS_FILL = PatternFill("solid", fgColor="FFEB9C")

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_LEAVE_FONT = Font(italic=True, color="595959")
_SHORTFALL_FONT = Font(color="9C0006")
_STRUCTURAL_FONT = Font(bold=True, color="9C0006")
_SURPLUS_FONT = Font(color="9C5700")
_CENTRE = Alignment(horizontal="center", vertical="center")
_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="808080")
_MEDIUM = Side(style="medium", color="404040")
_FORMULA_STARTS = ("=", "+", "-", "@")
_HOURS_FORMAT = "0.0"
_DEVIATION_FORMAT = "+0.0;[Red]-0.0;0.0"


# ---------------------------------------------------------------- writing: cells and sheets


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: object = None,
    *,
    fill: PatternFill | None = None,
    font: Font | None = None,
    align: Alignment | None = None,
    number_format: str | None = None,
) -> Cell:
    """Write one cell; text that Excel would take for a formula (``=``, ``+``, ``-``, ``@``) is
    stored as literal text, since names and ids are user data."""
    cell = sheet.cell(row=row, column=column)
    if not isinstance(cell, Cell):  # pragma: no cover - these sheets never merge cells
        raise TypeError(f"cell {cell.coordinate} is merged")
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(_FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value  # type: ignore[assignment]
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _header(sheet: Worksheet, row: int, values: Sequence[object], first: int = 1) -> None:
    """A bold, shaded header row."""
    for offset, value in enumerate(values):
        cell = _put(sheet, row, first + offset, value, fill=HEADER_FILL, font=_BOLD)
        cell.border = Border(bottom=_THIN)


def _text_width(text: str) -> int:
    """Columns of a text in Excel, counting Chinese characters double."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fit_widths(
    sheet: Worksheet, first_row: int, last_row: int, *, minimum: int = 5, maximum: int = 50
) -> None:
    """Size each column to its longest value in the given rows."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row):
        for cell in row:
            if cell.value is None or cell.column is None:
                continue
            value = cell.value
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            width = max(_text_width(line) for line in text.splitlines() or [""])
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(minimum, min(maximum, width + 2))


def _page_setup(sheet: Worksheet, title_rows: str) -> None:
    """A4 landscape, fitted to the page width, header rows repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = title_rows


def _day_fill(problem: Problem, day: int) -> PatternFill | None:
    """The shade of a date column: public holiday, weekend, or none."""
    return {"holiday": HOLIDAY_FILL, "weekend": WEEKEND_FILL}.get(day_shade(problem, day))


def _yes_no(flag: bool, lang: Lang) -> str:
    return label("word.yes" if flag else "word.no", lang)


# ---------------------------------------------------------------- the Rota sheet


def _write_rota_sheet(sheet: Worksheet, problem: Problem, rota: Rota, lang: Lang) -> None:
    """Row 1 (hidden) holds ISO dates for reading back; row 2 the header; a row per person."""
    dates = list(problem.horizon.dates())
    codes = [shift.code for shift in problem.shift_types]
    shift_fill = {
        code: PatternFill("solid", fgColor=colour)
        for code, colour in shift_colours(problem).items()
    }
    first_date, first_total = 4, 4 + len(dates)
    last_column = first_total + 1 + len(codes)
    keys = ["staff_id", "name", "team", *(when.isoformat() for when in dates)]
    keys += ["paid_hours", "days_worked", *(f"count {code}" for code in codes)]
    for column, key in enumerate(keys, start=1):
        _put(sheet, 1, column, key)
    sheet.row_dimensions[1].hidden = True

    _header(sheet, 2, [label(f"col.{key}", lang) for key in ("id", "name", "team")])
    for day, when in enumerate(dates):
        fill = _day_fill(problem, day) or HEADER_FILL
        cell = _put(sheet, 2, first_date + day, date_header(when, lang), fill=fill, font=_BOLD)
        cell.alignment, cell.border = _CENTRE, Border(bottom=_THIN)
    totals = [label("col.paid_hours", lang), label("col.days_worked", lang), *codes]
    _header(sheet, 2, totals, first=first_total)

    cells = rota.shifts_by_staff_and_date()
    row, previous_team = 2, None
    for staff_id, name, team in people_in_team_order(problem, rota):
        row += 1
        for column, value in enumerate((staff_id, name, team), start=1):
            _put(sheet, row, column, value)
        worked: Counter[str] = Counter()
        days_worked = 0
        for day, when in enumerate(dates):
            shifts = cells.get((staff_id, when), [])
            worked.update(shifts)
            days_worked += bool(shifts)
            where = (row, first_date + day)
            _rota_cell(sheet, where, problem, (staff_id, day), shifts, shift_fill, lang)
        paid = sum(
            problem.shift_by_code[c].paid_minutes * n for c, n in worked.items() if c in codes
        )
        _put(sheet, row, first_total, paid / 60, number_format=_HOURS_FORMAT)
        _put(sheet, row, first_total + 1, days_worked)
        for offset, code in enumerate(codes, start=first_total + 2):
            _put(sheet, row, offset, worked[code])
        if previous_team is not None and team != previous_team:
            for column in range(1, last_column + 1):
                sheet.cell(row=row, column=column).border = Border(top=_MEDIUM)
        previous_team = team

    _fit_widths(sheet, 2, row)
    _rota_legend(sheet, row + 2, shift_fill, problem, lang)
    sheet.freeze_panes = sheet.cell(row=3, column=first_date).coordinate
    _page_setup(sheet, "1:2")
    sheet.print_title_cols = "A:C"


def _rota_cell(
    sheet: Worksheet,
    where: tuple[int, int],
    problem: Problem,
    person_day: tuple[str, int],
    shifts: list[str],
    shift_fill: dict[str, PatternFill],
    lang: Lang,
) -> None:
    """Shift codes joined by ``+`` in the first one's colour; else the approved leave's kind in
    grey; else empty, shaded on weekends and holidays."""
    (row, column), (staff_id, day) = where, person_day
    if shifts:
        fill = shift_fill.get(shifts[0]) or _day_fill(problem, day)
        _put(sheet, row, column, "+".join(shifts), fill=fill, align=_CENTRE)
        return
    leave = problem.approved_leave_on(staff_id, problem.horizon.date_of(day))
    if leave is not None:
        text = label(f"leave.{leave.kind.value}", lang)
        _put(sheet, row, column, text, fill=LEAVE_FILL, font=_LEAVE_FONT, align=_CENTRE)
        return
    _put(sheet, row, column, None, fill=_day_fill(problem, day))


def _rota_legend(
    sheet: Worksheet, row: int, shift_fill: dict[str, PatternFill], problem: Problem, lang: Lang
) -> None:
    """Below the rota (column A left empty, so a reader skips it): what colours and shades mean."""
    _put(sheet, row, 2, label("word.legend", lang), font=_BOLD)
    for shift in problem.shift_types:
        row += 1
        _put(sheet, row, 2, shift.code, fill=shift_fill[shift.code], align=_CENTRE)
        on_call = f" ({label('col.on_call', lang)})" if shift.on_call else ""
        _put(sheet, row, 3, f"{shift.span} {shift.name}".strip() + on_call)
    for fill, key in (
        (LEAVE_FILL, "word.leave"),
        (WEEKEND_FILL, "word.weekend"),
        (HOLIDAY_FILL, "word.holiday"),
    ):
        row += 1
        _put(sheet, row, 2, None, fill=fill)
        _put(sheet, row, 3, label(key, lang))


# ---------------------------------------------------------------- the Coverage sheet


def _coverage_style(piece: CoverageSlice) -> tuple[PatternFill, Font] | None:
    """Hatched red for a structural gap, red for a shortfall, amber for a surplus."""
    if piece.structural:
        return STRUCTURAL_FILL, _STRUCTURAL_FONT
    if piece.shortfall > 0:
        return SHORTFALL_FILL, _SHORTFALL_FONT
    if piece.surplus > 0:
        return SURPLUS_FILL, _SURPLUS_FONT
    return None


def _write_coverage_sheet(sheet: Worksheet, problem: Problem, report: Report, lang: Lang) -> None:
    """A row per (requirement, time slice), a column per date, cells ``on duty/required``."""
    dates = list(problem.horizon.dates())
    _header(sheet, 1, [label("col.requirement", lang), label("col.time", lang)])
    for day, when in enumerate(dates):
        cell = _put(sheet, 1, 3 + day, date_header(when, lang), font=_BOLD, align=_CENTRE)
        cell.fill = _day_fill(problem, day) or HEADER_FILL
    rows = coverage_rows(report)
    by_cell = coverage_by_cell(report)
    for row, (requirement, start, end) in enumerate(rows, start=2):
        _put(sheet, row, 1, requirement)
        _put(sheet, row, 2, format_span(start, end))
        for day, when in enumerate(dates):
            piece = by_cell.get((requirement, start, end, when))
            if piece is None:
                _put(sheet, row, 3 + day, None, fill=_day_fill(problem, day))
                continue
            fill, font = _coverage_style(piece) or (_day_fill(problem, day), None)
            text = f"{len(piece.on_duty)}/{piece.min_staff}"
            _put(sheet, row, 3 + day, text, fill=fill, font=font, align=_CENTRE)
    last = len(rows) + 1
    if not rows:
        last += 1
        _put(sheet, last, 1, label("word.none", lang))
    _fit_widths(sheet, 1, last, maximum=45)
    row = last + 2
    _put(sheet, row, 1, f"{label('word.on_duty', lang)}/{label('word.required', lang)}")
    for fill, font, key in (
        (SHORTFALL_FILL, _SHORTFALL_FONT, "word.shortfall"),
        (STRUCTURAL_FILL, _STRUCTURAL_FONT, "word.structural_gap"),
        (SURPLUS_FILL, _SURPLUS_FONT, "word.surplus"),
        (WEEKEND_FILL, None, "word.weekend"),
        (HOLIDAY_FILL, None, "word.holiday"),
    ):
        row += 1
        _put(sheet, row, 1, label(key, lang), fill=fill, font=font)
    sheet.freeze_panes = "C2"
    _page_setup(sheet, "1:1")


# ---------------------------------------------------------------- the Hours sheet


def _write_hours_sheet(sheet: Worksheet, problem: Problem, report: Report, lang: Lang) -> None:
    """A row per person: paid and target hours, deviation, days, weekends, late, leave, counts."""
    codes = [shift.code for shift in problem.shift_types]
    codes += sorted({c for s in report.staff for c in s.shift_counts} - set(codes))
    keys = (
        *("id", "name", "team", "paid_hours", "target_hours", "deviation", "days_worked"),
        *("weekends_worked", "late_shifts", "leave_days"),
    )
    _header(sheet, 1, [*(label(f"col.{key}", lang) for key in keys), *codes])
    row = 1
    sums = [0.0] * (len(keys) - 3 + len(codes))
    for summary in report.staff:
        row += 1
        numbers: list[float] = [
            summary.paid_minutes / 60,
            summary.target_minutes / 60,
            (summary.paid_minutes - summary.target_minutes) / 60,
            summary.days_worked,
            summary.weekends_worked,
            summary.late_shifts,
            summary.leave_days,
            *(summary.shift_counts.get(code, 0) for code in codes),
        ]
        for column, text in enumerate((summary.staff_id, summary.name, summary.team), start=1):
            _put(sheet, row, column, text)
        for index, number in enumerate(numbers):
            sums[index] += number
            _put(sheet, row, 4 + index, number, number_format=_number_format(index))
    row += 1
    _put(sheet, row, 1, label("word.total", lang), font=_BOLD)
    for index, total in enumerate(sums):
        cell = _put(sheet, row, 4 + index, total, font=_BOLD, number_format=_number_format(index))
        cell.border = Border(top=_THIN)
    _fit_widths(sheet, 1, row, maximum=30)
    sheet.freeze_panes = "D2"
    _page_setup(sheet, "1:1")


def _number_format(index: int) -> str:
    """Hours with one decimal (the deviation signed), counts as whole numbers."""
    return (_HOURS_FORMAT, _HOURS_FORMAT, _DEVIATION_FORMAT)[index] if index < 3 else "0"


# ---------------------------------------------------------------- Problems and Inputs


class _Sections:
    """Writes titled tables one under another on a sheet, below a one-row sheet title."""

    def __init__(self, sheet: Worksheet, title: str, lang: Lang) -> None:
        self.sheet, self.lang, self.row, self.first_line = sheet, lang, 1, 0
        _put(sheet, 1, 1, title, font=_TITLE)

    def section(self, title_key: str, header_keys: Sequence[str]) -> None:
        """Start a table: its title and header row."""
        self.row += 2
        _put(self.sheet, self.row, 1, label(title_key, self.lang), font=_TITLE)
        self.row += 1
        _header(self.sheet, self.row, [label_or(k, self.lang, k) for k in header_keys])
        self.first_line = self.row + 1

    def line(self, values: Sequence[object], *, fill: PatternFill | None = None) -> int:
        """One row of the current table; long text wraps."""
        self.row += 1
        for column, value in enumerate(values, start=1):
            long = isinstance(value, str) and _text_width(value) > 60
            number_format = (
                "#,##0" if isinstance(value, int) and not isinstance(value, bool) else None
            )
            _put(
                self.sheet,
                self.row,
                column,
                value,
                fill=fill if column == 1 else None,
                align=_WRAP if long else None,
                number_format=number_format,
            )
        return self.row

    def none_if_empty(self) -> None:
        """Say so when a table has no rows."""
        if self.row < self.first_line:
            self.line([label("word.none", self.lang)])

    def finish(self) -> None:
        """Widths, frozen title row, A4 landscape."""
        _fit_widths(self.sheet, 2, self.row, maximum=60)
        self.sheet.freeze_panes = "A2"
        _page_setup(self.sheet, "1:1")


def _write_problems_sheet(
    sheet: Worksheet, problem: Problem, report: Report, result: SolveResult | None, lang: Lang
) -> None:
    """Structural gaps, rule breaks, shortfalls, objective terms and totals, and the solve."""
    out = _Sections(sheet, f"{label('sheet.problems', lang)}: {_span(problem)}", lang)
    gaps: list[StructuralGap] = list(report.structural_gaps)
    gaps += [gap for gap in (result.structural_gaps if result else ()) if gap not in gaps]
    out.section(
        "section.structural_gaps",
        ("col.requirement", "col.time", "col.dates", "col.message", "col.suggestion"),
    )
    for gap in gaps:
        time = format_span(gap.start, gap.end)
        message, suggestion = gap_message(gap, lang), gap_suggestion(gap, lang)
        out.line([gap.requirement, time, dates_text(gap.dates), message, suggestion])
    out.none_if_empty()

    out.section("section.rule_breaks", ("col.rule", "col.staff", "col.date", "col.message"))
    for broken in report.rule_breaks:
        rule = label_or(f"rule.{broken.rule}", lang, broken.rule)
        message = break_message(broken, lang)
        out.line([rule, who(problem, broken.staff_id), broken.date, message])
    out.none_if_empty()

    out.section(
        "section.shortfalls",
        (
            *("col.requirement", "col.date", "col.time", "col.on_duty", "col.required"),
            *("col.shortfall", "word.structural_gap", "col.explanation"),
        ),
    )
    for piece in report.shortfalls:
        fill = STRUCTURAL_FILL if piece.structural else SHORTFALL_FILL
        time = format_span(piece.start, piece.end)
        on_duty = len(piece.on_duty)
        values = [piece.requirement, piece.date, time, on_duty, piece.min_staff, piece.shortfall]
        explained = shortfall_explanation(piece, lang)
        out.line([*values, _yes_no(piece.structural, lang), explained], fill=fill)
    out.none_if_empty()

    _write_terms(out, problem, report, lang)
    if result is not None:
        _write_solve(out, result, lang)
    out.finish()


def _write_terms(out: _Sections, problem: Problem, report: Report, lang: Lang) -> None:
    """Every objective term, dearest first; then the objective and its share per family."""
    out.section(
        "section.terms",
        (
            *("col.family", "col.staff", "col.team", "col.date", "col.amount", "col.weight"),
            *("col.cost", "col.explanation"),
        ),
    )
    for term in sorted(report.terms, key=lambda term: -term.cost):
        family = label(f"family.{term.family.value}", lang)
        person = who(problem, term.staff_id)
        values = [family, person, term.team or "", term.date, term.amount, term.weight, term.cost]
        out.line([*values, term_explanation(term, lang)])
    out.none_if_empty()

    by_family = dict(report.by_family)
    if not by_family:
        for term in report.terms:
            by_family[term.family] = by_family.get(term.family, 0) + term.cost
    out.section("section.by_family", ("col.family", "col.cost"))
    for family in ObjectiveFamily:
        if family in by_family:
            out.line([label(f"family.{family.value}", lang), by_family[family]])
    row = out.line([label("word.objective", lang), report.objective])
    out.sheet.cell(row=row, column=1).font = _BOLD
    out.sheet.cell(row=row, column=2).font = _BOLD


def _write_solve(out: _Sections, result: SolveResult, lang: Lang) -> None:
    """How the solve ended: status, objective, bound, gap, times."""
    out.section("section.solve", ("col.setting", "col.value"))
    gap = result.gap
    out.line([label("word.status", lang), label(f"status.{result.status.value}", lang)])
    out.line([label("word.objective", lang), result.objective])
    out.line([label("word.bound", lang), result.best_bound])
    gap_row = out.line([label("word.gap", lang), gap])
    if gap is not None:
        out.sheet.cell(row=gap_row, column=2).number_format = "0.00%"
    out.line([label("word.wall_time", lang), round(result.wall_time_s, 2)])
    if result.first_solution_s is not None:
        out.line([label("word.first_solution", lang), round(result.first_solution_s, 2)])
    if result.message:
        out.line([label("word.solver_message", lang), result.message])


def _span(problem: Problem) -> str:
    return f"{problem.name}, {problem.start} – {problem.end}"


def _setting_text(name: str, value: object, lang: Lang) -> object:
    """A rule's value as a cell: numbers stay numbers, sets and sequences become short text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _yes_no(value, lang)
    if name == "weekend_days" and isinstance(value, frozenset):
        return format_weekdays(frozenset(int(day) for day in value))
    if name == "allowed_same_day" and isinstance(value, frozenset):
        return ", ".join(sorted("+".join(pair) for pair in value)) or "—"
    if name == "forbidden_sequences" and isinstance(value, tuple):
        return "; ".join(sequence.description for sequence in value) or "—"
    if name == "shift_runs" and isinstance(value, tuple):
        return "; ".join(f"{r.shift} {r.min_days}–{r.max_days or '∞'}" for r in value) or "—"
    if isinstance(value, int | float | str):
        return value
    return str(value)


def _write_inputs_sheet(sheet: Worksheet, problem: Problem, lang: Lang) -> None:
    """The horizon, every rule and weight used, and the shift types."""
    out = _Sections(sheet, f"{label('sheet.inputs', lang)}: {_span(problem)}", lang)
    out.section("section.horizon", ("col.setting", "col.value"))
    holidays = [d for d in sorted(problem.holidays) if problem.horizon.day_of(d) is not None]
    out.line([label("word.name", lang), problem.name])
    out.line([label("col.start", lang), problem.start])
    out.line([label("col.end", lang), problem.end])
    out.line([label("word.days", lang), problem.days])
    out.line([label("word.weekend_days", lang), format_weekdays(problem.horizon.weekend_days)])
    out.line([label("word.holidays", lang), dates_text(holidays) or "—"])

    out.section("section.rules", ("col.setting", "col.meaning", "col.value"))
    for name in type(problem.rules).model_fields:
        value = _setting_text(name, getattr(problem.rules, name), lang)
        out.line([name, label_or(f"setting.{name}", lang, name), value])
    out.section("section.weights", ("col.setting", "col.meaning", "col.value"))
    for name in type(problem.weights).model_fields:
        out.line([name, label_or(f"family.{name}", lang, name), getattr(problem.weights, name)])

    out.section(
        "section.shift_types",
        (
            *("col.code", "word.name", "col.start", "col.end", "col.on_call", "col.paid_hours"),
            "col.late",
        ),
    )
    for shift in problem.shift_types:
        start, end = format_clock(shift.start), format_clock(shift.end)
        on_call, late = _yes_no(shift.on_call, lang), _yes_no(shift.is_late, lang)
        paid = round(shift.paid_minutes / 60, 2)
        out.line([shift.code, shift.name, start, end, on_call, paid, late])
    out.finish()


# ---------------------------------------------------------------- the workbook


def write_rota_workbook(
    problem: Problem,
    rota: Rota,
    report: Report,
    path: Path,
    *,
    lang: Lang = "en",
    result: SolveResult | None = None,
) -> None:
    """Write the Rota, Coverage, Hours, Problems and Inputs sheets (names in ``lang``)."""
    workbook = Workbook()
    default = workbook.worksheets[0]

    def sheet(key: str) -> Worksheet:
        created: Worksheet = workbook.create_sheet(label(key, lang))
        return created

    _write_rota_sheet(sheet("sheet.rota"), problem, rota, lang)
    _write_coverage_sheet(sheet("sheet.coverage"), problem, report, lang)
    _write_hours_sheet(sheet("sheet.hours"), problem, report, lang)
    _write_problems_sheet(sheet("sheet.problems"), problem, report, result, lang)
    _write_inputs_sheet(sheet("sheet.inputs"), problem, lang)
    workbook.remove(default)
    workbook.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
