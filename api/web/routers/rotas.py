"""Rota versions: the rota as JSON or Excel, pins from the grid, publishing, differences."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Query, Response

from api.web import services
from api.web.deps import SessionDep
from api.web.records import RotaDiff, RotaRecord, RotaSummary
from api.web.routers.responses import ERRORS, PinBody, PinsOut

router = APIRouter(prefix="/rotas", tags=["rotas"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/{rota_id}.xlsx",
    summary="Download a rota as Excel",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}, **ERRORS},
)
def rota_workbook(
    rota_id: int,
    session: SessionDep,
    lang: Literal["en", "zh"] = Query("en", description="Language of the sheets."),
) -> Response:
    """The same workbook as `shiftplan solve`: Rota, Coverage, Hours, Problems, Inputs."""
    rota = services.get_rota(session, rota_id)
    name = f"rota-{rota.roster_id}-v{rota.version}.xlsx"
    return Response(
        services.rota_workbook(rota, lang),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/{rota_id}", response_model=RotaRecord, summary="Get a rota", responses=ERRORS)
def get_rota(rota_id: int, session: SessionDep) -> RotaRecord:
    """The rota version: the problem it was drawn for and the solve result with its report."""
    return services.get_rota(session, rota_id)


@router.put(
    "/{rota_id}/pins",
    response_model=PinsOut,
    summary="Pin a cell of the rota for the next generation",
    responses=ERRORS,
)
def pin_cell(rota_id: int, pin: PinBody, session: SessionDep) -> PinsOut:
    """Pin a cell (a date of this rota) in its roster; re-generating keeps it."""
    return PinsOut.of(services.pin_rota_cell(session, rota_id, pin.staff_id, pin.date, pin.shift))


@router.delete(
    "/{rota_id}/pins/{staff_id}/{date}",
    response_model=PinsOut,
    summary="Clear a pin",
    responses=ERRORS,
)
def unpin_cell(rota_id: int, staff_id: str, date: dt.date, session: SessionDep) -> PinsOut:
    """Remove the pin of a cell in the rota's roster."""
    return PinsOut.of(services.unpin_rota_cell(session, rota_id, staff_id, date))


@router.post(
    "/{rota_id}/publish",
    response_model=RotaSummary,
    summary="Publish a rota version",
    responses=ERRORS,
)
def publish(rota_id: int, session: SessionDep) -> RotaSummary:
    """Mark this version as the roster's published rota (and no other)."""
    return services.publish_rota(session, rota_id).summary()


@router.get(
    "/{rota_id}/diff",
    response_model=RotaDiff,
    summary="What changed between two versions",
    responses=ERRORS,
)
def diff(
    rota_id: int,
    session: SessionDep,
    against: int = Query(description="The rota id to compare with (the older version)."),
) -> RotaDiff:
    """Every cell (person, date) whose shifts differ, with the shifts before and after."""
    return services.compare_rotas(session, rota_id, against)
