"""View, facing and near-side detection."""

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import (
    RunningFacing,
    Side,
    View,
    ViewParams,
    classify_yaw,
    compute_facing_votes,
    compute_yaw_deg,
    detect_facing,
    estimate_view,
)
from hingecoach.pose.landmarks import Landmark


@pytest.mark.parametrize("facing", [1, -1])
def test_synthetic_side_view_is_detected(synthetic_session_factory, facing):
    session = synthetic_session_factory("none", facing=facing)
    series = LandmarkSeries.from_pose_frames(session.frames)
    view = estimate_view(series.image_xyz_px, series.world_xyz_m, series.visibility)
    assert view.view is View.SIDE
    assert view.confidence > 0.95
    assert view.facing == facing
    assert view.side is Side(session.truth.side)


def test_rotating_the_body_about_the_vertical_changes_the_view(synthetic_session_factory):
    session = synthetic_session_factory("none")
    world = LandmarkSeries.from_pose_frames(session.frames).world_xyz_m
    for yaw_deg, expected in ((90, View.SIDE), (40, View.OBLIQUE), (5, View.FRONT)):
        # The synthetic body is side-on (yaw 90°); turn it to the wanted yaw.
        turn = np.radians(90 - yaw_deg)
        rotation = np.array(
            [[np.cos(turn), 0, np.sin(turn)], [0, 1, 0], [-np.sin(turn), 0, np.cos(turn)]]
        )
        turned = world @ rotation.T
        yaw = compute_yaw_deg(turned)
        assert np.nanmedian(yaw) == pytest.approx(yaw_deg, abs=3)
        assert classify_yaw(float(np.nanmedian(yaw)), ViewParams()) is expected


def test_no_body_gives_unknown_view():
    empty = np.full((5, 33, 3), np.nan)
    view = estimate_view(empty, empty, np.zeros((5, 33)))
    assert view.view is View.UNKNOWN and view.confidence == 0.0


def test_view_params_reject_bad_order():
    with pytest.raises(InputError, match="front_max_yaw_deg"):
        ViewParams(side_min_yaw_deg=20.0, front_max_yaw_deg=30.0)


def test_landmark_enum_matches_mediapipe_layout():
    assert Landmark.LEFT_HIP == 23 and Landmark.RIGHT_FOOT_INDEX == 32 and len(Landmark) == 33


def _votes_frame(toe_dx, nose_dx):
    """One frame's landmarks whose toes and nose point ``toe_dx`` and ``nose_dx`` along x."""
    points = np.zeros((33, 3))
    points[Landmark.LEFT_FOOT_INDEX, 0] = points[Landmark.RIGHT_FOOT_INDEX, 0] = toe_dx
    points[Landmark.NOSE, 0] = nose_dx
    return points


def test_facing_votes_sum_to_detect_facing():
    frames = np.stack([_votes_frame(1, 1), _votes_frame(-1, -1), _votes_frame(-1, 0)])
    frames[1, Landmark.NOSE, 0] = np.nan  # a frame missing a cue does not vote at all
    votes = compute_facing_votes(frames)
    assert votes[0] == 2 and np.isnan(votes[1]) and votes[2] == -1
    assert detect_facing(frames) == 1
    assert detect_facing(frames[2:]) == -1


def test_running_facing_waits_for_a_clear_lead_and_for_agreement():
    running = RunningFacing(min_lead=4)
    assert running.update(_votes_frame(1, 1)) == (1, -1)  # lead 2: too early
    assert running.update(None) == (1, -1)  # no body: no vote
    assert running.update(_votes_frame(1, 1)) == (1,)  # lead 4
    assert running.update(_votes_frame(0, 0)) == (1,)  # an undecided frame follows the lead
    assert running.update(_votes_frame(-1, 0)) == (1, -1)  # a frame against it: both
    assert running.update(_votes_frame(1, 1)) == (1,)
    with pytest.raises(InputError):
        RunningFacing(min_lead=0)
