"""The end-of-set card: reps, score, the one thing to work on, per-rep verdicts.

Pure: built from the streaming core's reps and verdicts, with the offline set's focus
rule (:mod:`hingecoach.form.assess`) and its reasons for what could not be checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hingecoach.form.assess import FocusAdvice, RepForm
from hingecoach.form.assess import choose_focus as offline_focus
from hingecoach.form.cues import PRAISE
from hingecoach.form.findings import FaultCode, NotChecked
from hingecoach.form.rules import SAGITTAL_RULES
from hingecoach.kinematics.view import View, ViewEstimate

#: Views that show the sagittal faults (back shape, depth, hip movement), as offline.
SAGITTAL_VIEWS = frozenset({View.SIDE, View.OBLIQUE})

#: Verdict of a rep without faults.
CLEAN_VERDICT = PRAISE[0]


def rep_verdict(form: RepForm | None) -> str:
    """One line per rep: its most important cue, praise when clean, or why not judged."""
    if form is None:
        return "Not judged (the rep ended as the set was stopped)."
    return form.cue or CLEAN_VERDICT


def choose_focus(forms: Sequence[RepForm]) -> FocusAdvice | None:
    """The one thing to work on next, by the offline set's rule."""
    return offline_focus(list(forms))


def set_not_checked(view: ViewEstimate | None, *, tape_read: bool) -> list[NotChecked]:
    """What the set's camera view did not let the coach judge, and why."""
    if view is None:
        reason = "the camera never saw the body well enough to judge the form"
        return [NotChecked(FaultCode.ROUNDED_BACK, reason)]
    if view.view not in SAGITTAL_VIEWS:
        reason = (
            f"the camera sees the person from the {view.view.value}; back shape, depth "
            "and hip movement need a side or oblique view"
        )
        return [NotChecked(code, reason) for code in SAGITTAL_RULES]
    if not tape_read:
        reason = "the virtual tape was never read (the back's outline was not seen)"
        return [NotChecked(FaultCode.ROUNDED_BACK, reason)]
    return []


def set_card(
    rep_indices: Sequence[int],
    forms: Sequence[RepForm],
    view: ViewEstimate | None,
    *,
    tape_read: bool,
) -> dict[str, Any]:
    """The card shown when a set ends.

    Parameters
    ----------
    rep_indices : sequence of int
        Every counted rep, in order.
    forms : sequence of RepForm
        The verdicts of the judged reps.
    view : ViewEstimate or None
        The camera view of the set (None: no body was ever tracked).
    tape_read : bool
        Whether the virtual tape was read at least once in the set.

    Returns
    -------
    dict
        JSON-ready: ``rep_count``, ``score`` (0-100 or None), ``focus`` (cue, drill,
        reps affected) or None, ``reps`` (index, score, verdict, faults) and
        ``not_checked`` (what, why).
    """
    by_index = {form.index: form for form in forms}
    judged = [by_index[i] for i in rep_indices if i in by_index]
    score = round(sum(f.score for f in judged) / len(judged)) if judged else None
    focus = choose_focus(judged)
    not_checked = set_not_checked(view, tape_read=tape_read) if rep_indices else []
    return {
        "rep_count": len(rep_indices),
        "score": score,
        "focus": None
        if focus is None
        else {
            "code": focus.code.value,
            "cue": focus.cue,
            "drill": focus.learning_aid,
            "reps_affected": focus.reps_affected,
        },
        "reps": [
            {
                "index": i,
                "score": by_index[i].score if i in by_index else None,
                "verdict": rep_verdict(by_index.get(i)),
                "faults": [f.code.value for f in by_index[i].faults] if i in by_index else [],
            }
            for i in rep_indices
        ],
        "not_checked": [{"code": item.code.value, "reason": item.reason} for item in not_checked],
    }
