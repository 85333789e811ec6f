"""Daily-life practice in the program: everyday bends stored, counted, kept out of progression."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hingecoach.export.json_export import session_to_dict
from hingecoach.program.daily import bend_counts, summarize_practice
from hingecoach.store.sets import SetStore, utc_now
from tests.unit.daily._scene import scene_result

LIVE_DAILY = {
    "schema": "hingecoach.live_set/1",
    "variant": "daily",
    "rep_count": 3,
    "reps": [{"index": i, "score": 70, "faults": [{"code": "squatting"}]} for i in (1, 2, 3)],
    "good_bends": 1,
    "bends": [{"index": i, "class": c} for i, c in ((1, "hinge"), (2, "squat"), (3, "squat"))],
}


@pytest.fixture
def store(tmp_path):
    opened = SetStore.open(f"sqlite:///{tmp_path / 'program.db'}")
    yield opened
    opened.close()


def test_bend_counts_read_the_analysis_json_and_the_live_record():
    _, result = scene_result()
    assert bend_counts(session_to_dict(result)) == (4, 2)
    assert bend_counts(LIVE_DAILY) == (3, 1)
    assert bend_counts({"rep_count": 3, "reps": []}) is None
    assert bend_counts({"bends": {"count": 2, "good_count": "x"}}) is None


def test_only_the_last_week_counts():
    now = utc_now()
    records = [(now - timedelta(days=1), LIVE_DAILY), (now - timedelta(days=9), LIVE_DAILY)]
    practice = summarize_practice(records, now)
    assert (practice.sessions, practice.bends, practice.good_bends) == (1, 3, 1)
    assert "1 of 3 were hinges (33%)" in practice.sentence()
    assert "No everyday bends" in summarize_practice([], now).sentence()


def test_daily_sets_are_stored_and_summed_as_daily_practice(store):
    _, result = scene_result()
    assert store.save_set(session_to_dict(result), "cli") is not None
    assert store.save_set(LIVE_DAILY, "live") is not None
    assert {row.variant for row in store.sets()} == {"daily"}
    practice = store.daily_practice()
    assert (practice.sessions, practice.bends, practice.good_bends) == (2, 7, 3)


def test_daily_bends_never_move_the_ladder(store):
    # Progression reads only the sets of the step's own variant; "daily" is never one.
    before = store.today().decision
    for _ in range(4):  # squats on every bend: a fault in a set, not in everyday life
        store.save_set({**LIVE_DAILY, "set_faults": ["squatting"], "score": 50.0}, "live")
    after = store.today().decision
    assert (after.action, after.step_id) == (before.action, before.step_id)
