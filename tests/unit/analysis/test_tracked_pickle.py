"""A pickled TrackedVideo made before the lower back was measured apart still serves."""

import pickle
from pathlib import Path

import numpy as np

from hingecoach.analysis.video import TrackedVideo
from hingecoach.form.back_cues import FacingContours
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.pose.second_person import SecondPersonParams
from hingecoach.source.video_file import VideoInfo
from hingecoach.synthetic.silhouette import measure_synthetic_contours


def test_old_contours_are_measured_again_from_the_stored_lines(synthetic_session_factory):
    session = synthetic_session_factory("rounded_back", n_reps=1, fps=15.0, image_size=(640, 360))
    contours, lines = measure_synthetic_contours(session)
    # The contours as an older version pickled them: whole-back sagitta and confidence only.
    old = FacingContours.__new__(FacingContours)
    n = len(session.frames)
    old.__setstate__([(np.zeros(n), np.zeros(n)), contours.confidence])
    info = VideoInfo(Path("x.mp4"), 640, 360, 15.0, n, n / 15.0, 0, "h264")
    tracked = TrackedVideo(
        info=info,
        series=LandmarkSeries.from_pose_frames(session.frames),
        contours=old,
        model_name="t",
        warnings=(),
        second_person_params=SecondPersonParams(),
        tape_lines_xy_px=lines,
    )
    loaded = pickle.loads(pickle.dumps(tracked))
    expected, _, _ = contours.for_facing(1)
    rebuilt, _, _ = loaded.contours.for_facing(1)
    assert np.isfinite(rebuilt).sum() == np.isfinite(expected).sum() > n / 2
    assert np.allclose(rebuilt, expected, equal_nan=True, atol=0.05)
