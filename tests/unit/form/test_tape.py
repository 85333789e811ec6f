"""The virtual tape on the lower back: read from the side only, null (never 0) otherwise."""

import math

import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.errors import InputError
from hingecoach.form.back_cues import (
    BackCueSeries,
    FacingContours,
    compute_back_cues,
    compute_head_drop_deg,
    compute_landmark_confidence,
)
from hingecoach.form.calibration import population_calibration
from hingecoach.form.findings import FaultCode
from hingecoach.form.params import FaultThresholds
from hingecoach.form.tape import (
    NO_OUTLINE,
    VIEW_NOT_READ,
    TapeParams,
    TapeSeries,
    TapeState,
    classify_tape,
    compute_settled,
    compute_tape,
)
from hingecoach.form.tape_reps import (
    NO_FRAMES_READ,
    TapeRep,
    compute_pull_start_s,
    compute_tape_not_checked,
    compute_upper_back_note,
    summarize_tape_reps,
)
from hingecoach.kinematics.back_contour import measure_back_contour
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View
from hingecoach.pose.landmarks import Landmark
from hingecoach.reps.segmenter import RepTiming
from tests.fixtures.back import render_trunk_mask

ROUNDED_PCT = FaultThresholds().rounded_back_pct


def _analysed(synthetic_contours_factory, fault, **kwargs):
    session, contours = synthetic_contours_factory(fault, **kwargs)
    series = LandmarkSeries.from_pose_frames(session.frames)
    return analyze_landmarks(series, model_name="t", contours=contours)


def test_a_rounded_lower_back_is_found(synthetic_contours_factory):
    result = _analysed(synthetic_contours_factory, "rounded_back")
    peaks = [rep.peak_pct for rep in result.tape_reps]
    assert all(peak > ROUNDED_PCT for peak in peaks)
    assert result.form.set_faults == (FaultCode.ROUNDED_BACK,)


def test_a_good_hinge_reads_near_neutral(synthetic_contours_factory):
    result = _analysed(synthetic_contours_factory, "none")
    assert all(rep.read and rep.peak_pct < ROUNDED_PCT / 2 for rep in result.tape_reps)
    assert all(rep.confidence >= TapeParams().min_rep_confidence for rep in result.tape_reps)
    assert FaultCode.ROUNDED_BACK not in result.form.set_faults


@pytest.mark.parametrize("facing", [1, -1])
def test_upper_back_only_rounding_is_no_rounded_lower_back(synthetic_contours_factory, facing):
    result = _analysed(synthetic_contours_factory, "rounded_upper_back", facing=facing)
    assert all(rep.read for rep in result.tape_reps)  # read, and low: not "unknown"
    assert max(rep.peak_pct for rep in result.tape_reps) < ROUNDED_PCT / 2
    assert all(
        FaultCode.ROUNDED_BACK not in [f.code for f in rep.faults] for rep in result.form.reps
    )
    # The bend is there, on the upper back, where the tape does not lie.
    session, contours = synthetic_contours_factory("rounded_upper_back", facing=facing)
    lumbar, thoracic, _ = contours.for_facing(facing)
    bottom = int(np.argmax(session.truth.hip_flexion_deg))
    assert thoracic[bottom] > 15.0 > 5.0 > lumbar[bottom]


@pytest.mark.parametrize("view", [View.OBLIQUE, View.FRONT, View.UNKNOWN])
def test_other_views_get_a_null_tape_with_the_reason_never_zero(synthetic_contours_factory, view):
    session, contours = synthetic_contours_factory("none")
    series = LandmarkSeries.from_pose_frames(session.frames)
    result = analyze_landmarks(series, model_name="t", contours=contours)
    cues_tape = compute_tape(_cues(lumbar=0.0), population_calibration(), view, HINGED, NO_WARMUP)
    assert np.isnan(cues_tape.rounding_pct).all() and (cues_tape.confidence == 0).all()
    assert cues_tape.not_read_reason == VIEW_NOT_READ[view]
    reps = summarize_tape_reps(cues_tape, [RepTiming(0.1, 0.5, 0.9, 90.0)], np.full(30, 45.0))
    assert [rep.reason for rep in reps] == [VIEW_NOT_READ[view]]
    assert math.isnan(reps[0].peak_pct) and reps[0].peak_pct != 0
    assert result.view.view is View.SIDE  # the same set seen side-on is read


def test_without_a_silhouette_the_tape_is_not_read(synthetic_session_factory):
    session = synthetic_session_factory("rounded_back", n_reps=2)
    result = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="t")
    assert all(not rep.read and rep.reason == NO_OUTLINE for rep in result.tape_reps)
    assert FaultCode.ROUNDED_BACK not in result.form.set_faults
    unchecked = {item.code: item.reason for item in result.form.not_checked}
    assert unchecked[FaultCode.ROUNDED_BACK] == NO_OUTLINE


def test_a_reading_below_the_confidence_floor_is_dropped():
    cues = _cues(lumbar=20.0, contour_confidence=0.4)  # 0.4 × population trust 0.6 = 0.24
    tape = compute_tape(cues, population_calibration(), View.SIDE, HINGED, NO_WARMUP)
    assert np.allclose(tape.rounding_pct, 80.0)
    (rep,) = summarize_tape_reps(tape, [RepTiming(0.0, 0.5, 0.95, 90.0)], HINGED)
    assert math.isnan(rep.peak_pct) and rep.confidence == pytest.approx(0.24)
    assert "below the floor of 0.30" in rep.reason
    (trusted,) = summarize_tape_reps(
        tape, [RepTiming(0.0, 0.5, 0.95, 90.0)], HINGED, TapeParams(min_rep_confidence=0.2)
    )
    assert trusted.peak_pct == pytest.approx(80.0) and trusted.reason is None


def _cues(n=30, *, lumbar=0.0, head=10.0, contour_confidence=1.0, fps=30.0):
    t_s = np.arange(n) / fps
    return BackCueSeries(
        t_s=t_s,
        lumbar_bend_deg=np.full(n, lumbar),
        thoracic_bend_deg=np.full(n, 30.0),
        contour_confidence=np.full(n, contour_confidence),
        head_drop_deg=np.full(n, head),
        landmark_confidence=np.full(n, 1.0),
    )


HINGED = np.full(30, 80.0)
NO_WARMUP = TapeParams(warmup_s=0.0)


def test_tape_is_the_lower_back_alone_floored_at_neutral():
    calibration = population_calibration()
    # Lower back at its rounded extreme; upper back and head far beyond theirs.
    tape = compute_tape(_cues(lumbar=25.0, head=80.0), calibration, View.SIDE, HINGED)
    settled = tape.rounding_pct[10:]
    assert np.allclose(settled, 100.0)
    assert np.allclose(tape.angle_deg[10:], 25.0)
    assert np.allclose(tape.upper_back_pct[10:], 200.0)  # kept apart, for the note
    assert np.isnan(tape.rounding_pct[:9]).all()  # the tracker's first 0.3 s
    arched = compute_tape(_cues(lumbar=-15.0, head=80.0), calibration, View.SIDE, HINGED)
    assert np.allclose(arched.rounding_pct[10:], 0.0)  # an arch is not "below neutral"
    assert not tape.rounding_pct.flags.writeable


def test_frames_that_are_not_hinged_are_not_read():
    tape = compute_tape(_cues(), population_calibration(), View.SIDE, np.full(30, 10.0))
    assert np.isnan(tape.rounding_pct).all() and (tape.confidence == 0).all()


def test_classify_tape_is_one_rule_with_grey_for_not_read():
    assert classify_tape(None, 50) is TapeState.NOT_READ
    assert classify_tape(math.nan, 50) is TapeState.NOT_READ
    assert classify_tape(0.0, 50) is TapeState.NEUTRAL  # a real 0 reading is green
    assert classify_tape(25.0, 50) is TapeState.CAUTION
    assert classify_tape(50.0, 50) is TapeState.ROUNDED


def test_upper_back_note_needs_most_reps():
    def rep(upper):
        return TapeRep(1, 0.0, 1.0, 10.0, 2.5, 0.5, 0.6, None, upper)

    assert compute_upper_back_note([rep(80.0), rep(70.0), rep(10.0)]).startswith(
        "Your upper back and head dropped forward on 2 of 3 reps"
    )
    assert compute_upper_back_note([rep(80.0), rep(10.0)]) is None
    assert compute_upper_back_note([rep(math.nan)]) is None
    assert "not the lower-back rounding" in compute_upper_back_note([rep(90.0)])


def test_held_peak_ignores_one_frame_spikes():
    t_s = np.arange(60) / 30.0
    pct = np.full(60, 10.0)
    pct[5] = 300.0  # one frame of mask flicker
    pct[30:40] = 70.0  # a third of a second of rounding
    tape = TapeSeries(t_s, pct, pct * 0.4, np.full(60, 0.5), np.full(60, np.nan))
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
    return TapeSeries(t_s, pct, pct * 0.4, np.full(60, 0.8), np.full(60, np.nan)), hip


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
    nan = np.full(30, np.nan)
    tape = TapeSeries(t_s, nan, nan, np.zeros(30), nan)
    spans = [RepTiming(0.1, 0.5, 0.9, 90.0), RepTiming(5, 6, 7, 90.0)]
    reps = summarize_tape_reps(tape, spans, np.full(30, 45.0))
    assert all(math.isnan(rep.peak_pct) and rep.confidence == 0.0 for rep in reps)
    assert all(not rep.read and rep.reason == NO_FRAMES_READ for rep in reps)
    assert compute_tape_not_checked(reps) == NO_FRAMES_READ


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
    good = (np.arange(n) / 30.0, np.zeros((n, 33, 3)), np.zeros((n, 33)))
    with pytest.raises(InputError, match="facing"):
        compute_back_cues(*good, 2)
    with pytest.raises(InputError, match="visibility"):
        compute_back_cues(good[0], good[1], np.zeros((n, 32)), 1)
    with pytest.raises(InputError, match="head_drop_deg"):
        BackCueSeries(*(np.zeros(n),) * 4, np.zeros(n + 1), np.zeros(n))
    with pytest.raises(InputError, match="hip_flexion_deg"):
        compute_tape(_cues(), population_calibration(), View.SIDE, np.zeros(5))
    with pytest.raises(InputError, match="min_rep_confidence"):
        TapeParams(min_rep_confidence=2.0)
    with pytest.raises(InputError, match="warmup_s"):
        TapeParams(warmup_s=-0.1)
    with pytest.raises(InputError, match="upper_back_pct"):
        TapeSeries(np.zeros(n), *(np.zeros(n),) * 3, np.zeros(n + 1))


def test_facing_contours_pick_the_back_once_the_facing_is_known():
    from tests.fixtures.back import HINGED as TRUNK
    from tests.fixtures.back import SIZE

    points = TRUNK.copy()
    points[[Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW], :2] = (275.0, 207.0)  # on the chord
    mask = render_trunk_mask(points, 1, 30.0, SIZE)
    pairs = [(measure_back_contour(mask, points, 1), measure_back_contour(mask, points, -1))] * 3
    contours = FacingContours.from_frames(pairs)
    lumbar, thoracic, confidence = contours.for_facing(1)
    belly, _, _ = contours.for_facing(-1)
    assert lumbar.shape == (3,) and (lumbar > 5).all() and (thoracic > 5).all()
    assert (confidence > 0.9).all()
    assert (belly < 0).all()  # the front of a bent trunk is hollow
    assert not lumbar.flags.writeable
    # The same bends measured again from the stored contour lines.
    lines = tuple(np.stack([pair[k].points_xy_px for pair in pairs]) for k in (0, 1))
    again = FacingContours.from_tape_lines(lines, contours.confidence, np.stack([points] * 3))
    assert np.allclose(again.for_facing(1)[0], lumbar, atol=0.5)


def test_contours_pickled_before_the_segments_come_back_unread():
    old = FacingContours.__new__(FacingContours)
    old.__setstate__([(np.zeros(2), np.ones(2)), (np.full(2, 0.9), np.zeros(2))])
    lumbar, _, confidence = old.for_facing(1)
    assert np.isnan(lumbar).all() and np.allclose(confidence, 0.9)
