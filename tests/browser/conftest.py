"""A live shiftplan server on loopback and Debian's chromium driven by Playwright.

The server runs in its own process (as `make run` would start it) with a temporary SQLite
database. The browser is /usr/bin/chromium: the suite never downloads one. Without chromium the
browser tests are skipped on a developer's machine and fail in CI (``CI=true``), where
``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

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
REPO = Path(__file__).resolve().parents[2]
SERVER = """
import uvicorn
from api.web.app import create_app
from api.web.settings import Settings
uvicorn.run(create_app(Settings()), host="127.0.0.1", port={port}, log_level="warning")
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {seconds} s")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a real uvicorn server with an empty temporary SQLite database.

    One per test module, stopped (with its solve workers) as soon as the module is done, so it
    takes no processor from the solver tests that follow.
    """
    folder = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'shiftplan.db'}",
        "SHIFTPLAN_LOAD_SAMPLES": "false",
        "SHIFTPLAN_SOLVE_POOL_SIZE": "1",
    }
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER.format(port=port)], cwd=REPO, env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


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
