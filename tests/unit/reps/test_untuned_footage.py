"""Counting on footage nobody tuned to: clip edges, view changes, cuts, letting go.

Each synthetic scene is counted exactly, offline and live (the same segmenter).
"""

from dataclasses import replace
from functools import cache

import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.export.json_export import session_to_dict
from hingecoach.kinematics.angles import compute_front_drop_deg, compute_torso_ratio
from hingecoach.kinematics.cuts import detect_cuts
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View
from hingecoach.kinematics.view_stretches import segment_views
from hingecoach.reps.release import RELEASED_REASON
from hingecoach.reps.segmenter import RepEventKind, RepSegmenter
from hingecoach.synthetic import scenes, synthetic_session


@cache
def _base(noise_px: float):
    return synthetic_session(n_reps=4, noise_px=noise_px, seed=3)


def _opening_at_bottom(noise_px):
    base = _base(noise_px)
    return scenes.trim(base, base.truth.rep_bottom_s[1])


def _opening_mid_pull(noise_px):
    base = _base(noise_px)
    truth = base.truth
    return scenes.trim(base, 0.5 * (truth.rep_bottom_s[1] + truth.rep_end_s[1]) - 0.2)


def _short_rise(noise_px):
    base = _base(noise_px)
    return scenes.trim(base, base.truth.rep_bottom_s[1], base.truth.rep_end_s[1] + 0.4)


def _turn_to_front(noise_px):
    base = _base(noise_px)
    t_s = np.arange(len(base.frames)) / base.fps
    turn_s = base.truth.rep_end_s[1]
    yaw = np.interp(t_s, [0.0, turn_s + 0.2, turn_s + 0.9, 1e3], [90.0, 90.0, 0.0, 0.0])
    return scenes.turn_camera(base, yaw)


def _front(noise_px):
    base = _base(noise_px)
    return scenes.turn_camera(base, np.full(len(base.frames), 5.0))


def _cut_to_bottom(noise_px):
    """Two reps, then a hard cut to another camera with the lifter already at the bottom."""
    first = scenes.trim(_base(noise_px), 0.0, _base(noise_px).truth.rep_end_s[1] + 0.5)
    second = synthetic_session(n_reps=3, noise_px=noise_px, seed=7)
    second = scenes.trim(second, second.truth.rep_bottom_s[0])
    return scenes.concatenate([first, scenes.shift_camera(second, 0.7, (250.0, 30.0))])


def _oblique_front_side(noise_px):
    """A coach turning between blocks: 45° for two reps, front for two, side for two."""
    base = synthetic_session(n_reps=6, noise_px=noise_px, seed=5, pause_top_s=2.0)
    truth = base.truth
    t_s = np.arange(len(base.frames)) / base.fps
    a, b = truth.rep_end_s[1] + 0.3, truth.rep_end_s[3] + 0.3
    yaw = np.interp(t_s, [0.0, a, a + 1.0, b, b + 1.0, 1e3], [45, 45, 0, 0, 90, 90])
    return scenes.turn_camera(base, yaw)


def _crossfade_side_to_front(noise_px):
    """Side shot, a crossfade (tracking lost for 0.3 s), then a front shot at the bottom."""
    first = scenes.trim(_base(noise_px), 0.0, _base(noise_px).truth.rep_end_s[1] + 0.5)
    second = synthetic_session(n_reps=3, noise_px=noise_px, seed=11)
    second = scenes.trim(second, second.truth.rep_bottom_s[0])
    second = scenes.turn_camera(second, np.full(len(second.frames), 10.0))
    joined = scenes.concatenate([first, second])
    lost = {len(first.frames) + k for k in range(-5, 4)}
    frames = tuple(
        replace(frame, image_xyz_px=None, world_xyz_m=None, visibility=None)
        if frame.index in lost
        else frame
        for frame in joined.frames
    )
    return replace(joined, frames=frames)


def _release(noise_px):
    return scenes.release_and_stand(3, noise_px=noise_px)


SCENES = {
    "opening_at_bottom": _opening_at_bottom,
    "opening_mid_pull": _opening_mid_pull,
    "short_rise": _short_rise,
    "turn_to_front": _turn_to_front,
    "front": _front,
    "cut_to_bottom": _cut_to_bottom,
    "release_and_stand": _release,
    "oblique_front_side": _oblique_front_side,
    "crossfade_side_to_front": _crossfade_side_to_front,
}


def _analyze(session):
    return analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="test")


def _live_count(session) -> int:
    analyzer = StreamingAnalyzer()
    count = 0
    for frame in session.frames:
        count = analyzer.update(frame).rep_count
    return count


@pytest.mark.parametrize("noise_px", [0.0, 2.0])
@pytest.mark.parametrize("name", sorted(SCENES))
def test_each_scene_is_counted_exactly_offline_and_live(name, noise_px):
    session = SCENES[name](noise_px)
    expected = len(session.truth.rep_end_s)
    assert expected >= 1
    result = _analyze(session)
    assert result.rep_count == expected
    assert _live_count(session) == expected
    ends = np.array([rep.end_s for rep in result.reps])
    assert np.abs(ends - session.truth.rep_end_s).max() < 0.5


def test_a_clip_opening_at_the_bottom_marks_its_first_rep():
    result = _analyze(_opening_at_bottom(0.0))
    assert result.reps[0].started_at_bottom
    assert result.reps[0].start_s == pytest.approx(0.0)
    assert not any(rep.started_at_bottom for rep in result.reps[1:])


def test_a_short_clip_is_counted_with_a_warning():
    session = _short_rise(0.0)
    result = _analyze(session)
    assert result.rep_count == 1
    assert result.duration_s < 3.0
    assert any("only" in warning and "s long" in warning for warning in result.warnings)
    full = _analyze(_base(0.0))
    assert not any("s long" in warning for warning in full.warnings)


def test_the_rise_after_letting_go_is_reported_not_counted():
    session = _release(0.0)
    result = _analyze(session)
    assert result.rep_count == 3
    (rise,) = result.not_counted
    assert rise.reason == RELEASED_REASON
    assert rise.timing.end_s > result.reps[-1].end_s
    record = session_to_dict(result)
    assert record["rep_count"] == 3
    assert record["not_counted"][0]["reason"] == RELEASED_REASON
    assert record["not_counted"][0]["end_s"] == pytest.approx(rise.timing.end_s)


def test_a_set_on_bent_arms_throughout_is_not_mistaken_for_letting_go():
    """Hands at the hips in every rep (e.g. a bar on the back): all reps count."""
    base = _base(0.0)
    bent = scenes._hands_to_hips(base, start_s=0.0)
    result = _analyze(bent)
    assert result.rep_count == 4
    assert result.not_counted == ()


def test_views_are_segmented_per_stretch_and_the_change_is_warned():
    session = _turn_to_front(0.0)
    series = LandmarkSeries.from_pose_frames(session.frames)
    stretches = segment_views(series.t_s, series.world_xyz_m)
    assert [stretch.view for stretch in stretches] == [View.SIDE, View.FRONT]
    assert stretches[0].start == 0
    assert stretches[-1].stop == len(session.frames)
    turn_s = series.t_s[stretches[1].start]
    assert session.truth.rep_end_s[1] < turn_s < session.truth.rep_start_s[2]
    result = _analyze(session)
    assert any("view changes" in warning for warning in result.warnings)
    record = session_to_dict(result)
    assert [stretch["view"] for stretch in record["view_stretches"]] == ["side", "front"]
    assert record["view_stretches"][1]["start_s"] == pytest.approx(turn_s, abs=1e-3)


def test_cuts_are_found_where_the_shot_changes_and_nowhere_else():
    session = _cut_to_bottom(2.0)
    series = LandmarkSeries.from_pose_frames(session.frames)
    first_shot = int(np.sum(series.t_s <= _base(2.0).truth.rep_end_s[1] + 0.5 - 1e-9))
    assert detect_cuts(series.t_s, series.image_xyz_px) == (first_shot,)
    plain = LandmarkSeries.from_pose_frames(_base(2.0).frames)
    assert detect_cuts(plain.t_s, plain.image_xyz_px) == ()


def test_the_front_drop_reads_the_pitch_at_its_ends_and_never_deeper_between():
    pitch = np.linspace(0.0, 90.0, 19)
    upright = 1.4
    drop = compute_front_drop_deg(upright * np.cos(np.radians(pitch)), upright)
    assert drop[0] == pytest.approx(0.0)
    assert drop[-1] == pytest.approx(90.0)
    assert np.all(drop <= pitch + 1e-9)
    assert np.all(np.diff(drop) > 0)
    assert np.isnan(compute_front_drop_deg(np.array([1.0]), float("nan"))).all()


def test_the_torso_ratio_of_a_front_view_shrinks_as_the_trunk_pitches():
    front = _front(0.0)
    series = LandmarkSeries.from_pose_frames(front.frames)
    ratio = compute_torso_ratio(series.image_xyz_px)
    truth = front.truth
    standing = ratio[np.argmin(np.abs(truth.t_s - truth.rep_start_s[0]))]
    bottom = ratio[np.argmin(np.abs(truth.t_s - truth.rep_bottom_s[0]))]
    assert bottom < 0.6 * standing


def test_a_flicker_at_the_start_of_a_clip_is_not_an_edge_rep():
    segmenter = RepSegmenter()
    events = [segmenter.update(k / 30.0, 80.0 if k < 3 else 5.0, 10.0) for k in range(60)]
    kinds = [event.kind for event in events if event is not None]
    assert segmenter.rep_count == 0
    assert RepEventKind.ABANDONED in kinds
