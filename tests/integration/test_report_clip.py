"""A real clip through the whole report path: analyse, report, open, re-render without pose."""

import json
import shutil
from fractions import Fraction

import av
import pytest

from hingecoach.report.build import rerender_report
from tests.fixtures.cli import run_hingecoach
from tests.fixtures.media import clip_or_skip
from tests.fixtures.report_browser import open_report

CLIP = "jeffchen/good.mp4"  # 62 frames, one rep, side view


def video_facts(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        pts = [frame.pts for frame in container.decode(stream)]
        return {
            "frames": len(pts),
            "duration_s": float(stream.duration * stream.time_base),
            "last_s": float(pts[-1] * stream.time_base),
            "rate": Fraction(stream.average_rate),
            "codec": stream.codec_context.name,
            "pix_fmt": stream.codec_context.pix_fmt,
            "size": (stream.width, stream.height),
        }


def refuse_pose(*args, **kwargs):
    raise AssertionError("re-rendering a report must not run pose estimation")


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clip_report")
    source = folder / "clip.mp4"
    shutil.copyfile(clip_or_skip(CLIP), source)
    done = run_hingecoach(
        "analyze", str(source), "-q", "--report", str(folder / "report"), timeout=300
    )
    assert done.returncode == 0, done.stderr
    return source, folder / "report"


@pytest.mark.clips
@pytest.mark.slow
def test_real_clip_report_files_and_overlay(analysed):
    source, folder = analysed
    summary = json.loads((folder / "analysis.json").read_text())
    assert summary["provenance"]["input"]["path"] == str(source.resolve())
    assert summary["rep_count"] >= 1
    trc = (folder / "markers.trc").read_text().splitlines()
    assert trc[2].split("\t")[2:5] == [str(summary["frames"]), "33", "m"]
    assert len((folder / "kinematics.csv").read_text().splitlines()) == summary["frames"] + 1
    original, overlay = video_facts(source), video_facts(folder / "overlay.mp4")
    assert overlay["frames"] == original["frames"] == summary["frames"]
    assert overlay["last_s"] == pytest.approx(original["last_s"], abs=1e-3)
    assert overlay["duration_s"] == pytest.approx(original["duration_s"], abs=1e-3)
    assert overlay["rate"] == original["rate"]
    assert (overlay["codec"], overlay["pix_fmt"]) == ("h264", "yuv420p")
    assert all(side % 2 == 0 for side in overlay["size"])


@pytest.mark.clips
@pytest.mark.slow
def test_real_clip_report_opens_in_chromium(analysed, tmp_path):
    _, folder = analysed
    summary = json.loads((folder / "analysis.json").read_text())
    check = open_report(folder / "report.html", tmp_path / "clip-report.png")
    assert check.console_errors == []
    # hip, knee, trunk, tape; with reps also the low-back moment and compression
    assert check.plots == 4 + (2 if summary["rep_count"] else 0)
    assert check.key_frames == check.key_frames_loaded == summary["rep_count"]
    assert (tmp_path / "clip-report.png").stat().st_size > 10_000


@pytest.mark.clips
@pytest.mark.slow
def test_rerender_needs_no_pose_and_drops_the_overlay_without_the_video(analysed, monkeypatch):
    source, folder = analysed
    monkeypatch.setattr("hingecoach.analysis.video.open_pose_estimator", refuse_pose)
    monkeypatch.setattr("hingecoach.pose.mediapipe_backend.MediaPipePoseEstimator", refuse_pose)
    (folder / "overlay.mp4").unlink()
    files = rerender_report(folder / "analysis.json")
    assert files.overlay is not None and files.overlay.is_file()
    assert video_facts(files.overlay)["frames"] == video_facts(source)["frames"]
    source.unlink()
    (folder / "overlay.mp4").unlink()
    files = rerender_report(folder)
    assert files.overlay is None and not (folder / "overlay.mp4").exists()
    page = files.html.read_text()
    assert "data:image/jpeg;base64," in page and "<video" not in page
