"""``aoh-helper serve``: run the app for phones on the LAN (or on the phone).

Plain HTTP runs under waitress.  ``--https`` creates a local certificate
authority and a certificate for this machine's LAN addresses
(``webapp.https_ca``), serves the CA certificate with instructions on a
plain-HTTP port, and the app over HTTPS under cheroot (waitress has no TLS).
The URLs to open are printed with a QR code of the LAN URL.

Also runnable as ``python -m webapp.serve`` (same options).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import shutil
import socket
import subprocess
import sys
from typing import Any

LOG = logging.getLogger("webapp.serve")

# A body a little over Flask's MAX_CONTENT_LENGTH still reaches Flask, which
# answers a JSON 413; waitress's own limit only stops absurd bodies.
BODY_SLACK = 1024 * 1024


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


def urls_for(host: str, port: int, scheme: str = "http") -> list[str]:
    """The URLs a user can open: localhost first, then each LAN address."""
    hosts = ["localhost", *lan_addresses()] if host in ("0.0.0.0", "", "::") else [host]
    return [f"{scheme}://{h}:{port}/" for h in hosts]


def print_qr(url: str, out: Any = None) -> None:
    """A QR code of ``url`` in the terminal (skipped if segno is missing)."""
    out = out or sys.stdout
    try:
        import segno
    except ImportError:
        return
    try:
        segno.make(url, error="m").terminal(out=out, compact=True)
    except (UnicodeEncodeError, OSError):
        segno.make(url, error="m").terminal(out=out)


def waitress_options(app_config: dict[str, Any], threads: int | None = None) -> dict[str, Any]:
    """waitress settings matched to the app's limits."""
    body_limit = int(app_config.get("MAX_CONTENT_LENGTH") or 0) + BODY_SLACK
    pool_size = int(app_config.get("OCR_WORKERS", 0)) + int(app_config.get("OCR_QUEUE", 0))
    return {
        # Enough threads for every admitted OCR request plus pages and 503s.
        "threads": threads or pool_size + 4,
        "max_request_body_size": body_limit,
        # Keep bodies in memory: above inbuf_overflow waitress spools to disk.
        "inbuf_overflow": body_limit + 1,
        "connection_limit": 100,
        "channel_timeout": 30,
        "ident": "aoh-helper",
        "expose_tracebacks": False,
    }


def make_server(app, host: str = "127.0.0.1", port: int = 0, **options: Any):
    """A waitress server (not yet running); ``.run()`` serves, ``.close()`` stops.

    Tests and the fuzz/load tools use this with port 0 and read
    ``server.effective_port``.
    """
    from waitress.server import create_server

    opts = waitress_options(app.config)
    opts.update(options)
    return create_server(app, host=host, port=port, **opts)


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _app_config(args: argparse.Namespace) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if args.workers:
        config["OCR_WORKERS"] = args.workers
    if args.queue is not None:
        config["OCR_QUEUE"] = args.queue
    if args.trusted_proxies:
        config["TRUSTED_PROXIES"] = args.trusted_proxies
    if args.rate_limit is not None:
        config["RATE_LIMIT_PER_MINUTE"] = args.rate_limit
    return config


def run(args: argparse.Namespace) -> int:
    """Entry point of ``aoh-helper serve``; returns the exit code."""
    from . import create_app

    _configure_logging(getattr(args, "verbose", False))
    app = create_app(_app_config(args))
    if shutil.which("tesseract") is None:
        print("warning: Tesseract not found on PATH; /api/ocr will fail.", file=sys.stderr)
    app.extensions["ocr_pool"].warm_up()
    if args.https:
        from .https_serve import run_https

        return run_https(app, args)
    port = args.port or 8000
    server = make_server(app, args.host, port)
    port = server.effective_port
    urls = urls_for(args.host, port)
    print("aoh-helper is running. Open on the phone:")
    for url in urls:
        print(f"  {url}")
    lan = [u for u in urls if "localhost" not in u]
    if lan and not args.no_qr:
        print_qr(lan[0])
    if lan:
        print(
            "Note: on the LAN over plain HTTP the camera, install and offline mode "
            "are blocked by the phone's browser; use --https (see README)."
        )
    print("Press Ctrl+C to stop.", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (0.0.0.0)")
    parser.add_argument("--port", type=int, default=None, help="port (8000; 8443 with --https)")
    parser.add_argument(
        "--https",
        action="store_true",
        help="serve over HTTPS with a local certificate authority (for phones on the LAN)",
    )
    parser.add_argument(
        "--ca-port",
        type=int,
        default=8000,
        help="with --https: plain-HTTP port of the CA certificate page (8000)",
    )
    parser.add_argument(
        "--config-dir", default=None, help="where --https keeps its CA (~/.config/aoh-helper)"
    )
    parser.add_argument("--workers", type=int, default=0, help="OCR processes (CPU count)")
    parser.add_argument("--queue", type=int, default=None, help="OCR queue length (2 x workers)")
    parser.add_argument(
        "--rate-limit", type=float, default=None, help="OCR requests per minute per client (30)"
    )
    parser.add_argument(
        "--trusted-proxies",
        type=int,
        default=0,
        help="behind a reverse proxy: how many proxies set X-Forwarded-For",
    )
    parser.add_argument("--no-qr", action="store_true", help="do not print QR codes")
    parser.add_argument("--verbose", action="store_true", help="debug logging")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``serve`` subcommand to ``aoh-helper``'s parser."""
    parser = subparsers.add_parser(
        "serve", help="run the web app for phones", description=__doc__.split("\n\n")[0]
    )
    add_arguments(parser)
    parser.set_defaults(func=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m webapp.serve")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
