"""A small HTTP client for the server tools and tests: multipart encoding,
raw requests, and starting the real server in a subprocess.

Stdlib only (http.client), so the tools run in any environment the app runs in.
"""

from __future__ import annotations

import http.client
import json
import os
import select
import socket
import ssl
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "AOH_HELPER"  # webapp/factory.py reads AOH_HELPER_<SETTING>


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body.decode("utf-8"))


def encode_multipart(
    fields: dict[str, str] | None = None,
    files: dict[str, tuple[str, bytes, str]] | None = None,
    boundary: str | None = None,
) -> tuple[bytes, str]:
    """``(body, content_type)`` for a multipart/form-data request."""
    boundary = boundary or uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in (fields or {}).items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, data, ctype) in (files or {}).items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def connect(base_url: str, timeout: float = 60.0, source: str | None = None) -> socket.socket:
    """A connected socket to ``base_url`` (TLS for https, certificate not checked:
    loopback tools only), from the loopback address ``source`` if given."""
    host_port = base_url.split("://", 1)[1].rstrip("/")
    host, _, port = host_port.rpartition(":")
    sock = socket.create_connection(
        (host, int(port)), timeout=timeout, source_address=(source, 0) if source else None
    )
    if base_url.startswith("https://"):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        sock = context.wrap_socket(sock)
    return sock


def request(
    base_url: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60.0,
    source: str | None = None,
) -> Reply:
    """One request on a fresh connection; raises on connection errors/timeouts.

    The body is sent in chunks and sending stops as soon as the server
    answers early (an oversized upload refused before it was read), so the
    refusal can be read instead of ending in a connection reset.
    ``source`` picks the loopback address to send from (127.0.0.2 ... are
    other clients to the server's per-client limits).
    """
    host_port = base_url.split("://", 1)[1].rstrip("/")
    body = body or b""
    head = [f"{method} {path} HTTP/1.1", f"Host: {host_port}", "Connection: close"]
    all_headers = dict(headers or {})
    if body or method in ("POST", "PUT"):
        all_headers.setdefault("Content-Length", str(len(body)))
    head += [f"{k}: {v}" for k, v in all_headers.items()]
    start = time.monotonic()
    with connect(base_url, timeout, source) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        view = memoryview(body)
        try:
            # Over TLS the socket turns readable with session tickets, not only an
            # answer: there the body is always sent whole.
            early = not isinstance(sock, ssl.SSLSocket)
            for offset in range(0, len(body), 65536):
                if early and select.select([sock], [], [], 0)[0]:
                    break  # the server answered before taking the whole body
                sock.sendall(view[offset : offset + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass  # read whatever answer the server sent before closing
        resp = http.client.HTTPResponse(sock, method=method)
        resp.begin()
        data = resp.read()
        return Reply(
            resp.status,
            {k.lower(): v for k, v in resp.getheaders()},
            data,
            time.monotonic() - start,
        )


def post_image(
    base_url: str,
    data: bytes,
    kind: str = "iid",
    filename: str = "picture.png",
    ctype: str = "image/png",
    timeout: float = 60.0,
    source: str | None = None,
) -> Reply:
    body, content_type = encode_multipart({"kind": kind}, {"image": (filename, data, ctype)})
    return request(
        base_url, "POST", "/api/ocr", body, {"Content-Type": content_type}, timeout=timeout, source=source
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerProcess:
    """The real server (``python -m webapp.serve``) in a subprocess on loopback.

    With ``https=True`` it runs ``--https`` with its CA in ``config_dir``
    (required then: never the user's own); ``ca_url`` is the CA page.
    ``config`` sets app settings the command line has no option for (e.g.
    ``OCR_TARGET``) through the ``AOH_HELPER_*`` environment the app reads
    (webapp/factory.py); ``env`` adds other environment variables.
    """

    args: list[str] = field(default_factory=list)
    log_path: Path | None = None
    port: int = 0
    proc: subprocess.Popen | None = None
    https: bool = False
    config_dir: Path | None = None
    ca_port: int = 0
    env: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"{'https' if self.https else 'http'}://127.0.0.1:{self.port}"

    @property
    def ca_url(self) -> str:
        return f"http://127.0.0.1:{self.ca_port}"

    def start(self, timeout: float = 60.0) -> ServerProcess:
        self.port = self.port or free_port()
        extra = list(self.args)
        if self.https:
            if self.config_dir is None:
                raise ValueError("an https ServerProcess needs its own config_dir")
            self.ca_port = self.ca_port or free_port()
            extra += ["--https", "--config-dir", str(self.config_dir), "--ca-port", str(self.ca_port)]
        cmd = [
            sys.executable,
            "-m",
            "webapp.serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-qr",
            *extra,
        ]
        env = dict(os.environ, PYTHONUNBUFFERED="1", **self.env)
        for key, value in self.config.items():
            env[f"{ENV_PREFIX}_{key}"] = json.dumps(value)
        if self.log_path:
            with open(self.log_path, "wb") as log:  # the child keeps its own copy
                self.proc = subprocess.Popen(
                    cmd, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, env=env
                )
        else:
            self.proc = subprocess.Popen(
                cmd, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                if request(self.base_url, "GET", "/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not become ready")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def rss_bytes(self) -> int:
        """Resident memory of the server process alone (where uploads are held)."""
        return rss_bytes(self.proc.pid) if self.proc else 0

    def tree_rss_bytes(self) -> int:
        """Resident memory of the server and all its descendants (Linux /proc)."""
        if not self.proc:
            return 0
        return tree_rss_bytes(self.proc.pid)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _parent_map() -> dict[int, list[int]]:
    """pid -> child pids, from /proc/<pid>/stat (field 4 is the parent)."""
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def rss_bytes(pid: int) -> int:
    """VmRSS of one process; 0 where /proc is missing."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss_bytes(pid: int) -> int:
    """Sum of VmRSS over ``pid`` and its descendants; 0 where /proc is missing."""
    kids = _parent_map()
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
        stack.extend(kids.get(p, []))
    return total
