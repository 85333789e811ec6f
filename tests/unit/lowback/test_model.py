"""The L5/S1 load model against hand-computed cases and a published worked example."""

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.lowback.anthropometry import (
    MASS_UPPER_BODY,
    BodyInputs,
    LowBackParams,
)
from hingecoach.lowback.estimate import compute_load_series, summarize_window
from hingecoach.lowback.model import (
    ModelCase,
    SagittalFrames,
    compute_compression_n,
    compute_frame_load,
)
from hingecoach.lowback.session import resolve_load

HEIGHT = 1.75
MASS = 75.0
G = 9.81


def posture(trunk_deg, bend_deg=0.0, hands_ahead_m=0.0, n=1):
    """A side-on posture in metres: hip at the origin, trunk line at ``trunk_deg``.

    The arms hang straight down from the shoulders (upper arm 0.186 H, forearm 0.146 H),
    the hands ``hands_ahead_m`` further forward; the ear 0.110 H beyond the shoulder on
    the trunk line.
    """
    tilt = np.radians(trunk_deg)
    along = np.array([np.sin(tilt), np.cos(tilt)])
    hip = np.zeros((n, 2))
    shoulder = hip + 0.288 * HEIGHT * along
    elbow = shoulder + np.array([0.0, -0.186 * HEIGHT])
    wrist = elbow + np.array([hands_ahead_m, -0.146 * HEIGHT])
    return SagittalFrames(
        hip=hip,
        shoulder=shoulder,
        elbow=elbow,
        wrist=wrist,
        knuckles=wrist + np.array([0.0, -0.06]),
        ear=shoulder + 0.110 * HEIGHT * along,
        lumbar_bend_deg=np.full(n, float(bend_deg)),
    )


CASE = ModelCase(mass_kg=MASS, height_m=HEIGHT)


def test_upright_moment_is_small_and_compression_is_the_upper_body_weight():
    """Standing tall, arms at the sides: every mass is over L5/S1, so M ≈ 0 N·m.

    The disc then carries the upper body's weight: 0.536 × 75 kg × 9.81 = 394.4 N
    (Winter's head, trunk above L4-L5 and arms), plus the 10 kg load: 492.5 N.
    """
    load = compute_frame_load(posture(0.0), 10.0, CASE)
    assert abs(load.moment_nm[0]) < 5.0
    expected = (MASS_UPPER_BODY * MASS + 10.0) * G
    assert load.compression_n(0.06)[0] == pytest.approx(expected, rel=0.01)


def test_trunk_horizontal_with_10_kg_matches_the_hand_computation():
    """Trunk line horizontal, arms hanging, 10 kg in the hands; H = 1.75 m, M = 75 kg.

    Along the trunk line from the hip (fractions of H): L5/S1 at 0.045, T12/L1 at 0.145
    (lumbar 0.10), shoulder 0.288, ear 0.398. Centres: thorax 0.145 + 0.18 × 0.143 =
    0.17074; abdomen 0.045 + 0.56 × 0.100 = 0.101; arms and load under the shoulder,
    0.288. Lever arms from L5/S1 (× H):
    head 0.081 × 0.353 = 0.028593; thorax 0.216 × 0.12574 = 0.027160;
    abdomen 0.139 × 0.056 = 0.007784; arms 0.100 × 0.243 = 0.024300;
    sum 0.087837 × 1.75 m × 75 kg × 9.81 = 113.10 N·m;
    load 10 kg × 0.243 × 1.75 m × 9.81 = 41.72 N·m; total 154.82 N·m.
    Compression with a 6 cm extensor: 154.82 / 0.06 = 2580 N (the weight is across
    the horizontal spine: no axial share). The hands are 0.243 × 1.75 = 0.425 m ahead.
    Tolerance 0.5 % (rounding of the hand computation).
    """
    load = compute_frame_load(posture(90.0), 10.0, CASE)
    assert load.moment_nm[0] == pytest.approx(154.82, rel=0.005)
    assert load.compression_n(0.06)[0] == pytest.approx(2580.0, rel=0.005)
    assert load.load_distance_m[0] == pytest.approx(0.425, abs=0.002)


def test_compression_matches_a_published_textbook_example():
    """Serway & Jewett, *Physics for Scientists and Engineers*, ch. 12 (static
    equilibrium), "a person bending forward to lift a load with his back": trunk a
    horizontal uniform rod of weight 350 N pivoted at the base of the spine, a 200 N
    object at its end, the erector spinae attached 2/3 of the way up at 12° to the spine.
    Published answer: muscle tension T = 2.71 kN, spine compression Rx = 2.65 kN.

    The moment about the pivot is 200 L + 350 L / 2 = 375 L, and the muscle's lever arm
    (2/3) L sin 12°. Our single-equivalent extensor runs along the spine, so all of its
    force compresses the disc: we must give T within 1 %, and Rx (= T cos 12°) within
    3 % (the 12° the model leaves out costs 2.2 %). The weight is across the horizontal
    spine: no axial share.
    """
    length = 0.6  # any length: it cancels
    moment = 375.0 * length
    lever = (2.0 / 3.0) * length * np.sin(np.radians(12.0))
    compression = float(compute_compression_n(moment, 0.0, lever))
    assert compression == pytest.approx(2710.0, rel=0.01)
    assert compression == pytest.approx(2650.0, rel=0.03)


def test_holding_the_same_load_farther_raises_the_moment():
    near = compute_frame_load(posture(60.0, hands_ahead_m=0.0), 10.0, CASE)
    far = compute_frame_load(posture(60.0, hands_ahead_m=0.2), 10.0, CASE)
    # The load's 0.2 m further out adds 10 kg × 9.81 × 0.2 m plus the hand and forearm.
    assert far.moment_nm[0] - near.moment_nm[0] == pytest.approx(
        G * (0.2 * 10.0 + 0.2 * MASS * (2 * 0.006 + 2 * 0.016 * 0.43)), rel=0.01
    )
    assert far.compression_n(0.06)[0] > near.compression_n(0.06)[0]


@pytest.mark.parametrize("trunk_deg", [30.0, 60.0, 90.0])
def test_rounding_the_lower_back_raises_moment_and_compression(trunk_deg):
    flat = compute_frame_load(posture(trunk_deg, bend_deg=0.0), 10.0, CASE)
    round_ = compute_frame_load(posture(trunk_deg, bend_deg=30.0), 10.0, CASE)
    assert round_.moment_nm[0] > flat.moment_nm[0]
    assert round_.compression_n(0.06)[0] > flat.compression_n(0.06)[0]


def test_a_hinge_with_the_load_close_is_the_lowest():
    """At one trunk angle, hands far, lower back rounded, both, or the load kept close."""
    postures = {
        "far": posture(60.0, hands_ahead_m=0.25),
        "rounded": posture(60.0, bend_deg=30.0),
        "far_rounded": posture(60.0, bend_deg=30.0, hands_ahead_m=0.25),
        "close": posture(60.0),
    }
    moments = {k: compute_frame_load(p, 15.0, CASE).moment_nm[0] for k, p in postures.items()}
    assert min(moments, key=moments.get) == "close"
    # The model's own comparison of every posture lands on the close hinge's figure.
    for frames in postures.values():
        close = compute_frame_load(frames, 15.0, CASE, close=True).moment_nm[0]
        assert close == pytest.approx(moments["close"], rel=1e-6)


def _rep(frames, body, load_kg=10.0):
    n = frames.hip.shape[0]
    t_s = np.arange(n) / 30.0
    series = compute_load_series(t_s, frames, body, load_kg)
    return summarize_window(series, 1, 0.0, t_s[-1], LowBackParams())


def test_rep_figures_have_ranges_and_the_close_comparison_below():
    frames = posture(60.0, bend_deg=25.0, hands_ahead_m=0.2, n=30)
    rep = _rep(frames, BodyInputs.of(MASS, HEIGHT))
    for value in (rep.moment_nm, rep.compression_n, rep.close_moment_nm):
        assert value.low < value.estimate < value.high
    assert rep.close_moment_nm.estimate < rep.moment_nm.estimate
    assert rep.close_compression_n.estimate < rep.compression_n.estimate
    assert rep.close_load_distance_m < rep.load_distance_m


def test_an_assumed_body_widens_the_range():
    frames = posture(60.0, n=30)
    known = _rep(frames, BodyInputs.of(MASS, HEIGHT))
    assumed = _rep(frames, BodyInputs.of(None, None))
    assert assumed.moment_nm.estimate == pytest.approx(known.moment_nm.estimate, rel=1e-6)
    width = known.moment_nm.high - known.moment_nm.low
    assert assumed.moment_nm.high - assumed.moment_nm.low > 2 * width


def test_load_is_given_logged_bodyweight_or_unknown():
    assert resolve_load(12.0, 8.0, True).source == "given"
    assert resolve_load(None, 8.0, True) == resolve_load(None, 8.0, False)
    assert resolve_load(None, None, False).load_kg == 0.0
    unknown = resolve_load(None, None, True)
    assert (unknown.load_kg, unknown.source) == (None, "unknown")


def test_impossible_body_figures_are_refused():
    with pytest.raises(InputError, match="Body mass"):
        BodyInputs.of(5.0, 1.7)
    with pytest.raises(InputError, match="Height"):
        BodyInputs.of(70.0, 17.0)
