"""All routes, joined here: the JSON API under /api, one thin router per resource, and the pages.

The pages (``api.web.routers.pages``, a module exposing ``router``) are included when present.
Errors outside /api are shown by the pages' ``error_page(request, status, message) -> Response``
if they define one (``api.web.app`` looks for it); the API always answers with JSON.
"""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import APIRouter

from api.web.routers import check, jobs, rosters, rotas

api_router = APIRouter()
for _module in (rosters, jobs, rotas, check):
    api_router.include_router(_module.router, prefix="/api")

if importlib.util.find_spec("api.web.routers.pages") is not None:
    api_router.include_router(importlib.import_module("api.web.routers.pages").router)
