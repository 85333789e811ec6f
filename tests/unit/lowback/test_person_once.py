"""The low-back load is computed once, inside the analysis, for the person the edge gives.

The CLI used to analyse with an assumed body and then estimate the load again for the
person; the records must be the same now that the analysis takes the person itself.
"""

import json

import pytest

from hingecoach.analysis.exercise import given_profile
from hingecoach.analysis.lowback import with_lowback_load
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.params import AnalysisParams
from hingecoach.cli.lowback import summary_line
from hingecoach.export.json_export import session_to_dict
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.lowback.anthropometry import BodyInputs
from hingecoach.lowback.session import PersonInputs
from hingecoach.report.lowback_plot import compute_lowback_caption, compute_lowback_specs

CASES = {
    "given body and load": ("dumbbell_rdl", BodyInputs.of(62.0, 1.64), 12.0, ()),
    "stored mass only, logged load": (
        "dumbbell_rdl",
        BodyInputs.of(80.0, None),
        None,
        (("dumbbell_rdl", 16.0), ("deadlift", 60.0)),
    ),
    "recognised, nothing entered": ("auto", BodyInputs(), None, (("deadlift", 60.0),)),
    "everyday bends, logged under daily": (
        "daily",
        BodyInputs.of(70.0, 1.8),
        None,
        (("daily", 5.0),),
    ),
    # No profile for everyday bends: what the hands hold is unknown, not the body alone.
    "everyday bends, nothing logged": ("daily", BodyInputs.of(70.0, 1.8), None, ()),
}


def _two_steps(series, exercise, body, load_kg, logged):
    """What `analyze` did before: an assumed body in the analysis, then the person's."""
    params = AnalysisParams()
    result = analyze_landmarks(series, model_name="synthetic", exercise=exercise)
    variant = result.exercise.id
    return with_lowback_load(
        result,
        body,
        given_profile(variant, params),
        given_kg=load_kg,
        logged_kg=dict(logged).get(variant),
    )


@pytest.mark.parametrize("case", list(CASES))
def test_one_pass_gives_the_same_json_and_line(synthetic_session_factory, case):
    exercise, body, load_kg, logged = CASES[case]
    series = LandmarkSeries.from_pose_frames(synthetic_session_factory("none", n_reps=2).frames)
    once = analyze_landmarks(
        series,
        model_name="synthetic",
        exercise=exercise,
        person=PersonInputs(body, load_kg, logged),
    )
    before = _two_steps(series, exercise, body, load_kg, logged)
    assert once.lowback is not None and len(once.lowback.reps) == once.rep_count == 2
    record, record_before = session_to_dict(once), session_to_dict(before)
    assert json.dumps(record) == json.dumps(record_before)
    assert summary_line(once) == summary_line(before)
    # The report draws its low-back plots and caption from that record.
    assert compute_lowback_specs(record) == compute_lowback_specs(record_before) != []
    assert compute_lowback_caption(record) == compute_lowback_caption(record_before)
    assert once.lowback.body == body


def test_the_load_follows_the_variant_judged(synthetic_session_factory):
    series = LandmarkSeries.from_pose_frames(synthetic_session_factory("none", n_reps=2).frames)
    person = PersonInputs(BodyInputs.of(75.0, 1.75), None, (("dumbbell_rdl", 16.0),))
    rdl = analyze_landmarks(series, model_name="s", exercise="dumbbell_rdl", person=person)
    dowel = analyze_landmarks(series, model_name="s", exercise="dowel_hinge", person=person)
    assert (rdl.lowback.load.load_kg, rdl.lowback.load.source) == (16.0, "logged")
    # Nothing logged for a dowel hinge, and nothing hangs from the hands: the body alone.
    assert (dowel.lowback.load.load_kg, dowel.lowback.load.source) == (0.0, "bodyweight")
    # A given load wins over the logged one.
    given = PersonInputs(person.body, 4.0, person.logged_kg)
    assert given.load("dumbbell_rdl", True).source == "given"


def test_without_a_person_the_body_is_assumed_and_said(synthetic_session_factory):
    series = LandmarkSeries.from_pose_frames(synthetic_session_factory("none", n_reps=2).frames)
    lowback = analyze_landmarks(series, model_name="s", exercise="dumbbell_rdl").lowback
    assert lowback.body.mass_assumed and lowback.load.source == "unknown"
    assert any(flag.startswith("Assumed body mass") for flag in lowback.flags)
