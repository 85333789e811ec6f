"""The web app's defences, against a real ``hingecoach serve`` process on 127.0.0.1.

Every request here goes to the loopback address only; every loop is bounded.
"""

import http.client
import json
import re
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from websockets.sync.client import connect

from hingecoach.web.harness import free_port
from hingecoach.web.protocol import pack_frame
from tests.fixtures.cli import run_hingecoach

LIMIT_MB = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    port = free_port()
    command = [sys.executable, "-m", "hingecoach", "serve", "--port", str(port)]
    command += ["--data-dir", str(data_dir), "--max-upload-mb", str(LIMIT_MB), "--model", "lite"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"serving on (http://\S+/\?token=(\S+))", line)
        assert match, f"unexpected first line {line!r}: {process.stderr.read()[:500]}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield {"port": port, "token": match.group(2), "url": match.group(1), "data": data_dir}
    finally:
        process.terminate()
        process.wait(timeout=20)


def request(server, method, path, *, headers=None, body=None, token=True):
    connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=20)
    all_headers = {"Host": f"127.0.0.1:{server['port']}"}
    if token:
        all_headers["Cookie"] = f"hingecoach_token={server['token']}"
    all_headers.update(headers or {})
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def test_every_response_carries_the_security_headers(server):
    for path in ("/", "/upload", "/api/health", "/static/live.js", "/nope"):
        response, _ = request(server, "GET", path)
        csp = response.getheader("content-security-policy")
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert response.getheader("x-content-type-options") == "nosniff"
        assert response.getheader("referrer-policy") == "no-referrer"
        assert response.getheader("cache-control") == "no-store"
    response, _ = request(server, "GET", "/reports/unknown")
    assert "sandbox" in response.getheader("content-security-policy")


def test_the_token_is_needed_and_leaves_the_address_bar(server):
    response, data = request(server, "GET", "/", token=False)
    assert response.status == 401 and "token" in json.loads(data)["message"]
    response, _ = request(server, "GET", "/upload?token=wrong", token=False)
    assert response.status == 401
    response, _ = request(server, "GET", f"/upload?token={server['token']}&x=1", token=False)
    assert response.status == 303 and response.getheader("location") == "/upload?x=1"
    cookie = response.getheader("set-cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert request(server, "GET", "/upload")[0].status == 200


def test_a_foreign_host_is_refused(server):
    for host in ("evil.example", f"evil.example:{server['port']}", "127.0.0.1:1"):
        response, _ = request(server, "GET", "/api/health", headers={"Host": host})
        assert response.status == 421, host
    local = {"Host": f"localhost:{server['port']}"}
    assert request(server, "GET", "/api/health", headers=local)[0].status == 200


def test_a_cross_site_post_is_refused_even_with_the_cookie(server):
    form = (
        b"--b\r\nContent-Disposition: form-data; name=file; filename=a.mp4\r\n\r\nxx\r\n--b--\r\n"
    )
    content_type = {"Content-Type": "multipart/form-data; boundary=b"}
    for extra in (
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": f"https://127.0.0.1.evil.example:{server['port']}"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ):
        response, data = request(
            server, "POST", "/api/uploads", headers={**content_type, **extra}, body=form
        )
        assert response.status == 403 and "another site" in json.loads(data)["message"], extra
    same = {"Origin": f"http://127.0.0.1:{server['port']}", **content_type}
    response, data = request(server, "POST", "/api/uploads", headers=same, body=form)
    assert response.status == 415  # past the checks: the two bytes are not a video


def test_an_endless_chunked_upload_is_cut_at_the_limit(server):
    chunk = b"\0" * 65536
    sent = 0
    with socket.create_connection(("127.0.0.1", server["port"]), timeout=10) as conn:
        head = (
            f"POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1:{server['port']}\r\n"
            f"Cookie: hingecoach_token={server['token']}\r\nTransfer-Encoding: chunked\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n\r\n"
        )
        conn.sendall(head.encode())
        preamble = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\n'
        conn.sendall(b"%x\r\n%s\r\n" % (len(preamble), preamble))
        conn.setblocking(False)
        answer = b""
        deadline = time.monotonic() + 60
        while sent < 200 * LIMIT_MB * 1_000_000 and time.monotonic() < deadline:
            try:
                answer += conn.recv(4096)
                if answer:
                    break
            except BlockingIOError:
                pass
            try:
                sent += conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except BlockingIOError:
                time.sleep(0.005)
            except (BrokenPipeError, ConnectionResetError):
                break
        conn.setblocking(True)
        conn.settimeout(10)
        try:
            while b"\r\n\r\n" not in answer:
                more = conn.recv(4096)
                if not more:
                    break
                answer += more
        except (ConnectionResetError, TimeoutError):
            pass
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    # Cut near the limit, not after everything was spooled (socket buffers allow a few MB).
    assert sent < (LIMIT_MB + 16) * 1_000_000, sent
    leftovers = [p for p in server["data"].rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in leftovers) < 1_000_000


def test_a_declared_oversize_body_is_refused_before_reading(server):
    headers = {"Content-Length": str(10 * LIMIT_MB * 1_000_000), "Content-Type": "video/mp4"}
    connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=20)
    connection.putrequest("POST", "/api/uploads", skip_host=True)
    connection.putheader("Host", f"127.0.0.1:{server['port']}")
    connection.putheader("Cookie", f"hingecoach_token={server['token']}")
    for key, value in headers.items():
        connection.putheader(key, value)
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413 and "limit" in json.loads(response.read())["message"]


def ws_url(server):
    return f"ws://127.0.0.1:{server['port']}/ws/live?token={server['token']}"


def test_the_socket_refuses_a_foreign_origin(server):
    with connect(ws_url(server), origin="http://evil.example", open_timeout=20) as ws:
        reply = json.loads(ws.recv(timeout=20))
    assert reply["type"] == "error" and "another site" in reply["message"]
    with connect(ws_url(server).replace("token=", "token=x"), open_timeout=20) as ws:
        assert "token" in json.loads(ws.recv(timeout=20))["message"]


def bomb_jpeg(width, height):
    """A tiny JPEG whose frame header declares ``width`` x ``height`` pixels."""
    sof = b"\xff\xc0\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
    sof += b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return (
        b"\xff\xd8" + sof + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\0" * 600 + b"\xff\xd9"
    )


def test_a_decode_bomb_frame_is_refused_before_decoding(server):
    origin = f"http://127.0.0.1:{server['port']}"
    with connect(ws_url(server), origin=origin, open_timeout=30) as ws:
        assert json.loads(ws.recv(timeout=60))["type"] == "ready"
        started = time.monotonic()
        ws.send(pack_frame(10.0, bomb_jpeg(30000, 30000)))
        reply = json.loads(ws.recv(timeout=20))
        assert reply["type"] == "error" and "30000x30000" in reply["message"]
        assert time.monotonic() - started < 2.0
        ws.send(pack_frame(20.0, b"\x89PNG\r\n\x1a\n" + b"\0\0\0\x0d" + b"IHDR" + b"\xff" * 8))
        assert "over the" in json.loads(ws.recv(timeout=20))["message"]
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=20))["type"] == "pong"


def test_serve_on_a_busy_port_fails_before_serving(server):
    done = run_hingecoach("serve", "--port", str(server["port"]), timeout=60)
    assert done.returncode == 2
    assert "serving on" not in done.stdout
    assert "already in use" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_printed_address_works_in_one_step(server):
    parts = urlsplit(server["url"])
    response, _ = request(server, "GET", f"{parts.path}?{parts.query}", token=False)
    assert response.status == 303
