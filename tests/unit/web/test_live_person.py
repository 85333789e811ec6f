"""The body and load the live page sends: checked on the server, blanks from what is stored."""

import json

import pytest

from hingecoach.errors import InputError
from hingecoach.lowback.anthropometry import BodyInputs
from hingecoach.lowback.session import PersonInputs
from hingecoach.web.live_load import parse_person, person_message, read_person

STORED = PersonInputs(BodyInputs.of(58.0, None), None, (("dumbbell_rdl", 16.0),))


def test_blanks_take_the_stored_figures_and_the_rest_stays_assumed():
    person = parse_person({"type": "person", "body_mass_kg": None, "load_kg": 12}, STORED)
    assert (person.body.mass_kg, person.body.mass_assumed) == (58.0, False)
    assert person.body.height_assumed and person.load_kg == 12.0
    assert person.logged_kg == STORED.logged_kg  # a blank load still finds the logged one
    entered = parse_person({"body_mass_kg": 62.5, "height_m": 1.64, "load_kg": None}, STORED)
    assert (entered.body.mass_kg, entered.body.height_m) == (62.5, 1.64)
    assert entered.load("dumbbell_rdl", True).source == "logged"


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ({"body_mass_kg": "seventy"}, "Body mass must be a number in kg"),
        ({"body_mass_kg": True}, "Body mass must be a number"),
        ({"body_mass_kg": [70]}, "Body mass must be a number"),
        ({"body_mass_kg": 10**400}, "Body mass must be a number"),
        ({"body_mass_kg": 5}, "Body mass must be 20-300 kg; got 5"),
        ({"height_m": 175}, "in metres, e.g. 1.75"),
        ({"height_m": float("nan")}, "Height must be a number in m"),
        ({"load_kg": -3}, "The load held must be 0-500 kg"),
        ({"weight": 70}, "Unknown field 'weight'"),
    ],
)
def test_garbage_gets_one_sentence(command, words):
    with pytest.raises(InputError) as caught:
        parse_person(command, STORED)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message and message.endswith(".") and len(message) < 160


@pytest.mark.parametrize("text", ["[1, 2]", "{nonsense", '{"type": "person", "height_m": "1,75"}'])
def test_a_message_that_cannot_be_used_is_answered_not_raised(text):
    person, answer = read_person(text, STORED)
    assert person is None
    assert answer["type"] == "error" and answer["about"] == "person" and answer["message"]


def test_the_answer_says_what_is_used_and_what_is_assumed():
    person, answer = read_person(json.dumps({"type": "person", "load_kg": 0}), STORED)
    assert person is not None and answer == person_message(person)
    assert (answer["body_mass_kg"], answer["height_m"], answer["load_kg"]) == (58.0, None, 0.0)
    assert "58 kg" in answer["text"] and "an assumed 1.75 m" in answer["text"]
    assert "0 kg held" in answer["text"] and "not a verdict" in answer["text"]
