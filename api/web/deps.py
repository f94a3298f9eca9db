"""Dependencies of the routers and pages, as ``Annotated`` aliases: ``SessionDep``, ...

Everything lives on ``app.state`` (set up by the lifespan in ``api.web.app``), so that each app,
in a test too, has its own settings, database and pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, cast

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from api.web.jobs import SolveJobs
from api.web.settings import Settings


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return cast(Settings, request.app.state.settings)


def get_session(request: Request) -> Iterator[Session]:
    """A session for one request, closed after it (the services commit their own changes)."""
    factory = cast(sessionmaker[Session], request.app.state.sessions)
    with factory() as session:
        yield session


def get_jobs(request: Request) -> SolveJobs:
    """The app's pool of solve workers."""
    return cast(SolveJobs, request.app.state.jobs)


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
JobsDep = Annotated[SolveJobs, Depends(get_jobs)]
