"""Uploads and reports stay under the data directory and are cleaned; live sets survive."""

import json
import os
import time

import pytest
from fastapi.testclient import TestClient

from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.web.app import create_app
from hingecoach.web.settings import WebSettings
from hingecoach.web.store import recover_checkpoints, write_checkpoint
from hingecoach.web.uploads import UploadJob, UploadJobs, new_upload_dir


def settings(tmp_path, **extra):
    return WebSettings(data_dir=tmp_path / "sets", allowed_hosts=("testserver",), **extra)


def test_start_up_and_shut_down_empty_the_uploads_folder(tmp_path):
    config = settings(tmp_path)
    stale = new_upload_dir(config.data_dir / "uploads") / "old.mp4"
    stale.write_bytes(b"x" * 100)
    app = create_app(config, make_estimator=lambda: None)
    headers = {"authorization": f"Bearer {config.token}"}
    with TestClient(app, headers=headers) as client:
        assert not stale.exists()  # cleaned at start-up
        new_upload_dir(config.data_dir / "uploads").joinpath("during.mp4").write_bytes(b"y")
        assert client.get("/api/health").status_code == 200
    assert not (config.data_dir / "uploads").exists()  # and at shut-down


def test_finished_reports_are_deleted_after_their_time(tmp_path):
    jobs = UploadJobs(PoseModel.LITE, tmp_path / "uploads", ttl_s=60.0)
    job = UploadJob("abc", "clip.mp4", state="done", ended_at=time.monotonic() - 61.0)
    report = tmp_path / "uploads" / "reports" / "abc" / "report.html"
    report.parent.mkdir(parents=True)
    report.write_text("<html></html>")
    jobs._jobs[job.id] = job
    fresh = UploadJob("def", "other.mp4", state="done", ended_at=time.monotonic())
    jobs._jobs[fresh.id] = fresh
    assert jobs.sweep() == 1
    assert not report.exists() and jobs.get("abc") is None and jobs.get("def") is fresh


def test_too_many_waiting_uploads_get_a_429(tmp_path, monkeypatch):
    config = settings(tmp_path)
    monkeypatch.setattr(UploadJobs, "pending", lambda self: config.max_queued_uploads)
    client = TestClient(
        create_app(config, make_estimator=lambda: None),
        headers={"authorization": f"Bearer {config.token}"},
    )
    response = client.post("/api/uploads", files={"file": ("a.mp4", b"xx", "video/mp4")})
    assert response.status_code == 429 and "already waiting" in response.json()["message"]


def test_a_dead_servers_checkpoint_becomes_a_recovered_set(tmp_path):
    data_dir = tmp_path / "sets"
    dead_pid = 2**22 + 12345  # above pid_max's default: no such process
    mine = data_dir / f"checkpoint-{os.getpid()}-aaaa.json"
    dead = data_dir / f"checkpoint-{dead_pid}-bbbb.json"
    write_checkpoint(mine, {"rep_count": 2, "reps": [{}, {}]})
    write_checkpoint(dead, {"rep_count": 3, "reps": [{}, {}, {}]})
    (saved,) = recover_checkpoints(data_dir)
    record = json.loads(saved.read_text())
    assert record["recovered"] is True and record["rep_count"] == 3
    assert mine.exists() and not dead.exists()  # a running server's set is left alone


@pytest.mark.parametrize("content", ["{broken", "[]"])
def test_a_leftover_part_file_is_finished_or_ignored(tmp_path, content):
    data_dir = tmp_path / "sets"
    data_dir.mkdir()
    part = data_dir / "set-20260101-000000-abcd.json.part"
    part.write_text(content)
    saved = recover_checkpoints(data_dir)
    assert (saved == [data_dir / "set-20260101-000000-abcd.json"]) == (content == "[]")
