"""``serve --https``: the local CA, the server certificate, the CA page, TLS."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import ipaddress
import json
import re
import ssl
import stat
import urllib.error
import urllib.request
import warnings

import pytest
from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from tools.upload_client import ServerProcess
from tools.upload_client import request as http_request
from webapp.ca_site import CSP as CA_PAGE_CSP
from webapp.ca_site import build_ca_site
from webapp.https_ca import ensure_ca, ensure_server_cert, server_names

LAN = ["192.168.1.23", "10.0.0.5"]


@pytest.fixture(scope="module")
def ca_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("aoh-config")


@pytest.fixture(scope="module")
def ca(ca_dir):
    return ensure_ca(ca_dir, LAN)


@pytest.fixture(scope="module")
def server_cert(ca_dir, ca):
    return ensure_server_cert(ca_dir, ca, LAN)


def _load(path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _verify(ca, leaf, address: str) -> None:
    verifier = (
        PolicyBuilder()
        .store(Store([ca.cert]))
        .build_server_verifier(x509.IPAddress(ipaddress.ip_address(address)))
    )
    verifier.verify(leaf, [])


def test_server_certificate_names_every_lan_address(server_cert):
    cert = _load(server_cert[0])
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    ips = {str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
    assert {"127.0.0.1", *LAN} <= ips
    assert set(server_names()) <= set(san.get_values_for_type(x509.DNSName))
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert x509.oid.ExtendedKeyUsageOID.SERVER_AUTH in eku
    days = (cert.not_valid_after_utc - cert.not_valid_before_utc).days
    assert days <= 398  # Apple's limit for server certificates


@pytest.mark.parametrize("address", ["192.168.1.23", "10.0.0.5", "127.0.0.1"])
def test_chain_verifies_for_each_address(ca, server_cert, address):
    _verify(ca, _load(server_cert[0]), address)


def test_chain_fails_for_an_address_not_in_the_certificate(ca, server_cert):
    with pytest.raises(VerificationError):
        _verify(ca, _load(server_cert[0]), "192.168.1.99")


def test_name_constraints_keep_the_ca_off_public_addresses(ca, tmp_path):
    # Even a certificate the CA itself signs for a public address fails to verify.
    rogue_cert, _ = ensure_server_cert(tmp_path, ca, ["8.8.8.8"], names=[])
    with pytest.raises(VerificationError):
        _verify(ca, _load(rogue_cert), "8.8.8.8")
    assert ca.permits("192.168.7.7") and not ca.permits("8.8.8.8")


def test_keys_are_private_and_reused(ca_dir, ca, server_cert):
    for name in ("ca.key", "server.key"):
        mode = stat.S_IMODE((ca_dir / name).stat().st_mode)
        assert mode == 0o600
    again = ensure_ca(ca_dir, LAN)
    assert again.fingerprint == ca.fingerprint
    before = server_cert[0].read_bytes()
    ensure_server_cert(ca_dir, ca, LAN)
    assert server_cert[0].read_bytes() == before  # still valid: not reissued


def test_new_address_reissues_the_server_certificate(tmp_path, ca):
    cert_path, _ = ensure_server_cert(tmp_path, ca, ["192.168.1.23"])
    first = cert_path.read_bytes()
    ensure_server_cert(tmp_path, ca, ["192.168.50.7"])
    assert cert_path.read_bytes() != first
    _verify(ca, _load(cert_path), "192.168.50.7")


def test_ca_page_gives_certificate_and_instructions(ca):
    client = build_ca_site(ca, "https://192.168.1.23:8443/").test_client()
    page = client.get("/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ca.fingerprint in text and "https://192.168.1.23:8443/" in text
    assert "Android" in text and "iPhone" in text and "証明書" in text
    assert "<script" not in text and "<svg" in text
    assert page.headers["Content-Security-Policy"] == CA_PAGE_CSP
    served_style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(served_style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page.headers["Content-Security-Policy"]
    der = client.get("/aoh-helper-ca.crt")
    assert der.mimetype == "application/x-x509-ca-cert"
    assert x509.load_der_x509_certificate(der.data) == ca.cert
    assert x509.load_pem_x509_certificate(client.get("/aoh-helper-ca.pem").data) == ca.cert


def test_app_over_tls_with_the_local_ca(tmp_path):
    """The real ``serve --https`` process: the chain verifies with its CA, an
    untrusting client is refused, TLS older than 1.2 is refused, and the CA
    page is served on its own plain-HTTP port."""
    with ServerProcess(args=["--workers", "1"], https=True, config_dir=tmp_path) as srv:
        ctx = ssl.create_default_context(cafile=str(tmp_path / "ca.crt"))
        with urllib.request.urlopen(f"{srv.base_url}/healthz", context=ctx, timeout=30) as resp:
            assert resp.status == 200
            assert json.load(resp)["status"] == "ok"
            assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
        untrusting = ssl.create_default_context()
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(f"{srv.base_url}/healthz", context=untrusting, timeout=30)
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.check_hostname, old.verify_mode = False, ssl.CERT_NONE
        with warnings.catch_warnings(), contextlib.suppress(ValueError, ssl.SSLError):
            warnings.simplefilter("ignore", DeprecationWarning)  # asking for old TLS on purpose
            old.maximum_version = ssl.TLSVersion.TLSv1_1
            old.minimum_version = ssl.TLSVersion.TLSv1
            old.set_ciphers("ALL:@SECLEVEL=0")
        with pytest.raises(urllib.error.URLError, match="SSL|EOF|reset"):
            urllib.request.urlopen(f"{srv.base_url}/healthz", context=old, timeout=30)
        page = http_request(srv.ca_url, "GET", "/")
        assert page.status == 200 and b"aoh-helper-ca.crt" in page.body
