"""What the services refuse, with a machine-readable code, an HTTP status and the precise problems.

The JSON API turns these into ``{"error": {"code", "message", "problems": [...]}}``; the pages show
the same message and problems.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from api.errors import InputProblem, show_value
from api.rota_errors import RotaIssue
from models import ProblemIssue


class ProblemItem(BaseModel):
    """One thing wrong with an input, said where the user can find it."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    """The value found, as the user would recognise it (text quoted, dates in ISO form)."""
    expected: str
    error: str = "is not valid"
    message: str
    """The whole problem in one sentence, place included."""

    @classmethod
    def of_input(cls, problem: InputProblem) -> ProblemItem:
        """A roster problem."""
        return cls(
            file=problem.file,
            sheet=problem.sheet,
            row=problem.row,
            column=problem.column,
            value=None if problem.value is None else show_value(problem.value),
            expected=problem.expected,
            error=problem.error,
            message=str(problem),
        )

    @classmethod
    def of_rota(cls, issue: RotaIssue) -> ProblemItem:
        """A rota file problem."""
        return cls(
            file=issue.file,
            sheet=issue.sheet,
            row=issue.row,
            column=issue.column,
            value=None if issue.value is None else show_value(issue.value),
            expected=issue.expected,
            message=str(issue),
        )

    @classmethod
    def of_issue(cls, issue: ProblemIssue, file: str | None = None) -> ProblemItem:
        """A cross-check of the problem (a pin on leave, an unknown shift code)."""
        where = f"{issue.section} {issue.index + 1}, {issue.field}"
        value = None if issue.value is None else show_value(issue.value)
        error = f"{value} is not valid" if value is not None else "is not valid"
        return cls(
            file=file,
            column=where,
            value=value,
            expected=issue.expected,
            message=f"{where}: {error}; expected {issue.expected}",
        )


class ServiceError(Exception):
    """A request the services refuse; nothing was stored."""

    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        problems: Iterable[ProblemItem] = (),
        *,
        code: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class UploadRejected(ServiceError):
    """An uploaded file that is too big, empty, of the wrong type or not a valid roster or rota.

    Codes: ``too_large`` (413), ``empty``, ``unsupported_type`` (415), ``invalid_roster``,
    ``invalid_rota`` (422).
    """

    status = 422
    code = "invalid_upload"


class NotFound(ServiceError):
    """No roster, job or rota with that id."""

    status = 404
    code = "not_found"


class InvalidRequest(ServiceError):
    """Parameters that do not fit the roster: a start date, a pin on leave, a bad time limit."""

    status = 422
    code = "invalid_request"


class QueueFull(ServiceError):
    """Every worker is busy and the queue is full: try again once a job has finished."""

    status = 429
    code = "queue_full"
