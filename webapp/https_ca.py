"""A local certificate authority and a certificate for this machine's LAN addresses.

Why: a phone's browser grants camera, clipboard, service worker and "install
app" only to a secure context.  ``http://localhost`` is one, but
``http://192.168.1.5`` is not, and a self-signed certificate only earns a
warning page that still leaves the service worker off.  A CA the user
installs once on the phone makes every certificate we issue trusted.

Safety: the CA is limited by name constraints (marked non-critical so that
clients which do not understand them still accept the chain, while those
that do enforce them) to private and loopback addresses, ``localhost`` and
``*.local``: if its key leaked it could not impersonate a public site for
clients that enforce the constraint.  Keys are EC P-256 files readable only by
the user, in ``$XDG_CONFIG_HOME/aoh-helper`` (``~/.config/aoh-helper``;
``%APPDATA%\\aoh-helper`` on Windows).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_CERT = "ca.crt"
CA_KEY = "ca.key"
SERVER_CERT = "server.crt"
SERVER_KEY = "server.key"

CA_DAYS = 3650
# Apple rejects server certificates valid for more than 825 days even from
# user-installed CAs; 397 days stays under every platform's limit.
SERVER_DAYS = 397
RENEW_BEFORE = dt.timedelta(days=30)

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

PRIVATE_NETWORKS: tuple[IpNetwork, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",  # carrier-grade NAT, Tailscale
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    )
)
PERMITTED_DNS = ("localhost", "local")


def default_config_dir() -> Path:
    """Where the CA lives: the user's config folder, per platform convention."""
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "aoh-helper"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "aoh-helper"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _write_private(path: Path, data: bytes) -> None:
    """Write a key file readable by the user only (created 0600, never wider)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        # O_CREAT's mode applies only to a new file: tighten one left wider before.
        if hasattr(os, "fchmod"):
            os.fchmod(fh.fileno(), 0o600)
        fh.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _ip_networks_for(addresses: list[str]) -> list[IpNetwork]:
    """Private ranges plus any given address outside them (as a single host)."""
    nets: list[IpNetwork] = list(PRIVATE_NETWORKS)
    for addr in addresses:
        ip = ipaddress.ip_address(addr)
        if not any(ip in net for net in nets):
            nets.append(ipaddress.ip_network(addr))
    return nets


@dataclass
class LocalCA:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    cert_path: Path

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the CA certificate, as phones show it: AB:CD:..."""
        return self.cert.fingerprint(hashes.SHA256()).hex(":").upper()

    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def permits(self, address: str) -> bool:
        """True if the CA's name constraints allow a certificate for ``address``."""
        try:
            nc = self.cert.extensions.get_extension_for_class(x509.NameConstraints).value
        except x509.ExtensionNotFound:
            return True
        ip = ipaddress.ip_address(address)
        return any(isinstance(sub, x509.IPAddress) and ip in sub.value for sub in nc.permitted_subtrees or [])


def ensure_ca(config_dir: Path, addresses: list[str] | None = None) -> LocalCA:
    """Load the CA from ``config_dir`` or create it (first run)."""
    cert_path, key_path = config_dir / CA_CERT, config_dir / CA_KEY
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if isinstance(key, ec.EllipticCurvePrivateKey) and cert.not_valid_after_utc > _now():
            return LocalCA(cert, key, cert_path)
    return create_ca(config_dir, addresses or [])


def create_ca(config_dir: Path, addresses: list[str]) -> LocalCA:
    """A new CA: 10 years, may sign server certificates only (path length 0)."""
    key = ec.generate_private_key(ec.SECP256R1())
    host = socket.gethostname() or "localhost"
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "aoh-helper"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"aoh-helper local CA ({host[:40]}, {_now():%Y-%m-%d})"),
        ]
    )
    permitted: list[x509.GeneralName] = [x509.DNSName(d) for d in PERMITTED_DNS]
    permitted += [x509.IPAddress(n) for n in _ip_networks_for(addresses)]
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    _write_private(config_dir / CA_KEY, _key_pem(key))
    (config_dir / CA_CERT).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    # A new CA makes any older server certificate useless.
    (config_dir / SERVER_CERT).unlink(missing_ok=True)
    return LocalCA(cert, key, config_dir / CA_CERT)


def _cert_covers(cert: x509.Certificate, ips: list[str], names: list[str]) -> bool:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    have_ips = {str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
    have_names = set(san.get_values_for_type(x509.DNSName))
    wanted_ips = {str(ipaddress.ip_address(ip)) for ip in ips}
    return wanted_ips <= have_ips and set(names) <= have_names


def server_names() -> list[str]:
    """DNS names for the server certificate: localhost and ``<hostname>.local``."""
    names = ["localhost"]
    host = socket.gethostname().split(".")[0].lower()
    if host and host != "localhost" and all(c.isalnum() or c == "-" for c in host):
        names.append(f"{host}.local")
    return names


def ensure_server_cert(
    config_dir: Path, ca: LocalCA, ips: list[str], names: list[str] | None = None
) -> tuple[Path, Path]:
    """The server certificate and key paths, reissued when they no longer fit.

    Reissued when missing, expiring within 30 days, not signed by ``ca``, or
    not covering every address in ``ips`` (the laptop moved to another LAN).
    """
    names = names if names is not None else server_names()
    ips = list(dict.fromkeys(["127.0.0.1", *ips]))
    cert_path, key_path = config_dir / SERVER_CERT, config_dir / SERVER_KEY
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        fresh = cert.not_valid_after_utc - RENEW_BEFORE > _now()
        if fresh and cert.issuer == ca.cert.subject and _cert_covers(cert, ips, names):
            try:
                ca.cert.public_key().verify(  # type: ignore[call-arg]
                    cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(hashes.SHA256())
                )
                return cert_path, key_path
            except Exception:  # noqa: BLE001 - any failure means: issue a new one
                pass
    key = ec.generate_private_key(ec.SECP256R1())
    san: list[x509.GeneralName] = [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    san += [x509.DNSName(n) for n in names]
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ips[-1])]))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
        .sign(ca.key, hashes.SHA256())
    )
    _write_private(key_path, _key_pem(key))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path
