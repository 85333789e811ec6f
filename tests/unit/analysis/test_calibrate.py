"""Guided calibration from a synthetic recording, and its JSON file."""

import dataclasses

import numpy as np
import pytest

from hingecoach.analysis.calibrate import calibrate_landmarks
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.params import AnalysisParams
from hingecoach.errors import InputError, ViewError
from hingecoach.export.calibration_json import read_calibration, write_calibration
from hingecoach.form.calibration import CalibrationSource
from hingecoach.kinematics.series import LandmarkSeries


def guided_recording(synthetic_session_factory):
    """Stand, hinge with a long spine and hold, stand, then hinge slumped and hold."""
    long_spine = synthetic_session_factory("none", n_reps=1, pause_bottom_s=3.0)
    slump = synthetic_session_factory("rounded_back", n_reps=1, pause_bottom_s=3.0)
    shift = long_spine.frames[-1].t_s + 1 / long_spine.fps
    offset = len(long_spine.frames)
    frames = list(long_spine.frames) + [
        dataclasses.replace(f, t_s=f.t_s + shift, index=f.index + offset) for f in slump.frames
    ]
    return LandmarkSeries.from_pose_frames(frames)


def test_guided_calibration_finds_the_persons_range(synthetic_session_factory):
    calibration = calibrate_landmarks(
        guided_recording(synthetic_session_factory), None, AnalysisParams()
    )
    assert calibration.source is CalibrationSource.GUIDED
    assert calibration.head_drop.rounded > calibration.head_drop.neutral
    assert calibration.standing_trunk_m == pytest.approx(0.5, abs=0.05)


def test_calibrated_tape_reads_a_slumped_rep_higher_than_a_long_one(synthetic_session_factory):
    calibration = calibrate_landmarks(
        guided_recording(synthetic_session_factory), None, AnalysisParams()
    )
    peaks = {}
    for fault in ("none", "rounded_back"):
        session = synthetic_session_factory(fault, n_reps=2)
        series = LandmarkSeries.from_pose_frames(session.frames)
        result = analyze_landmarks(series, model_name="t", calibration=calibration)
        peaks[fault] = np.nanmax([rep.tape_peak_pct for rep in result.form.reps])
    assert peaks["rounded_back"] > peaks["none"] + 30


def test_a_recording_without_hinges_cannot_calibrate(synthetic_session_factory):
    still = LandmarkSeries.from_pose_frames(synthetic_session_factory("none", n_reps=0).frames)
    with pytest.raises(InputError, match="long-spine hinge"):
        calibrate_landmarks(still, None, AnalysisParams())


def test_a_front_view_cannot_calibrate(synthetic_session_factory):
    series = guided_recording(synthetic_session_factory)
    turn = np.array([[0, 0, 1], [0, 1, 0], [-1, 0, 0]], dtype=float)  # side-on → facing us
    front = dataclasses.replace(series, world_xyz_m=series.world_xyz_m @ turn.T)
    with pytest.raises(ViewError, match="side-on"):
        calibrate_landmarks(front, None, AnalysisParams())


def test_calibration_file_round_trip_and_bad_files(tmp_path, synthetic_session_factory):
    calibration = calibrate_landmarks(
        guided_recording(synthetic_session_factory), None, AnalysisParams()
    )
    path = tmp_path / "me.json"
    write_calibration(path, calibration)
    assert read_calibration(path) == calibration
    with pytest.raises(InputError, match="does not exist"):
        read_calibration(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text('{"calibration_version": 1, "contour": 3}')
    with pytest.raises(InputError, match="not a hingecoach calibration"):
        read_calibration(tmp_path / "bad.json")


def long_spine_twice(synthetic_session_factory):
    """Two long-spine hinges with holds, and no slump anywhere."""
    return LandmarkSeries.from_pose_frames(
        synthetic_session_factory("none", n_reps=2, pause_bottom_s=3.0).frames
    )


def test_a_recording_without_a_slump_is_refused(synthetic_session_factory):
    with pytest.raises(InputError, match=r"no slump.*round the back on purpose"):
        calibrate_landmarks(long_spine_twice(synthetic_session_factory), None, AnalysisParams())


def test_one_long_hinge_without_a_slump_is_refused(synthetic_session_factory):
    one = LandmarkSeries.from_pose_frames(
        synthetic_session_factory("none", n_reps=1, pause_bottom_s=3.0).frames
    )
    with pytest.raises(InputError, match="one hinge and no separate slump"):
        calibrate_landmarks(one, None, AnalysisParams())


def test_a_recording_that_does_not_start_standing_is_refused(synthetic_session_factory):
    series = guided_recording(synthetic_session_factory)
    bottom = synthetic_session_factory("none", n_reps=1, pause_bottom_s=3.0).truth.rep_bottom_s[0]
    keep = series.t_s >= bottom  # opens in the first hinge's hold
    cut = dataclasses.replace(
        series,
        **{name: getattr(series, name)[keep] for name in ("t_s", "image_xyz_px", "world_xyz_m")},
        visibility=series.visibility[keep],
    )
    with pytest.raises(InputError, match="does not start standing"):
        calibrate_landmarks(cut, None, AnalysisParams())


def test_a_calibration_with_nan_is_never_written(tmp_path, synthetic_session_factory):
    calibration = calibrate_landmarks(
        guided_recording(synthetic_session_factory), None, AnalysisParams()
    )
    path = tmp_path / "me.json"
    with pytest.raises(InputError, match="not saved"):
        write_calibration(path, dataclasses.replace(calibration, standing_trunk_m=float("nan")))
    assert not path.exists()
