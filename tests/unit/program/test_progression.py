"""Every progression and regression path, with its one-sentence reason."""

from datetime import datetime, timedelta

import pytest

from hingecoach.program.ladder import load_ladder
from hingecoach.program.pain import PainCheckin, PainWhen, RedFlag
from hingecoach.program.progression import Action, SetSummary, decide, persistent_fault

LADDER = load_ladder()
SINCE = datetime(2026, 3, 1, 8, 0)
NOW = datetime(2026, 3, 10, 19, 0)


def a_set(day, score=90.0, reps=10, faults=(), variant=None, load=None):
    return SetSummary(SINCE + timedelta(days=day, hours=9), variant, load, score, reps,
                      tuple(faults))


def pain(value, hours_ago=1.0, when=PainWhen.BEFORE, flags=()):
    return PainCheckin(NOW - timedelta(hours=hours_ago), value, when, tuple(flags))


LOW_PAIN = (pain(2),)


def run(step, sets, checkins=LOW_PAIN, since=SINCE):
    decision = decide(LADDER, step, since, sets, list(checkins), NOW)
    assert decision.reason.endswith(".") and "\n" not in decision.reason
    assert "diagnos" not in decision.reason
    return decision


def test_three_good_days_and_low_pain_earn_the_next_step():
    decision = run("hands_clasped_hinge", [a_set(1), a_set(2), a_set(3)])
    assert decision.action is Action.ADVANCE and decision.step_id == "band_hinge"
    assert "Band hinge" in decision.reason


def test_good_sets_on_one_day_are_one_session():
    decision = run("hands_clasped_hinge", [a_set(1), a_set(1), a_set(1)])
    assert decision.action is Action.CONTINUE and decision.reason.startswith("1 of 3 good")


@pytest.mark.parametrize(
    "weak",
    [dict(score=70.0), dict(reps=5), dict(faults=("hips_not_back",))],
    ids=["score", "reps", "blocking-fault"],
)
def test_a_weak_session_does_not_count(weak):
    decision = run("hands_clasped_hinge", [a_set(1), a_set(2), a_set(3, **weak)])
    assert decision.action is Action.CONTINUE and decision.reason.startswith("2 of 3")


def test_unscored_logged_sets_count_as_practice_only():
    logged = [a_set(d, score=None) for d in (1, 2, 3)]
    decision = run("band_hinge", logged)
    assert decision.action is Action.CONTINUE and "count as practice" in decision.reason


def test_no_sets_yet_starts_the_step():
    assert run("band_hinge", []).action is Action.START


def test_earned_step_waits_for_a_pain_check_in():
    decision = run("hands_clasped_hinge", [a_set(1), a_set(2), a_set(3)], checkins=())
    assert decision.action is Action.HOLD and "earned the next step, but" in decision.reason


def test_moderate_pain_holds_an_earned_step():
    decision = run("hands_clasped_hinge", [a_set(1), a_set(2), a_set(3)], checkins=[pain(4)])
    assert decision.action is Action.HOLD and decision.step_id == "hands_clasped_hinge"
    assert "lighter load or a shorter range" in decision.reason


@pytest.mark.parametrize(
    "checkins",
    [[pain(7)], [pain(1, 2.0), pain(3, 0.5, PainWhen.AFTER)]],
    ids=["high", "rise"],
)
def test_pain_regresses_one_step_and_suggests_a_clinician(checkins):
    decision = run("barbell_rdl", [a_set(1), a_set(2), a_set(3)], checkins)
    assert decision.action is Action.REGRESS and decision.step_id == "dumbbell_rdl"
    assert decision.see_clinician


def test_pain_on_the_first_step_holds_it_with_a_shorter_range():
    decision = run("hands_clasped_hinge", [], [pain(8)])
    assert decision.action is Action.HOLD and decision.step_id == "hands_clasped_hinge"
    assert "shorter, easier range" in decision.reason and decision.see_clinician


def test_a_red_flag_stops_everything_even_before_the_step_began():
    flagged = PainCheckin(SINCE - timedelta(days=3), 1, PainWhen.BEFORE, (RedFlag.LEG_WEAKNESS,))
    decision = run("dumbbell_rdl", [a_set(1), a_set(2), a_set(3), a_set(4)], [flagged, pain(0)])
    assert decision.action is Action.STOP and "seek medical care now" in decision.reason


def test_rounding_at_a_barbell_load_goes_back_to_the_tape_drill():
    sets = [
        a_set(1, 88, faults=()),
        a_set(2, 75, faults=("rounded_back",), load=40),
        a_set(3, 72, faults=("rounded_back", "rushing"), load=40),
    ]
    decision = run("barbell_rdl", sets)
    assert decision.action is Action.GO_BACK and decision.step_id == "hands_clasped_hinge"
    assert decision.drill.id == "tape"
    assert "Rounding of the back" in decision.reason and "at 40 kg" in decision.reason


def test_load_drift_goes_back_to_the_dumbbell_step():
    sets = [a_set(d, 80, faults=("load_drift",), load=50) for d in (1, 2)]
    decision = run("barbell_rdl", sets)
    assert decision.step_id == "dumbbell_rdl" and decision.drill.id == "close_weight"


def test_a_fault_trained_on_this_step_holds_it_with_the_drill():
    sets = [a_set(d, 70, faults=("squatting",)) for d in (1, 2, 3)]
    decision = run("hands_clasped_hinge", sets)
    assert decision.action is Action.HOLD and decision.drill.id == "chair_touch"


def test_a_fault_no_aid_trains_holds_the_step():
    sets = [a_set(d, 70, faults=("rushing",)) for d in (1, 2)]
    decision = run("dumbbell_rdl", sets)
    assert decision.action is Action.HOLD and decision.drill is None


def test_one_bad_set_in_three_is_not_persistent():
    sets = [a_set(1, faults=("rounded_back",)), a_set(2), a_set(3)]
    assert persistent_fault(sets) is None
    decision = run("band_hinge", sets)  # not sent back; the faulty day just does not count
    assert decision.action is Action.CONTINUE and decision.reason.startswith("2 of 3")


def test_most_important_persistent_fault_is_chosen():
    sets = [a_set(d, 60, faults=("too_shallow", "rounded_back")) for d in (1, 2)]
    assert persistent_fault(sets)[0] == "rounded_back"


def test_sets_of_another_variant_or_before_the_step_do_not_count():
    other = [a_set(d, variant="deadlift") for d in (1, 2, 3)]
    assert run("hands_clasped_hinge", other).action is Action.START
    old = [a_set(d) for d in (1, 2, 3)]
    later = SINCE + timedelta(days=5)
    assert run("hands_clasped_hinge", old, since=later).action is Action.START
    # A painful day before the step began is not acted on again.
    old_pain = [PainCheckin(SINCE - timedelta(hours=1), 8, PainWhen.AFTER), pain(1)]
    assert run("band_hinge", [], old_pain).action is Action.START


def test_last_step_keeps_practising():
    sets = [a_set(d, variant="b_stance_rdl") for d in (1, 2, 3, 4)]
    decision = run("b_stance_rdl", sets)
    assert decision.action is Action.CONTINUE and "last step" in decision.reason
