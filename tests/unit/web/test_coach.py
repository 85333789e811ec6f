import pytest

from hingecoach.form.assess import RepForm
from hingecoach.form.cues import CUES, PRAISE
from hingecoach.form.findings import FaultCode, FaultFinding
from hingecoach.web.coach import CoachParams, CueKind, CuePolicy


def form(index, *codes):
    faults = tuple(FaultFinding(code, 0.5, 0.9, CUES[code]) for code in codes)
    return RepForm(index, faults, float("nan"), 0.0, 0.2, 80, None)


def test_most_important_fault_is_said():
    cue = CuePolicy().after_rep(form(1, FaultCode.ROUNDED_BACK, FaultCode.RUSHING), 10.0)
    assert cue.kind is CueKind.FAULT
    assert cue.text == CUES[FaultCode.ROUNDED_BACK]


def test_cooldown_keeps_quiet_between_close_reps():
    policy = CuePolicy(CoachParams(min_gap_s=4.0))
    assert policy.after_rep(form(1, FaultCode.SQUATTING), 10.0) is not None
    assert policy.after_rep(form(2, FaultCode.RUSHING), 12.0) is None
    assert policy.after_rep(form(3, FaultCode.RUSHING), 15.0) is not None


def test_same_fault_is_repeated_only_every_few_reps():
    policy = CuePolicy(CoachParams(min_gap_s=0.0, repeat_after_reps=3))
    said = [policy.after_rep(form(i, FaultCode.SQUATTING), 10.0 * i) for i in range(1, 8)]
    assert [cue is not None for cue in said] == [True, False, False, True, False, False, True]


def test_clean_reps_are_praised_now_and_then():
    policy = CuePolicy(CoachParams(min_gap_s=0.0, praise_every_reps=3))
    said = [policy.after_rep(form(i), 10.0 * i) for i in range(1, 8)]
    praised = [cue for cue in said if cue is not None]
    assert len(praised) == 3
    assert all(cue.kind is CueKind.PRAISE and cue.text in PRAISE for cue in praised)


def test_at_most_one_cue_per_rep():
    policy = CuePolicy(CoachParams(min_gap_s=0.0))
    cue = policy.after_rep(form(1, *CUES), 1.0)
    assert cue is not None and cue.text == CUES[FaultCode.ROUNDED_BACK]


def test_coach_params_reject_bad_values():
    with pytest.raises(ValueError, match="min_gap_s"):
        CoachParams(min_gap_s=-1.0)
    with pytest.raises(ValueError, match="at least 1"):
        CoachParams(repeat_after_reps=0)
