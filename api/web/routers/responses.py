"""Shapes the routers share: the error body for OpenAPI, pin bodies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from api.web.errors import ProblemItem
from api.web.records import RosterRecord
from models import Pin


class ErrorDetail(BaseModel):
    """What went wrong: a machine-readable code, a message, and each problem with its place."""

    code: str = Field(examples=["invalid_roster"])
    message: str
    problems: list[ProblemItem] = []


class ErrorOut(BaseModel):
    """Every refusal of the API."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such roster, job or rota (`not_found`)."},
    413: {"model": ErrorOut, "description": "The upload is larger than allowed (`too_large`)."},
    415: {"model": ErrorOut, "description": "Not an accepted file type (`unsupported_type`)."},
    422: {
        "model": ErrorOut,
        "description": "A file or parameters with problems (`invalid_roster`, `invalid_rota`, "
        "`empty`, `invalid_request`), each named by file, sheet, row and column.",
    },
}


class PinBody(BaseModel):
    """A cell to pin: this person, this day, this shift (empty: pinned off)."""

    staff_id: str
    date: dt.date
    shift: str | None = None


class PinsOut(BaseModel):
    """The pins of a roster after a change."""

    roster_id: int
    pins: list[Pin]

    @classmethod
    def of(cls, roster: RosterRecord) -> PinsOut:
        """The pins of a roster record."""
        return cls(roster_id=roster.id, pins=list(roster.problem.pins))
