"""The streaming rep detector on small hand-built signals with known answers."""

import math

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.reps.params import RepParams
from hingecoach.reps.segmenter import RepEventKind, RepPhase, RepSegmenter

FPS = 30.0


def hinge_signal(bottoms_deg, *, stand_s=1.0, down_s=1.0, up_s=1.0, start_deg=None, end_deg=None):
    """Piecewise-linear hip flexion: stand, descend, rise per bottom; trunk follows."""
    points = [(0.0, start_deg if start_deg is not None else 0.0)]
    t = 0.0
    if start_deg is None:
        t += stand_s
        points.append((t, 0.0))
    for bottom in bottoms_deg:
        if points[-1][1] < bottom:
            t += down_s
            points.append((t, bottom))
        t += up_s
        points.append((t, 0.0))
        t += stand_s
        points.append((t, 0.0))
    if end_deg is not None:
        t += down_s
        points.append((t, end_deg))
        t += stand_s
        points.append((t, end_deg))
    times, values = zip(*points, strict=True)
    t_s = np.arange(0.0, times[-1] + 1e-9, 1.0 / FPS)
    hip = np.interp(t_s, times, values)
    return t_s, hip, 0.7 * hip


def run(t_s, hip, trunk, params=None):
    segmenter = RepSegmenter(params)
    events = [segmenter.update(t, h, k) for t, h, k in zip(t_s, hip, trunk, strict=True)]
    events.append(segmenter.finish())
    return segmenter, [e for e in events if e is not None]


def completed(events):
    return [e for e in events if e.kind is RepEventKind.COMPLETED]


def test_counts_each_rise_to_lockout_with_exact_times():
    t_s, hip, trunk = hinge_signal([90, 80, 85])
    segmenter, events = run(t_s, hip, trunk)
    reps = completed(events)
    assert segmenter.rep_count == 3
    assert [e.rep_count for e in reps] == [1, 2, 3]
    # First rep: descent 1.0→2.0 s, bottom at 2.0 s. It starts when the hip leaves its
    # standing angle by 15°, and ends on the rise once the trunk (0.7 × hip) is within
    # 20° of vertical, i.e. at hip 28.6°.
    first = reps[0].timing
    assert first.bottom_s == pytest.approx(2.0, abs=1 / FPS)
    assert first.peak_hip_flexion_deg == pytest.approx(90.0, abs=0.5)
    assert 1.0 <= first.start_s <= 1.0 + 15 / 90 + 1 / FPS
    upright_on_rise_s = 2.0 + (90 - 20 / 0.7) / 90
    assert first.end_s == pytest.approx(upright_on_rise_s, abs=1 / FPS)


def test_final_set_down_is_partial_not_counted():
    t_s, hip, trunk = hinge_signal([90, 90], end_deg=100)
    segmenter, events = run(t_s, hip, trunk)
    assert segmenter.rep_count == 2
    assert events[-1].kind is RepEventKind.PARTIAL
    assert events[-1].timing.peak_hip_flexion_deg == pytest.approx(100.0, abs=0.5)


def test_recording_that_opens_at_the_bottom_holds_one_rep():
    t_s, hip, trunk = hinge_signal([100], start_deg=100)
    _segmenter, events = run(t_s, hip, trunk)
    reps = completed(events)
    assert len(reps) == 1
    assert reps[0].timing.started_at_bottom
    assert reps[0].timing.start_s == 0.0


def test_never_returning_to_lockout_holds_no_rep():
    t_s = np.arange(0, 2, 1 / FPS)
    hip = np.linspace(120, 60, t_s.size)
    segmenter, events = run(t_s, hip, 0.7 * hip)
    assert segmenter.rep_count == 0
    assert [e.kind for e in events] == [RepEventKind.PARTIAL]


def test_shallow_dip_is_abandoned_not_counted():
    t_s, hip, trunk = hinge_signal([32, 90])
    segmenter, events = run(t_s, hip, trunk)
    assert segmenter.rep_count == 1
    assert RepEventKind.ABANDONED in [e.kind for e in events]


def test_pause_at_the_bottom_and_slow_reps_count_once():
    t_s, hip, _trunk = hinge_signal([90], down_s=4.0, up_s=4.0)
    hold = (t_s > 5.0) & (t_s < 7.0)
    hip = np.where(hold, 90.0, hip)
    segmenter, _ = run(t_s, hip, 0.7 * hip)
    assert segmenter.rep_count == 1


def test_flicker_shorter_than_min_rep_is_not_a_rep():
    t_s, hip, trunk = hinge_signal([90], down_s=0.1, up_s=0.1)
    segmenter, events = run(t_s, hip, trunk)
    assert segmenter.rep_count == 0
    assert RepEventKind.ABANDONED in [e.kind for e in events]


def test_upright_trunk_counts_as_lockout_when_hip_is_out_of_the_hinge():
    # Knees mis-tracked at lockout: hip flexion stays at 30° but the trunk is vertical.
    t_s, hip, _ = hinge_signal([100])
    hip = np.maximum(hip, 30.0)
    trunk = np.where(hip > 30.0, 0.7 * hip, 5.0)
    segmenter, _ = run(t_s, hip, trunk)
    assert segmenter.rep_count == 1
    # With the trunk still inclined there is no lockout.
    segmenter, _ = run(t_s, hip, np.full_like(hip, 40.0))
    assert segmenter.rep_count == 0


def test_long_loss_of_the_body_restarts_the_detector():
    t_s, hip, trunk = hinge_signal([90])
    lost = (t_s > 1.8) & (t_s < 4.0)  # lost from the bottom until after lockout
    hip = np.where(lost, np.nan, hip)
    segmenter, _ = run(t_s, hip, trunk)
    assert segmenter.rep_count == 0


def test_short_loss_is_bridged():
    t_s, hip, trunk = hinge_signal([90])
    hip = np.where((t_s > 2.2) & (t_s < 2.6), np.nan, hip)
    segmenter, _ = run(t_s, hip, trunk)
    assert segmenter.rep_count == 1


def test_standing_posture_is_learned():
    t_s, hip, trunk = hinge_signal([90, 90])
    segmenter, _ = run(t_s, hip + 12.0, trunk)
    assert segmenter.rep_count == 2
    assert segmenter.standing_deg == pytest.approx(12.0, abs=1.0)


def test_phase_follows_the_movement():
    segmenter = RepSegmenter()
    assert segmenter.phase is RepPhase.UNKNOWN
    segmenter.update(0.0, 2.0, 1.0)
    assert segmenter.phase is RepPhase.STANDING
    event = segmenter.update(0.1, 25.0, 18.0 + 5)
    assert event.kind is RepEventKind.STARTED and segmenter.phase is RepPhase.LOWERING
    event = segmenter.update(0.5, 80.0, 60.0)
    assert event.kind is RepEventKind.BOTTOM_REACHED and segmenter.phase is RepPhase.DOWN
    assert segmenter.update(0.6, math.nan, math.nan) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"up_deg": 40.0, "down_deg": 35.0}, "up_deg"),
        ({"up_deg": 0.0}, "up_deg"),
        ({"min_rep_s": 0.0}, "min_rep_s"),
        ({"max_gap_s": -1.0}, "max_gap_s"),
    ],
)
def test_params_reject_bad_values(kwargs, message):
    with pytest.raises(InputError, match=message):
        RepParams(**kwargs)
