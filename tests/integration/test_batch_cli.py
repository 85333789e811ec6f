"""`hingecoach batch` on real clips: a broken video among them, killed part-way, resumed."""

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from tests.fixtures.cli import run_hingecoach
from tests.fixtures.media import clip_or_skip

#: Two of the shortest clips (29 and 62 frames, 600 × 600): one rep each.
CLIPS = {"1_bad.mp4": "jeffchen/bad.mp4", "2_good.mp4": "jeffchen/good.mp4"}



def test_a_batch_without_videos_is_refused_in_one_sentence(tmp_path):
    done = run_hingecoach("batch", str(tmp_path), "--out", str(tmp_path / "out"), timeout=120)
    assert done.returncode == 2
    assert "No video files found" in done.stderr and "Traceback" not in done.stderr


def test_negative_workers_are_refused(tmp_path):
    video = tmp_path / "x.mp4"
    video.write_bytes(b"not a video")
    done = run_hingecoach("analyze", str(video), "--workers", "-1", timeout=120)
    assert done.returncode == 2
    assert "--workers must be 0 or more" in done.stderr and "Traceback" not in done.stderr


def rows_of(out):
    with (out / "summary.csv").open(newline="", encoding="utf-8") as handle:
        return {row["video"]: row for row in csv.DictReader(handle)}


def analysed_records(videos):
    """record.json of every video analysed successfully so far."""
    return [
        path
        for path in videos.glob("*/record.json")
        if json.loads(path.read_text())["row"]["status"] == "ok"
    ]


def wait_for_first_analysis(process, videos, timeout_s=600):
    """Wait until a video's analysis is committed (the broken one fails first)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        if videos.is_dir() and analysed_records(videos):
            return
        if process.poll() is not None:
            pytest.fail(f"the batch ended before it could be killed: {process.stderr.read()}")
        time.sleep(0.2)
    pytest.fail("no video finished in time")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch_in")
    for name, clip in CLIPS.items():
        (folder / name).symlink_to(clip_or_skip(clip))
    # The first 5 kB of a real MP4, cut before its index: cannot be opened.
    source = clip_or_skip("jeffchen/good.mp4").read_bytes()
    (folder / "0_broken.mp4").write_bytes(source[:5000])
    return folder


@pytest.mark.clips
@pytest.mark.slow
def test_killed_batch_resumes_and_lists_the_broken_video(inputs, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "hingecoach", "batch", str(inputs), "--out", str(out)]
    # One video at a time, so the kill falls between videos or in the middle of one.
    process = subprocess.Popen(
        [*command, "-j", "1", "-q"], cwd=tmp_path, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_first_analysis(process, out / "videos")
        os.killpg(process.pid, signal.SIGKILL)  # no clean-up at all, as a power cut
    finally:
        process.wait(timeout=60)
    first = {p: p.stat().st_mtime_ns for p in analysed_records(out / "videos")}
    assert first  # what finished before the kill is complete on disk

    done = run_hingecoach("batch", str(inputs), "--out", str(out), "-j", "1", timeout=900)
    assert done.returncode == 1, done.stderr  # 1: one video failed, the rest are done
    assert "Traceback" not in done.stderr
    assert "already done" in done.stderr
    for record, mtime_ns in first.items():  # not analysed again
        assert record.stat().st_mtime_ns == mtime_ns
    rows = rows_of(out)
    assert sorted(rows) == ["0_broken.mp4", "1_bad.mp4", "2_good.mp4"]
    broken = rows["0_broken.mp4"]
    assert broken["status"] == "error" and "truncated or damaged" in broken["error"]
    for name in ("1_bad.mp4", "2_good.mp4"):
        assert rows[name]["status"] == "ok" and rows[name]["reps"] == "1"
        session = json.loads((out / rows[name]["folder"] / "analysis.json").read_text())
        assert session["rep_count"] == 1
    assert pq.read_table(out / "summary.parquet").num_rows == 3
    assert list((out / ".staging").iterdir()) == []
