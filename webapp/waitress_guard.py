"""waitress with per-client limits, deadlines and a memory budget for bodies.

Why: waitress alone lets one host hold all of its connections with requests
that never finish (a header line every few seconds resets its idle timer),
and buffers every upload in memory (rightly: never on disk) with no bound on
their sum.  Here each connection is counted against its client, a request
must finish its headers and its body within a deadline, and a body is
admitted only while the declared sizes of all bodies in flight stay within
a budget; past any limit the client gets 503 + Retry-After.  waitress's own
error pages get the app's security headers too.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.task import ErrorTask
from waitress.utilities import Error

from .security import SECURITY_HEADERS

if TYPE_CHECKING:
    from .server import ServerLimits

LOOPBACK = ("127.0.0.1", "::1")


class ServiceUnavailable(Error):
    code = 503
    reason = "Service Unavailable"


class PeerRegistry:
    """Loopback source port of a TLS-front connection -> the real client address.

    Why: behind the in-process TLS front waitress sees every client as
    127.0.0.1; the front registers each forwarded connection's local port
    before connecting, so the per-client limits and the rate limit still see
    the phone's address.  Only code in this process can register.
    """

    def __init__(self) -> None:
        self._peers: dict[int, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def register(self, local_port: int, client: tuple[str, int]) -> None:
        with self._lock:
            self._peers[local_port] = client

    def forget(self, local_port: int) -> None:
        with self._lock:
            self._peers.pop(local_port, None)

    def resolve(self, addr: tuple) -> tuple:
        if addr and addr[0] in LOOPBACK:
            with self._lock:
                return self._peers.get(addr[1], addr)
        return addr


class ClientBook:
    """Counts connections and uploads per client, and body bytes in flight."""

    def __init__(self, limits: ServerLimits, max_body: int) -> None:
        self.limits = limits
        self.max_body = max_body
        self._lock = threading.Lock()
        self._connections: Counter[str] = Counter()
        self._uploads: Counter[str] = Counter()
        self._bytes = 0

    def open(self, client: str) -> bool:
        """Count a new connection; False (not counted) past the per-client cap."""
        cap = self.limits.per_client_connections
        with self._lock:
            if cap and self._connections[client] >= cap:
                return False
            self._connections[client] += 1
            return True

    def close(self, client: str) -> None:
        with self._lock:
            self._connections[client] -= 1
            if self._connections[client] <= 0:
                del self._connections[client]

    def reserve(self, client: str, size: int) -> bool:
        """Admit a body of ``size`` bytes, or refuse it while the budget is spent."""
        limits = self.limits
        with self._lock:
            if (
                sum(self._uploads.values()) >= limits.uploads_in_flight
                or (limits.per_client_uploads and self._uploads[client] >= limits.per_client_uploads)
                or self._bytes + size > limits.body_bytes_in_flight
            ):
                return False
            self._uploads[client] += 1
            self._bytes += size
            return True

    def release(self, client: str, size: int) -> None:
        with self._lock:
            self._uploads[client] -= 1
            if self._uploads[client] <= 0:
                del self._uploads[client]
            self._bytes -= size

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "connections": sum(self._connections.values()),
                "uploads": sum(self._uploads.values()),
                "body_bytes": self._bytes,
            }


class GuardedParser(HTTPRequestParser):
    """A request that reserves its body's size before the body is read."""

    def __init__(self, adj, book: ClientBook, client: str) -> None:
        super().__init__(adj)
        self.book, self.client = book, client
        self.started = time.monotonic()
        self.reserved: int | None = None
        self._checked = False

    def received(self, data: bytes) -> int:
        consumed = super().received(data)
        if self.headers_finished and not self._checked:
            self._checked = True
            if self.error is None and (self.content_length > 0 or self.chunked):
                size = self.book.max_body if self.chunked else self.content_length
                if self.book.reserve(self.client, size):
                    self.reserved = size
                else:
                    self.error = ServiceUnavailable("Too many uploads at once; try again shortly.")
                    self.completed = True
        return consumed

    def close(self) -> None:
        if self.reserved is not None:
            self.book.release(self.client, self.reserved)
            self.reserved = None
        super().close()


class GuardedErrorTask(ErrorTask):
    """waitress's own error pages (400, 413, 431, 503) with our headers."""

    def execute(self) -> None:
        self.response_headers.extend(SECURITY_HEADERS.items())
        self.response_headers.append(("Cache-Control", "no-store"))
        if isinstance(self.request.error, ServiceUnavailable):
            retry = self.channel.server.client_book.limits.retry_after
            self.response_headers.append(("Retry-After", str(retry)))
        super().execute()


def _refusal(retry_after: int) -> bytes:
    body = b"Service Unavailable\r\n\r\nToo many connections from this address.\r\n"
    head = [
        "HTTP/1.1 503 Service Unavailable",
        "Content-Type: text/plain; charset=utf-8",
        f"Content-Length: {len(body)}",
        f"Retry-After: {retry_after}",
        "Connection: close",
        "Cache-Control: no-store",
        *(f"{k}: {v}" for k, v in SECURITY_HEADERS.items()),
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class GuardedChannel(HTTPChannel):
    """One client connection, counted against its client and held to deadlines."""

    error_task_class = GuardedErrorTask

    def __init__(self, server, sock, addr, adj, map=None) -> None:
        registry: PeerRegistry | None = getattr(server, "peer_registry", None)
        if registry is not None:
            addr = registry.resolve(addr)
        super().__init__(server, sock, addr, adj, map)
        book: ClientBook = server.client_book
        self.client = str(addr[0]) if addr else "?"
        self.opened = time.monotonic()
        self.counted = book.open(self.client)
        self.parser_class = partial(GuardedParser, book=book, client=self.client)
        if not self.counted:
            self._refuse(_refusal(book.limits.retry_after))

    def _refuse(self, response: bytes) -> None:
        with self.outbuf_lock:
            self.outbufs[-1].append(response)
            self.current_outbuf_count += len(response)
            self.total_outbufs_len += len(response)
        self.close_when_flushed = True

    def _overdue(self, now: float) -> bool:
        """A request still arriving past its deadline (never one being served)."""
        limits = self.server.client_book.limits
        request = self.request
        if request is None:
            # Nothing received yet on a new connection: it must start within head_timeout.
            return (
                not self.requests
                and self.last_activity == self.creation_time
                and (now - self.opened > limits.head_timeout)
            )
        if not request.headers_finished:
            return now - request.started > limits.head_timeout
        return now - request.started > limits.request_timeout

    def readable(self) -> bool:
        if not (self.will_close or self.close_when_flushed) and self._overdue(time.monotonic()):
            self.will_close = True
            return False
        return super().readable()

    def del_channel(self, map=None) -> None:
        if self.request is not None:
            self.request.close()  # release a partial upload's reservation
            self.request = None
        if self.counted:
            self.counted = False
            self.server.client_book.close(self.client)
        super().del_channel(map)
