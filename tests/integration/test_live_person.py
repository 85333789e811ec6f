"""The live socket takes the person's body and load: stored defaults, garbage refused politely."""

import json

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient

from hingecoach.store.db import DB_ENV
from hingecoach.store.sets import SetStore, default_profile
from hingecoach.web.app import create_app
from hingecoach.web.protocol import pack_frame
from hingecoach.web.settings import WebSettings
from tests.unit.web.fakes import ReplayEstimator

GARBAGE = [
    {"type": "person", "body_mass_kg": "heavy"},
    {"type": "person", "height_m": 175},
    {"type": "person", "load_kg": -1},
    {"type": "person", "shoe_size": 44},
]


@pytest.fixture
def client(tmp_path, monkeypatch, synthetic_session_factory):
    db = f"sqlite:///{tmp_path / 'own.db'}"
    monkeypatch.setenv(DB_ENV, db)  # this test's own store
    store = SetStore.open(db)
    try:
        store.set_body_measures(default_profile(), body_mass_kg=58.0, height_m=1.6)
    finally:
        store.close()
    frames = synthetic_session_factory("none", n_reps=2, noise_px=1.0).frames
    settings = WebSettings(data_dir=tmp_path / "sets", allowed_hosts=("testserver",))
    app = create_app(settings, make_estimator=lambda: ReplayEstimator(frames))
    headers = {"authorization": f"Bearer {settings.token}"}
    return TestClient(app, headers=headers), frames


def test_body_and_load_reach_the_next_reps_and_garbage_is_refused(client):
    client, frames = client
    ok, picture = cv2.imencode(".jpg", np.full((48, 64, 3), 90, dtype=np.uint8))
    assert ok
    with client.websocket_connect("/ws/live?variant=dumbbell_rdl") as ws:
        ready = ws.receive_json()
        assert ready["type"] == "ready"
        # What `hingecoach body` stored fills the page's fields.
        assert (ready["person"]["body_mass_kg"], ready["person"]["height_m"]) == (58.0, 1.6)
        for command in GARBAGE:
            ws.send_text(json.dumps(command))
            answer = ws.receive_json()
            assert answer["type"] == "error" and answer["about"] == "person"
            assert "Traceback" not in answer["message"] and "\n" not in answer["message"]
        ws.send_text(json.dumps({"type": "ping"}))
        assert ws.receive_json()["type"] == "pong"  # the session goes on
        entered = {"type": "person", "body_mass_kg": 62, "height_m": 1.64, "load_kg": 12.5}
        ws.send_text(json.dumps(entered))
        answer = ws.receive_json()
        assert answer["type"] == "person" and "62 kg, 1.64 m, 12.5 kg held" in answer["text"]
        loads = []
        for frame in frames:
            ws.send_bytes(pack_frame(frame.t_s * 1000.0, picture.tobytes()))
            reply = ws.receive_json()
            if reply["rep"] and reply["rep"]["lowback"]:
                loads.append(reply["rep"]["lowback"])
    assert loads, "no rep was judged"
    for load in loads:
        assert load["inputs"] == {
            "body_mass_kg": 62.0,
            "height_m": 1.64,
            "body_assumed": False,
            "load_kg": 12.5,
            "load_source": "given",
        }
        assert not any("Assumed" in flag or "Load unknown" in flag for flag in load["flags"])
