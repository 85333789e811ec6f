"""Every pain rule and red flag of issue 12, one case at a time."""

from datetime import datetime, timedelta

import pytest

from hingecoach.errors import InputError
from hingecoach.program.pain import (
    PainAction,
    PainCheckin,
    PainWhen,
    RedFlag,
    active_red_flags,
    check_pain_value,
    pain_decision,
)

NOW = datetime(2026, 3, 10, 18, 0)
B, A, M = PainWhen.BEFORE, PainWhen.AFTER, PainWhen.MORNING


def checkin(value, when=B, hours_ago=0.0, flags=(), cleared=False):
    return PainCheckin(NOW - timedelta(hours=hours_ago), value, when, tuple(flags), cleared)


def one_sentence(text):
    return text.endswith(".") and "\n" not in text and text.count(". ") == 0


@pytest.mark.parametrize("value", [0, 1, 2, 3])
def test_zero_to_three_carries_on(value):
    decision = pain_decision([checkin(value)], NOW)
    assert decision.action is PainAction.CARRY_ON and not decision.see_clinician
    assert one_sentence(decision.reason)


@pytest.mark.parametrize("value", [4, 5])
def test_four_or_five_holds_with_less_load_or_range(value):
    decision = pain_decision([checkin(value)], NOW)
    assert decision.action is PainAction.HOLD
    assert "lighter load or a shorter range" in decision.reason


@pytest.mark.parametrize("value", [6, 7, 8, 9, 10])
@pytest.mark.parametrize("when", list(PainWhen))
def test_six_or_more_regresses_and_suggests_a_clinician(value, when):
    decision = pain_decision([checkin(value, when)], NOW)
    assert decision.action is PainAction.REGRESS and decision.see_clinician
    assert "go back one step" in decision.reason and "physiotherapist or doctor" in decision.reason
    assert one_sentence(decision.reason)


@pytest.mark.parametrize(("before", "after"), [(0, 2), (1, 3), (2, 5), (3, 5)])
def test_a_rise_of_two_after_a_session_regresses(before, after):
    decision = pain_decision([checkin(before, B, 1.5), checkin(after, A)], NOW)
    assert decision.action is PainAction.REGRESS and decision.see_clinician
    assert f"rose from {before} to {after}/10 after the session" in decision.reason


def test_a_rise_of_two_by_the_next_morning_regresses():
    decision = pain_decision([checkin(1, B, 20), checkin(3, M)], NOW)
    assert decision.action is PainAction.REGRESS
    assert "the morning after the session" in decision.reason


def test_a_rise_of_one_is_not_a_flare():
    assert pain_decision([checkin(2, B, 1), checkin(3, A)], NOW).action is PainAction.CARRY_ON
    assert pain_decision([checkin(3, B, 1), checkin(4, A)], NOW).action is PainAction.HOLD


def test_a_fall_or_an_unpaired_after_is_judged_on_its_value():
    assert pain_decision([checkin(3, B, 1), checkin(1, A)], NOW).action is PainAction.CARRY_ON
    # The "before" was two days ago: another session, so no rise is computed.
    assert pain_decision([checkin(0, B, 48), checkin(3, A)], NOW).action is PainAction.CARRY_ON


def test_stale_or_missing_check_ins_give_no_data():
    assert pain_decision([], NOW).action is PainAction.NO_DATA
    old = pain_decision([checkin(2, B, 24 * 4)], NOW)
    assert old.action is PainAction.NO_DATA and "hingecoach pain" in old.reason


@pytest.mark.parametrize("flag", list(RedFlag))
def test_each_red_flag_stops_the_program(flag):
    decision = pain_decision([checkin(1, B, flags=[flag])], NOW)
    assert decision.action is PainAction.STOP and decision.see_clinician
    assert flag.text in decision.reason and "seek medical care now" in decision.reason
    assert "diagnos" not in decision.reason


def test_a_red_flag_stays_until_a_clinician_clears_it():
    flagged = checkin(0, B, 24 * 10, flags=[RedFlag.NIGHT_PAIN])
    later = checkin(1, B, 1)
    assert pain_decision([flagged, later], NOW).action is PainAction.STOP
    cleared = checkin(1, B, 0.5, cleared=True)
    assert active_red_flags([flagged, later, cleared]) == ()
    assert pain_decision([flagged, later, cleared], NOW).action is PainAction.CARRY_ON


def test_several_red_flags_are_all_named():
    flags = [RedFlag.SADDLE_NUMBNESS, RedFlag.BLADDER_BOWEL]
    reason = pain_decision([checkin(2, flags=flags)], NOW).reason
    assert "groin or saddle" in reason and "bladder or bowel" in reason


@pytest.mark.parametrize("value", [11, -1, 2.5, "3", True, None])
def test_pain_off_the_scale_is_refused(value):
    with pytest.raises(InputError, match=r"^Pain is rated from 0 \(none\) to 10"):
        check_pain_value(value)
