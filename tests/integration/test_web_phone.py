"""Pairing a phone: the one-time code, the cookie it leaves, the computer's view."""

import json

from fastapi.testclient import TestClient

from hingecoach.web.app import create_app
from hingecoach.web.protocol import pack_frame
from hingecoach.web.settings import WebSettings
from tests.integration.test_web_api import jpeg
from tests.unit.web.fakes import ReplayEstimator

TOKEN = "computer-token"


def make_app(tmp_path, frames=(), phone=True):
    settings = WebSettings(
        data_dir=tmp_path / "sets", token=TOKEN, phone=phone, allowed_hosts=("testserver",)
    )
    return create_app(settings, make_estimator=lambda: ReplayEstimator(frames))


def test_the_pairing_code_works_once_per_device_then_the_cookie_does(tmp_path):
    app = make_app(tmp_path)
    computer = TestClient(app, base_url="https://testserver")
    assert computer.get("/").status_code == 401  # no token: nothing
    info = computer.get(f"/api/phone?token={TOKEN}").json()
    assert info["enabled"] and "<svg" in info["qr_svg"]
    code = app.state.pairing.code
    assert info["url"] == f"https://testserver/pair?code={code}"
    phone = TestClient(app, base_url="https://testserver")
    paired = phone.get(f"/pair?code={code}")
    assert paired.status_code == 200 and "hingecoach" in paired.text
    assert "secure" in paired.headers["set-cookie"].lower()
    assert phone.get("/phone").status_code == 200  # the cookie now opens the pages
    assert phone.get(f"/pair?code={code}").status_code == 200  # scanning again: still in
    # (The test client sends no Secure cookie over its plain ws://; a browser does.)
    cookie = {"cookie": f"hingecoach_token={phone.cookies['hingecoach_token']}"}
    with phone.websocket_connect("/ws/live", headers=cookie) as ws:
        assert ws.receive_json()["type"] == "ready"
    # The same code on a second device is refused; the next code is shown instead.
    other = TestClient(app, base_url="https://testserver")
    assert other.get(f"/pair?code={code}").status_code == 401
    assert other.get("/phone").status_code == 401
    assert computer.get(f"/api/phone?token={TOKEN}").json()["url"].endswith(app.state.pairing.code)
    assert app.state.pairing.code != code


def test_pairing_is_off_without_phone_mode(tmp_path):
    app = make_app(tmp_path, phone=False)
    client = TestClient(app)
    assert client.get(f"/api/phone?token={TOKEN}").json() == {"enabled": False}
    assert client.get(f"/pair?code={app.state.pairing.code}").status_code == 401


def test_the_computer_sees_the_phones_frames_and_ends_its_set(tmp_path, synthetic_session_factory):
    session = synthetic_session_factory("squatting", n_reps=2, noise_px=1.0)
    app = make_app(tmp_path, session.frames)
    client = TestClient(app)
    with client.websocket_connect(f"/ws/watch?token={TOKEN}") as viewer:
        assert viewer.receive_json() == {"type": "watching", "camera": False}
        with client.websocket_connect(f"/ws/live?token={TOKEN}") as camera:
            assert camera.receive_json()["type"] == "ready"
            for frame in session.frames[:3]:
                camera.send_bytes(pack_frame(frame.t_s * 1000.0, jpeg()))
                assert camera.receive_json()["type"] == "frame"
            # The viewer was idle, so the first frame reached it: the JPEG, then its JSON
            # (later ones may be skipped while it is busy: it never holds up the camera).
            assert viewer.receive_bytes()[:2] == b"\xff\xd8"
            assert viewer.receive_json()["type"] == "frame"
            # The viewer ends the set (the phone gets the card too: the browser test checks
            # it; the test client runs each socket on its own event loop).
            viewer.send_text(json.dumps({"type": "end_set"}))
            kinds = []
            while "set_summary" not in kinds:
                message = viewer.receive()
                kinds.append(json.loads(message["text"])["type"] if "text" in message else "jpeg")
            assert set(kinds) <= {"jpeg", "frame", "set_summary"}


def test_watching_needs_the_token(tmp_path):
    client = TestClient(make_app(tmp_path))
    with client.websocket_connect("/ws/watch") as viewer:
        assert viewer.receive_json()["type"] == "error"


def test_serve_with_a_missing_calibration_says_so_in_one_sentence(tmp_path):
    from tests.fixtures.cli import run_hingecoach

    missing = tmp_path / "me.json"
    done = run_hingecoach(
        "serve", "--calibration", str(missing), "--data-dir", str(tmp_path / "sets"), timeout=60
    )
    assert done.returncode == 2
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr


def test_serve_refuses_an_unknown_exercise_or_config_key_in_one_sentence(tmp_path):
    from tests.fixtures.cli import run_hingecoach

    config = tmp_path / "coach.toml"
    config.write_text("[faults]\nsquat_idx = 0.8\n", encoding="utf-8")
    sets = str(tmp_path / "sets")
    for flags, said in (
        (("--exercise", "zercher_squat"), "Unknown exercise"),
        (("--config", str(config)), "Unknown key 'squat_idx'"),
    ):
        done = run_hingecoach("serve", *flags, "--data-dir", sets, timeout=60)
        assert done.returncode == 2, done.stderr
        assert said in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
