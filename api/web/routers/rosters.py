"""Rosters: upload (a file or the problem as JSON), list, get; their rota versions, jobs, pins."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, status

from api.web import services
from api.web.deps import SessionDep, SettingsDep
from api.web.errors import UploadRejected
from api.web.records import JobRecord, RosterRecord, RosterSummary, RotaSummary
from api.web.routers.responses import ERRORS, PinBody, PinsOut

router = APIRouter(prefix="/rosters", tags=["rosters"])

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}},
        },
    }
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=RosterRecord,
    summary="Upload a roster",
    description=(
        "A roster workbook (.xlsx), a .zip of CSV files or a .json problem as the multipart "
        "field `file`, or the `Problem` as the JSON body. Stored only when it reads without a "
        "problem; otherwise 422 `invalid_roster` lists every problem with file, sheet, row, "
        "column, the value found and what was expected."
    ),
    responses=ERRORS,
    openapi_extra=_UPLOAD_BODY,
)
async def upload_roster(
    request: Request, session: SessionDep, settings: SettingsDep
) -> RosterRecord:
    """Store a roster from a multipart upload or a JSON body."""
    kind = request.headers.get("content-type", "")
    filename: str | None
    if kind.startswith("application/json"):
        filename, data = "roster.json", await request.body()
    elif kind.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise UploadRejected(
                "Send the roster as the multipart field 'file'.", code="missing_file"
            )
        filename, data = await services.read_upload(upload, settings.max_upload_bytes)
    else:
        raise UploadRejected(
            f"Content-Type {kind or '(none)'} is not accepted; expected multipart/form-data "
            "with a field 'file', or application/json",
            code="unsupported_type",
            status=415,
        )
    return services.store_roster(
        session,
        filename,
        data,
        max_bytes=settings.max_upload_bytes,
        weeks=settings.default_weeks,
        json_allowed=True,
    )


@router.get("", response_model=list[RosterSummary], summary="List the rosters")
def list_rosters(session: SessionDep) -> list[RosterSummary]:
    """Every stored roster, newest first."""
    return services.list_rosters(session)


@router.get("/{roster_id}", response_model=RosterRecord, summary="Get a roster", responses=ERRORS)
def get_roster(roster_id: int, session: SessionDep) -> RosterRecord:
    """A roster with its problem: staff, shift types, coverage, leave, pins."""
    return services.get_roster(session, roster_id)


@router.get(
    "/{roster_id}/rotas",
    response_model=list[RotaSummary],
    summary="List a roster's rota versions",
    responses=ERRORS,
)
def list_rotas(roster_id: int, session: SessionDep) -> list[RotaSummary]:
    """The rota versions generated from the roster, newest first."""
    return services.list_rotas(session, roster_id)


@router.get(
    "/{roster_id}/jobs",
    response_model=list[JobRecord],
    summary="List a roster's solve jobs",
    responses=ERRORS,
)
def list_jobs(roster_id: int, session: SessionDep) -> list[JobRecord]:
    """The solve jobs of the roster, newest first."""
    return services.list_jobs(session, roster_id)


@router.put(
    "/{roster_id}/pins",
    response_model=PinsOut,
    summary="Pin a cell of the roster",
    responses=ERRORS,
)
def set_pin(roster_id: int, pin: PinBody, session: SessionDep) -> PinsOut:
    """This person works this shift that day (no shift: is off) in every rota generated later."""
    record = services.set_pin(session, roster_id, pin.staff_id, pin.date, pin.shift)
    return PinsOut.of(record)


@router.delete(
    "/{roster_id}/pins/{staff_id}/{date}",
    response_model=PinsOut,
    summary="Clear a pin of the roster",
    responses=ERRORS,
)
def clear_pin(roster_id: int, staff_id: str, date: dt.date, session: SessionDep) -> PinsOut:
    """Remove the pin of a cell, if any."""
    return PinsOut.of(services.clear_pin(session, roster_id, staff_id, date))
