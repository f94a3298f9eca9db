"""Plain-text summaries of a solve or a check, for the terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from models import Problem, Report, format_span
from scheduler.result import SolveResult

_MAX_LISTED = 12


def _width(text: str) -> int:
    """Columns the text takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table aligned for a terminal; columns after the third are right-aligned numbers."""
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [_pad(cell, widths[i], right=i >= 3) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}"


def staff_table(problem: Problem, report: Report) -> str:
    """Per person: paid hours against target, shifts of each type, weekends and late shifts."""
    codes = [shift.code for shift in problem.shift_types]
    header = ["id", "name", "team", "hours", "target", *codes, "days", "weekends", "late", "leave"]
    rows = [
        [
            person.staff_id,
            person.name,
            person.team,
            _hours(person.paid_minutes),
            _hours(person.target_minutes),
            *(str(person.shift_counts.get(code, 0)) for code in codes),
            str(person.days_worked),
            str(person.weekends_worked),
            str(person.late_shifts),
            str(person.leave_days),
        ]
        for person in report.staff
    ]
    return format_table(header, rows)


def _listed(lines: list[str], what: str) -> list[str]:
    if len(lines) <= _MAX_LISTED:
        return lines
    hidden = len(lines) - _MAX_LISTED
    return [*lines[:_MAX_LISTED], f"  … and {hidden} more {what} (see the Problems sheet)"]


def report_lines(report: Report) -> list[str]:
    """Structural gaps, rule breaks, shortfalls and the objective by term."""
    lines: list[str] = []
    for gap in report.structural_gaps:
        lines.append(f"Structural gap: {gap.message}")
        lines.append(f"  Suggestion: {gap.suggestion}")
    breaks = [f"  {item.message}" for item in report.rule_breaks]
    if breaks:
        lines.append(f"Rule breaks: {len(breaks)}")
        lines.extend(_listed(breaks, "rule breaks"))
    else:
        lines.append("Rule breaks: none")
    shortfalls = [
        f"  {piece.date} {format_span(piece.start, piece.end)} {piece.requirement}: "
        + (piece.explanation or f"{len(piece.on_duty)} of {piece.min_staff} on duty")
        for piece in report.shortfalls
        if not piece.structural
    ]
    structural = sum(1 for piece in report.shortfalls if piece.structural)
    lines.append(
        f"Coverage shortfalls: {len(shortfalls)} (plus {structural} slices in structural gaps)"
    )
    lines.extend(_listed(shortfalls, "shortfalls"))
    lines.append(f"Objective {report.objective} =")
    for family, cost in sorted(report.by_family.items(), key=lambda item: -item[1]):
        lines.append(f"  {family.value:<20} {cost:>10}")
    return lines


def format_solve_summary(problem: Problem, result: SolveResult) -> str:
    """What a supervisor sees after ``shiftplan solve``."""
    head = [
        f"Rota {problem.name}: {len(problem.staff)} staff, {problem.start} to {problem.end} "
        f"({problem.days} days)",
        f"Status: {result.status.value}   wall time {result.wall_time_s:.2f} s",
    ]
    if result.report is None or result.objective is None:
        return "\n".join([*head, result.message])
    gap = result.gap or 0.0
    head.append(f"Objective {result.objective}   bound {result.best_bound}   gap {gap:.2%}")
    return "\n".join(
        [*head, "", staff_table(problem, result.report), "", *report_lines(result.report)]
    )


def format_check_summary(problem: Problem, report: Report) -> str:
    """What HR sees after ``shiftplan check``."""
    verdict = "keeps every hard rule" if report.is_valid else "BREAKS hard rules"
    head = [f"Rota {problem.start} to {problem.end}: {verdict}"]
    return "\n".join([*head, "", staff_table(problem, report), "", *report_lines(report)])
