"""The domain of shiftplan: staff, shift types, coverage, leave, rules, the problem and the rota.

Nothing here knows about CP-SAT, HTTP or Excel.
"""

from models.calendar import Horizon, format_weekdays, parse_weekdays
from models.clock import Clock, format_clock, format_span, parse_clock
from models.coverage import CoverageWindow, ShiftDemand
from models.phrase import LANGS, Lang, Phrase, phrase
from models.problem import PersonRules, Problem, ProblemError, ProblemIssue, find_issues
from models.report import (
    CoverageSlice,
    ObjectiveFamily,
    ObjectiveTerm,
    Report,
    RuleBreak,
    StaffSummary,
    StructuralGap,
)
from models.requests import Leave, LeaveKind, LeaveStatus, Pin, ShiftRequest
from models.rota import Assignment, Rota
from models.rules import DAY_OFF, ForbiddenSequence, Rules, ShiftRun, Weights
from models.shifts import ShiftType
from models.staff import Staff, StaffRules

__all__ = [
    "DAY_OFF",
    "LANGS",
    "Assignment",
    "Clock",
    "CoverageSlice",
    "CoverageWindow",
    "ForbiddenSequence",
    "Horizon",
    "Lang",
    "Leave",
    "LeaveKind",
    "LeaveStatus",
    "ObjectiveFamily",
    "ObjectiveTerm",
    "PersonRules",
    "Phrase",
    "Pin",
    "Problem",
    "ProblemError",
    "ProblemIssue",
    "Report",
    "Rota",
    "RuleBreak",
    "Rules",
    "ShiftDemand",
    "ShiftRequest",
    "ShiftRun",
    "ShiftType",
    "Staff",
    "StaffRules",
    "StaffSummary",
    "StructuralGap",
    "Weights",
    "find_issues",
    "format_clock",
    "format_span",
    "format_weekdays",
    "parse_clock",
    "parse_weekdays",
    "phrase",
]
