"""A real uvicorn process serving the web app on loopback, as `make run` starts it: for the web
benchmarks and the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
_SERVER = """
import uvicorn
from api.web.app import create_app
uvicorn.run(create_app(), host="127.0.0.1", port={port}, log_level="warning")
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def live_server(folder: Path, settings: dict[str, str]) -> Iterator[str]:
    """The app on a free loopback port with ``settings`` added to the environment; its URL.

    The server logs to ``folder/server.log`` and is stopped on exit.
    """
    port = _free_port()
    env = {**os.environ, "SHIFTPLAN_LOAD_SAMPLES": "false", **settings}
    log = (folder / "server.log").open("ab")
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER.format(port=port)], cwd=REPO, env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/api/rosters", timeout=2)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start; see {log.name}") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
