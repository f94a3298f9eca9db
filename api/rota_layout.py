"""How a rota is laid out, the same in the Excel workbook and on the web pages.

People in team order, date headers, which days are shaded, the colour of each shift type and the
rows of the coverage table live here once, so the printed rota and the browser never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from api.labels import Lang
from models import CoverageSlice, Problem, Report, Rota
from models.calendar import WEEKDAY_NAMES, WEEKDAY_NAMES_ZH

SHIFT_PALETTE = ("9BC2E6", "A9D08E", "F4B084", "B4A7D6", "FFD966", "8ED0D0", "F8A5C2")
"""Colour (RGB hex) of each shift type, assigned in the order the problem lists shift types."""

DayShade = Literal["holiday", "weekend", ""]
CoverageRow = tuple[str, int, int]
"""A row of the coverage table: requirement, slice start and end (minutes after midnight)."""


def shift_colours(problem: Problem) -> dict[str, str]:
    """The colour of every shift type of the problem."""
    return {
        shift.code: SHIFT_PALETTE[index % len(SHIFT_PALETTE)]
        for index, shift in enumerate(problem.shift_types)
    }


def day_shade(problem: Problem, day: int) -> DayShade:
    """How a date column is shaded: public holiday, weekend, or not at all."""
    if problem.horizon.date_of(day) in problem.holidays:
        return "holiday"
    if problem.horizon.is_weekend(day):
        return "weekend"
    return ""


def date_header(when: dt.date, lang: Lang) -> str:
    """``12-07 Mon`` or ``12-07 周一``."""
    return f"{when:%m-%d} {weekday_name(when, lang)}"


def weekday_name(when: dt.date, lang: Lang) -> str:
    """``Mon`` or ``周一``."""
    names = WEEKDAY_NAMES_ZH if lang == "zh" else WEEKDAY_NAMES
    return names[when.weekday()]


def people_in_team_order(problem: Problem, rota: Rota) -> list[tuple[str, str, str]]:
    """(id, name, team) of every person, grouped by team in the order teams first appear.

    People in the rota but not in the problem come last, so that nothing assigned is hidden.
    """
    people = [(person.id, person.name, person.team) for person in problem.staff]
    strangers = {a.staff_id for a in rota.assignments} - set(problem.staff_by_id)
    people += [(staff_id, "", "") for staff_id in sorted(strangers)]
    teams = list(dict.fromkeys(team for _, _, team in people))
    return sorted(people, key=lambda person: teams.index(person[2]))


def who(problem: Problem, staff_id: str | None) -> str:
    """``E01 Li Lei`` for a known person, the bare id otherwise."""
    if staff_id is None:
        return ""
    person = problem.staff_by_id.get(staff_id)
    return f"{staff_id} {person.name}" if person is not None and person.name else staff_id


def dates_text(dates: Iterable[dt.date]) -> str:
    """Dates as runs: ``2026-12-07–2026-12-13, 2026-12-15``."""
    runs: list[list[dt.date]] = []
    for when in sorted(set(dates)):
        if runs and (when - runs[-1][-1]).days == 1:
            runs[-1].append(when)
        else:
            runs.append([when])
    return ", ".join(run[0].isoformat() if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def coverage_rows(report: Report) -> list[CoverageRow]:
    """The rows of the coverage table: requirements in report order, each slice by time."""
    order = {
        name: i for i, name in enumerate(dict.fromkeys(p.requirement for p in report.coverage))
    }
    return sorted(
        {(piece.requirement, piece.start, piece.end) for piece in report.coverage},
        key=lambda key: (order[key[0]], key[1], key[2]),
    )


def coverage_by_cell(report: Report) -> dict[tuple[str, int, int, dt.date], CoverageSlice]:
    """Each coverage slice by (requirement, start, end, date)."""
    return {(p.requirement, p.start, p.end, p.date): p for p in report.coverage}
