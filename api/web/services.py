"""What the web app does, called alike by the JSON routers and the HTML pages.

Every function takes a session (or none), commits its own changes, and returns plain records
(``api.web.records``), never table rows. Refusals raise ``api.web.errors.ServiceError``
subclasses carrying a code, an HTTP status and the precise problems; nothing is stored then.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePath

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, defer
from starlette.datastructures import UploadFile

from api.check import check_rota as check_assignments
from api.check import rota_horizon
from api.errors import RosterError
from api.labels import Lang
from api.roster_io import read_roster_data
from api.rota_csv import read_rota
from api.rota_errors import RotaFileError
from api.rota_excel import write_rota_workbook
from api.storage.tables import UNFINISHED, JobRow, JobStatus, RosterRow, RotaRow, utc_now
from api.web.errors import InvalidRequest, NotFound, ProblemItem, QueueFull, UploadRejected
from api.web.jobs import SolveJobs
from api.web.records import (
    CellChange,
    CheckOutcome,
    JobRecord,
    RosterRecord,
    RosterSummary,
    RotaDiff,
    RotaRecord,
    RotaSummary,
)
from api.web.settings import Settings
from models import Pin, Problem, ProblemError, Rota

ROSTER_SUFFIXES = (".xlsx", ".csv", ".zip")
"""Roster files the upload form accepts."""
API_ROSTER_SUFFIXES = (*ROSTER_SUFFIXES, ".json")
"""The JSON API also takes a roster as the ``Problem`` JSON."""
ROTA_SUFFIXES = (".xlsx", ".csv")
"""Rota files the check accepts."""
DEFAULT_MAX_UPLOAD_BYTES = Settings.model_fields["max_upload_bytes"].default
DEFAULT_WEEKS = Settings.model_fields["default_weeks"].default
UNPACKED_FACTOR = 20
"""A workbook or zip may unpack to 20 times the upload limit (100 MB for 5 MB): real workbooks
compress 5-10 times, zip bombs thousands of times."""


# --- uploads -------------------------------------------------------------------------------------


def accept_upload(
    filename: str | None, data: bytes, *, max_bytes: int, suffixes: Iterable[str]
) -> str:
    """The upload's bare file name, once its size and type are acceptable.

    Raises ``UploadRejected`` with code ``too_large`` (413), ``empty`` (422) or
    ``unsupported_type`` (415).
    """
    name = PurePath((filename or "").replace("\\", "/")).name.strip()[:255] or "upload"
    allowed = tuple(suffixes)
    if len(data) > max_bytes:
        size = _megabytes(len(data))
        raise UploadRejected(
            f"{name}: the file is {size}, larger than the {_megabytes(max_bytes)} allowed",
            [
                _file_problem(
                    name, f"is {_megabytes(len(data))}", f"at most {_megabytes(max_bytes)}"
                )
            ],
            code="too_large",
            status=413,
        )
    if PurePath(name).suffix.lower() not in allowed:
        expected = "a file ending in " + ", ".join(allowed)
        raise UploadRejected(
            f"{name}: this type of file is not accepted; expected {expected}",
            [_file_problem(name, "is not an accepted type of file", expected)],
            code="unsupported_type",
            status=415,
        )
    if not data.strip():
        raise UploadRejected(
            f"{name}: the file is empty",
            [_file_problem(name, "the file is empty", "a file with content")],
            code="empty",
        )
    _check_unpacked_size(name, data, max_bytes * UNPACKED_FACTOR)
    return name


def _check_unpacked_size(name: str, data: bytes, limit: int) -> None:
    """A workbook or zip whose members would unpack to more than ``limit`` bytes (a zip bomb) is
    refused before anything reads it. Python's zip reader never inflates a member past the size
    the archive declares, so the declared sizes are a real bound."""
    if not data.startswith(b"PK"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: the reader says what is wrong with it
    if unpacked > limit:
        raise UploadRejected(
            f"{name}: the file unpacks to {_megabytes(unpacked)}, more than the "
            f"{_megabytes(limit)} allowed",
            [
                _file_problem(
                    name, f"unpacks to {_megabytes(unpacked)}", f"at most {_megabytes(limit)}"
                )
            ],
            code="too_large",
            status=413,
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size} bytes"


def _file_problem(file: str, error: str, expected: str) -> ProblemItem:
    return ProblemItem(
        file=file, expected=expected, error=error, message=f"{file}: {error}; expected {expected}"
    )


async def read_upload(upload: UploadFile, max_bytes: int) -> tuple[str | None, bytes]:
    """An uploaded file's name and bytes, reading no more than one byte past ``max_bytes``.

    ``accept_upload`` then refuses it as too large, without the whole file held in memory.
    """
    return upload.filename, await upload.read(max_bytes + 1)


def next_monday(today: dt.date | None = None) -> dt.date:
    """The default first day of a rota: the coming Monday (today, if it is one)."""
    today = today or dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


# --- rosters -------------------------------------------------------------------------------------


def store_roster(
    session: Session,
    filename: str | None,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    weeks: int = DEFAULT_WEEKS,
    json_allowed: bool = False,
) -> RosterRecord:
    """Read an uploaded roster (.xlsx, .csv, .zip; .json too if ``json_allowed``) and store it.

    A roster without a start date or length in its Rules sheet gets the coming Monday and
    ``weeks`` weeks (the rota's dates are chosen when generating anyway). Raises
    ``UploadRejected`` (code ``invalid_roster`` with every problem in the file, or one of
    ``accept_upload``'s); nothing is stored then.
    """
    suffixes = API_ROSTER_SUFFIXES if json_allowed else ROSTER_SUFFIXES
    name = accept_upload(filename, data, max_bytes=max_bytes, suffixes=suffixes)
    try:
        problem = read_roster_data(data, name, fallback=(next_monday(), weeks * 7))
    except RosterError as error:
        count = len(error.problems)
        raise UploadRejected(
            f"{name}: the roster cannot be read ({count} problem{'s' if count != 1 else ''})",
            [ProblemItem.of_input(problem) for problem in error.problems],
            code="invalid_roster",
        ) from None
    row = RosterRow(
        name=(problem.name or PurePath(name).stem)[:200],
        filename=name,
        problem_json=problem.model_dump_json(),
    )
    session.add(row)
    session.commit()
    return RosterRecord.of(row)


def list_rosters(session: Session) -> list[RosterSummary]:
    """Every stored roster, newest first."""
    rows = session.scalars(select(RosterRow).order_by(RosterRow.id.desc()))
    return [RosterSummary.of(row) for row in rows]


def get_roster(session: Session, roster_id: int) -> RosterRecord:
    """One roster with its problem, or ``NotFound``."""
    return RosterRecord.of(_roster_row(session, roster_id))


def _roster_row(session: Session, roster_id: int, *, for_update: bool = False) -> RosterRow:
    row = session.get(RosterRow, roster_id, with_for_update=for_update)
    if row is None:
        raise NotFound(f"There is no roster {roster_id}.")
    return row


def load_samples(session: Session, folder: Path, *, weeks: int = DEFAULT_WEEKS) -> int:
    """Store the sample rosters (``folder/*.xlsx``) when no roster is stored yet; how many."""
    if session.scalar(select(func.count()).select_from(RosterRow)):
        return 0
    stored = 0
    for path in sorted(folder.glob("*.xlsx")):
        store_roster(session, path.name, path.read_bytes(), max_bytes=1 << 30, weeks=weeks)
        stored += 1
    return stored


# --- pins ----------------------------------------------------------------------------------------


def set_pin(
    session: Session,
    roster_id: int,
    staff_id: str,
    date: dt.date,
    shift: str | None,
    *,
    horizon: tuple[dt.date, int] | None = None,
) -> RosterRecord:
    """Pin a cell of the roster: this person works this shift that day (``None``: is off).

    A pin replaces any earlier pin of the same cell; every later rota keeps it. ``horizon``
    (start, days) moves the roster's own dates along with the pin. Raises ``InvalidRequest`` when
    the person or shift is unknown, the shift not theirs, the day on approved leave, or an
    earlier pin falls outside the new dates.
    """
    row = _roster_row(session, roster_id, for_update=True)
    problem = Problem.model_validate_json(row.problem_json)
    pins = [pin for pin in problem.pins if (pin.staff_id, pin.date) != (staff_id, date)]
    pins.append(Pin(staff_id=staff_id, date=date, shift=shift or None))
    dates = {} if horizon is None else {"start": horizon[0], "days": horizon[1]}
    return _save_problem(session, row, _changed(problem, row.filename, pins=tuple(pins), **dates))


def clear_pin(session: Session, roster_id: int, staff_id: str, date: dt.date) -> RosterRecord:
    """Remove the pin of a cell, if there is one."""
    row = _roster_row(session, roster_id, for_update=True)
    problem = Problem.model_validate_json(row.problem_json)
    pins = tuple(pin for pin in problem.pins if (pin.staff_id, pin.date) != (staff_id, date))
    return _save_problem(session, row, _changed(problem, row.filename, pins=pins))


def pin_rota_cell(
    session: Session, rota_id: int, staff_id: str, date: dt.date, shift: str | None
) -> RosterRecord:
    """Pin a cell seen on a rota (a date of its horizon) in the roster the rota was drawn from.

    The roster takes the rota's dates too: the supervisor is re-planning that rota, which may
    have been drawn for other dates than the roster's own.
    """
    rota = _rota_row(session, rota_id)
    drawn = Problem.model_validate_json(rota.problem_json)
    _check_in_horizon(drawn, date)
    return set_pin(
        session, rota.roster_id, staff_id, date, shift, horizon=(drawn.start, drawn.days)
    )


def unpin_rota_cell(session: Session, rota_id: int, staff_id: str, date: dt.date) -> RosterRecord:
    """Clear a pin seen on a rota."""
    rota = _rota_row(session, rota_id)
    return clear_pin(session, rota.roster_id, staff_id, date)


def _check_in_horizon(problem: Problem, date: dt.date) -> None:
    if problem.horizon.day_of(date) is None:
        expected = f"a date from {problem.start} to {problem.end}"
        raise InvalidRequest(
            f"{date} is not a day of this rota; expected {expected}",
            [
                ProblemItem(
                    column="date",
                    value=date.isoformat(),
                    expected=expected,
                    message=f"date {date}: is not a day of this rota; expected {expected}",
                )
            ],
        )


def _changed(problem: Problem, file: str, **changes: object) -> Problem:
    """The problem with changes, or ``InvalidRequest`` naming what no longer fits."""
    try:
        return problem.with_changes(**changes)
    except ValidationError as error:
        items: list[ProblemItem] = []
        for detail in error.errors():
            cause = detail.get("ctx", {}).get("error")
            if isinstance(cause, ProblemError):
                items.extend(ProblemItem.of_issue(issue, file) for issue in cause.issues)
            else:
                where = ".".join(str(part) for part in detail["loc"]) or "problem"
                items.append(
                    ProblemItem(
                        file=file,
                        column=where,
                        expected=detail["msg"],
                        message=f"{where}: {detail['msg']}",
                    )
                )
        raise InvalidRequest(
            "The change does not fit the roster: " + "; ".join(item.message for item in items),
            items,
        ) from None


def _save_problem(session: Session, row: RosterRow, problem: Problem) -> RosterRecord:
    row.problem_json = problem.model_dump_json()
    row.updated_at = utc_now()
    session.commit()
    return RosterRecord.of(row)


# --- solve jobs ----------------------------------------------------------------------------------


def submit_solve(
    session: Session,
    jobs: SolveJobs,
    roster_id: int,
    *,
    start: dt.date | None = None,
    weeks: int | None = None,
    time_limit_s: float | None = None,
    seed: int = 0,
) -> JobRecord:
    """Queue a solve of the roster from ``start`` for ``weeks`` weeks; the job's record.

    Defaults: the roster's own start and length, and the settings' time limit. Raises
    ``QueueFull`` (429) when every worker is busy and the queue is full, ``InvalidRequest`` when
    the dates or time limit do not fit, ``NotFound`` for an unknown roster.
    """
    settings = jobs.settings
    row = _roster_row(session, roster_id)
    problem = Problem.model_validate_json(row.problem_json)
    limit = settings.default_time_limit_s if time_limit_s is None else time_limit_s
    if not 0 < limit <= settings.max_time_limit_s:
        raise InvalidRequest(
            f"time_limit_s {limit:g} is out of range; expected more than 0 and at most "
            f"{settings.max_time_limit_s:g} seconds"
        )
    days = problem.days if weeks is None else weeks * 7
    horizon = _changed(problem, row.filename, start=start or problem.start, days=days)
    unfinished = session.scalar(
        select(func.count()).select_from(JobRow).where(JobRow.status.in_(UNFINISHED))
    )
    if (unfinished or 0) >= jobs.capacity:
        raise QueueFull(
            f"{unfinished} solve jobs are running or waiting, as many as this server takes "
            f"({settings.solve_pool_size} at once, {settings.max_queued_jobs} waiting); "
            "try again when one has finished"
        )
    job = JobRow(
        roster_id=roster_id,
        status=JobStatus.QUEUED.value,
        start=horizon.start,
        days=horizon.days,
        time_limit_s=limit,
        threads=settings.solver_threads,
        seed=seed,
        stop_requested=False,
        parts_done=0,
        parts=1,
    )
    session.add(job)
    session.commit()
    jobs.submit(job.id)
    return JobRecord.of(job)


def get_job(session: Session, job_id: int) -> JobRecord:
    """A job's status and progress, or ``NotFound``."""
    return JobRecord.of(_job_row(session, job_id))


def list_jobs(session: Session, roster_id: int) -> list[JobRecord]:
    """The solve jobs of a roster, newest first."""
    _roster_row(session, roster_id)
    rows = session.scalars(
        select(JobRow).where(JobRow.roster_id == roster_id).order_by(JobRow.id.desc())
    )
    return [JobRecord.of(row) for row in rows]


def stop_job(session: Session, job_id: int) -> JobRecord:
    """Stop a job: a queued one never starts; a running one ends soon, keeping its best rota.

    Stopping a finished job changes nothing.
    """
    row = _job_row(session, job_id)
    if row.status == JobStatus.QUEUED.value:
        # The worker claims a job only while it is still queued, so this one never starts.
        claimed = session.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.status == JobStatus.QUEUED.value)
            .values(
                status=JobStatus.STOPPED.value,
                stop_requested=True,
                error="Stopped before it started.",
                finished_at=utc_now(),
            )
        )
        if getattr(claimed, "rowcount", 0) == 0:
            session.execute(update(JobRow).where(JobRow.id == job_id).values(stop_requested=True))
    elif row.status == JobStatus.RUNNING.value:
        session.execute(update(JobRow).where(JobRow.id == job_id).values(stop_requested=True))
    session.commit()
    session.refresh(row)
    return JobRecord.of(row)


def _job_row(session: Session, job_id: int) -> JobRow:
    row = session.get(JobRow, job_id, populate_existing=True)
    if row is None:
        raise NotFound(f"There is no solve job {job_id}.")
    return row


# --- rotas ---------------------------------------------------------------------------------------


def get_rota(session: Session, rota_id: int) -> RotaRecord:
    """One rota version with its problem and result, or ``NotFound``."""
    return RotaRecord.of(_rota_row(session, rota_id))


def list_rotas(session: Session, roster_id: int) -> list[RotaSummary]:
    """The rota versions of a roster, newest first."""
    _roster_row(session, roster_id)
    rows = session.scalars(
        select(RotaRow)
        .options(defer(RotaRow.problem_json), defer(RotaRow.result_json))
        .where(RotaRow.roster_id == roster_id)
        .order_by(RotaRow.version.desc())
    )
    return [RotaSummary.of(row) for row in rows]


def _rota_row(session: Session, rota_id: int) -> RotaRow:
    row = session.get(RotaRow, rota_id, populate_existing=True)
    if row is None:
        raise NotFound(f"There is no rota {rota_id}.")
    return row


def publish_rota(session: Session, rota_id: int) -> RotaRecord:
    """Mark a version as the published rota of its roster (and no other version)."""
    row = _rota_row(session, rota_id)
    session.execute(
        update(RotaRow)
        .where(RotaRow.roster_id == row.roster_id, RotaRow.id != rota_id)
        .values(published=False)
    )
    row.published = True
    session.commit()
    session.refresh(row)
    return RotaRecord.of(row)


def diff_rotas(problem: Problem, before: Rota, after: Rota) -> tuple[CellChange, ...]:
    """The cells (person, date) whose shifts differ between two rotas, by person then date."""
    old, new = before.shifts_by_staff_and_date(), after.shifts_by_staff_and_date()
    names = {person.id: person.name for person in problem.staff}
    order = {person.id: index for index, person in enumerate(problem.staff)}
    cells = sorted(set(old) | set(new), key=lambda cell: (order.get(cell[0], len(order)), cell))
    return tuple(
        CellChange(
            staff_id=staff_id,
            staff_name=names.get(staff_id, staff_id),
            date=date,
            before=tuple(old.get((staff_id, date), ())),
            after=tuple(new.get((staff_id, date), ())),
        )
        for staff_id, date in cells
        if sorted(old.get((staff_id, date), ())) != sorted(new.get((staff_id, date), ()))
    )


def compare_rotas(session: Session, rota_id: int, against_id: int) -> RotaDiff:
    """What changed from version ``against_id`` to version ``rota_id``."""
    after, before = get_rota(session, rota_id), get_rota(session, against_id)
    return RotaDiff(
        rota_id=after.id,
        version=after.version,
        against_id=before.id,
        against_version=before.version,
        changes=diff_rotas(after.problem, before.rota, after.rota),
    )


def rota_workbook(rota: RotaRecord, lang: Lang = "en") -> bytes:
    """The rota as the same Excel workbook ``shiftplan solve`` writes."""
    with tempfile.TemporaryDirectory(prefix="shiftplan-") as folder:
        path = Path(folder) / "rota.xlsx"
        write_rota_workbook(
            rota.problem, rota.rota, rota.report, path, lang=lang, result=rota.result
        )
        return path.read_bytes()


# --- check ---------------------------------------------------------------------------------------


def check_rota(
    problem: Problem,
    filename: str | None,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> CheckOutcome:
    """Check an uploaded rota (.xlsx or .csv, also one drawn by hand) against a roster's problem.

    The horizon is the rota's own dates. Raises ``UploadRejected`` (code ``invalid_rota`` with
    every mistake in the file, or one of ``accept_upload``'s).
    """
    name = accept_upload(filename, data, max_bytes=max_bytes, suffixes=ROTA_SUFFIXES)
    with tempfile.TemporaryDirectory(prefix="shiftplan-") as folder:
        # The file keeps its (bare) name, so that every problem found names it.
        path = Path(folder) / name
        path.write_bytes(data)
        span = rota_horizon(path)
        if span is not None:
            problem = _changed(problem, name, start=span[0], days=span[1])
        try:
            rota = read_rota(path, problem)
        except RotaFileError as error:
            raise UploadRejected(
                f"{name}: the rota cannot be read ({len(error.issues)} problems)",
                [ProblemItem.of_rota(issue) for issue in error.issues],
                code="invalid_rota",
            ) from None
    return CheckOutcome(problem=problem, rota=rota, report=check_assignments(problem, rota))


def check_rota_upload(
    session: Session,
    filename: str | None,
    data: bytes,
    *,
    roster_id: int | None = None,
    roster_filename: str | None = None,
    roster_data: bytes | None = None,
    max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> CheckOutcome:
    """Check a rota file against a stored roster (``roster_id``) or an uploaded roster file.

    Nothing is stored. Raises ``InvalidRequest`` when neither roster is given.
    """
    if roster_id is not None:
        problem = get_roster(session, roster_id).problem
    elif roster_data is not None:
        name = accept_upload(
            roster_filename, roster_data, max_bytes=max_bytes, suffixes=API_ROSTER_SUFFIXES
        )
        try:
            problem = read_roster_data(roster_data, name, fallback=(next_monday(), 7))
        except RosterError as error:
            raise UploadRejected(
                f"{name}: the roster cannot be read ({len(error.problems)} problems)",
                [ProblemItem.of_input(problem) for problem in error.problems],
                code="invalid_roster",
            ) from None
    else:
        raise InvalidRequest("Give the roster the rota is for: a roster id or a roster file.")
    return check_rota(problem, filename, data, max_bytes=max_bytes)
