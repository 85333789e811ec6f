"""Stick figures: the person and the good reference, facing the same way, same leg length."""

import numpy as np
import pytest

from hingecoach.form.explain import Phase
from hingecoach.pose.landmarks import Landmark
from hingecoach.report.figures import (
    LEG_PX,
    compute_facing,
    compute_stick_figure,
    detect_phase_frame,
    reference_pose,
    render_person_svg,
    render_reference_svg,
)


@pytest.mark.parametrize("facing", [1, -1])
def test_facing_is_read_from_the_feet(synthetic_session_factory, facing):
    session = synthetic_session_factory("none", n_reps=1, facing=facing)
    assert compute_facing(session.frames[0].image_xyz_px[:, :2]) == facing


def test_figures_are_scaled_to_one_leg_length_and_turned_to_face_the_person():
    xy = np.array(reference_pose(Phase.BOTTOM)[0])
    figure = compute_stick_figure(xy, facing=-1)
    hip, ankle = figure.xy[Landmark.LEFT_HIP], figure.xy[Landmark.LEFT_ANKLE]
    assert np.hypot(*(ankle - hip)) == pytest.approx(LEG_PX, rel=0.05)
    assert compute_facing(figure.xy) == -1
    assert figure.xy[np.isfinite(figure.xy)].min() >= 0  # inside its picture


def test_the_reference_phases_differ_bottom_bent_lockout_upright():
    bottom = np.array(reference_pose(Phase.BOTTOM)[0])
    top = np.array(reference_pose(Phase.LOCKOUT)[0])

    def trunk_lean(xy):
        dx, dy = xy[Landmark.LEFT_SHOULDER] - xy[Landmark.LEFT_HIP]
        return abs(np.degrees(np.arctan2(dx, -dy)))

    assert trunk_lean(bottom) > 40 and trunk_lean(top) < 10


def test_phase_frames_are_the_bottom_and_inside_the_lockout_second():
    t_s = np.arange(0, 5, 0.1)
    rep = {"bottom_s": 1.5, "end_s": 3.0}
    assert detect_phase_frame(t_s, rep, Phase.BOTTOM) == 15
    assert detect_phase_frame(t_s, rep, Phase.LOCKOUT) == 35
    assert detect_phase_frame(np.array([]), rep, Phase.BOTTOM) is None


def test_svg_has_bones_a_head_and_an_escaped_label():
    svg = render_reference_svg(Phase.BOTTOM, 1, 'A "good" <hinge>')
    assert svg.startswith('<svg class="stick"') and svg.count("<line") > 10
    assert "<circle" in svg and "&lt;hinge>" in svg and "&quot;good&quot;" in svg
    assert svg.count('opacity="0.3"') >= 4  # the far arm and leg are faint
    lost = np.full((33, 2), np.nan)
    assert render_person_svg(lost, "nobody") is None
