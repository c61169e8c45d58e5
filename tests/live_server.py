"""The real app under waitress on a free loopback port, in a thread.

Why a thread and not a subprocess for most tests: it starts in milliseconds;
the tests that read the server's own log start a subprocess instead
(``tools.upload_client.ServerProcess``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from webapp import create_app
from webapp.serve import make_server

STATIC_FILES: dict[str, bytes] = {
    "index.html": b"<!doctype html><title>aoh-helper</title>",
    "sw.js": b"self.addEventListener('fetch', () => {});",
    "manifest.webmanifest": b'{"name": "aoh-helper"}',
    "js/app.mjs": b"export const x = 1;",
    "js/ids.js": b"export const y = 2;",
    "css/app.css": b"body{}",
    "icons/icon.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "icons/icon-192.png": b"\x89PNG\r\n\x1a\n",
    "locales/ja.json": b'{"title": "aoh"}',
    ".hidden": b"secret",
}


def make_static_dir(root: Path) -> Path:
    """A small stand-in PWA so page tests do not depend on static/'s progress."""
    for name, data in STATIC_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@dataclass
class Live:
    app: Flask
    base_url: str


@contextmanager
def live_server(config: dict[str, Any] | None = None, **server_options: Any) -> Iterator[Live]:
    app = create_app(config)
    server = make_server(app, "127.0.0.1", 0, **server_options)
    stop = threading.Event()

    def loop() -> None:
        # Poll in short steps and close from this same thread: closing the
        # sockets from another thread while select() waits on them fails.
        while not stop.is_set():
            server.asyncore.loop(timeout=0.1, map=server._map, count=1)
        server.task_dispatcher.shutdown(timeout=5)
        server.close()
        for channel in list(server._map.values()):
            channel.close()

    thread = threading.Thread(target=loop, name="live-waitress", daemon=True)
    thread.start()
    try:
        yield Live(app, f"http://127.0.0.1:{server.effective_port}")
    finally:
        stop.set()
        thread.join(timeout=10)
        app.extensions["ocr_pool"].close()
