from pathlib import Path

import pytest

from hingecoach.errors import InputError
from hingecoach.web.app import same_origin, token_ok
from hingecoach.web.settings import WebSettings, default_data_dir, is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_non_loopback_host_needs_a_token():
    with pytest.raises(InputError, match="token is required"):
        WebSettings(host="0.0.0.0")
    assert WebSettings(host="0.0.0.0", token="s3cret").token == "s3cret"


def test_url_carries_the_token():
    assert WebSettings(port=9000).url == "http://127.0.0.1:9000/"
    assert WebSettings(host="::1", port=9000, token="t").url == "http://[::1]:9000/?token=t"


def test_bad_port_is_refused():
    with pytest.raises(InputError, match="not a port"):
        WebSettings(port=70000)


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HINGECOACH_DATA_DIR", str(tmp_path))
    assert default_data_dir() == tmp_path
    monkeypatch.delenv("HINGECOACH_DATA_DIR")
    assert default_data_dir() == Path.home() / ".local/share/hingecoach/sets"


def test_token_and_origin_checks():
    assert token_ok(None, None)
    assert token_ok("abc", "abc")
    assert not token_ok("abc", "abd")
    assert not token_ok("abc", None)
    assert same_origin(None, "127.0.0.1:8765")
    assert same_origin("http://127.0.0.1:8765", "127.0.0.1:8765")
    assert not same_origin("http://evil.example", "127.0.0.1:8765")


def test_live_calibration_from_flag_or_stored_file(tmp_path):
    from hingecoach.export.calibration_json import write_calibration
    from hingecoach.form.calibration import population_calibration
    from hingecoach.web.settings import STORED_CALIBRATION, live_calibration

    sets = tmp_path / "sets"
    assert live_calibration(WebSettings(data_dir=sets)) is None
    write_calibration(tmp_path / STORED_CALIBRATION, population_calibration())
    assert live_calibration(WebSettings(data_dir=sets)) is not None
    with pytest.raises(InputError, match="does not exist"):
        live_calibration(WebSettings(data_dir=sets, calibration_path=tmp_path / "no.json"))
