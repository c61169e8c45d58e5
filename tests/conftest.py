"""Shared fixtures, in the manner of Flask's tutorial (flaskr): ``app``,
``client`` and a live server, plus the JSON test vectors.

Every fixture serves the real ``static/``; the live server is the real
server process (``python -m webapp.serve`` through
``tools.upload_client.ServerProcess``), so what is tested is what users run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tools.upload_client import ServerProcess
from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests" / "vectors" / "ids.json").read_text(encoding="utf-8"))

# The OCR stand-in whose duration and failure a test controls (tools/pool_probe.py).
PROBE_TARGET = "tools.pool_probe:read_image"


@pytest.fixture(scope="session")
def vectors() -> dict:
    return VECTORS


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


class ClosingClient(FlaskClient):
    """A test client that closes each response and its request body at once.

    Why: ``send_from_directory`` leaves its file for the WSGI server to close,
    and Werkzeug's test client spools a request body over 500 KB to a
    temporary file it closes only on redirects; the test client is no server,
    so both would leak (a ResourceWarning, an error under this suite's
    ``filterwarnings = error``).
    """

    def open(self, *args: Any, buffered: bool = True, **kwargs: Any) -> TestResponse:
        response = super().open(*args, buffered=buffered, **kwargs)
        response.request.input_stream.close()
        return response


@pytest.fixture()
def make_app() -> Iterator[Callable[..., Flask]]:
    """``make_app(config)``: a new app with ``config`` over the defaults; its
    OCR pool is closed after the test."""
    apps: list[Flask] = []

    def make(config: dict[str, Any] | None = None) -> Flask:
        app = create_app({"TESTING": True, **(config or {})})
        app.test_client_class = ClosingClient
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["ocr_pool"].close()


@pytest.fixture()
def app(make_app: Callable[..., Flask]) -> Flask:
    """The app as ``aoh-helper serve`` builds it (defaults, real static/), in testing mode."""
    return make_app()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def live_server() -> Iterator[Callable[..., ServerProcess]]:
    """``with live_server(config) as server:`` the real server process on a
    free loopback port, with ``config`` over the defaults; ``server.base_url``.

    Every server still running is stopped after the test.
    """
    started: list[ServerProcess] = []

    def start(config: dict[str, Any] | None = None, args: list[str] | None = None) -> ServerProcess:
        server = ServerProcess(args=list(args or []), config=dict(config or {}))
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# --- Debian's Chromium, one launch set for every page test -------------------


@pytest.fixture(scope="module")
def pw() -> Iterator[Any]:
    """Playwright, driving Debian's Chromium (/usr/bin/chromium; browser downloads do not work here)."""
    from tests.e2e_support import CHROMIUM

    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(pw: Any) -> Iterator[Any]:
    """One headless Chromium per test module, started with the samples' flag set."""
    from tests.e2e_support import CHROMIUM, CHROMIUM_ARGS

    b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()
