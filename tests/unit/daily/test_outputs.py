"""Everyday bends in the JSON and the terminal."""

from __future__ import annotations

import json

from rich.console import Console

from hingecoach.cli.bends import print_bends
from hingecoach.export.bends_json import BENDS_VERSION
from hingecoach.export.json_export import SCHEMA_VERSION, session_to_dict
from tests.unit.daily._scene import scene_result


def test_the_json_has_a_versioned_bends_section_with_every_bend():
    scene, result = scene_result()
    record = json.loads(json.dumps(session_to_dict(result)))
    assert record["schema_version"] == SCHEMA_VERSION
    assert record["exercise"] == "daily"
    bends = record["bends"]
    assert bends["version"] == BENDS_VERSION
    assert bends["count"] == len(scene.styles) == len(bends["items"])
    assert bends["counts"] == {"hinge": 2, "squat": 1, "stoop": 1, "mixed": 0}
    assert bends["good_count"] == 2 and bends["good_share"] == 0.5
    assert bends["poor_pattern"] == "stoop" and bends["cue"]
    stoop = bends["items"][3]
    assert stoop["class"] == "stoop" and stoop["tape_pct"] >= 50 and stoop["tape_reason"] is None
    for item in bends["items"]:
        assert item["start_frame"] < item["peak_frame"] < item["end_frame"]


def test_an_exercise_set_has_no_bends_section(synthetic_session_factory):
    from hingecoach.analysis.offline import analyze_landmarks
    from hingecoach.kinematics.series import LandmarkSeries

    session = synthetic_session_factory("none", n_reps=2)
    result = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="s")
    assert "bends" not in session_to_dict(result)


def test_an_unread_tape_is_null_with_its_reason_never_zero():
    from hingecoach.analysis.offline import analyze_landmarks
    from hingecoach.kinematics.series import LandmarkSeries

    scene, _ = scene_result()
    series = LandmarkSeries.from_pose_frames(scene.session.frames)
    result = analyze_landmarks(series, model_name="s", exercise="daily")  # no contours
    items = session_to_dict(result)["bends"]["items"]
    assert all(item["tape_pct"] is None and item["tape_reason"] for item in items)


def test_the_terminal_shows_each_bend_and_the_share_of_good_ones():
    _, result = scene_result()
    console = Console(record=True, width=80)
    print_bends(console, result)
    text = console.export_text()
    assert "Good bends (hinges): 2 of 4 (50%)" in text
    assert "stoop" in text and "squat" in text
    assert "not a diagnosis" in text


def test_the_report_page_lists_every_bend_and_the_share_of_good_ones():
    from hingecoach.report.data import report_data_from_result
    from hingecoach.report.html import render_report_html

    _, result = scene_result()
    page = render_report_html(report_data_from_result(result), [], title="Daily")
    section = page.split('<section id="bends">', 1)[1].split("</section>", 1)[0]
    assert "Good bends (hinges" in section and "<strong>2 of 4</strong>" in section
    assert section.count("<tr>") == 1 + 4  # the heading and one row per bend
    assert "stoop" in section and "not a diagnosis" in section
