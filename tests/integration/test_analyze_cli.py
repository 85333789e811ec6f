"""`hingecoach analyze` and `demo` end to end, on short real clips and the synthetic set."""

import json

import pytest
from benchmarks.clips import CLIPS_DIR, load_manifest

from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.pose.mediapipe_backend import MediaPipePoseEstimator
from hingecoach.reps.segmenter import RepEventKind
from hingecoach.source.video_file import iter_video_frames
from tests.fixtures.analysis_checks import check_analysis_json, check_kinematics_csv
from tests.fixtures.cli import run_hingecoach

needs_clips = pytest.mark.skipif(not CLIPS_DIR.is_dir(), reason="../shared/clips is not present")
# The two shortest clips through the real command line: a pull from the floor and an RDL
# that never locks out; expected counts from MANIFEST.csv. The same checks on the JSON of
# longer clips (a rep that starts at the bottom, an oblique view) read the session's one
# analysis of every clip: tests/clips/test_analysis_outputs.py.
SHORT_CLIPS = ["jeffchen/good.mp4", "jeffchen/rdl.mp4"]


def manifest_clip(path):
    return next(clip for clip in load_manifest() if clip.path == path)


@needs_clips
@pytest.mark.clips
@pytest.mark.slow
@pytest.mark.parametrize("clip", SHORT_CLIPS)
def test_analyze_counts_and_writes_json_and_csv(tmp_path, clip):
    json_path, csv_path = tmp_path / "a.json", tmp_path / "k.csv"
    done = run_hingecoach(
        "analyze",
        str(CLIPS_DIR / clip),
        "--json",
        str(json_path),
        "--csv",
        str(csv_path),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    data = json.loads(json_path.read_text())
    check_analysis_json(data, manifest_clip(clip))
    check_kinematics_csv(csv_path.read_text(), data)
    assert f"{data['rep_count']} rep(s) counted" in done.stdout


@needs_clips
@pytest.mark.clips
@pytest.mark.slow
def test_live_streaming_core_counts_a_real_clip_like_offline():
    analyzer = StreamingAnalyzer()
    events = []
    with MediaPipePoseEstimator() as estimator:
        for frame in iter_video_frames(CLIPS_DIR / "sebitzu/rdl.mp4"):
            update = analyzer.update(
                estimator.estimate(frame.rgb, index=frame.index, t_s=frame.t_s)
            )
            if update.event is not None:
                events.append(update.event)
    completed = [event for event in events if event.kind is RepEventKind.COMPLETED]
    assert len(completed) == manifest_clip("sebitzu/rdl.mp4").reps_expected


def test_demo_runs_the_synthetic_set_through_the_same_core(tmp_path):
    json_path = tmp_path / "demo.json"
    done = run_hingecoach(
        "demo", "--fault", "squatting", "--reps", "3", "--json", str(json_path), timeout=300
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(json_path.read_text())
    assert data["rep_count"] == 3
    assert data["reps"][0]["knee_flexion_at_bottom_deg"] > 60  # the squat pattern shows
    assert "Ground truth: 3 reps; counted: 3." in done.stdout


def test_demo_rejects_an_unknown_fault_in_one_sentence():
    done = run_hingecoach("demo", "--fault", "wobbly", timeout=300)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "wobbly" in done.stderr


def test_analyze_refuses_a_bad_config_or_exercise_in_one_sentence(tmp_path):
    config = tmp_path / "coach.toml"
    config.write_text("[faults]\nrounded_bak_pct = 30\n", encoding="utf-8")
    video = str(tmp_path / "never_read.mp4")
    for extra, said in (
        (["--config", str(config)], "Unknown key 'rounded_bak_pct'"),
        (["--exercise", "squat"], "Unknown exercise 'squat'"),
    ):
        done = run_hingecoach("analyze", video, *extra, timeout=300)
        assert done.returncode == 2, done.stderr
        assert said in done.stderr and "Traceback" not in done.stderr


@needs_clips
@pytest.mark.clips
@pytest.mark.slow
def test_analyze_daily_gives_the_bends_in_the_terminal_and_the_json(tmp_path):
    json_path = tmp_path / "a.json"
    clip = CLIPS_DIR / "jeffchen/good.mp4"  # 2 s: one pull from the floor, a hinge
    done = run_hingecoach(
        "analyze", str(clip), "--exercise", "daily", "--json", str(json_path), "--no-store",
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(json_path.read_text())
    assert data["exercise"] == "daily" and data["exercise_source"] == "given"
    bends = data["bends"]
    assert bends["version"] == 1 and bends["count"] == data["rep_count"] == 1
    assert bends["items"][0]["class"] == "hinge"
    assert "Good bends (hinges): 1 of 1" in done.stdout
