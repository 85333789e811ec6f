import stat

import pytest

from hingecoach.errors import InputError
from hingecoach.web.phone import (
    TLS_DIR,
    Pairing,
    detect_lan_address,
    ensure_certificate,
    pairing_url,
    qr_svg,
    qr_terminal,
)
from hingecoach.web.settings import WebSettings


def test_certificate_is_made_once_with_a_private_key(tmp_path):
    from cryptography import x509

    tls = ensure_certificate(tmp_path, ["192.168.1.20"])
    assert tls.cert.parent == tmp_path / TLS_DIR
    assert stat.S_IMODE(tls.key.stat().st_mode) == 0o600
    assert stat.S_IMODE(tls.cert.parent.stat().st_mode) == 0o700
    cert = x509.load_pem_x509_certificate(tls.cert.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} >= {
        "192.168.1.20",
        "127.0.0.1",
    }
    assert len(tls.fingerprint.split(":")) == 32
    # Reused while it names the address; a new address adds to it.
    assert ensure_certificate(tmp_path, ["192.168.1.20"]).fingerprint == tls.fingerprint
    moved = ensure_certificate(tmp_path, ["10.0.0.7"])
    assert moved.fingerprint != tls.fingerprint
    assert ensure_certificate(tmp_path, ["192.168.1.20"]).fingerprint == moved.fingerprint


def test_a_pairing_code_works_once():
    pairing = Pairing()
    code = pairing.code
    assert not pairing.use(None) and not pairing.use("wrong")
    assert pairing.use(code)
    assert not pairing.use(code)
    assert pairing.code != code and pairing.use(pairing.code)


def test_qr_code_and_address():
    url = pairing_url("https://192.168.1.20:8765/", "abc")
    assert url == "https://192.168.1.20:8765/pair?code=abc"
    assert qr_svg(url).startswith("<svg")
    assert "█" in qr_terminal(url) or "▀" in qr_terminal(url)
    assert detect_lan_address().count(".") == 3


def test_phone_mode_needs_a_token_and_serves_https():
    with pytest.raises(InputError, match="token"):
        WebSettings(phone=True)
    settings = WebSettings(phone=True, token="t0k")
    assert settings.url.startswith("https://127.0.0.1:8765/?token=t0k")
