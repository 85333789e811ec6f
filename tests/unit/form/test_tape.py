"""The virtual tape: cues, their blend in % of the person's range, and per-rep peaks."""

import math

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.form.back_cues import (
    BackCueSeries,
    compute_back_cues,
    compute_head_drop_deg,
    compute_landmark_confidence,
    compute_trunk_shortening,
)
from hingecoach.form.calibration import (
    CalibrationParams,
    CalibrationSource,
    CueRange,
    calibrate_from_guided,
    calibrate_from_session,
    population_calibration,
)
from hingecoach.form.tape import TapeParams, TapeSeries, compute_settled, compute_tape
from hingecoach.form.tape_reps import compute_pull_start_s, summarize_tape_reps
from hingecoach.kinematics.back_contour import measure_back_contour
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View
from hingecoach.pose.landmarks import Landmark
from hingecoach.reps.segmenter import RepTiming
from tests.fixtures.back import render_trunk_mask


def _series_and_cues(session, facing, *, with_contour=False):
    series = LandmarkSeries.from_pose_frames(session.frames)
    sagitta = confidence = None
    if with_contour:
        contours = [
            measure_back_contour(
                render_trunk_mask(frame.image_xyz_px, facing, bend, session.image_size),
                frame.image_xyz_px,
                facing,
            )
            for frame, bend in zip(session.frames, session.truth.spine_rounding_deg, strict=True)
        ]
        sagitta = np.array([c.sagitta_ratio for c in contours])
        confidence = np.array([c.confidence for c in contours])
    cues = compute_back_cues(
        series.t_s,
        series.image_xyz_px,
        series.world_xyz_m,
        series.visibility,
        facing,
        contour_sagitta=sagitta,
        contour_confidence=confidence,
    )
    return series, cues


@pytest.mark.parametrize("facing", [1, -1])
def test_landmark_cues_rank_rounded_above_good(synthetic_session_factory, facing):
    found = {}
    for fault in ("none", "rounded_back"):
        session = synthetic_session_factory(fault, facing=facing)
        _, cues = _series_and_cues(session, facing)
        hinged = session.truth.hip_flexion_deg >= 30
        bottom = int(np.argmax(session.truth.hip_flexion_deg))
        standing_m = float(np.median(cues.trunk_length_m[:10]))
        shortening = compute_trunk_shortening(cues.trunk_length_m, standing_m)
        found[fault] = (
            cues.head_drop_deg[bottom],
            cues.head_drop_deg[hinged].mean(),
            cues.head_drop_world_deg[bottom],
            shortening[bottom],
        )
    good, rounded = np.array(found["none"]), np.array(found["rounded_back"])
    assert np.all(rounded[:3] > good[:3] + 5.0)  # the neck tips forward of the trunk line
    assert rounded[3] > good[3] + 0.02  # a 37° bend shortens the trunk by ~3 %
    assert abs(good[3]) < 0.005


def test_tape_with_guided_calibration_reads_0_for_good_and_100_for_the_slump(
    synthetic_session_factory,
):
    runs = {}
    for fault in ("none", "rounded_back"):
        session = synthetic_session_factory(fault, n_reps=2, fps=15.0, image_size=(640, 360))
        _, cues = _series_and_cues(session, 1, with_contour=True)
        runs[fault] = (session, cues)
    # The guided take: stand, hinge with a long spine (good reps), then slump (rounded reps).
    joined = [
        np.concatenate([getattr(runs[f][1], name) for f in ("none", "rounded_back")])
        for name in ("contour_sagitta", "head_drop_deg", "trunk_length_m")
    ]
    hip = np.concatenate([runs[f][0].truth.hip_flexion_deg for f in ("none", "rounded_back")])
    calibration = calibrate_from_guided(hip, *joined)
    assert calibration.source is CalibrationSource.GUIDED and calibration.confidence == 1.0
    assert 25.0 < calibration.rounded_bend_deg < 45.0  # the model bends the spine by 37°
    peaks, medians = {}, {}
    for fault, (session, cues) in runs.items():
        tape = compute_tape(cues, calibration, View.SIDE, session.truth.hip_flexion_deg)
        timings = [
            RepTiming(start, bottom, end, 90.0)
            for start, bottom, end in zip(
                session.truth.rep_start_s,
                session.truth.rep_bottom_s,
                session.truth.rep_end_s,
                strict=True,
            )
        ]
        hip = session.truth.hip_flexion_deg
        peaks[fault] = [rep.peak_pct for rep in summarize_tape_reps(tape, timings, hip)]
        medians[fault] = float(np.nanmedian(tape.rounding_pct))
    # Good reps sit at the neutral; their peak is the spread of a long-spine hinge (the
    # head drop changes by ~15° over the descent), well short of the slump.
    assert medians["none"] < 10.0 and max(peaks["none"]) < 30.0
    assert all(80.0 < peak < 130.0 for peak in peaks["rounded_back"])


def _cues(n=30, *, sagitta=0.0, head=10.0, contour_confidence=1.0, fps=30.0):
    t_s = np.arange(n) / fps
    return BackCueSeries(
        t_s=t_s,
        contour_sagitta=np.full(n, sagitta),
        contour_confidence=np.full(n, contour_confidence),
        head_drop_deg=np.full(n, head),
        head_drop_world_deg=np.full(n, head + 5.0),
        trunk_length_m=np.full(n, 0.5),
        landmark_confidence=np.full(n, 1.0),
    )


HINGED = np.full(30, 80.0)
NO_WARMUP = TapeParams(warmup_s=0.0)


def test_blend_floors_each_cue_at_neutral_and_weights_them():
    calibration = population_calibration()
    rounded = calibration.contour.rounded
    tape = compute_tape(_cues(sagitta=rounded, head=-20.0), calibration, View.SIDE, HINGED)
    settled = tape.rounding_pct[10:]
    # contour 100 %, head -86 % floored to 0: (0.6 * 100 + 0.3 * 0) / 0.9.
    assert np.allclose(settled, 100 * 0.6 / 0.9)
    assert np.allclose(tape.angle_deg[10:], settled / 100 * 40.0)
    assert np.isnan(tape.rounding_pct[:9]).all()  # the tracker's first 0.3 s
    assert not tape.rounding_pct.flags.writeable


def test_view_decides_what_is_read():
    calibration = population_calibration()
    cues = _cues(sagitta=calibration.contour.rounded, head=10.0)
    side = compute_tape(cues, calibration, View.SIDE, HINGED, NO_WARMUP)
    oblique = compute_tape(cues, calibration, View.OBLIQUE, HINGED, NO_WARMUP)
    front = compute_tape(cues, calibration, View.FRONT, HINGED, NO_WARMUP)
    assert np.allclose(side.rounding_pct, 100 * 0.6 / 0.9)
    # Oblique: no silhouette; the head drop in 3-D (15°, 5° past neutral of a 35° range).
    assert np.allclose(oblique.rounding_pct, 100 * 5 / 35)
    assert np.isnan(front.rounding_pct).all() and (front.confidence == 0).all()
    assert (oblique.confidence < side.confidence).all()


def test_frames_that_are_not_hinged_are_not_read():
    tape = compute_tape(_cues(), population_calibration(), View.SIDE, np.full(30, 10.0))
    assert np.isnan(tape.rounding_pct).all() and (tape.confidence == 0).all()


def test_missing_mask_leaves_the_landmarks_and_lowers_confidence():
    calibration = population_calibration()
    with_mask = compute_tape(_cues(head=45.0), calibration, View.SIDE, HINGED, NO_WARMUP)
    without = compute_tape(
        _cues(head=45.0, sagitta=np.nan, contour_confidence=0.0),
        calibration,
        View.SIDE,
        HINGED,
        NO_WARMUP,
    )
    assert np.allclose(without.rounding_pct, 100.0)  # the head drop alone, at its extreme
    assert np.allclose(with_mask.rounding_pct, 100 * 0.3 / 0.9)
    assert (without.confidence < with_mask.confidence).all()


def test_confidence_follows_the_calibration_source():
    cues = _cues(head=20.0)
    hip = np.r_[np.full(10, 5.0), np.full(20, 80.0)]
    population = compute_tape(cues, population_calibration(), View.SIDE, hip, NO_WARMUP)
    session = compute_tape(
        cues,
        calibrate_from_session(hip, cues.contour_sagitta, cues.head_drop_deg, cues.trunk_length_m),
        View.SIDE,
        hip,
        NO_WARMUP,
    )
    guided = compute_tape(
        cues,
        population_calibration(CalibrationParams(population_confidence=1.0)),
        View.SIDE,
        hip,
        NO_WARMUP,
    )
    read = slice(10, None)
    assert (population.confidence[read] < session.confidence[read]).all()
    assert (session.confidence[read] < guided.confidence[read]).all()


def test_trunk_shortening_is_used_only_with_a_hinged_neutral():
    base = population_calibration()
    cues = _cues(head=10.0)  # trunk 0.5 m: 0 % shorter than a 0.5 m standing trunk
    calibrated = compute_tape(
        cues,
        type(base)(
            contour=base.contour,
            head_drop=base.head_drop,
            trunk_shortening=CueRange(-0.02, 0.0),  # neutral 2 % longer than standing
            standing_trunk_m=0.5,
            rounded_bend_deg=40.0,
            source=base.source,
            confidence=base.confidence,
        ),
        View.SIDE,
        HINGED,
        NO_WARMUP,
    )
    assert np.allclose(calibrated.rounding_pct, 100 * 0.1 / 1.0)


def test_held_peak_ignores_one_frame_spikes():
    t_s = np.arange(60) / 30.0
    pct = np.full(60, 10.0)
    pct[5] = 300.0  # one frame of mask flicker
    pct[30:40] = 70.0  # a third of a second of rounding
    tape = TapeSeries(t_s, pct, pct * 0.4, np.full(60, 0.5))
    (rep,) = summarize_tape_reps(tape, [RepTiming(0.0, 1.0, 2.0, 90.0)], np.full(60, 45.0))
    assert rep.peak_pct == pytest.approx(70.0)
    assert rep.peak_angle_deg == pytest.approx(28.0)
    assert rep.peak_t_s == pytest.approx(t_s[30])
    assert rep.confidence == pytest.approx(0.5)


def _floor_pull(setup_pct: float, pull_pct: float) -> tuple[TapeSeries, np.ndarray]:
    """1 s of set-up at the bottom (hips sway 140–148°), then a 1 s pull to standing."""
    t_s = np.arange(60) / 30.0
    hip = np.concatenate([145.0 + 3.0 * np.sin(np.arange(30) / 3.0), np.linspace(140, 0, 30)])
    pct = np.concatenate([np.full(30, setup_pct), np.full(30, pull_pct)])
    return TapeSeries(t_s, pct, pct * 0.4, np.full(60, 0.8)), hip


def test_set_up_before_a_floor_pull_is_not_read():
    # Rounded while reaching for the bar, set flat before the pull: not a rounded rep.
    tape, hip = _floor_pull(setup_pct=90.0, pull_pct=10.0)
    floor_start = RepTiming(0.0, 0.5, 1.95, 148.0, started_at_bottom=True)
    (rep,) = summarize_tape_reps(tape, [floor_start], hip)
    assert rep.peak_pct == pytest.approx(10.0)
    assert compute_pull_start_s(tape.t_s, hip, floor_start, 10.0) == pytest.approx(1.0, abs=0.1)
    # The same tape in a rep whose lowering was seen is read whole.
    (lowered,) = summarize_tape_reps(tape, [RepTiming(0.0, 0.5, 1.95, 148.0)], hip)
    assert lowered.peak_pct == pytest.approx(90.0)
    # Rounding that lasts into the pull is still found.
    tape, hip = _floor_pull(setup_pct=90.0, pull_pct=80.0)
    (rep,) = summarize_tape_reps(tape, [floor_start], hip)
    assert rep.peak_pct == pytest.approx(80.0)


def test_rep_without_readings_has_no_peak():
    t_s = np.arange(30) / 30.0
    tape = TapeSeries(t_s, np.full(30, np.nan), np.full(30, np.nan), np.zeros(30))
    spans = [RepTiming(0.1, 0.5, 0.9, 90.0), RepTiming(5, 6, 7, 90.0)]
    reps = summarize_tape_reps(tape, spans, np.full(30, 45.0))
    assert all(math.isnan(rep.peak_pct) and rep.confidence == 0.0 for rep in reps)


def test_settled_waits_after_each_reacquisition():
    t_s = np.arange(12) * 0.1
    tracked = np.array([1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1], dtype=bool)
    settled = compute_settled(t_s, tracked, 0.2)
    assert settled.tolist() == [0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1]


def test_head_drop_of_hand_built_postures():
    points = np.zeros((3, 33, 3))
    for frame, ear in enumerate(([0.0, -20.0], [10.0, -17.320508], [-10.0, -17.320508])):
        for lm in (Landmark.LEFT_HIP, Landmark.RIGHT_HIP):
            points[frame, lm, :2] = (0.0, 50.0)
        for lm in (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER):
            points[frame, lm, :2] = (0.0, 0.0)
        for lm in (Landmark.LEFT_EAR, Landmark.RIGHT_EAR):
            points[frame, lm, :2] = ear
    assert np.allclose(compute_head_drop_deg(points, 1), [0.0, 30.0, -30.0])
    assert np.allclose(compute_head_drop_deg(points, -1), [0.0, -30.0, 30.0])


def test_landmark_confidence_takes_the_better_side_and_the_worst_pair():
    visibility = np.full((1, 33), 0.9)
    visibility[0, Landmark.LEFT_EAR] = 0.1  # far ear hidden: the near one counts
    visibility[0, [Landmark.LEFT_HIP, Landmark.RIGHT_HIP]] = (0.4, 0.2)
    assert compute_landmark_confidence(visibility)[0] == pytest.approx(0.4)


def test_bad_inputs_raise():
    n = 4
    good = (np.arange(n) / 30.0, np.zeros((n, 33, 3)), np.zeros((n, 33, 3)), np.zeros((n, 33)))
    with pytest.raises(InputError, match="facing"):
        compute_back_cues(*good, 2)
    with pytest.raises(InputError, match="world_xyz_m"):
        compute_back_cues(good[0], good[1], np.zeros((n, 32, 3)), good[3], 1)
    with pytest.raises(InputError, match="head_drop_deg"):
        BackCueSeries(*(np.zeros(n),) * 3, np.zeros(n + 1), *(np.zeros(n),) * 3)
    with pytest.raises(InputError, match="hip_flexion_deg"):
        compute_tape(_cues(), population_calibration(), View.SIDE, np.zeros(5))
    with pytest.raises(InputError, match="weights"):
        TapeParams(contour_weight=-1.0)
    with pytest.raises(InputError, match="oblique_trust"):
        TapeParams(oblique_trust=2.0)
    with pytest.raises(InputError, match="warmup_s"):
        TapeParams(warmup_s=-0.1)


def test_facing_contours_pick_the_back_once_the_facing_is_known():
    from hingecoach.form.back_cues import FacingContours
    from tests.fixtures.back import HINGED, SIZE

    points = HINGED.copy()
    points[[Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW], :2] = (275.0, 207.0)  # on the chord
    mask = render_trunk_mask(points, 1, 30.0, SIZE)
    pairs = [(measure_back_contour(mask, points, 1), measure_back_contour(mask, points, -1))] * 3
    contours = FacingContours.from_frames(pairs)
    back, confidence = contours.for_facing(1)
    belly, _ = contours.for_facing(-1)
    assert back.shape == (3,) and (back > 0.02).all() and (confidence > 0.9).all()
    assert (belly < 0).all()  # the front of a bent trunk is hollow
    assert not back.flags.writeable
