from pathlib import Path

import pytest

from hingecoach.errors import InputError
from hingecoach.web.security import SecurityPolicy, allowed_host_names, token_ok
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
    random = WebSettings(port=9000)
    assert random.url == f"http://127.0.0.1:9000/?token={random.token}"
    assert len(random.token) >= 20 and random.token != WebSettings(port=9000).token
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
    assert token_ok("abc", "abc")
    assert not token_ok("abc", "abd")
    assert not token_ok("abc", None)
    hosts = allowed_host_names("127.0.0.1", 8765)
    assert {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"} <= hosts
    assert "evil.example:8765" not in hosts and "127.0.0.1:8766" not in hosts
    policy = SecurityPolicy(token="t", allowed_hosts=hosts, max_body_bytes=10)
    assert policy.origin_ok("http://127.0.0.1:8765")
    assert not policy.origin_ok("http://evil.example")
    assert not policy.origin_ok("http://127.0.0.1:8765.evil.example")
    assert not policy.origin_ok("null")


def test_open_paths_skip_the_token_but_not_the_host_check():
    import asyncio

    from hingecoach.web.security import SecurityMiddleware

    seen = []

    async def app(scope, receive, send):
        seen.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    hosts = allowed_host_names("127.0.0.1", 8765)
    policy = SecurityPolicy(
        token="t", allowed_hosts=hosts, max_body_bytes=10, open_paths=("/pair",)
    )
    middleware = SecurityMiddleware(app, policy)

    def status(path, host="127.0.0.1:8765"):
        sent = []

        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            sent.append(message)

        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": b"",
            "headers": [(b"host", host.encode())],
        }
        asyncio.run(middleware(scope, receive, send))
        return sent[0]["status"]

    assert status("/pair") == 200 and status("/") == 401
    assert status("/pair", host="evil.example:8765") == 421
    assert seen == ["/pair"]


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
