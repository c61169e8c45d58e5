"""The server plumbing both modes share: waitress with per-client limits.

``serve`` (plain HTTP) runs this server on the listening address;
``serve --https`` runs it on a private loopback port behind the TLS front
(``webapp.tls_front``).  Either way the same limits apply, declared once in
``ServerLimits`` and enforced by ``webapp.waitress_guard``.
"""

from __future__ import annotations

import ipaddress
import select
import shutil
import socket
import subprocess
from dataclasses import dataclass, replace
from typing import Any

from .waitress_guard import ClientBook, GuardedChannel, PeerRegistry

MB = 1024 * 1024
# A body a little over Flask's MAX_CONTENT_LENGTH still reaches Flask, which
# answers a JSON 413; waitress's own limit only stops absurd bodies.
BODY_SLACK = 1024 * 1024
WILDCARD_HOSTS = ("0.0.0.0", "", "::")


@dataclass(frozen=True)
class ServerLimits:
    """Every connection-level tunable, in one place.

    Why these numbers: a phone sends one picture at a time over a handful of
    connections, so 16 connections and 8 uploads per client leave room for
    several tabs while one host cannot hold the server; 160 MB of bodies in
    flight keeps the process well under 400 MB however many uploads stall.
    """

    connection_limit: int = 400  # all clients; stays under select()'s 512 descriptors on Windows
    per_client_connections: int = 16  # 0 = no cap (behind a trusted proxy)
    head_timeout: float = 10.0  # seconds to send the request line and headers
    request_timeout: float = 120.0  # seconds for a whole request, body included
    idle_timeout: float = 30.0  # seconds a keep-alive connection may stay silent
    uploads_in_flight: int = 16  # request bodies being received at once, all clients
    per_client_uploads: int = 8
    body_bytes_in_flight: int = 160 * MB  # declared sizes of those bodies, summed
    retry_after: int = 5  # seconds, sent with 503
    trusted_proxies: int = 0  # X-Forwarded-For hops to trust (0 = ignore the header)
    proxy_address: str = "*"  # the peer allowed to send X-Forwarded-For

    def behind_proxy(self) -> ServerLimits:
        """Behind a reverse proxy every connection comes from the proxy:
        per-client connection and upload caps would cap the proxy itself."""
        if not self.trusted_proxies:
            return self
        return replace(self, per_client_connections=0, per_client_uploads=0)


def thread_count(app_config: dict[str, Any]) -> int:
    """Enough threads for every admitted OCR request plus pages and 503s."""
    return int(app_config.get("OCR_WORKERS", 0)) + int(app_config.get("OCR_QUEUE", 0)) + 4


def is_wildcard(host: str) -> bool:
    return host in WILDCARD_HOSTS


def waitress_options(app_config: dict[str, Any], limits: ServerLimits) -> dict[str, Any]:
    """waitress settings matched to the app's and the server's limits."""
    body_limit = int(app_config.get("MAX_CONTENT_LENGTH") or 0) + BODY_SLACK
    options: dict[str, Any] = {
        "threads": thread_count(app_config),
        "max_request_body_size": body_limit,
        # Keep bodies in memory: above inbuf_overflow waitress spools to disk.
        "inbuf_overflow": body_limit + 1,
        "connection_limit": limits.connection_limit,
        "channel_timeout": int(limits.idle_timeout),
        "cleanup_interval": 5,
        "ident": "aoh-helper",
        "expose_tracebacks": False,
        "log_socket_errors": False,
        # poll() has no 1024-descriptor ceiling; select() stays where there is no poll (Windows).
        "asyncore_use_poll": hasattr(select, "poll"),
    }
    if limits.trusted_proxies:
        options.update(
            trusted_proxy=limits.proxy_address,
            trusted_proxy_count=limits.trusted_proxies,
            trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"},
            clear_untrusted_proxy_headers=True,
        )
    return options


def make_server(
    app,
    host: str = "127.0.0.1",
    port: int = 0,
    limits: ServerLimits | None = None,
    peers: PeerRegistry | None = None,
    **options: Any,
):
    """A guarded waitress server (not yet running); ``.run()`` serves, ``.close()`` stops.

    ``peers`` maps loopback connections from the TLS front to the real
    client address.  Tests and tools use port 0 and read ``server.effective_port``.
    """
    from waitress.server import create_server

    limits = (limits or ServerLimits()).behind_proxy()
    opts = waitress_options(app.config, limits)
    opts.update(options)
    server = create_server(app, host=host, port=port, **opts)
    server.channel_class = GuardedChannel
    server.client_book = ClientBook(limits, int(opts["max_request_body_size"]))
    server.peer_registry = peers
    return server


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, best guess first.

    No traffic leaves the machine: connect() on a UDP socket only asks the
    kernel which source address it would route from; ``ip -o addr`` and the
    resolver only read local state.
    """
    found: list[str] = []

    def add(addr: str) -> None:
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            return
        usable = ip.version == 4 and not (ip.is_loopback or ip.is_unspecified or ip.is_link_local)
        if usable and addr not in found:
            found.append(addr)

    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                add(sock.getsockname()[0])
        except OSError:
            pass
    ip_cmd = shutil.which("ip")
    if ip_cmd:
        try:
            out = subprocess.run(
                [ip_cmd, "-o", "-4", "addr", "show"], capture_output=True, text=True, timeout=3
            ).stdout
            for line in out.splitlines():
                parts = line.split()
                if "inet" in parts:
                    add(parts[parts.index("inet") + 1].split("/")[0])
        except (OSError, subprocess.TimeoutExpired):
            pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            add(str(info[4][0]))
    except OSError:
        pass
    return found


def addresses_for(host: str) -> list[str]:
    """The addresses a client can reach ``host`` at, other than localhost."""
    if is_wildcard(host):
        return lan_addresses()
    return [] if host == "localhost" else [host]


def urls_for(host: str, port: int, scheme: str = "http") -> list[str]:
    """The URLs a user can open: localhost first, then each LAN address."""
    hosts = ["localhost", *lan_addresses()] if is_wildcard(host) else [host]
    return [f"{scheme}://{h}:{port}/" for h in hosts]
