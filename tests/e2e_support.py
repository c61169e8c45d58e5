"""Shared pieces of the end-to-end tests: the real server, Debian's Chromium, helpers.

Why a subprocess for the server: the app is exercised exactly as users run
it (``python -m webapp.serve``), with its real OCR worker pool.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``python -m webapp.serve`` on a free loopback port, stopped on close()."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "webapp.serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-qr",
                "--rate-limit",
                "600",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.close()
        raise RuntimeError("server did not start in 30 s")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def sample(kind: str, layout_prefix: str, source: str = "screenshot") -> tuple[Path, dict]:
    """The first sample picture of that kind/layout/source, with its truth entry."""
    images = ROOT / "samples" / "images"
    truth = json.loads((images / "truth.json").read_text(encoding="utf-8"))
    for entry in truth:
        if (
            entry["kind"] == kind
            and entry["layout"].startswith(layout_prefix)
            and entry["source"] == source
            and (images / entry["file"]).exists()
        ):
            return images / entry["file"], entry
    raise LookupError(f"no {kind} {layout_prefix} {source} sample in samples/images/truth.json")
