"""Security headers on every response and a per-client rate limit.

The Content-Security-Policy allows only our own scripts, styles, workers and
manifest; ``blob:``/``data:`` images for the photo preview; no inline script,
no framing.  The rate limits are in-memory token buckets per client address
(one of requests, one of OCR seconds): enough for one process; behind a
reverse proxy start the server with ``--trusted-proxies`` so the client
address comes from X-Forwarded-For (and limit at the proxy too when several
processes run, since each has its own buckets).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict

from flask import Response, request

from .errors import is_api_path

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PERMISSIONS_POLICY = ", ".join(
    [
        "camera=(self)",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "clipboard-read=(self)",
        "clipboard-write=(self)",
    ]
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def add_security_headers(resp: Response) -> Response:
    """after_request hook: the headers above; API answers are never cached."""
    for name, value in SECURITY_HEADERS.items():
        resp.headers.setdefault(name, value)
    if is_api_path(request.path):
        resp.headers["Cache-Control"] = "no-store"
    return resp


class TokenBucketLimiter:
    """``burst`` requests at once, refilled at ``per_minute``; per client key.

    Memory is bounded: at most ``max_clients`` buckets, least recently used
    dropped first (a dropped client simply starts again with a full bucket).
    """

    def __init__(self, per_minute: float, burst: float, max_clients: int = 10_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1.0, burst)
        self.max_clients = max_clients
        self.enabled = per_minute > 0
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None, cost: float = 1.0) -> float:
        """Take ``cost`` tokens if there are that many; 0.0 if allowed, else seconds to wait."""
        if not self.enabled:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens = self._refilled(key, now)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (cost - tokens) / self.rate if self.rate > 0 else 60.0

    def charge(self, key: str, cost: float, now: float | None = None) -> None:
        """Take ``cost`` tokens after the fact; the bucket may go into debt."""
        if not self.enabled:
            return
        now = time.monotonic() if now is None else now
        with self._lock:
            self._buckets[key] = (self._refilled(key, now) - cost, now)

    def _refilled(self, key: str, now: float) -> float:
        tokens, last = self._buckets.pop(key, (self.burst, now))
        while len(self._buckets) >= self.max_clients:
            self._buckets.popitem(last=False)
        return min(self.burst, tokens + (now - last) * self.rate)


class OcrBudget:
    """Fair OCR: one picture in flight per client, and a budget of OCR seconds.

    Why seconds and not requests: a picture can cost 0.2 s or the whole time
    limit, so a client within its request limit could still hold every
    worker.  Each client's bucket holds ``burst`` seconds, refills at
    ``per_minute`` seconds a minute, and is charged the worker time each
    picture really took (into debt if need be) once it is done.
    """

    def __init__(
        self, per_minute: float, burst: float, per_client: int = 1, max_clients: int = 10_000
    ) -> None:
        self.seconds = TokenBucketLimiter(per_minute, burst, max_clients)
        self.per_client = per_client  # pictures in flight per client; 0 = no cap
        self._busy: Counter[str] = Counter()
        self._lock = threading.Lock()

    def begin(self, key: str) -> float:
        """0.0 and the client's slot taken, or the seconds to wait before trying again."""
        with self._lock:
            if self.per_client and self._busy[key] >= self.per_client:
                return 1.0
            # Cost 0 now: a client not in debt may start; the real cost comes at end().
            wait = self.seconds.take(key, cost=0.0)
            if wait > 0:
                return wait
            self._busy[key] += 1
            return 0.0

    def end(self, key: str, seconds: float) -> None:
        self.seconds.charge(key, seconds)
        with self._lock:
            self._busy[key] -= 1
            if self._busy[key] <= 0:
                del self._busy[key]
