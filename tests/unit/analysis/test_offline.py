"""Offline analysis of synthetic sessions with known ground truth."""

import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.errors import InputError, NoPersonError
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View

FAULTS = ["none", "squatting", "rounded_back", "shallow", "fast", "hips_not_back", "leaning_back"]


def analyze(session):
    return analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="test")


@pytest.mark.parametrize("fault", FAULTS)
def test_every_variant_counts_its_reps_with_noise_and_dropouts(synthetic_session_factory, fault):
    session = synthetic_session_factory(fault, n_reps=4, noise_px=2.0, dropout_fraction=0.03)
    result = analyze(session)
    assert result.rep_count == 4
    assert result.view.view is View.SIDE
    truth = session.truth
    bottoms = np.array([rep.bottom_s for rep in result.reps])
    assert np.abs(bottoms - truth.rep_bottom_s).max() < 0.25
    peaks = np.array([rep.peak_hip_flexion_deg for rep in result.reps])
    true_peaks = [
        truth.hip_flexion_deg[np.argmin(np.abs(truth.t_s - t))] for t in truth.rep_bottom_s
    ]
    assert np.abs(peaks - true_peaks).max() < 3.0


def test_noise_free_angles_at_the_bottom_are_within_one_degree(synthetic_session_factory):
    session = synthetic_session_factory("squatting", n_reps=3)
    result = analyze(session)
    truth = session.truth
    for rep, bottom_s in zip(result.reps, truth.rep_bottom_s, strict=True):
        i = int(np.argmin(np.abs(truth.t_s - rep.bottom_s)))
        assert rep.bottom_s == pytest.approx(bottom_s, abs=0.1)
        assert rep.peak_hip_flexion_deg == pytest.approx(truth.hip_flexion_deg[i], abs=1.0)
        assert rep.knee_flexion_at_bottom_deg == pytest.approx(truth.knee_flexion_deg[i], abs=1.0)
        assert rep.trunk_inclination_at_bottom_deg == pytest.approx(
            truth.trunk_inclination_deg[i], abs=1.0
        )
        assert rep.shin_inclination_at_bottom_deg == pytest.approx(
            truth.shin_inclination_deg[i], abs=1.0
        )


def test_rep_boundaries_and_tempo_follow_the_truth(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=3, lowering_s=2.0, rising_s=1.5)
    result = analyze(session)
    truth = session.truth
    starts = np.array([rep.start_s for rep in result.reps])
    ends = np.array([rep.end_s for rep in result.reps])
    assert np.abs(starts - truth.rep_start_s).max() < 0.5
    assert np.abs(ends - truth.rep_end_s).max() < 0.5
    fast = analyze(synthetic_session_factory("fast", n_reps=3))
    assert max(rep.lowering_s for rep in fast.reps) < min(rep.lowering_s for rep in result.reps)


def test_start_at_bottom_and_final_partial(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=3, start_at_bottom=True, final_partial=True)
    result = analyze(session)
    assert result.rep_count == 3
    assert result.reps[0].started_at_bottom
    assert len(result.partial_reps) == 1


def test_pauses_and_slow_reps(synthetic_session_factory):
    session = synthetic_session_factory(
        "none", n_reps=3, pause_bottom_s=2.0, pause_top_s=3.0, lowering_s=4.0, rising_s=4.0
    )
    assert analyze(session).rep_count == 3


def test_no_reps_in_a_still_stance_gives_a_warning(synthetic_session_factory):
    result = analyze(synthetic_session_factory("none", n_reps=0))
    assert result.rep_count == 0
    assert any("No hinge was seen" in warning for warning in result.warnings)


def test_too_few_frames_and_no_person_raise(synthetic_session_factory):
    frames = synthetic_session_factory("none", n_reps=1).frames
    with pytest.raises(InputError, match="1 frame"):
        analyze_landmarks(LandmarkSeries.from_pose_frames(frames[:1]), model_name="test")
    empty = LandmarkSeries.from_pose_frames(frames[:20])
    empty = LandmarkSeries(
        t_s=empty.t_s,
        image_xyz_px=np.full_like(empty.image_xyz_px, np.nan),
        world_xyz_m=np.full_like(empty.world_xyz_m, np.nan),
        visibility=np.zeros_like(empty.visibility),
        image_size=empty.image_size,
    )
    with pytest.raises(NoPersonError, match="No person"):
        analyze_landmarks(empty, model_name="test")
