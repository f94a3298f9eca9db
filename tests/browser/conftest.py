"""A live shiftplan server on loopback and Debian's chromium driven by Playwright.

The server runs in its own process (as `make run` would start it) with a temporary SQLite
database. The browser is /usr/bin/chromium: the suite never downloads one. Without chromium the
browser tests are skipped on a developer's machine and fail in CI (``CI=true``), where
``.ci/run`` installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from benchmarks.live_server import live_server as serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a real uvicorn server with an empty temporary SQLite database.

    One per test module, stopped (with its solve workers) as soon as the module is done, so it
    takes no processor from the solver tests that follow.
    """
    folder = tmp_path_factory.mktemp("server")
    settings = {
        "DATABASE_URL": f"sqlite:///{folder / 'shiftplan.db'}",
        "SHIFTPLAN_SOLVE_POOL_SIZE": "1",
    }
    with serve(folder, settings) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    """Playwright's driver (shipped inside the wheel)."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    """Debian's headless chromium; skipped where it is missing, except in CI."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    launched = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab speaking English, sized like a laptop screen."""
    context = browser.new_context(
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
        viewport={"width": 1400, "height": 900},
        accept_downloads=True,
    )
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()
