"""``kill -9`` at any moment loses nothing that was finished: live sets, report folders, JSON.

Each test kills a real process several times, at different moments, and checks what is
left on disk: the old file or the new one, never a mix, and a running live set's counted
reps come back on the next start.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import cv2
import numpy as np
import pytest
from websockets.sync.client import connect

from hingecoach.synthetic import synthetic_session
from hingecoach.web.harness import free_port
from hingecoach.web.protocol import pack_frame

TOKEN = "kill-test-token"


def start_replay_server(port, data_dir):
    command = [sys.executable, "-m", "tests.integration.crash.replay_server"]
    process = subprocess.Popen([*command, str(port), str(data_dir), TOKEN])
    deadline = time.monotonic() + 120  # importing the web stack is slow on a busy machine
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise AssertionError("the replay server did not start")


def jpeg():
    ok, data = cv2.imencode(".jpg", np.full((48, 64, 3), 90, dtype=np.uint8))
    assert ok
    return data.tobytes()


@pytest.mark.parametrize("kill_after_reps", [1, 2, 4])
def test_a_killed_live_set_keeps_its_counted_reps(tmp_path, kill_after_reps):
    port, data_dir = free_port(), tmp_path / "sets"
    frames = synthetic_session("none", n_reps=6, noise_px=1.0).frames
    server = start_replay_server(port, data_dir)
    counted = 0
    try:
        url = f"ws://127.0.0.1:{port}/ws/live?token={TOKEN}"
        with connect(url, origin=f"http://127.0.0.1:{port}", open_timeout=20) as ws:
            assert json.loads(ws.recv(timeout=20))["type"] == "ready"
            picture = jpeg()
            for frame in frames:
                ws.send(pack_frame(frame.t_s * 1000.0, picture))
                counted = json.loads(ws.recv(timeout=20))["rep_count"]
                if counted >= kill_after_reps:
                    break
            time.sleep(0.05 * kill_after_reps)  # kill at slightly different moments
            os.kill(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    assert counted == kill_after_reps
    assert not list(data_dir.glob("set-*.json"))  # nothing was finished before the kill
    (checkpoint,) = data_dir.glob("checkpoint-*.json")
    restarted = start_replay_server(free_port(), data_dir)
    try:
        deadline = time.monotonic() + 30
        while not list(data_dir.glob("set-*.json")) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        restarted.terminate()
        restarted.wait(timeout=20)
    (saved,) = data_dir.glob("set-*.json")
    record = json.loads(saved.read_text())
    assert record["recovered"] is True and record["rep_count"] == kill_after_reps
    assert not checkpoint.exists()


def run_demo(*args, cwd):
    return subprocess.Popen(
        [sys.executable, "-m", "hingecoach", "demo", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def report_state(folder):
    """'old', 'new' or a description of a broken folder."""
    names = {p.name for p in folder.iterdir()}
    expected = {"report.html", "analysis.json", "frames.npz", "kinematics.csv", "markers.trc"}
    if names != expected:
        return f"files {sorted(names)}"
    summary = json.loads((folder / "analysis.json").read_text())
    with np.load(folder / "frames.npz") as npz:
        n_frames = npz["t_s"].shape[0]
    csv_rows = (folder / "kinematics.csv").read_text().count("\n") - 1
    if csv_rows != n_frames or summary["frames"] != n_frames:
        return f"mixed: {n_frames} frames, {csv_rows} csv rows, {summary['frames']} in JSON"
    html = (folder / "report.html").read_text()
    state = "old" if summary["rep_count"] == 2 else "new"
    if f'id="rep-count">{summary["rep_count"]}' not in html:
        return f"report.html does not match analysis.json ({state})"
    return state


@pytest.mark.parametrize("kill_at_share", [0.6, 0.8, 0.95])
def test_a_killed_report_run_leaves_the_old_report_or_the_new_one(
    tmp_path, kill_at_share, demo_report_2_reps
):
    folder, json_path = tmp_path / "report", tmp_path / "set.json"
    # The old report: the session's one two-rep demo run, as if it had been run here.
    demo_report_2_reps.copy_to(folder, json_path)
    # Killed at a share of a whole run's time: late shares land while files are written.
    kill_at_s = kill_at_share * demo_report_2_reps.seconds
    old_json = json_path.read_text()
    assert report_state(folder) == "old"
    second = run_demo(
        "--reps", "6", "--report", str(folder), "--json", str(json_path), cwd=tmp_path
    )
    time.sleep(kill_at_s)
    second.kill()
    second.wait(timeout=10)
    assert report_state(folder) in ("old", "new")
    text = json_path.read_text()
    assert text == old_json or json.loads(text)["rep_count"] == 6
    # The next run cleans what the killed one left beside the folder and succeeds.
    third = run_demo("--reps", "3", "--report", str(folder), cwd=tmp_path)
    assert third.wait(timeout=120) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".hingecoach-tmp")] == []
    assert report_state(folder) == "new"
