"""Errors: JSON under /api whatever the pages do; outside it, the pages' own error page if any."""

from __future__ import annotations

import sys
import types

import pytest
from fastapi.responses import PlainTextResponse, Response
from fastapi.testclient import TestClient
from starlette.requests import Request


def test_unknown_api_path_and_method_answer_json(client: TestClient) -> None:
    """An unknown /api path is a JSON 404, a wrong method a JSON 405, both with a code."""
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong = client.patch("/api/rosters")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"


def test_pages_error_page_is_used_outside_the_api(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With pages.error_page defined, a missing page shows it, while /api still answers JSON."""

    def error_page(request: Request, status: int, message: str) -> Response:
        return PlainTextResponse(f"page {status}: {message}", status_code=status)

    pages = sys.modules.get("api.web.routers.pages") or types.ModuleType("api.web.routers.pages")
    monkeypatch.setitem(sys.modules, "api.web.routers.pages", pages)
    monkeypatch.setattr(pages, "error_page", error_page, raising=False)
    page = client.get("/no-such-page")
    assert (page.status_code, page.text) == (404, "page 404: Not Found")
    assert client.get("/api/no-such").json()["error"]["code"] == "not_found"
