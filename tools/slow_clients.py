"""Slow and greedy clients against the real server on loopback, with figures.

Each scenario holds or sends a bounded number of connections for a bounded
time, from several loopback addresses (127.0.0.2, 127.0.0.3, ... are
different clients to the server's per-client limits), and prints what a
well-behaved client (127.0.0.1) saw meanwhile:

- ``silent``: N connections that send nothing; time to answer /healthz.
- ``dribble``: N requests sending one header line every few seconds; time
  to answer /healthz, and how many of them the server closed.
- ``short-body``: N uploads declaring a full-size body and stopping one byte
  short; the server process's peak memory and how many were refused (503).
- ``fair``: one client posts slow pictures back to back; the success rate
  and latency of a second client posting a normal picture.
- ``proxy``: requests with different X-Forwarded-For addresses to a server
  started with ``--trusted-proxies 1``; their statuses.

    python -m tools.slow_clients silent --https --connections 50
    python -m tools.slow_clients short-body --connections 90
    python -m tools.slow_clients silent --url https://127.0.0.1:8443 --pid 1234
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import select
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from tools.pictures import iid_screenshot, slow_page
from tools.upload_client import (
    ServerProcess,
    connect,
    encode_multipart,
    post_image,
    request,
    rss_bytes,
)

MAX_CONNECTIONS = 200
MAX_SECONDS = 120.0
UPLOAD_SIZE = 12 * 1024 * 1024  # the app's MAX_CONTENT_LENGTH


def source_for(i: int, hosts: int) -> str:
    """The i-th attacker's loopback address: 127.0.0.2 ... 127.0.0.(hosts+1)."""
    return f"127.0.0.{2 + i % hosts}"


def _require_loopback(url: str) -> None:
    host = url.split("://", 1)[1].rsplit(":", 1)[0].strip("[]")
    if not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
        raise SystemExit("the slow-client harness only targets loopback")


def _timed_healthz(base_url: str, timeout: float) -> dict:
    start = time.monotonic()
    try:
        status = request(base_url, "GET", "/healthz", timeout=timeout).status
    except OSError as exc:
        status = type(exc).__name__
    return {"status": status, "seconds": round(time.monotonic() - start, 3)}


@contextlib.contextmanager
def _held(socks: list[socket.socket]) -> Iterator[list[socket.socket]]:
    try:
        yield socks
    finally:
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.close()


def _open_raw(base_url: str, n: int, hosts: int, tls: bool) -> list[socket.socket]:
    """Plain TCP connections (no handshake even on an HTTPS port)."""
    host, _, port = base_url.split("://", 1)[1].rstrip("/").rpartition(":")
    socks = []
    for i in range(n):
        with contextlib.suppress(OSError):
            socks.append(
                socket.create_connection(
                    (host, int(port)), timeout=10, source_address=(source_for(i, hosts), 0)
                )
            )
    return socks


def silent(base_url: str, connections: int, hosts: int, hold: float, **_: object) -> dict:
    with _held(_open_raw(base_url, connections, hosts, False)) as socks:
        time.sleep(min(hold, 1.0))
        return {"held": len(socks), "healthz": _timed_healthz(base_url, timeout=hold + 30)}


def dribble(base_url: str, connections: int, hosts: int, hold: float, **_: object) -> dict:
    """Slowloris: headers that never end, one line every 2 s, for ``hold`` seconds."""
    socks: list[socket.socket] = []
    for i in range(connections):
        with contextlib.suppress(OSError):
            sock = connect(base_url, timeout=10, source=source_for(i, hosts))
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            socks.append(sock)
    closed = 0
    with _held(socks):
        healthz = _timed_healthz(base_url, timeout=hold + 30)
        deadline = time.monotonic() + hold
        alive = list(socks)
        while alive and time.monotonic() < deadline:
            time.sleep(2)
            for sock in list(alive):
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                    sock.settimeout(0.01)
                    if sock.recv(1) == b"":
                        raise ConnectionResetError
                except TimeoutError:
                    pass
                except OSError:
                    alive.remove(sock)
                    closed += 1
        return {"held": len(socks), "healthz": healthz, "closed_by_server": closed, "hold_s": hold}


def short_body(
    base_url: str, connections: int, hosts: int, hold: float, pid: int | None = None, **_: object
) -> dict:
    """Uploads of UPLOAD_SIZE declared, all but one byte sent, held open."""
    body, ctype = encode_multipart(
        {"kind": "iid"}, {"image": ("p.png", b"\x89PNG\r\n\x1a\n" + bytes(UPLOAD_SIZE - 1024), "image/png")}
    )
    head = (
        f"POST /api/ocr HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    baseline = rss_bytes(pid) if pid else 0
    peak = [baseline]
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            if pid:
                peak[0] = max(peak[0], rss_bytes(pid))
            done.wait(0.1)

    def answer(sock: socket.socket) -> str:
        sock.settimeout(2)
        first = sock.recv(64)
        return first.split(b" ", 2)[1].decode() if first.startswith(b"HTTP/") else "closed"

    def one(i: int, socks: list[socket.socket]) -> None:
        key = "held"  # the server is still waiting for the last byte
        try:
            sock = connect(base_url, timeout=30, source=source_for(i, hosts))
            socks.append(sock)
            sock.sendall(head)
            view = memoryview(body)[:-1]
            # A refusal comes as soon as the headers are in: give it a moment to
            # arrive, since a reset from the closed socket would discard it.
            select.select([sock], [], [], 2.0)
            for offset in range(0, len(view), 256 * 1024):
                if select.select([sock], [], [], 0)[0]:
                    key = answer(sock)  # refused before the body was read
                    break
                sock.sendall(view[offset : offset + 256 * 1024])
            else:
                sock.settimeout(0.5)
                key = answer(sock)
        except TimeoutError:
            pass
        except OSError as exc:
            key = type(exc).__name__
        with lock:
            statuses[key] += 1

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    socks: list[socket.socket] = []
    with _held(socks):
        threads = [threading.Thread(target=one, args=(i, socks)) for i in range(connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(hold + 60)
        time.sleep(min(hold, 5.0))  # held uploads sit in memory now
        healthz = _timed_healthz(base_url, timeout=30)
        done.set()
        sampler.join()
    return {
        "connections": connections,
        "outcomes": dict(statuses),
        "healthz": healthz,
        "server_rss_mb_before": round(baseline / 2**20, 1),
        "server_rss_mb_peak": round(peak[0] / 2**20, 1),
    }


def fair(base_url: str, connections: int, hosts: int, hold: float, **_: object) -> dict:
    """Client A (``connections`` threads on one address) posts slow pictures for
    ``hold`` seconds; client B posts the normal picture once a second."""
    slow, quick = slow_page(), iid_screenshot()
    deadline = time.monotonic() + hold
    greedy: Counter[int] = Counter()
    other: Counter[int] = Counter()
    latencies: list[float] = []

    def attacker() -> None:
        while time.monotonic() < deadline:
            try:
                reply = post_image(base_url, slow, timeout=120, source="127.0.0.2")
                greedy[reply.status] += 1
                if reply.status in (429, 503):
                    time.sleep(0.2)
            except OSError:
                greedy[0] += 1

    threads = [threading.Thread(target=attacker) for _ in range(max(1, connections))]
    for t in threads:
        t.start()
    time.sleep(1)
    while time.monotonic() < deadline:
        try:
            reply = post_image(base_url, quick, timeout=120)
            other[reply.status] += 1
            latencies.append(reply.seconds)
        except OSError:
            other[0] += 1
        time.sleep(1)
    for t in threads:
        t.join(180)
    total = sum(other.values())
    return {
        "greedy_statuses": dict(greedy),
        "other_statuses": dict(other),
        "other_success_rate": round(other[200] / total, 2) if total else None,
        "other_latency_max_s": round(max(latencies, default=0.0), 2),
    }


def proxy(base_url: str, connections: int, **_: object) -> dict:
    """``connections`` uploads of a non-picture, each from another forwarded address."""
    statuses = []
    for i in range(connections):
        reply = request(
            base_url,
            "POST",
            "/api/ocr",
            b"x",
            {"Content-Type": "text/plain", "X-Forwarded-For": f"203.0.113.{i + 1}"},
        )
        statuses.append(reply.status)
    return {"statuses": statuses}


SCENARIOS = {"silent": silent, "dribble": dribble, "short-body": short_body, "fair": fair, "proxy": proxy}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id, for memory figures")
    parser.add_argument("--https", action="store_true", help="start the server with --https")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=10, help="loopback addresses to spread them over")
    parser.add_argument("--hold", type=float, default=10.0, help="seconds to keep them up")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    connections = min(args.connections, MAX_CONNECTIONS)
    hold = min(args.hold, MAX_SECONDS)
    server_args = ["--workers", str(args.workers)]
    if args.scenario == "proxy":
        server_args += ["--trusted-proxies", "1", "--rate-limit", "1"]
    with contextlib.ExitStack() as stack:
        base_url, pid = args.url, args.pid
        if not base_url:
            config = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            server = stack.enter_context(ServerProcess(args=server_args, https=args.https, config_dir=config))
            base_url, pid = server.base_url, server.proc.pid if server.proc else None
        _require_loopback(base_url)
        summary = SCENARIOS[args.scenario](
            base_url, connections=connections, hosts=args.hosts, hold=hold, pid=pid
        )
    summary = {"scenario": args.scenario, "url": base_url.split("://")[0], **summary}
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
