"""What the pages show, built from the domain and nothing else: no HTTP, no database, no HTML.

Each function turns a ``Problem`` with its ``Rota`` or ``Report`` into plain rows the templates
print: the staff × days grid, the coverage heatmap, the hours table, the problems list, the
roster's contents and the located problems of a bad file. Shading and row order come from
``api.rota_layout``, the same as in the Excel workbook.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from api.labels import Lang, label, label_or
from api.phrasing import (
    break_message,
    gap_message,
    gap_suggestion,
    shortfall_explanation,
    term_explanation,
)
from api.rota_layout import (
    DayShade,
    coverage_by_cell,
    coverage_rows,
    dates_text,
    day_shade,
    people_in_team_order,
    shift_colours,
    weekday_name,
    who,
)
from api.web.errors import ProblemItem
from api.web.i18n import text
from models import (
    CoverageSlice,
    Pin,
    Problem,
    Report,
    Rota,
    format_clock,
    format_span,
    format_weekdays,
)

CellKind = Literal["shift", "leave", "off"]
HeatState = Literal["ok", "short", "structural", "surplus", "none"]


# ---------------------------------------------------------------- the staff × days grid


@dataclass(frozen=True)
class DayColumn:
    """A date column: its ISO date, how it is headed and shaded."""

    iso: str
    day: str
    """``12-07``."""
    weekday: str
    """``Mon`` or ``周一``."""
    shade: DayShade


@dataclass(frozen=True)
class GridCell:
    """One person on one date: the shifts worked, or leave, or off; and any pin on it."""

    iso: str
    text: str
    kind: CellKind
    colour: str | None
    """RGB hex of the first shift's type, None for leave and days off."""
    shade: DayShade
    pin: str | None
    """``None``: not pinned; ``""``: pinned off; else the pinned shift code."""

    @property
    def pinned(self) -> bool:
        """Whether the supervisor fixed this cell."""
        return self.pin is not None


@dataclass(frozen=True)
class GridRow:
    """A person's row: who, one cell per date, and their totals."""

    staff_id: str
    name: str
    team: str
    cells: tuple[GridCell, ...]
    paid_hours: float
    days_worked: int
    first_of_team: bool
    """The first row of a team after another team: drawn with a rule above it."""


@dataclass(frozen=True)
class LegendItem:
    """A shift type's colour and what it means."""

    code: str
    colour: str
    text: str


@dataclass(frozen=True)
class RotaGrid:
    """The rota as a table: date columns, a row per person, and the legend of colours."""

    days: tuple[DayColumn, ...]
    rows: tuple[GridRow, ...]
    legend: tuple[LegendItem, ...]
    shift_codes: tuple[str, ...]


def day_columns(problem: Problem, lang: Lang) -> tuple[DayColumn, ...]:
    """A column per date of the horizon."""
    return tuple(
        DayColumn(
            when.isoformat(), f"{when:%m-%d}", weekday_name(when, lang), day_shade(problem, d)
        )
        for d, when in enumerate(problem.horizon.dates())
    )


def rota_grid(
    problem: Problem, rota: Rota, lang: Lang, pins: Sequence[Pin] | None = None
) -> RotaGrid:
    """The staff × days grid: shift codes coloured by type, leave in grey, weekends shaded.

    ``pins`` are the cells the supervisor fixed (by default the problem's own pins).
    """
    colours = shift_colours(problem)
    pinned = {
        (pin.staff_id, pin.date): pin.shift or ""
        for pin in (problem.pins if pins is None else pins)
    }
    cells = rota.shifts_by_staff_and_date()
    days = day_columns(problem, lang)
    rows: list[GridRow] = []
    previous_team: str | None = None
    for staff_id, name, team in people_in_team_order(problem, rota):
        row_cells = []
        worked: Counter[str] = Counter()
        for column, when in zip(days, problem.horizon.dates(), strict=True):
            shifts = cells.get((staff_id, when), [])
            worked.update(shifts)
            pin = pinned.get((staff_id, when))
            place = (column, when)
            row_cells.append(_grid_cell(problem, staff_id, place, shifts, colours, pin, lang))
        paid = sum(
            problem.shift_by_code[code].paid_minutes * count
            for code, count in worked.items()
            if code in problem.shift_by_code
        )
        days_worked = sum(1 for cell in row_cells if cell.kind == "shift")
        first = previous_team is not None and team != previous_team
        rows.append(GridRow(staff_id, name, team, tuple(row_cells), paid / 60, days_worked, first))
        previous_team = team
    return RotaGrid(days, tuple(rows), shift_legend(problem, lang), tuple(colours))


def _grid_cell(
    problem: Problem,
    staff_id: str,
    day: tuple[DayColumn, dt.date],
    shifts: list[str],
    colours: dict[str, str],
    pin: str | None,
    lang: Lang,
) -> GridCell:
    """Shift codes joined by ``+`` in the first one's colour; else approved leave; else off."""
    column, when = day
    iso, shade = column.iso, column.shade
    if shifts:
        return GridCell(iso, "+".join(shifts), "shift", colours.get(shifts[0]), shade, pin)
    leave = problem.approved_leave_on(staff_id, when)
    if leave is not None:
        return GridCell(iso, label(f"leave.{leave.kind.value}", lang), "leave", None, shade, pin)
    return GridCell(iso, "", "off", None, shade, pin)


def shift_legend(problem: Problem, lang: Lang) -> tuple[LegendItem, ...]:
    """Each shift type's colour, times and name (on-call shifts say so)."""
    colours = shift_colours(problem)
    items = []
    for shift in problem.shift_types:
        word = label("col.on_call", lang)
        # "C班 在家值班" says it already; don't repeat it in brackets.
        on_call = f" ({word})" if shift.on_call and word not in shift.name else ""
        text = f"{shift.span} {shift.name}".strip() + on_call
        items.append(LegendItem(shift.code, colours[shift.code], text))
    return tuple(items)


# ---------------------------------------------------------------- the coverage heatmap


@dataclass(frozen=True)
class HeatCell:
    """On duty against required in one time slice on one date."""

    text: str
    state: HeatState
    level: int
    """0-3: how many people above the minimum (how comfortable the slice is)."""
    shade: DayShade
    title: str
    """The hover text: who is on duty, or why the slice is short."""


@dataclass(frozen=True)
class HeatRow:
    """A time slice of a requirement, across the dates."""

    requirement: str
    time: str
    first_of_requirement: bool
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class Heatmap:
    """Time slices × days; empty when the roster has no coverage windows."""

    days: tuple[DayColumn, ...]
    rows: tuple[HeatRow, ...]
    shortfalls: int
    """Slices (requirement, time, date) with fewer people than required."""


def coverage_heatmap(problem: Problem, report: Report, lang: Lang) -> Heatmap:
    """Every coverage slice as ``on duty/required``, short ones red, structural gaps hatched."""
    by_cell = coverage_by_cell(report)
    dates = list(problem.horizon.dates())
    days = day_columns(problem, lang)
    rows = []
    previous: str | None = None
    for requirement, start, end in coverage_rows(report):
        cells = []
        for column, when in zip(days, dates, strict=True):
            piece = by_cell.get((requirement, start, end, when))
            cells.append(_heat_cell(problem, piece, column.shade, lang))
        time = format_span(start, end)
        rows.append(HeatRow(requirement, time, requirement != previous, tuple(cells)))
        previous = requirement
    return Heatmap(days, tuple(rows), len(report.shortfalls))


def _heat_cell(
    problem: Problem, piece: CoverageSlice | None, shade: DayShade, lang: Lang
) -> HeatCell:
    if piece is None:
        return HeatCell("", "none", 0, shade, "")
    on_duty = len(piece.on_duty)
    text = f"{on_duty}/{piece.min_staff}"
    names = ", ".join(who(problem, staff_id) for staff_id in piece.on_duty)
    state: HeatState
    if piece.structural:
        explained = shortfall_explanation(piece, lang)
        state, title = "structural", explained or label("word.structural_gap", lang)
    elif piece.shortfall > 0:
        state, title = "short", shortfall_explanation(piece, lang) or names
    elif piece.surplus > 0:
        state, title = "surplus", names
    else:
        state, title = "ok", names
    level = min(3, max(0, on_duty - piece.min_staff))
    return HeatCell(text, state, level, shade, title)


# ---------------------------------------------------------------- hours and fairness


@dataclass(frozen=True)
class HoursRow:
    """One person's hours against their target and their fairness counts."""

    staff_id: str
    name: str
    team: str
    paid_hours: float
    target_hours: float
    deviation: float
    days_worked: int
    weekends_worked: int
    late_shifts: int
    leave_days: int
    shift_counts: tuple[int, ...]


@dataclass(frozen=True)
class HoursTable:
    """A row per person and the shift codes their counts are for."""

    codes: tuple[str, ...]
    rows: tuple[HoursRow, ...]
    total: HoursRow


def hours_table(problem: Problem, report: Report) -> HoursTable:
    """Paid and target hours, deviation, days, weekends, late/on-call, leave and shift counts."""
    codes = [shift.code for shift in problem.shift_types]
    codes += sorted({c for s in report.staff for c in s.shift_counts} - set(codes))
    rows = tuple(
        HoursRow(
            summary.staff_id,
            summary.name,
            summary.team,
            round(summary.paid_minutes / 60, 1),
            round(summary.target_minutes / 60, 1),
            round((summary.paid_minutes - summary.target_minutes) / 60, 1),
            summary.days_worked,
            summary.weekends_worked,
            summary.late_shifts,
            summary.leave_days,
            tuple(summary.shift_counts.get(code, 0) for code in codes),
        )
        for summary in report.staff
    )
    total = HoursRow(
        "",
        "",
        "",
        round(sum(row.paid_hours for row in rows), 1),
        round(sum(row.target_hours for row in rows), 1),
        round(sum(row.deviation for row in rows), 1),
        sum(row.days_worked for row in rows),
        sum(row.weekends_worked for row in rows),
        sum(row.late_shifts for row in rows),
        sum(row.leave_days for row in rows),
        tuple(sum(row.shift_counts[i] for row in rows) for i in range(len(codes))),
    )
    return HoursTable(tuple(codes), rows, total)


# ---------------------------------------------------------------- the problems list


@dataclass(frozen=True)
class GapRow:
    """A structural gap: part of a window no shift type covers."""

    requirement: str
    time: str
    dates: str
    message: str
    suggestion: str


@dataclass(frozen=True)
class BreakRow:
    """A hard rule the rota breaks."""

    rule: str
    who: str
    date: str
    message: str


@dataclass(frozen=True)
class ShortfallRow:
    """A coverage slice with too few people, and why nobody else could take it."""

    requirement: str
    date: str
    time: str
    on_duty: int
    required: int
    structural: bool
    explanation: str


@dataclass(frozen=True)
class TermRow:
    """A term of the objective: what it costs and why."""

    family: str
    who: str
    date: str
    amount: int
    weight: int
    cost: int
    explanation: str


@dataclass(frozen=True)
class ProblemsList:
    """Everything wrong with a rota or what it costs, dearest first."""

    gaps: tuple[GapRow, ...]
    breaks: tuple[BreakRow, ...]
    shortfalls: tuple[ShortfallRow, ...]
    terms: tuple[TermRow, ...]
    more_terms: int
    """Terms left off the list (the workbook has them all)."""
    objective: int
    by_family: tuple[tuple[str, int], ...]

    @property
    def empty(self) -> bool:
        """Nothing to report at all."""
        return not (self.gaps or self.breaks or self.shortfalls or self.terms)


def problems_list(
    problem: Problem, report: Report, lang: Lang, *, max_terms: int = 60
) -> ProblemsList:
    """Structural gaps, rule breaks, shortfalls (structural ones once per gap) and terms."""
    gaps = tuple(
        GapRow(
            gap.requirement,
            format_span(gap.start, gap.end),
            dates_text(gap.dates),
            gap_message(gap, lang),
            gap_suggestion(gap, lang),
        )
        for gap in report.structural_gaps
    )
    breaks = tuple(
        BreakRow(
            label_or(f"rule.{item.rule}", lang, item.rule),
            who(problem, item.staff_id),
            item.date.isoformat() if item.date else "",
            break_message(item, lang),
        )
        for item in report.rule_breaks
    )
    # A structural gap is already explained once above; listing its every date again is noise.
    shortfalls = tuple(
        ShortfallRow(
            piece.requirement,
            piece.date.isoformat(),
            format_span(piece.start, piece.end),
            len(piece.on_duty),
            piece.min_staff,
            piece.structural,
            shortfall_explanation(piece, lang),
        )
        for piece in report.shortfalls
        if not (piece.structural and gaps)
    )
    terms = sorted(report.terms, key=lambda term: -term.cost)
    rows = tuple(
        TermRow(
            label(f"family.{term.family.value}", lang),
            who(problem, term.staff_id) or (term.team or ""),
            term.date.isoformat() if term.date else "",
            term.amount,
            term.weight,
            term.cost,
            term_explanation(term, lang),
        )
        for term in terms[:max_terms]
    )
    by_family = tuple(
        (label(f"family.{family.value}", lang), cost)
        for family, cost in sorted(report.by_family.items(), key=lambda item: -item[1])
    )
    more = max(0, len(terms) - max_terms)
    return ProblemsList(gaps, breaks, shortfalls, rows, more, report.objective, by_family)


# ---------------------------------------------------------------- the roster


@dataclass(frozen=True)
class RosterView:
    """A roster's contents as table rows of text."""

    staff: tuple[tuple[str, ...], ...]
    shift_types: tuple[tuple[str, ...], ...]
    coverage: tuple[tuple[str, ...], ...]
    demands: tuple[tuple[str, ...], ...]
    leave: tuple[tuple[str, ...], ...]
    shift_colours: dict[str, str]
    pins: tuple[tuple[str, ...], ...] = ()
    """Cells fixed by the supervisor: who, date, shift (or the word for a day off)."""


def roster_view(problem: Problem, lang: Lang) -> RosterView:
    """Staff, shift types, coverage windows, shift demands and leave, ready to print."""
    everyone = text("word.all", lang)
    staff = tuple(
        (
            person.id,
            person.name,
            person.team,
            ", ".join(sorted(person.skills)),
            ", ".join(sorted(person.shift_types)) if person.shift_types else everyone,
        )
        for person in problem.staff
    )
    yes_no = {True: label("word.yes", lang), False: label("word.no", lang)}
    shifts = tuple(
        (
            shift.code,
            shift.name,
            format_clock(shift.start),
            format_clock(shift.end),
            yes_no[shift.on_call],
            f"{shift.paid_minutes / 60:g}",
            yes_no[shift.is_late],
        )
        for shift in problem.shift_types
    )
    coverage = tuple(
        (
            _on_days(window.dates, window.weekdays),
            format_clock(window.start),
            format_clock(window.end),
            str(window.min_staff),
            "" if window.max_staff is None else str(window.max_staff),
            window.skill or "",
            window.team or "",
            window.label,
        )
        for window in problem.coverage_windows
    )
    demands = tuple(
        (
            _on_days(demand.dates, demand.weekdays),
            demand.shift,
            str(demand.min_staff),
            "" if demand.max_staff is None else str(demand.max_staff),
            demand.skill or "",
            demand.team or "",
        )
        for demand in problem.shift_demands
    )
    leave = tuple(
        (
            who(problem, item.staff_id),
            item.start.isoformat(),
            item.end.isoformat(),
            label(f"leave.{item.kind.value}", lang),
            text(f"leave_status.{item.status.value}", lang),
            item.note,
        )
        for item in problem.leave
    )
    pins = tuple(
        (who(problem, pin.staff_id), pin.date.isoformat(), pin.shift or label("word.off", lang))
        for pin in sorted(problem.pins, key=lambda pin: (pin.date, pin.staff_id))
    )
    return RosterView(staff, shifts, coverage, demands, leave, shift_colours(problem), pins)


def _on_days(dates: frozenset[dt.date] | None, weekdays: frozenset[int]) -> str:
    if dates is not None:
        return dates_text(dates)
    return format_weekdays(weekdays)


# ---------------------------------------------------------------- bad files


@dataclass(frozen=True)
class FileProblemRow:
    """One located problem of an uploaded file."""

    file: str
    sheet: str
    row: str
    column: str
    value: str
    expected: str
    error: str


def file_problem_rows(problems: Sequence[ProblemItem]) -> tuple[FileProblemRow, ...]:
    """The problems of a roster or rota file, each with sheet, row, column, value, expected."""
    return tuple(
        FileProblemRow(
            item.file or "",
            item.sheet or "",
            "" if item.row is None else str(item.row),
            item.column or "",
            item.value or "",
            item.expected,
            item.error,
        )
        for item in problems
    )
