"""Security headers on every response and a per-client rate limit.

The Content-Security-Policy allows only our own scripts, styles, workers and
manifest; ``blob:``/``data:`` images for the photo preview; no inline script,
no framing.  The rate limit is an in-memory token bucket per client address:
enough for one process; behind a reverse proxy set TRUSTED_PROXIES so the
client address comes from X-Forwarded-For (and limit at the proxy too when
several processes run, since each has its own buckets).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

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

    def take(self, key: str, now: float | None = None) -> float:
        """Take one token; 0.0 if allowed, else seconds until one is available."""
        if not self.enabled:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / self.rate if self.rate > 0 else 60.0
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait
