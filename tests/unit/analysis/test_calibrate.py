"""Guided calibration from a synthetic recording, and its JSON file."""

import dataclasses

import numpy as np
import pytest

from hingecoach.analysis.calibrate import calibrate_landmarks
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.params import AnalysisParams
from hingecoach.errors import InputError, ViewError
from hingecoach.export.calibration_json import read_calibration, write_calibration
from hingecoach.form.back_cues import FacingContours
from hingecoach.form.calibration import CalibrationSource, CueRange, population_calibration
from hingecoach.kinematics.series import LandmarkSeries


def _joined_contours(parts):
    """The FacingContours of sessions played one after another."""
    fields = ("lumbar_bend_deg", "thoracic_bend_deg", "confidence")
    return FacingContours(
        *(
            tuple(np.concatenate([getattr(c, name)[k] for c in parts]) for k in (0, 1))
            for name in fields
        )
    )


def guided_recording(synthetic_contours_factory):
    """Stand, hinge with a long spine and hold, stand, then hinge slumped and hold."""
    long_spine, long_contours = synthetic_contours_factory("none", n_reps=1, pause_bottom_s=3.0)
    slump, slump_contours = synthetic_contours_factory("rounded_back", n_reps=1, pause_bottom_s=3.0)
    shift = long_spine.frames[-1].t_s + 1 / long_spine.fps
    offset = len(long_spine.frames)
    frames = list(long_spine.frames) + [
        dataclasses.replace(f, t_s=f.t_s + shift, index=f.index + offset) for f in slump.frames
    ]
    contours = _joined_contours([long_contours, slump_contours])
    return LandmarkSeries.from_pose_frames(frames), contours


def test_guided_calibration_finds_the_persons_range(synthetic_contours_factory):
    calibration = calibrate_landmarks(
        *guided_recording(synthetic_contours_factory), AnalysisParams()
    )
    assert calibration.source is CalibrationSource.GUIDED and calibration.confidence == 1.0
    # The slump bends the lower back by ~17° (half of the model's 35°); the long spine ~1°.
    assert calibration.lumbar.neutral == pytest.approx(0.0, abs=3.0)
    assert 10.0 < calibration.rounded_bend_deg < 20.0
    assert calibration.head_drop.rounded > calibration.head_drop.neutral


def test_without_a_silhouette_the_lower_back_keeps_the_population_range(
    synthetic_contours_factory,
):
    series, _ = guided_recording(synthetic_contours_factory)
    calibration = calibrate_landmarks(series, None, AnalysisParams())
    assert calibration.lumbar == population_calibration().lumbar
    assert calibration.confidence == population_calibration().confidence


def test_calibrated_tape_reads_a_slumped_rep_higher_than_a_long_one(synthetic_contours_factory):
    calibration = calibrate_landmarks(
        *guided_recording(synthetic_contours_factory), AnalysisParams()
    )
    peaks = {}
    for fault in ("none", "rounded_back", "rounded_upper_back"):
        session, contours = synthetic_contours_factory(fault)
        series = LandmarkSeries.from_pose_frames(session.frames)
        result = analyze_landmarks(
            series, model_name="t", calibration=calibration, contours=contours
        )
        peaks[fault] = max(rep.tape_peak_pct for rep in result.form.reps)
    assert peaks["rounded_back"] > peaks["none"] + 50
    # The upper back rounds as far, but the tape on the lower back stays near neutral.
    assert peaks["rounded_upper_back"] < 25.0


def test_a_recording_without_hinges_cannot_calibrate(synthetic_session_factory):
    still = LandmarkSeries.from_pose_frames(synthetic_session_factory("none", n_reps=0).frames)
    with pytest.raises(InputError, match="long-spine hinge"):
        calibrate_landmarks(still, None, AnalysisParams())


def test_a_front_view_cannot_calibrate(synthetic_contours_factory):
    series, _ = guided_recording(synthetic_contours_factory)
    turn = np.array([[0, 0, 1], [0, 1, 0], [-1, 0, 0]], dtype=float)  # side-on → facing us
    front = dataclasses.replace(series, world_xyz_m=series.world_xyz_m @ turn.T)
    with pytest.raises(ViewError, match="side-on"):
        calibrate_landmarks(front, None, AnalysisParams())


def test_calibration_file_round_trip_and_bad_files(tmp_path, synthetic_contours_factory):
    calibration = calibrate_landmarks(
        *guided_recording(synthetic_contours_factory), AnalysisParams()
    )
    path = tmp_path / "me.json"
    write_calibration(path, calibration)
    assert read_calibration(path) == calibration
    with pytest.raises(InputError, match="does not exist"):
        read_calibration(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text('{"calibration_version": 2, "lumbar": 3}')
    with pytest.raises(InputError, match="not a hingecoach calibration"):
        read_calibration(tmp_path / "bad.json")
    # A version-1 file (whole-back cues) is refused with the same one sentence.
    (tmp_path / "old.json").write_text('{"calibration_version": 1, "contour": {}}')
    with pytest.raises(InputError, match="not a hingecoach calibration"):
        read_calibration(tmp_path / "old.json")


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


def test_a_calibration_with_nan_cannot_be_made_so_none_is_written():
    # Every range is checked where it is built, so no NaN can reach a calibration file.
    with pytest.raises(InputError, match="finite neutral"):
        CueRange(float("nan"), 25.0)
