"""Daily practice live: the streaming core classes each bend as it counts, the page shows it."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.daily import DAILY
from hingecoach.daily.bends import BendClass
from hingecoach.synthetic.daily import BendStyle, daily_scene
from hingecoach.web.session import LiveSession
from tests.unit.web.fakes import ReplayEstimator

#: Hinges and squats need no tape; the stoop needs the silhouette, which synthetic pose
#: frames do not carry (no segmentation mask), so live it is not asserted here.
STYLES = (BendStyle.HINGE_PICKUP, BendStyle.SQUAT_PICKUP, BendStyle.SINK_LEAN)


@pytest.fixture(scope="module")
def scene():
    return daily_scene(STYLES, fps=15.0, image_size=(640, 360))


def test_the_streaming_core_classes_each_bend_when_it_counts(scene):
    analyzer = StreamingAnalyzer(exercise=DAILY)
    bends = [u.bend for u in map(analyzer.update, scene.session.frames) if u.bend is not None]
    assert [bend.kind for bend in bends] == [BendClass.HINGE, BendClass.SQUAT, BendClass.HINGE]
    assert analyzer.bends == bends
    assert analyzer.exercise is None or analyzer.exercise.id == DAILY


def test_daily_practice_counts_good_bends_on_the_live_page(scene):
    frames = scene.session.frames
    session = LiveSession(ReplayEstimator(frames), variant=DAILY)
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)
    messages = [session.process(rgb, frame.t_s) for frame in frames]
    shown = [m["bend"] for m in messages if m["bend"] is not None]
    assert [bend["class"] for bend in shown] == ["hinge", "squat", "hinge"]
    assert shown[1]["label"].startswith("Squat") and not shown[1]["good"]
    assert messages[-1]["good_bends"] == 2
    record = session.summary()
    assert record["variant"] == DAILY and record["good_bends"] == 2
    assert [bend["class"] for bend in record["bends"]] == ["hinge", "squat", "hinge"]


def test_the_daily_set_card_gives_the_good_bends_and_the_cue(scene):
    frames = scene.session.frames
    session = LiveSession(ReplayEstimator(frames), variant=DAILY)
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)
    for frame in frames:
        session.process(rgb, frame.t_s)
    card = session.end_set()
    assert card["bends"]["count"] == 3 and card["bends"]["good_count"] == 2
    assert card["bends"]["cue"].startswith("Some bends were squats")
