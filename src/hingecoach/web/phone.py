"""The phone as the camera: HTTPS on the LAN, a one-time pairing code in a QR code.

A phone's browser opens the camera only on a secure page, so ``serve --phone`` serves
HTTPS with a self-signed certificate made on first use and kept in the data directory
(key readable by its owner only). The computer's page shows a QR code with the address
and a one-time pairing code; the phone that opens it gets the session cookie, and the
code is spent (the next phone needs the next code, shown in its place).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from hingecoach.errors import InputError

#: Where the certificate lives, inside the data directory.
TLS_DIR = "tls"
#: Days a generated certificate is valid (825: the longest span browsers accept).
CERT_DAYS = 825


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """The server's certificate and key files, and the certificate's SHA-256 fingerprint."""

    cert: Path
    key: Path
    fingerprint: str


def _names_in(cert_pem: bytes) -> set[str]:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(cert_pem)
    if cert.not_valid_after_utc < dt.datetime.now(dt.UTC) + dt.timedelta(days=7):
        return set()
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set()
    ips = {str(ip) for ip in names.get_values_for_type(x509.IPAddress)}
    return ips | set(names.get_values_for_type(x509.DNSName))


def _fingerprint(cert_pem: bytes) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _self_signed(hosts: list[str]) -> tuple[bytes, bytes]:
    """A new P-256 key and a self-signed certificate naming ``hosts`` (PEM bytes)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    alt_names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt_names.append(x509.DNSName(host))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hingecoach on this computer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CERT_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def ensure_certificate(data_root: Path, hosts: list[str]) -> TlsFiles:
    """The HTTPS certificate for ``hosts``: reused when it names them all, else made anew.

    Parameters
    ----------
    data_root : pathlib.Path
        hingecoach's data directory; the files go to its ``tls/`` folder (mode 0700),
        the key with mode 0600. They never leave it.
    hosts : list of str
        Addresses and names the phone may use to reach this computer.

    Returns
    -------
    TlsFiles

    Raises
    ------
    InputError
        If the folder cannot be written.
    """
    folder = data_root / TLS_DIR
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    wanted = {*hosts, "localhost", "127.0.0.1"}
    known: set[str] = set()
    if cert_path.is_file() and key_path.is_file():
        cert_pem = cert_path.read_bytes()
        known = _names_in(cert_pem)
        if wanted <= known:
            return TlsFiles(cert_path, key_path, _fingerprint(cert_pem))
    # A new address (another network): one certificate for the old and new ones.
    cert_pem, key_pem = _self_signed(sorted(wanted | known))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        key_path.unlink(missing_ok=True)
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(key_pem)
        cert_path.write_bytes(cert_pem)
    except OSError as error:
        raise InputError(f"Cannot write the HTTPS certificate in {folder}: {error}.") from error
    return TlsFiles(cert_path, key_path, _fingerprint(cert_pem))


def detect_lan_address() -> str:
    """The address of this computer on the local network (127.0.0.1 when none).

    A UDP socket "connected" to a private address picks the outgoing interface without
    sending anything.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
    return address if not address.startswith("0.") else "127.0.0.1"


class Pairing:
    """One-time pairing codes: each works once, for one phone, then the next is shown."""

    def __init__(self) -> None:
        self.code = secrets.token_urlsafe(12)

    def use(self, given: str | None) -> bool:
        """Spend the code if ``given`` is it; a spent code never works again."""
        if not given or not hmac.compare_digest(self.code.encode(), given.encode()):
            return False
        self.code = secrets.token_urlsafe(12)
        return True


def pairing_url(base_url: str, code: str) -> str:
    """The address the QR code holds: the phone page with the one-time code."""
    return f"{base_url.rstrip('/')}/pair?code={code}"


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an inline SVG element."""
    import segno

    return str(segno.make(url, error="m").svg_inline(scale=5, border=2))


def qr_terminal(url: str) -> str:
    """The QR code of ``url`` drawn with block characters, for the terminal."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()
