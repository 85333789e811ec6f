"""Everyday bends: the class rules, the summary and the conservative everyday call."""

from __future__ import annotations

import math

import pytest

from hingecoach.daily.bends import Bend, BendClass, classify_bend
from hingecoach.daily.params import BendParams
from hingecoach.daily.recognise import recognise_daily
from hingecoach.daily.summary import ALL_HINGES, BEND_CUES, summarize_bends
from hingecoach.errors import InputError


def make_bend(kind: BendClass, confidence: float = 0.9, hip: float = 90.0, index: int = 1) -> Bend:
    return Bend(
        index=index,
        start_frame=0,
        peak_frame=10,
        end_frame=20,
        start_s=0.0,
        peak_s=1.0,
        end_s=2.0,
        kind=kind,
        confidence=confidence,
        peak_trunk_inclination_deg=50.0,
        peak_hip_flexion_deg=hip,
        knee_flexion_deg=40.0,
        hip_shift_leg=0.2,
        hinge_squat_index=0.4,
        tape_pct=None,
        tape_reason="not read",
        duration_s=2.0,
    )


@pytest.mark.parametrize(
    ("index", "knee", "tape", "kind"),
    [
        (0.45, 60.0, 5.0, BendClass.HINGE),  # a floor hinge: knees bent, back long
        (0.25, 15.0, 10.0, BendClass.HINGE),  # a stiff-legged reach with a long back
        (0.75, 120.0, 5.0, BendClass.SQUAT),
        (0.75, 120.0, None, BendClass.SQUAT),  # a squat needs no tape
        (0.20, 5.0, 70.0, BendClass.STOOP),
        (0.45, 70.0, 70.0, BendClass.MIXED),  # rounded with bent knees
    ],
)
def test_each_pattern_gets_its_class(index, knee, tape, kind):
    assert classify_bend(index, knee, tape)[0] is kind


def test_certainty_grows_with_the_distance_from_the_threshold():
    near = classify_bend(0.60, 60.0, 5.0)[1]
    far = classify_bend(0.30, 60.0, 5.0)[1]
    assert 0.5 <= near < far == 1.0


def test_straight_legs_without_a_tape_reading_are_at_most_an_even_call():
    # Without the tape a stiff-legged hinge cannot be told from a stoop.
    kind, certainty = classify_bend(0.2, 10.0, None)
    assert kind is BendClass.HINGE
    assert certainty == BendParams().unread_back_confidence


def test_no_index_is_no_class_certainty():
    assert classify_bend(math.nan, 40.0, None) == (BendClass.MIXED, 0.0)


def test_params_refuse_nonsense():
    with pytest.raises(InputError):
        BendParams(squat_index=1.2)
    with pytest.raises(InputError):
        BendParams(straight_knee_deg=0.0)


def test_summary_counts_the_share_of_hinges_and_names_the_commonest_poor_pattern():
    bends = [make_bend(BendClass.HINGE), make_bend(BendClass.SQUAT), make_bend(BendClass.SQUAT)]
    summary = summarize_bends(bends)
    assert summary.good_count == 1
    assert summary.good_share == pytest.approx(1 / 3)
    assert summary.count(BendClass.SQUAT) == 2
    assert summary.poor_pattern is BendClass.SQUAT
    assert summary.cue == BEND_CUES[BendClass.SQUAT]


def test_the_back_comes_first_when_two_poor_patterns_tie():
    bends = [make_bend(BendClass.SQUAT), make_bend(BendClass.STOOP)]
    assert summarize_bends(bends).poor_pattern is BendClass.STOOP


def test_one_odd_bend_among_many_gets_no_cue():
    bends = [make_bend(BendClass.HINGE)] * 7 + [make_bend(BendClass.STOOP)]
    summary = summarize_bends(bends)
    assert summary.poor_pattern is None
    assert summary.cue is None


def test_all_hinges_earn_praise_and_no_bend_earns_nothing():
    assert summarize_bends([make_bend(BendClass.HINGE)] * 3).cue == ALL_HINGES
    empty = summarize_bends([])
    assert math.isnan(empty.good_share)
    assert empty.cue is None and empty.poor_pattern is None


def test_a_set_is_never_called_everyday_bends():
    same_depth = [make_bend(BendClass.HINGE, hip=90.0 + k) for k in range(8)]
    assert recognise_daily(same_depth) is None
    # A squatting set with one hinge at the same depth is a set with a fault.
    squatting = [make_bend(BendClass.SQUAT)] * 6 + [make_bend(BendClass.HINGE)]
    assert recognise_daily(squatting) is None
    # Different depths of one class: a set with a camera cut, not everyday life.
    assert recognise_daily([make_bend(BendClass.HINGE, hip=h) for h in (50, 150)]) is None
    assert recognise_daily([make_bend(BendClass.HINGE)]) is None


def test_different_kinds_at_different_depths_are_everyday_bends():
    bends = [make_bend(BendClass.HINGE, hip=45.0), make_bend(BendClass.SQUAT, hip=105.0)]
    assert recognise_daily(bends) == 1.0
    # Unsure bends are no evidence.
    unsure = [make_bend(BendClass.HINGE, 0.5, 45.0), make_bend(BendClass.SQUAT, 0.5, 105.0)]
    assert recognise_daily(unsure) is None
    three = [make_bend(BendClass.HINGE), make_bend(BendClass.SQUAT), make_bend(BendClass.STOOP)]
    assert recognise_daily(three) == 1.0


def test_the_config_sets_the_bend_thresholds_and_refuses_bad_ones():
    from hingecoach.analysis.config import params_from_config

    assert params_from_config({"bends": {"squat_index": 0.7}}).bends.squat_index == 0.7
    with pytest.raises(InputError, match=r"\[bends\]"):
        params_from_config({"bends": {"squat_index": 1.5}})
