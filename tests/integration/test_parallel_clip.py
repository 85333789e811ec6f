"""Pose in two worker processes gives the one-pass landmarks, in order, joined seamlessly.

A 4-second cut of a real side-view clip is tracked in one pass and in two runs of frames
(each in its own process, the second with a one-second lead-in that it drops), with each
pose backend: the legacy graph and the Tasks landmarker (the only one on CPython 3.13).
"""

import logging

import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.parallel import ParallelParams, plan_runs, track_video_parallel
from hingecoach.analysis.video import track_video
from hingecoach.pose.backends import PoseBackend, legacy_available
from hingecoach.pose.tasks_backend import default_models_dir
from tests.fixtures.media import clip_or_skip, write_clip_cut

CLIP = "tby66/0016k_1.mp4"
#: Shoulders, hips, knees and ankles: the landmarks the kinematics are made of.
BODY = [11, 12, 23, 24, 25, 26, 27, 28]
#: Short runs, so that a 4 s cut is split in two (the default wants 10 s a run).
PARAMS = ParallelParams(overlap_s=1.0, min_chunk_s=1.0)

pytestmark = [pytest.mark.clips, pytest.mark.slow]


BACKENDS = [
    pytest.param(
        PoseBackend.LEGACY,
        marks=pytest.mark.skipif(not legacy_available(), reason="mediapipe has no legacy API"),
    ),
    pytest.param(
        PoseBackend.TASKS,
        marks=pytest.mark.skipif(
            not (default_models_dir() / "pose_landmarker_full.task").is_file(),
            reason="the Tasks model is not installed (make setup installs it)",
        ),
    ),
]


@pytest.fixture(scope="module")
def cut(tmp_path_factory):
    return write_clip_cut(
        clip_or_skip(CLIP), tmp_path_factory.mktemp("parallel") / "cut.mp4", start_s=2.0, stop_s=6.0
    )


@pytest.fixture(scope="module", params=BACKENDS, ids=lambda backend: backend.value)
def tracked(request, cut):
    video, backend = cut, request.param
    one_pass = track_video(video, backend=backend)
    progress: list[tuple[int, int]] = []
    gave_up: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = gave_up.append  # type: ignore[method-assign]
    logging.getLogger("hingecoach.analysis.parallel").addHandler(handler)
    try:
        two_runs = track_video_parallel(
            video,
            workers=2,
            parallel=PARAMS,
            on_progress=lambda done, n: progress.append((done, n)),
            backend=backend,
        )
    finally:
        logging.getLogger("hingecoach.analysis.parallel").removeHandler(handler)
    # Both passes ran on the asked backend, the workers too (no fall-back to one pass).
    assert not gave_up, [record.getMessage() for record in gave_up]
    assert one_pass.model_name == two_runs.model_name
    assert ("tasks" in two_runs.model_name) is (backend is PoseBackend.TASKS)
    join = plan_runs(len(one_pass.series.t_s), 2, fps=one_pass.info.fps, params=PARAMS)[1].first
    return one_pass, two_runs, join, progress


def test_frames_come_back_complete_and_in_order(tracked):
    one_pass, two_runs, _, _ = tracked
    assert len(two_runs.series.t_s) == len(one_pass.series.t_s) > 200
    np.testing.assert_allclose(two_runs.series.t_s, one_pass.series.t_s)
    assert np.all(np.diff(two_runs.series.t_s) > 0)
    assert two_runs.tape_lines_xy_px[0].shape == one_pass.tape_lines_xy_px[0].shape


def test_progress_counts_both_runs_up_to_every_frame(tracked):
    # The first run is tracked in this process and the worker's news is read between its
    # frames and after them: the count never goes back and ends at the video's frames.
    one_pass, _, _, progress = tracked
    n_frames = len(one_pass.series.t_s)
    done = [count for count, _ in progress]
    assert all(expected == n_frames for _, expected in progress)
    assert done == sorted(done) and done[-1] == n_frames


def test_landmarks_match_one_pass_before_and_after_the_join(tracked):
    one_pass, two_runs, join, _ = tracked
    ours, theirs = two_runs.series.image_xyz_px, one_pass.series.image_xyz_px
    # The first run is one pass over the same frames: identical.
    np.testing.assert_array_equal(ours[:join], theirs[:join])
    # After the lead-in the tracker has found the same body: within a pixel or so
    # (measured: median 0.07 px, 95th percentile 0.4 px on the full clip).
    error = np.linalg.norm(ours[join:, BODY, :2] - theirs[join:, BODY, :2], axis=-1)
    assert np.isnan(error).mean() < 0.01
    assert np.nanmedian(error) < 1.0
    assert np.nanpercentile(error, 95) < 3.0


def test_kinematics_and_form_are_unchanged(tracked):
    one_pass, two_runs, _, _ = tracked
    results = [
        analyze_landmarks(t.series, model_name=t.model_name, contours=t.contours)
        for t in (one_pass, two_runs)
    ]
    hips = [np.asarray(r.kinematics.hip_flexion_deg) for r in results]
    assert np.nanmax(np.abs(hips[0] - hips[1])) < 2.0
    assert results[0].rep_count == results[1].rep_count
    assert results[0].view.view == results[1].view.view
