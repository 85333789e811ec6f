"""Alembic migrations: from an empty database, and from the previous revision with data."""

import json
from datetime import datetime

import pytest
from sqlalchemy import inspect, text

from hingecoach.store.db import StoreError, create_db_engine, current_revision, migrate
from hingecoach.store.sets import SetStore

HEAD, PREVIOUS = "0003", "0001"


def test_empty_database_migrates_to_head(db_url):
    engine = create_db_engine(db_url)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == HEAD
    tables = set(inspect(engine).get_table_names())
    assert {"profiles", "sets", "pain_checkins", "step_changes", "imported_files"} <= tables
    migrate(engine)  # a second run is a no-op
    assert current_revision(engine) == HEAD
    engine.dispose()


def test_previous_revision_with_data_upgrades_and_keeps_it(db_url):
    engine = create_db_engine(db_url)
    migrate(engine, PREVIOUS)
    assert current_revision(engine) == PREVIOUS
    assert "note" not in {c["name"] for c in inspect(engine).get_columns("sets")}
    at = datetime(2026, 1, 5, 9, 30)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO profiles (id, name, step_id, step_since, created_at) "
                 "VALUES (1, 'ana', 'band_hinge', :at, :at)"), {"at": at},
        )
        connection.execute(
            text("INSERT INTO sets (profile_id, uid, at, source, variant, load_kg, rep_count, "
                 "score, faults, tape_pct, data) VALUES (1, 'u1', :at, 'cli', 'band_hinge', "
                 "NULL, 8, 91.5, :faults, :tape, :data)"),
            {"at": at, "faults": json.dumps(["rushing"]), "tape": json.dumps([12.0]),
             "data": json.dumps({"rep_count": 8})},
        )
    migrate(engine)
    assert current_revision(engine) == HEAD
    assert "note" in {c["name"] for c in inspect(engine).get_columns("sets")}
    store = SetStore(engine, db_url)
    (row,) = store.sets("ana")
    assert (row.uid, row.rep_count, row.score, row.faults, row.at) == (
        "u1", 8, 91.5, ["rushing"], at)
    assert store.today("ana").previous_step_id == "band_hinge"
    engine.dispose()


def test_downgrade_to_previous_revision_and_back(db_url):
    engine = create_db_engine(db_url)
    migrate(engine)
    from alembic import command

    from hingecoach.store.db import alembic_config

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), PREVIOUS)
    assert current_revision(engine) == PREVIOUS
    assert "step_changes" not in inspect(engine).get_table_names()
    migrate(engine)
    assert current_revision(engine) == HEAD
    engine.dispose()


@pytest.mark.parametrize(
    "url", ["nonsense://x", "mysql+nodriver://h/db", "::"], ids=["scheme", "driver", "garbage"]
)
def test_bad_url_is_one_sentence(url):
    with pytest.raises(StoreError, match=r"is not a database URL hingecoach can use"):
        create_db_engine(url)


def test_body_measures_arrive_empty_and_leave_on_downgrade(db_url):
    engine = create_db_engine(db_url)
    migrate(engine, "0002")
    at = datetime(2026, 1, 5, 9, 30)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO profiles (id, name, step_id, step_since, created_at) "
                 "VALUES (1, 'ana', 'band_hinge', :at, :at)"), {"at": at},
        )
    migrate(engine)
    store = SetStore(engine, db_url)
    assert store.body_measures("ana") == (None, None)
    assert store.set_body_measures("ana", body_mass_kg=64.0) == (64.0, None)
    assert store.set_body_measures("ana", height_m=1.68) == (64.0, 1.68)
    from alembic import command

    from hingecoach.store.db import alembic_config

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")
    assert "height_m" not in {c["name"] for c in inspect(engine).get_columns("profiles")}
    migrate(engine)
    assert store.body_measures("ana") == (None, None)
    engine.dispose()
