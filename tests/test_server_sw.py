"""The service worker keeps the app: a file opened as a page never takes its place.

Real Chromium against the real server process: opening /data/errors.json,
an icon or the manifest as a page, then starting the app offline, must show
the app (issue 13, item 6: the worker used to file every navigation under /).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tools.upload_client import ServerProcess


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with ServerProcess(args=["--workers", "1"]) as srv:
        yield srv


@pytest.mark.parametrize("path", ["/data/errors.json", "/icons/icon-192.png", "/manifest.webmanifest"])
def test_a_file_opened_as_a_page_does_not_replace_the_app_offline(browser, server, path):
    ctx = browser.new_context(base_url=server.base_url)
    try:
        page = ctx.new_page()
        page.goto("/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        page.wait_for_selector("html[data-ready='1']")
        assert page.evaluate("!!navigator.serviceWorker.controller")
        page.goto(path)  # a navigation the worker sees, online
        ctx.set_offline(True)
        page.goto("/")
        page.wait_for_selector("html[data-ready='1']")
        assert page.evaluate("document.contentType") == "text/html"
        assert page.locator("h1, h2").count() > 0
    finally:
        ctx.close()


def test_the_python_script_beside_the_icons_is_not_served(server):
    from tools.upload_client import request

    assert request(server.base_url, "GET", "/icons/make_icons.py").status == 404
    assert request(server.base_url, "GET", "/icons/icon-192.png").status == 200
