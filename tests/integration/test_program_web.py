"""The program's web pages and API, and every set (live, upload) landing in the history."""

import json
import re
import time

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient

import hingecoach.web.app as web_app
import hingecoach.web.uploads as uploads
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.store.sets import SetStore
from hingecoach.web.app import create_app
from hingecoach.web.protocol import pack_frame
from hingecoach.web.settings import WebSettings
from tests.fixtures.media import noise_frames, write_video
from tests.unit.web.fakes import ReplayEstimator

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.IGNORECASE)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("HINGECOACH_DB", raising=False)  # the DB beside the sets folder
    return tmp_path / "sets"


def make_client(data_dir, frames=()):
    settings = WebSettings(data_dir=data_dir, allowed_hosts=("testserver",))
    app = create_app(settings, make_estimator=lambda: ReplayEstimator(frames))
    return TestClient(app, headers={"authorization": f"Bearer {settings.token}"})


def stored(data_dir, profile="default"):
    store = SetStore.open(f"sqlite:///{data_dir.parent / 'hingecoach.db'}")
    try:
        return store.sets(profile)
    finally:
        store.close()


def test_pages_have_no_inline_script_and_plotly_is_local(data_dir):
    client = make_client(data_dir)
    for page, text in (("/today", "Pain check-in"), ("/history", "History")):
        html = client.get(page).text
        assert text in html and not INLINE_SCRIPT.search(html)
    assert "plotly" in client.get("/vendor/plotly.min.js").text[:2000].lower()
    for name in ("today.js", "history.js", "program_common.js", "program.css"):
        assert client.get(f"/static/{name}").status_code == 200


def test_plan_check_in_and_history_api(data_dir):
    client = make_client(data_dir)
    plan = client.get("/api/program/today", params={"profile": "ana"}).json()
    assert plan["step"]["id"] == "hands_clasped_hinge" and plan["action"] == "start"
    assert len(plan["red_flags"]) == 5 and "caution" in plan
    answer = client.post("/api/program/pain", params={"profile": "ana"},
                         json={"value": 4, "when": "after"})
    assert answer.status_code == 201 and answer.json()["action"] == "hold"
    history = client.get("/api/program/history", params={"profile": "ana"}).json()
    assert history["series"]["pain"]["after"]["value"] == [4]
    assert client.get("/api/program/profiles").json()["profiles"] == ["ana"]
    flagged = client.post("/api/program/pain", json={"value": 1, "flags": ["leg_weakness"],
                                                     "profile": "ana"})
    assert flagged.json()["action"] == "stop"
    stop = client.get("/api/program/today", params={"profile": "ana"}).json()
    assert stop["action"] == "stop" and stop["step"] is None


@pytest.mark.parametrize(
    "body",
    [{"value": 11}, {"value": -1}, {"value": "x"}, {"value": 2, "when": "noon"},
     {"value": 2, "flags": "night_pain"}, [1, 2]],
)
def test_bad_check_ins_get_one_sentence(data_dir, body):
    response = make_client(data_dir).post("/api/program/pain", json=body)
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.endswith(".") and "\n" not in message


def jpeg():
    ok, data = cv2.imencode(".jpg", np.full((48, 64, 3), 90, dtype=np.uint8))
    assert ok
    return data.tobytes()


def test_a_finished_live_set_is_stored_once(data_dir, synthetic_session_factory):
    session = synthetic_session_factory("squatting", n_reps=3, noise_px=1.0)
    with make_client(data_dir, session.frames).websocket_connect("/ws/live") as ws:
        ws.receive_json()
        for frame in session.frames:
            ws.send_bytes(pack_frame(frame.t_s * 1000.0, jpeg()))
            ws.receive_json()
        ws.send_text(json.dumps({"type": "finish"}))
        finished = ws.receive_json()
    (row,) = stored(data_dir)
    assert row.source == "live" and row.rep_count == 3 and row.uid in finished["saved"]
    make_client(data_dir)  # a restart imports old files, but not this one again
    assert len(stored(data_dir)) == 1


def test_a_tab_closed_after_a_few_frames_leaves_no_set(data_dir):
    with make_client(data_dir).websocket_connect("/ws/live") as ws:
        ws.receive_json()
        for i in range(3):
            ws.send_bytes(pack_frame(40.0 * (i + 1), jpeg()))
            ws.receive_json()
    time.sleep(1.0)  # the finish runs on the pose thread after the socket closes
    assert stored(data_dir) == [] and not list(data_dir.glob("set-*.json"))


def test_earlier_live_files_are_imported_at_start(data_dir):
    data_dir.mkdir(parents=True)
    record = {"rep_count": 4, "reps": [{"score": 90}] * 4, "saved_at_utc": "2026-02-01T08:00:00Z"}
    (data_dir / "set-20260201-080000-aaaa.json").write_text(json.dumps(record))
    make_client(data_dir)
    (row,) = stored(data_dir)
    assert row.rep_count == 4 and row.score == 90


def test_an_analysed_upload_is_stored(data_dir, tmp_path, monkeypatch, synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=3)
    result = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames),
                               model_name="synthetic-hinge-model")
    monkeypatch.setattr(uploads, "analyze_video", lambda *a, **k: result)
    folder = tmp_path / "upload"
    folder.mkdir()
    monkeypatch.setattr(web_app, "new_upload_dir", lambda root: folder)
    video = write_video(tmp_path / "set.mp4", noise_frames(10, 160, 120), fps=10)
    client = make_client(data_dir)
    job = client.post("/api/uploads", files={"file": ("set.mp4", video.read_bytes())}).json()
    deadline = time.monotonic() + 60
    while client.get(f"/api/uploads/{job['id']}").json()["state"] not in ("done", "error"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    (row,) = stored(data_dir)
    assert row.source == "upload" and row.rep_count == 3
