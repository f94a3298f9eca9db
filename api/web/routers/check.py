"""Check any rota (also one drawn by hand) against a roster, without solving or storing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from api.web import services
from api.web.deps import SessionDep, SettingsDep
from api.web.records import CheckOutcome
from api.web.routers.responses import ERRORS

router = APIRouter(prefix="/check", tags=["check"])


@router.post(
    "",
    response_model=CheckOutcome,
    summary="Check a rota file",
    responses=ERRORS,
)
async def check(
    session: SessionDep,
    settings: SettingsDep,
    rota: Annotated[UploadFile, File(description="The rota: .xlsx (Rota sheet) or .csv.")],
    roster_id: Annotated[int | None, Form(description="A stored roster the rota is for.")] = None,
    roster: Annotated[
        UploadFile | None, File(description="Or the roster file itself (.xlsx, .zip, .json).")
    ] = None,
) -> CheckOutcome:
    """Every hard rule, coverage, hours and the objective of the rota; its dates are the horizon."""
    limit = settings.max_upload_bytes
    filename, data = await services.read_upload(rota, limit)
    roster_name, roster_data = (None, None)
    if roster is not None:
        roster_name, roster_data = await services.read_upload(roster, limit)
    return services.check_rota_upload(
        session,
        filename,
        data,
        roster_id=roster_id,
        roster_filename=roster_name,
        roster_data=roster_data,
        max_bytes=limit,
    )
