"""The packaged ladder's content, and one clear sentence for every kind of broken ladder."""

from pathlib import Path

import pytest

from hingecoach.errors import InputError
from hingecoach.program.ladder import VARIANTS, load_ladder, parse_ladder

LADDER_TEXT = (Path(__file__).parents[3] / "src/hingecoach/program/ladder.toml").read_text()


def test_packaged_ladder_has_the_issue_steps_in_order():
    ladder = load_ladder()
    assert [s.variant for s in ladder.steps] == [
        "bodyweight_hinge", "band_hinge", "dumbbell_rdl", "barbell_rdl", "b_stance_rdl",
    ]
    assert all(s.variant in VARIANTS for s in ladder.steps)
    first = ladder.steps[0]
    assert "clasp" in " ".join(first.setup).lower()
    assert first.aids == ("band_hips", "tape", "chair_touch")
    assert "virtual tape" in ladder.aid_for("rounded_back")[1].name.lower()
    assert "double-underhand" in ladder.get("barbell_rdl").name
    for step in ladder.steps:
        assert step.setup and step.cues and step.advance.text
        assert step.prescription.startswith(f"{step.sets} × {step.reps}, tempo ")


def test_ladder_says_where_to_feel_it_and_daily_practice():
    ladder = load_ladder()
    primary = " ".join(ladder.feel.primary)
    assert "hamstrings" in primary and "lower back" in primary
    assert {"glutes", "upper back", "core"} == set(ladder.feel.secondary)
    practice = " ".join(ladder.daily_life.practice).lower()
    for activity in ("washing your face", "dishwasher", "picking things up"):
        assert activity in practice


def test_every_fault_an_aid_trains_maps_to_a_step():
    ladder = load_ladder()
    assert ladder.aid_for("squatting")[0].id == "hands_clasped_hinge"
    assert ladder.aid_for("load_drift")[0].id == "dumbbell_rdl"
    assert ladder.aid_for("rushing") is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t + "\n[[[", r"not valid TOML"),
        (lambda t: t.replace('variant = "band_hinge"', 'variant = "kettlebell_swing"'),
         r"step\.1.*unknown variant 'kettlebell_swing'"),
        (lambda t: t.replace('"squatting", "too_shallow"]', '"squatting", "slouching"]'),
         r"unknown fault 'slouching'"),
        (lambda t: t.replace('aids = ["band_hips", "tape"]', 'aids = ["band_hips", "rope"]'),
         r"unknown aid 'rope'"),
        (lambda t: t.replace('id = "band_hinge"', 'id = "hands_clasped_hinge"'),
         r"two steps share one id"),
        (lambda t: t.replace("sets = 3\nreps = 10\ntempo = \"3-1-2\"", "sets = 0\nreps = 10\n"
                             "tempo = \"3-1-2\""), r"step\.1\.sets: Input should be greater"),
        (lambda t: t.replace("version = 1\n", ""), r"at version: Field required"),
        (lambda t: t.replace("[feel]", "[feel]\ncolour = 'red'"), r"feel\.colour: Extra"),
    ],
    ids=["toml", "variant", "fault", "aid", "duplicate", "sets", "missing", "extra"],
)
def test_broken_ladder_gives_one_clear_sentence(change, expected):
    broken = change(LADDER_TEXT)
    assert broken != LADDER_TEXT
    with pytest.raises(InputError, match=expected) as caught:
        parse_ladder(broken)
    message = str(caught.value)
    assert message.startswith("The ladder file ladder.toml ")
    assert "\n" not in message and message.endswith(".")


def test_unreadable_ladder_path(tmp_path):
    with pytest.raises(InputError, match="Cannot read the ladder file"):
        load_ladder(tmp_path / "missing.toml")


def test_unknown_step_id_names_the_choices():
    with pytest.raises(InputError, match=r"no ladder step 'deadlift'.*hands_clasped_hinge"):
        load_ladder().index("deadlift")
