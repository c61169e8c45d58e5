"""``aoh-helper serve``: the options, and what to print for the user.

Plain HTTP: the guarded waitress of ``webapp.server`` on the listening
address.  ``--https`` creates a local certificate authority and a
certificate for this machine's LAN addresses (``webapp.https_ca``), serves
the CA certificate with instructions on a plain-HTTP port, and the app over
TLS through ``webapp.tls_front`` in front of the same waitress on loopback.
The URLs to open are printed with a QR code of the LAN URL.

Also runnable as ``python -m webapp.serve`` (same options).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from .server import ServerLimits, addresses_for, make_server, urls_for
from .waitress_guard import PeerRegistry

__all__ = ["add_arguments", "main", "make_server", "register", "run"]

LOG = logging.getLogger("webapp.serve")


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


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _stop_on_sigterm() -> None:
    """SIGTERM ends the server like Ctrl+C, so the OCR workers are stopped and
    multiprocessing removes its temporary folder (killed, it left pymp-*)."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def _app_config(args: argparse.Namespace) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if args.workers:
        config["OCR_WORKERS"] = args.workers
    if args.queue is not None:
        config["OCR_QUEUE"] = args.queue
    if args.rate_limit is not None:
        config["RATE_LIMIT_PER_MINUTE"] = args.rate_limit
    if args.ocr_timeout is not None:
        config["OCR_TIMEOUT"] = args.ocr_timeout
    if args.ocr_seconds is not None:
        config["OCR_SECONDS_PER_MINUTE"] = args.ocr_seconds
    return config


def _limits(args: argparse.Namespace) -> ServerLimits:
    return ServerLimits(trusted_proxies=args.trusted_proxies, proxy_address=args.proxy_address)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``aoh-helper serve``; returns the exit code."""
    import ocr
    from ocr.engine import EngineError

    from . import create_app

    try:  # a missing model or traineddata is said now, not on the first picture
        ocr.check_install()
    except EngineError as exc:
        print(f"error: the OCR cannot start: {exc}", file=sys.stderr)
        return 2
    _configure_logging(getattr(args, "verbose", False))
    _stop_on_sigterm()
    app = create_app(_app_config(args))
    app.extensions["ocr_pool"].warm_up()
    try:
        return run_https(app, args) if args.https else run_http(app, args)
    finally:
        app.extensions["ocr_pool"].close()


def run_http(app, args: argparse.Namespace) -> int:
    server = make_server(app, args.host, args.port or 8000, _limits(args))
    urls = urls_for(args.host, server.effective_port)
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


def run_https(app, args: argparse.Namespace) -> int:
    """Create/load the CA and certificate, start the CA page, the app behind
    the TLS front, and print what to open."""
    from .ca_site import build_ca_site
    from .https_ca import default_config_dir, ensure_ca, ensure_server_cert
    from .tls_front import TlsFront, server_context

    config_dir = Path(args.config_dir) if args.config_dir else default_config_dir()
    addresses = addresses_for(args.host)
    ca = ensure_ca(config_dir, addresses)
    outside = [a for a in addresses if not ca.permits(a)]
    if outside:
        print(
            f"warning: {', '.join(outside)} is outside the addresses this CA may certify; "
            f"delete {config_dir} to make a new CA (and install it again on the phones).",
            file=sys.stderr,
        )
    cert, key = ensure_server_cert(config_dir, ca, addresses)
    limits = _limits(args)
    peers = PeerRegistry()
    # The app itself listens on loopback only; the front is the way in.
    backend = make_server(app, "127.0.0.1", 0, limits, peers=peers, url_scheme="https")
    front = TlsFront(
        args.host, args.port or 8443, server_context(cert, key), backend.effective_port, peers, limits
    )
    port = front.port
    shown = addresses[0] if addresses else "localhost"
    app_url = f"https://{shown}:{port}/"
    ca_server = make_server(
        build_ca_site(ca, app_url), args.host, args.ca_port, limits, threads=2, max_request_body_size=1024
    )
    threading.Thread(target=ca_server.run, name="ca-page", daemon=True).start()
    front.start()

    ca_url = f"http://{shown}:{ca_server.effective_port}/"
    print(f"CA: {ca.cert_path}  SHA-256 {ca.fingerprint}")
    print("1. On each phone, once: open this page and follow it to trust this computer:")
    print(f"   {ca_url}")
    if not args.no_qr:
        print_qr(ca_url)
    print("2. Then open the app:")
    for a in ["localhost", *addresses]:
        print(f"   https://{a}:{port}/")
    if not args.no_qr:
        print_qr(app_url)
    print("Press Ctrl+C to stop.", flush=True)
    try:
        backend.run()
    except KeyboardInterrupt:
        pass
    finally:
        front.stop()
        backend.close()
        ca_server.close()
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
    parser.add_argument("--ocr-timeout", type=float, default=None, help="seconds one picture may take (15)")
    parser.add_argument(
        "--ocr-seconds",
        type=float,
        default=None,
        help="seconds of OCR per minute per client (20; 0 = no budget)",
    )
    parser.add_argument(
        "--trusted-proxies",
        type=int,
        default=0,
        help="behind a reverse proxy: how many proxies set X-Forwarded-For",
    )
    parser.add_argument(
        "--proxy-address",
        default="*",
        help="with --trusted-proxies: the proxy's address (any peer if unset; bind to loopback then)",
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
