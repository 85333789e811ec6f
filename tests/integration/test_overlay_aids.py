"""`analyze --aids`: the virtual chair and band drawn on the overlay video of a real clip."""

from pathlib import Path

import av
import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.video import track_video
from hingecoach.report.data import report_data_from_result
from hingecoach.report.draw import CHAIR_LIT_BGR
from hingecoach.report.overlay import render_overlay
from tests.fixtures.cli import run_hingecoach
from tests.fixtures.media import clip_or_skip

CLIP = "jeffchen/good.mp4"  # 62 frames, one deadlift rep from the side


def lit_chair_pixels(path: Path) -> list[int]:
    """Per frame, the pixels in the lit chair's green."""
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]
    target = np.array(CHAIR_LIT_BGR, dtype=np.int16)
    return [int((np.abs(f.astype(np.int16) - target).max(axis=2) < 25).sum()) for f in frames]


@pytest.mark.clips
@pytest.mark.slow
def test_overlay_draws_the_chair_lit_at_the_bottom_of_the_rep(tmp_path):
    source = clip_or_skip(CLIP)
    tracked = track_video(source)
    result = analyze_landmarks(tracked.series, model_name=tracked.model_name)
    data = report_data_from_result(result)
    with_aids, without = tmp_path / "aids.mp4", tmp_path / "plain.mp4"
    render_overlay(source, with_aids, data, aids=frozenset({"chair", "band", "tape"}))
    render_overlay(source, without, data, aids=frozenset())
    lit, plain = lit_chair_pixels(with_aids), lit_chair_pixels(without)
    assert len(lit) == len(plain) == data.n_frames
    # The hips reach the chair at the bottom of the rep (the lift starts there, from the
    # floor), not at the top, standing tall.
    bottom = int(np.nanargmax(data.hip_flexion_deg))
    top = int(np.nanargmin(data.hip_flexion_deg))
    assert lit[bottom] > 200 and plain[bottom] < 50
    assert lit[top] < 50


def test_aids_need_a_report_and_known_names(tmp_path):
    video = tmp_path / "set.mp4"
    video.write_bytes(b"")
    done = run_hingecoach("analyze", str(video), "--aids", "chair", timeout=60)
    assert done.returncode == 2 and "--report" in done.stderr
    done = run_hingecoach(
        "analyze", str(video), "--aids", "sofa", "--report", str(tmp_path), timeout=60
    )
    assert done.returncode == 2 and "Unknown learning aid sofa" in done.stderr
