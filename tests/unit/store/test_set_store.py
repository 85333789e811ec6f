"""SetStore on SQLite and on a real PostgreSQL: sets, pain, steps, profiles, export/import."""

import json
import sqlite3
from datetime import timedelta

import pytest

from hingecoach.errors import InputError
from hingecoach.program.progression import Action
from hingecoach.store.db import StoreError
from hingecoach.store.sets import SetStore, utc_now
from hingecoach.store.transfer import (
    export_profile,
    import_live_files,
    import_profile,
    read_export,
)

ANALYSIS = {
    "schema_version": 2,
    "rep_count": 3,
    "score": 88.0,
    "set_faults": ["rushing"],
    "reps": [{"index": i, "score": 88.0, "tape": {"peak_pct": 10.0 * i, "confidence": 0.9}}
             for i in range(3)],
}
LIVE = {
    "schema": "hingecoach.live_set/1",
    "rep_count": 2,
    "reps": [
        {"index": 0, "score": 80, "faults": [{"code": "squatting", "severity": 0.5}]},
        {"index": 1, "score": 60, "faults": [{"code": "squatting", "severity": 0.7}]},
    ],
}


@pytest.fixture
def store(db_url):
    opened = SetStore.open(db_url)
    yield opened
    opened.close()


def test_a_set_is_stored_with_its_fields(store):
    set_id = store.save_set(ANALYSIS, "cli", load_kg=12.5, variant="dumbbell_rdl")
    (row,) = store.sets()
    assert row.id == set_id and row.source == "cli"
    assert (row.variant, row.load_kg, row.rep_count, row.score) == ("dumbbell_rdl", 12.5, 3, 88)
    assert row.faults == ["rushing"] and row.tape_pct == [0.0, 10.0, 20.0]
    assert row.data == ANALYSIS


def test_a_live_summary_gets_a_set_score_and_faults_from_its_reps(store):
    store.save_set(LIVE, "live")
    (row,) = store.sets()
    assert row.score == 70.0 and row.faults == ["squatting"] and row.tape_pct == [None, None]


def test_zero_reps_leave_no_set_and_a_uid_is_stored_once(store):
    assert store.save_set({"rep_count": 0, "reps": []}, "live") is None
    assert store.save_set(LIVE, "live", uid="set-1") is not None
    assert store.save_set(LIVE, "live", uid="set-1") is None
    assert len(store.sets()) == 1


def test_a_checkpointed_live_set_grows_under_one_uid_and_can_be_discarded(store):
    one = {**LIVE, "rep_count": 1, "reps": LIVE["reps"][:1]}
    store.save_set(one, "live", uid="live-7", replace=True)
    store.save_set(LIVE, "live", uid="live-7", replace=True)
    (row,) = store.sets()
    assert row.rep_count == 2
    assert store.discard_set("live-7") and not store.discard_set("live-7")
    assert store.sets() == []


@pytest.mark.parametrize(
    ("record", "source"), [({"reps": []}, "cli"), ({"rep_count": -2}, "cli"), (LIVE, "phone")]
)
def test_bad_sets_are_refused(store, record, source):
    with pytest.raises(InputError):
        store.save_set(record, source)
    assert store.sets() == []


def test_pain_check_ins_and_their_validation(store):
    store.add_pain(3, "before", flags=["night_pain"])
    (row,) = store.pain()
    assert (row.value, row.when, row.flags, row.cleared) == (3, "before", ["night_pain"], False)
    for bad in ({"value": 11, "when": "before"}, {"value": 2, "when": "noon"},
                {"value": 2, "when": "after", "flags": ["headache"]}):
        with pytest.raises(InputError):
            store.add_pain(**bad)
    assert len(store.pain()) == 1


def test_today_moves_the_step_and_logs_why(store):
    start = utc_now() - timedelta(days=5)
    with store.transaction() as session:
        store.profile_row(session, "default").step_since = start
    for day in (1, 2, 3):
        record = {**ANALYSIS, "rep_count": 10, "set_faults": []}
        store.save_set(record, "cli", at=start + timedelta(days=day))
    store.add_pain(1, "before")
    first = store.today()
    assert first.decision.action is Action.ADVANCE and first.decision.step_id == "band_hinge"
    (change,) = store.step_changes()
    assert (change.from_step, change.to_step) == ("hands_clasped_hinge", "band_hinge")
    assert change.reason == first.decision.reason
    second = store.today()  # the evidence was used: no second jump
    assert second.decision.action is Action.START and second.previous_step_id == "band_hinge"


def test_profiles_are_kept_apart_and_delete_all_removes_one(store):
    store.save_set(ANALYSIS, "cli", "ana")
    store.save_set(LIVE, "live", "ben")
    store.add_pain(2, "after", "ben")
    assert store.profiles() == ["ana", "ben"]
    assert store.delete_all("ben") and not store.delete_all("ben")
    assert store.profiles() == ["ana"] and store.pain("ben") == [] and store.sets("ben") == []
    assert len(store.sets("ana")) == 1
    with pytest.raises(InputError, match="not a profile name"):
        store.sets(" padded ")


def test_export_then_import_into_another_profile(store, tmp_path):
    store.save_set(ANALYSIS, "cli", "ana", load_kg=20)
    store.add_pain(4, "after", "ana")
    store.set_step("dumbbell_rdl", "ana")
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(export_profile(store, "ana")))
    data = read_export(path, store)
    assert import_profile(store, data, "copy") == 2
    assert import_profile(store, data, "copy") == 0  # twice changes nothing
    (row,) = store.sets("copy")
    assert (row.load_kg, row.score, row.data) == (20, 88, ANALYSIS)
    assert store.today("copy").previous_step_id == "dumbbell_rdl"
    assert [p.value for p in store.pain("copy")] == [4]


def test_body_measures_travel_with_the_export(store, tmp_path):
    store.set_body_measures("ana", body_mass_kg=61.5, height_m=1.66)
    data = export_profile(store, "ana")
    assert (data["body_mass_kg"], data["height_m"]) == (61.5, 1.66)
    import_profile(store, data, "copy")
    assert store.body_measures("copy") == (61.5, 1.66)
    assert store.body_measures("nobody") == (None, None)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not a usable hingecoach export"),
        ('{"schema": "other"}', "its schema is not hingecoach.export/1"),
        ('{"schema": "hingecoach.export/1", "step_id": "moon", "step_since": "2026-01-01"}',
         "no ladder step 'moon'"),
        ('{"schema": "hingecoach.export/1", "step_id": "band_hinge", '
         '"step_since": "2026-01-01", "pain": [{"at": "2026-01-02", "value": 12, '
         '"when": "after"}]}', "not on that scale"),
    ],
    ids=["json", "schema", "step", "pain"],
)
def test_a_broken_import_file_is_one_sentence_and_writes_nothing(store, tmp_path, content,
                                                                 expected):
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(InputError, match=expected) as caught:
        read_export(path, store)
    assert "\n" not in str(caught.value)
    assert store.profiles() == []


def test_live_files_are_imported_once_even_after_delete_all(store, tmp_path):
    folder = tmp_path / "sets"
    folder.mkdir()
    (folder / "set-20260101-101010-abcd.json").write_text(
        json.dumps({**LIVE, "saved_at_utc": "2026-01-01T10:10:10Z"}))
    (folder / "set-20260101-111111-zero.json").write_text(json.dumps({"rep_count": 0}))
    (folder / "set-broken.json").write_text("{")
    assert import_live_files(store, folder, "default") == 1
    (row,) = store.sets()
    assert row.source == "live" and row.at.isoformat() == "2026-01-01T10:10:10"
    assert import_live_files(store, folder, "default") == 0
    store.delete_all("default")
    assert import_live_files(store, folder, "default") == 0
    assert store.sets() == []


def test_a_locked_sqlite_database_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr("hingecoach.store.db.BUSY_TIMEOUT_S", 0.2)
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    store = SetStore.open(url)
    holder = sqlite3.connect(tmp_path / "locked.db")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match=r"is locked by another program; close"):
            store.add_pain(2, "before")
    finally:
        holder.rollback()
        holder.close()
    store.add_pain(2, "before")
    assert len(store.pain()) == 1
