"""The web app's HTTP and WebSocket edges: tokens, bad messages, disconnects, uploads."""

import json
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

import hingecoach.web.app as web_app
from hingecoach.web.app import create_app
from hingecoach.web.protocol import MAX_FRAME_BYTES, pack_frame
from hingecoach.web.settings import WebSettings
from tests.fixtures.cli import run_hingecoach
from tests.fixtures.media import clip_or_skip, noise_frames, write_video
from tests.unit.web.fakes import ReplayEstimator


def jpeg(width=64, height=48):
    ok, data = cv2.imencode(".jpg", np.full((height, width, 3), 90, dtype=np.uint8))
    assert ok
    return data.tobytes()


@pytest.fixture
def make_client(tmp_path):
    def make(frames=(), authed=True, **settings):
        settings = WebSettings(
            data_dir=tmp_path / "sets", allowed_hosts=("testserver",), **settings
        )
        app = create_app(settings, make_estimator=lambda: ReplayEstimator(frames))
        headers = {"authorization": f"Bearer {settings.token}"} if authed else {}
        return TestClient(app, headers=headers)

    return make


def test_pages_are_served(make_client):
    client = make_client()
    assert "hingecoach" in client.get("/").text
    assert "Drop a video" in client.get("/upload").text
    assert client.get("/static/live.js").status_code == 200


def test_garbage_messages_get_an_error_and_the_socket_stays_open(make_client):
    with make_client().websocket_connect("/ws/live") as ws:
        assert ws.receive_json()["type"] == "ready"
        ws.send_bytes(b"\x01\x02")
        assert "too short" in ws.receive_json()["message"]
        ws.send_bytes(pack_frame(10.0, b"not a jpeg at all"))
        reply = ws.receive_json()
        assert reply["type"] == "error" and "not a JPEG" in reply["message"]
        ws.send_text("{nonsense")
        assert "Unknown message" in ws.receive_json()["message"]
        ws.send_text(json.dumps({"type": "ping"}))
        assert ws.receive_json()["type"] == "pong"
        ws.send_bytes(pack_frame(20.0, jpeg()))
        frame = ws.receive_json()
        assert frame["type"] == "frame" and frame["t_ms"] == 20.0
        assert frame["tracked"] is False and frame["session"] == "setup"


def test_frames_out_of_order_are_refused_politely(make_client):
    with make_client().websocket_connect("/ws/live") as ws:
        ws.receive_json()
        ws.send_bytes(pack_frame(50.0, jpeg()))
        assert ws.receive_json()["type"] == "frame"
        ws.send_bytes(pack_frame(40.0, jpeg()))
        reply = ws.receive_json()
        assert reply["type"] == "error" and "does not increase" in reply["message"]


def test_an_oversized_frame_closes_that_socket_only(make_client):
    client = make_client()
    with client.websocket_connect("/ws/live") as other:
        other.receive_json()
        with client.websocket_connect("/ws/live") as ws:
            ws.receive_json()
            ws.send_bytes(pack_frame(1.0, b"\x00" * (MAX_FRAME_BYTES + 1)))
            assert "limit" in ws.receive_json()["message"]
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == 1009
        other.send_bytes(pack_frame(1.0, jpeg()))  # the other tab goes on
        assert other.receive_json()["type"] == "frame"
    with client.websocket_connect("/ws/live") as ws:
        ws.receive_json()
        ws.send_bytes(pack_frame(1.0, jpeg()))
        assert ws.receive_json()["type"] == "frame"


def test_abrupt_disconnects_do_not_stop_the_server(make_client):
    client = make_client()
    for _ in range(3):
        with client.websocket_connect("/ws/live") as ws:
            ws.receive_json()
            ws.send_bytes(pack_frame(1.0, jpeg()))  # leave without reading the answer
    assert client.get("/api/health").json()["ok"] is True
    with client.websocket_connect("/ws/live") as ws:
        ws.receive_json()
        ws.send_bytes(pack_frame(1.0, jpeg()))
        assert ws.receive_json()["type"] == "frame"


def test_too_many_tabs_get_a_clear_refusal(make_client):
    client = make_client(max_live_sessions=1)
    with client.websocket_connect("/ws/live") as first:
        first.receive_json()
        with client.websocket_connect("/ws/live") as second:
            reply = second.receive_json()
            assert "already open" in reply["message"]
            with pytest.raises(WebSocketDisconnect) as closed:
                second.receive_json()
            assert closed.value.code == 1013
        first.send_bytes(pack_frame(1.0, jpeg()))
        assert first.receive_json()["type"] == "frame"


def test_wrong_token_is_refused_on_pages_and_sockets(make_client):
    client = make_client(token="s3cret", authed=False)
    assert client.get("/").status_code == 401
    assert "token" in client.get("/?token=wrong").text
    with client.websocket_connect("/ws/live?token=wrong") as ws:
        assert "token" in ws.receive_json()["message"]
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 1008
    assert client.get("/?token=s3cret").status_code == 200
    assert client.get("/upload").status_code == 200  # the cookie now carries the token
    with client.websocket_connect("/ws/live?token=s3cret") as ws:
        assert ws.receive_json()["type"] == "ready"


def test_another_sites_page_cannot_open_the_socket(make_client):
    headers = {"origin": "http://evil.example"}
    with make_client().websocket_connect("/ws/live", headers=headers) as ws:
        assert "another site" in ws.receive_json()["message"]


def stream(ws, frames):
    ws.receive_json()
    for frame in frames:
        ws.send_bytes(pack_frame(frame.t_s * 1000.0, jpeg()))
        reply = ws.receive_json()
    return reply


def test_finish_saves_the_set_as_json(make_client, synthetic_session_factory, tmp_path):
    session = synthetic_session_factory("squatting", n_reps=3, noise_px=1.0)
    with make_client(session.frames).websocket_connect("/ws/live") as ws:
        assert stream(ws, session.frames)["rep_count"] == 3
        ws.send_text(json.dumps({"type": "finish"}))
        finished = ws.receive_json()
    assert finished["type"] == "finished" and finished["rep_count"] == 3
    record = json.loads(Path(finished["saved"]).read_text())
    assert record["rep_count"] == 3 and len(record["reps"]) == 3
    assert finished["saved"].startswith(str(tmp_path / "sets"))


def test_end_set_shows_the_card_then_keep_or_discard(
    make_client, synthetic_session_factory, tmp_path
):
    session = synthetic_session_factory("squatting", n_reps=3, noise_px=1.0)
    frames = session.frames
    with make_client(frames + frames).websocket_connect("/ws/live?variant=dumbbell_rdl") as ws:
        stream(ws, frames)
        ws.send_text(json.dumps({"type": "end_set"}))
        card = ws.receive_json()
        assert card["type"] == "set_summary" and card["rep_count"] == 3
        assert card["focus"]["cue"] and len(card["reps"]) == 3
        ws.send_text(json.dumps({"type": "discard"}))
        assert ws.receive_json() == {"type": "discarded", "saved": None}
        ws.send_text(json.dumps({"type": "keep"}))
        assert ws.receive_json()["type"] == "error"  # nothing waits any more
        offset = frames[-1].t_s + 1.0
        for frame in frames:
            ws.send_bytes(pack_frame((offset + frame.t_s) * 1000.0, jpeg()))
            reply = ws.receive_json()
        assert reply["rep_count"] == 3 and reply["session"] == "counting"
        ws.send_text(json.dumps({"type": "end_set"}))
        assert ws.receive_json()["rep_count"] == 3
        ws.send_text(json.dumps({"type": "keep"}))
        kept = ws.receive_json()
    assert kept["type"] == "kept"
    record = json.loads(Path(kept["saved"]).read_text())
    assert record["rep_count"] == 3 and record["variant"] == "dumbbell_rdl"
    assert record["card"]["rep_count"] == 3
    assert len(list((tmp_path / "sets").glob("set-*.json"))) == 1


def test_a_disconnect_mid_set_still_saves_it(make_client, synthetic_session_factory, tmp_path):
    session = synthetic_session_factory("none", n_reps=2, noise_px=1.0)
    with make_client(session.frames).websocket_connect("/ws/live") as ws:
        stream(ws, session.frames)
    deadline = time.monotonic() + 5
    while not list((tmp_path / "sets").glob("set-*.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    (saved,) = (tmp_path / "sets").glob("set-*.json")
    assert json.loads(saved.read_text())["rep_count"] == 2


@pytest.fixture
def upload_dirs(tmp_path, monkeypatch):
    made = []

    def new_dir(root):
        folder = tmp_path / f"upload{len(made)}"
        folder.mkdir()
        made.append(folder)
        return folder

    monkeypatch.setattr(web_app, "new_upload_dir", new_dir)
    return made


def wait_for_job(client, job_id, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(f"/api/uploads/{job_id}").json()
        if job["state"] in ("done", "error"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"upload {job_id} did not finish in {timeout_s} s")


def test_upload_that_is_not_a_video_is_refused(make_client, upload_dirs):
    response = make_client().post(
        "/api/uploads", files={"file": ("notes.mp4", b"hello, not a video", "video/mp4")}
    )
    assert response.status_code == 415
    assert response.json()["message"] == (
        "notes.mp4 is not a video this app can read; upload an MP4, MOV or WebM file."
    )
    assert not any(folder.exists() for folder in upload_dirs)


def test_oversized_and_empty_uploads_are_refused(make_client, upload_dirs):
    client = make_client(max_upload_bytes=1_000)
    big = client.post("/api/uploads", files={"file": ("big.mp4", b"x" * 300_000, "video/mp4")})
    assert big.status_code == 413 and "limit" in big.json()["message"]
    empty = client.post("/api/uploads", files={"file": ("e.mp4", b"", "video/mp4")})
    assert empty.status_code == 400 and "empty" in empty.json()["message"]
    assert not any(folder.exists() for folder in upload_dirs)


def test_unknown_job_is_a_404(make_client):
    response = make_client().get("/api/uploads/nope")
    assert response.status_code == 404 and "upload the video again" in response.json()["message"]


@pytest.mark.slow
def test_upload_without_a_person_reports_it_and_deletes_the_file(
    make_client, upload_dirs, tmp_path
):
    video = write_video(tmp_path / "empty_room.mp4", noise_frames(20, 160, 120), fps=10)
    client = make_client()
    response = client.post(
        "/api/uploads", files={"file": ("room.mp4", video.read_bytes(), "video/mp4")}
    )
    assert response.status_code == 202
    job = wait_for_job(client, response.json()["id"])
    assert job["state"] == "error" and job["error"]
    assert not upload_dirs[0].exists()


@pytest.mark.slow
@pytest.mark.clips
def test_upload_of_a_real_clip_gives_the_analysis(make_client, upload_dirs):
    clip = clip_or_skip("jeffchen/good.mp4")
    client = make_client()
    response = client.post(
        "/api/uploads", files={"file": ("good.mp4", clip.read_bytes(), "video/mp4")}
    )
    assert response.status_code == 202
    job = wait_for_job(client, response.json()["id"])
    assert job["state"] == "done", job["error"]
    assert job["result"]["rep_count"] == 1
    assert job["frames_done"] > 0
    assert not upload_dirs[0].exists()
    if job["report_url"]:  # the HTML report, when the report package is installed
        report = client.get(job["report_url"])
        assert report.status_code == 200 and "<html" in report.text.lower()
        assert str(upload_dirs[0]) not in report.text
    assert client.get("/reports/unknown").status_code == 404


def test_serve_refuses_a_network_address_without_a_token(monkeypatch):
    monkeypatch.delenv("HINGECOACH_TOKEN", raising=False)
    done = run_hingecoach("serve", "--host", "0.0.0.0", timeout=60)
    assert done.returncode == 2
    assert "token is required" in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2
