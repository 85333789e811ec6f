"""The dorsal contour: rays from the hip→shoulder chord to the edge of the silhouette."""

import math

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.kinematics.back_contour import (
    BackContourParams,
    arm_behind_back,
    compute_dorsal_normal,
    compute_fitted_sagitta_ratio,
    compute_sagitta_ratio,
    compute_segment_bend_deg,
    measure_back_contour,
    sample_back_depth_px,
)
from hingecoach.kinematics.geometry import midpoint
from hingecoach.pose.landmarks import Landmark
from tests.fixtures.back import (
    HINGED,
    SIZE,
    TRUNK_HALF_DEPTH,
    chord_frame,
    render_trunk_mask,
    trunk_landmarks,
)


def test_dorsal_normal_points_out_of_the_back():
    up = np.array([0.0, -1.0])
    forward = np.array([1.0, 0.0])
    assert np.allclose(compute_dorsal_normal(up, 1), [-1.0, 0.0])  # standing: behind
    assert np.allclose(compute_dorsal_normal(forward, 1), [0.0, -1.0])  # hinged: up
    assert np.allclose(compute_dorsal_normal(-forward, -1), [0.0, -1.0])


def test_sagitta_of_hand_built_profiles():
    stations = np.linspace(0.2, 0.9, 5)
    flat = np.full(5, 30.0)
    assert compute_sagitta_ratio(stations, flat, 100.0) == pytest.approx(0.0, abs=1e-12)
    assert compute_fitted_sagitta_ratio(stations, flat, 100.0) == pytest.approx(0.0, abs=1e-12)
    tent = np.array([30.0, 30.0, 37.0, 30.0, 30.0])
    assert compute_sagitta_ratio(stations, tent, 100.0) == pytest.approx(0.07)
    # An exact parabola depth/chord = 0.3 - c (s - 0.55)^2: sagitta c w^2 / 4.
    parabola = 100.0 * (0.3 - 0.4 * (stations - 0.55) ** 2)
    assert compute_fitted_sagitta_ratio(stations, parabola, 100.0) == pytest.approx(
        0.4 * 0.7**2 / 4
    )
    assert math.isnan(compute_sagitta_ratio(stations, np.full(5, np.nan), 100.0))


def test_straight_back_has_no_sagitta_and_sub_pixel_depth():
    mask = render_trunk_mask(HINGED, 1, 0.0, SIZE)
    contour = measure_back_contour(mask, HINGED, 1)
    chord_px = contour.chord_px
    assert contour.sagitta_ratio == pytest.approx(0.0, abs=0.002)
    assert contour.chord_sagitta_ratio == pytest.approx(0.0, abs=0.004)
    assert np.allclose(contour.depth_px, TRUNK_HALF_DEPTH * chord_px, atol=0.6)
    assert contour.confidence > 0.9
    assert not contour.points_xy_px.flags.writeable


def test_sagitta_grows_with_the_bend():
    sagittas = [
        measure_back_contour(render_trunk_mask(HINGED, 1, bend, SIZE), HINGED, 1).sagitta_ratio
        for bend in (0.0, 15.0, 30.0, 45.0)
    ]
    assert sagittas[0] == pytest.approx(0.0, abs=0.002)
    assert np.all(np.diff(sagittas) > 0.005)
    # A 30° arc: the outer edge bends as the spine does, sagitta ≈ span tan(span b/4) / 2.
    assert sagittas[2] == pytest.approx(0.7 * math.tan(math.radians(30) * 0.7 / 4) / 2, rel=0.2)


@pytest.mark.parametrize("facing", [1, -1])
def test_synthetic_sessions_rounded_back_bulges(synthetic_session_factory, facing):
    values = {}
    for fault in ("none", "rounded_back"):
        session = synthetic_session_factory(fault, facing=facing)
        bottom = int(np.argmax(session.truth.hip_flexion_deg))
        frame = session.frames[bottom]
        bend = float(session.truth.spine_rounding_deg[bottom])
        mask = render_trunk_mask(frame.image_xyz_px, facing, bend, session.image_size)
        values[fault] = measure_back_contour(mask, frame.image_xyz_px, facing).sagitta_ratio
    assert values["none"] == pytest.approx(0.0, abs=0.004)
    assert values["rounded_back"] > values["none"] + 0.015


def _arc_depth(stations, bend_deg, start, stop):
    """Depth (in chords) of an outline straight except for an arc bent over [start, stop]."""
    bend = math.radians(bend_deg)
    # Slope falls linearly over the arc from +tan(b/2) to -tan(b/2) (small-angle arc).
    slope = np.interp(stations, [start, stop], [math.tan(bend / 2), -math.tan(bend / 2)])
    return np.concatenate([[0.0], np.cumsum(np.diff(stations) * (slope[1:] + slope[:-1]) / 2)])


def test_segment_bend_measures_each_segment_alone():
    params = BackContourParams()
    stations = params.stations
    lumbar, thoracic = params.lumbar, params.thoracic
    assert stations[lumbar][-1] == pytest.approx(0.55) == stations[thoracic][0]
    # A 20° bend spread over the lower back, flat above.
    depth = 100.0 * _arc_depth(stations, 20.0, 0.2, 0.55)
    assert compute_segment_bend_deg(stations[lumbar], depth[lumbar], 100.0) == pytest.approx(
        20.0, abs=1.5
    )
    assert compute_segment_bend_deg(stations[thoracic], depth[thoracic], 100.0) == pytest.approx(
        0.0, abs=1.0
    )
    # The same bend over the upper back only: the lower back reads flat.
    depth = 100.0 * _arc_depth(stations, 20.0, 0.55, 0.9)
    assert abs(compute_segment_bend_deg(stations[lumbar], depth[lumbar], 100.0)) < 1.0
    # A hollow (arched) lower back reads negative; too few points read NaN.
    hollow = -100.0 * _arc_depth(stations, 20.0, 0.2, 0.55)
    assert compute_segment_bend_deg(stations[lumbar], hollow[lumbar], 100.0) < -15.0
    sparse = np.where(np.arange(lumbar.stop) < 3, depth[lumbar], np.nan)
    assert math.isnan(compute_segment_bend_deg(stations[lumbar], sparse, 100.0))


def test_contour_carries_both_segment_bends():
    contour = measure_back_contour(render_trunk_mask(HINGED, 1, 30.0, SIZE), HINGED, 1)
    # One arc over the whole trunk: each segment turns by its share of the 30°.
    assert contour.lumbar_bend_deg == pytest.approx(30.0 * 0.35, abs=3.0)
    assert contour.thoracic_bend_deg == pytest.approx(30.0 * 0.35, abs=3.0)
    flat = measure_back_contour(render_trunk_mask(HINGED, 1, 0.0, SIZE), HINGED, 1)
    assert abs(flat.lumbar_bend_deg) < 1.0 and abs(flat.thoracic_bend_deg) < 1.0


def test_missing_mask_or_landmarks_gives_zero_confidence():
    mask = render_trunk_mask(HINGED, 1, 0.0, SIZE)
    for contour in (
        measure_back_contour(None, HINGED, 1),
        measure_back_contour(mask, None, 1),
    ):
        assert contour.confidence == 0.0
        assert math.isnan(contour.sagitta_ratio)
        assert np.isnan(contour.points_xy_px).all()


def test_empty_mask_finds_no_back():
    contour = measure_back_contour(np.zeros((400, 500), np.float32), HINGED, 1)
    assert contour.confidence == 0.0 and math.isnan(contour.sagitta_ratio)


def test_rays_leaving_the_picture_are_not_measured():
    mask = render_trunk_mask(HINGED, 1, 0.0, SIZE)
    cropped = mask[185:, :]  # the back's edge (y = 162..177) is now above the picture
    shifted = HINGED.copy()
    shifted[:, 1] -= 185
    contour = measure_back_contour(cropped, shifted, 1)
    assert contour.confidence == 0.0 and math.isnan(contour.sagitta_ratio)


def test_small_holes_are_stepped_over():
    mask = render_trunk_mask(HINGED, 1, 0.0, SIZE)
    clean = measure_back_contour(mask, HINGED, 1)
    holed = mask.copy()
    holed[185:187, 150:400] = 0.0  # a 2 px slit along the trunk, inside the back's edge
    contour = measure_back_contour(holed, HINGED, 1)
    assert contour.sagitta_ratio == pytest.approx(clean.sagitta_ratio, abs=1e-6)


def test_arm_behind_the_back_hides_the_back():
    raised = HINGED.copy()
    for lm in (Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW):
        raised[lm, :2] = (300.0, 120.0)  # above the back, as with hands behind the head
    hip, _, _, _ = chord_frame(raised, 1)
    shoulder = midpoint(raised[None, :, :2], Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)[0]
    assert arm_behind_back(raised, hip, shoulder, 1).max() > 0.2
    contour = measure_back_contour(render_trunk_mask(raised, 1, 0.0, SIZE), raised, 1)
    assert contour.confidence == 0.0


def test_short_chord_is_not_measured():
    tiny = trunk_landmarks(np.array([200.0, 200.0]), np.array([230.0, 200.0]), np.array([215, 230]))
    contour = measure_back_contour(render_trunk_mask(tiny, 1, 20.0, SIZE), tiny, 1)
    assert contour.confidence == 0.0 and contour.chord_px == pytest.approx(30.0)


def test_wrong_facing_looks_at_the_front():
    mask = render_trunk_mask(HINGED, 1, 0.0, SIZE)
    depth, contrast = sample_back_depth_px(
        mask,
        HINGED[Landmark.LEFT_HIP, :2],
        HINGED[Landmark.LEFT_SHOULDER, :2],
        -1,
        BackContourParams(),
    )
    assert np.isfinite(depth).all() and (contrast > 0.9).all()  # the belly edge, same distance


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_stations": 2}, "n_stations"),
        ({"first_station": 0.9, "last_station": 0.2}, "first_station"),
        ({"mask_threshold": 1.0}, "mask_threshold"),
        ({"min_valid_share": 0.0}, "min_valid_share"),
        ({"max_depth": 0.0}, "max_depth"),
        ({"arm_clearance": -1.0}, "arm_clearance"),
        ({"lumbar_top_station": 0.95}, "lumbar_top_station"),
        ({"min_segment_points": 2}, "min_segment_points"),
    ],
)
def test_params_reject_bad_values(kwargs, match):
    with pytest.raises(InputError, match=match):
        BackContourParams(**kwargs)


def test_bad_inputs_raise():
    mask = np.zeros((10, 10), np.float32)
    with pytest.raises(InputError, match="facing"):
        measure_back_contour(mask, HINGED, 0)
    with pytest.raises(InputError, match="mask"):
        measure_back_contour(np.zeros((10, 10, 1)), HINGED, 1)
    with pytest.raises(InputError, match="image_xyz_px"):
        measure_back_contour(mask, np.zeros((32, 3)), 1)
