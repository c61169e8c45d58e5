"""``serve --https``: the app over TLS (cheroot) plus the CA page over HTTP (waitress).

Why cheroot: waitress has no TLS; cheroot (CherryPy's server) is a maintained,
pure-Python, cross-platform threaded WSGI server with TLS built in, so the
same Flask app, limits and in-memory uploads apply unchanged.
"""

from __future__ import annotations

import argparse
import ssl
import sys
import threading
from pathlib import Path

from .https_ca import default_config_dir, ensure_ca, ensure_server_cert
from .serve import BODY_SLACK, lan_addresses, make_server, print_qr


def make_https_server(app, host: str, port: int, cert: Path, key: Path, threads: int | None = None):
    """A cheroot server (not started).  ``.prepare()`` binds; ``.serve()`` runs;
    ``.stop()`` ends.  TLS 1.2 or newer only."""
    from cheroot import wsgi
    from cheroot.ssl.builtin import BuiltinSSLAdapter

    pool = int(app.config["OCR_WORKERS"]) + int(app.config["OCR_QUEUE"])
    n = threads or pool + 4
    server = wsgi.Server(
        (host, port),
        app,
        numthreads=n,
        max=n,
        server_name="aoh-helper",
        timeout=30,
        shutdown_timeout=5,
        accepted_queue_size=n * 4,
    )
    server.max_request_body_size = int(app.config["MAX_CONTENT_LENGTH"]) + BODY_SLACK
    adapter = BuiltinSSLAdapter(str(cert), str(key))
    adapter.context.minimum_version = ssl.TLSVersion.TLSv1_2
    server.ssl_adapter = adapter
    return server


def _addresses(host: str) -> list[str]:
    if host in ("0.0.0.0", "", "::"):
        return lan_addresses()
    return [host] if host not in ("localhost",) else []


def run_https(app, args: argparse.Namespace) -> int:
    """Create/load the CA and certificate, start both servers, print what to open."""
    from .ca_site import build_ca_site

    config_dir = Path(args.config_dir) if args.config_dir else default_config_dir()
    addresses = _addresses(args.host)
    ca = ensure_ca(config_dir, addresses)
    outside = [a for a in addresses if not ca.permits(a)]
    if outside:
        print(
            f"warning: {', '.join(outside)} is outside the addresses this CA may certify; "
            f"delete {config_dir} to make a new CA (and install it again on the phones).",
            file=sys.stderr,
        )
    cert, key = ensure_server_cert(config_dir, ca, addresses)
    port = args.port or 8443
    shown = addresses[0] if addresses else "localhost"
    app_url = f"https://{shown}:{port}/"

    ca_app = build_ca_site(ca, app_url)
    ca_server = make_server(ca_app, args.host, args.ca_port, threads=4, max_request_body_size=1024)
    https = make_https_server(app, args.host, port, cert, key)
    https.prepare()
    ca_url = f"http://{shown}:{ca_server.effective_port}/"
    threading.Thread(target=ca_server.run, name="ca-page", daemon=True).start()

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
        https.serve()
    except KeyboardInterrupt:
        pass
    finally:
        https.stop()
        ca_server.close()
    return 0
