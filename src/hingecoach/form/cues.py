"""Cues and learning aids, in the words a physio teaching the hinge would use.

Cues are short enough to speak between reps and say what to do, not what went wrong;
the wording stays cautious: hingecoach coaches movement, it never diagnoses.
"""

from __future__ import annotations

from hingecoach.form.findings import FaultCode

CUES: dict[FaultCode, str] = {
    FaultCode.ROUNDED_BACK: "Keep the tape tight — long spine, chest proud.",
    FaultCode.LEANING_BACK: "Stand tall at the top, don't lean back.",
    FaultCode.SQUATTING: "Soft knees, not a squat — send your hips back.",
    FaultCode.HIPS_RISE_FIRST: "Chest and hips rise together.",
    FaultCode.HIPS_NOT_BACK: "Push your hips back like closing a car door with your bum.",
    FaultCode.TOO_DEEP: "Stop where the hamstrings are tight, before the back bends.",
    FaultCode.LOAD_DRIFT: "Keep the weight close — slide it down your legs.",
    FaultCode.TOO_SHALLOW: "Go a little lower, until you feel the hamstrings.",
    FaultCode.RUSHING: "Slow it down — about two seconds on the way down.",
    FaultCode.INCOMPLETE_LOCKOUT: "Finish tall — squeeze the hips through at the top.",
    FaultCode.WEIGHT_ON_KICKSTAND: "Keep most of your weight on the front foot.",
    FaultCode.HIPS_TWISTING: "Keep both hips facing the floor.",
}

LEARNING_AIDS: dict[FaultCode, str] = {
    FaultCode.ROUNDED_BACK: "Tape test: a strip of tape along the lower back that pulls tight "
    "if the back rounds.",
    FaultCode.LEANING_BACK: "Finish against a wall or mirror: stand tall with ribs down, "
    "glutes squeezed.",
    FaultCode.SQUATTING: "Chair touch: stand a foot in front of a chair and reach back to "
    "touch it with your bum, shins staying upright.",
    FaultCode.HIPS_RISE_FIRST: "Slow reps with a band around the hips: drive the hips through "
    "as the chest comes up.",
    FaultCode.HIPS_NOT_BACK: "Band around the hips, anchored behind you, pulling the hips back.",
    FaultCode.TOO_DEEP: "Tape test on the lower back, and a box or chair to mark the depth.",
    FaultCode.LOAD_DRIFT: "Practise with a dowel or light bar kept in touch with the thighs.",
    FaultCode.TOO_SHALLOW: "Chair touch: reach back until you touch the chair, then stand.",
    FaultCode.RUSHING: "Count 'one-and-two' on the way down.",
    FaultCode.INCOMPLETE_LOCKOUT: "Band around the hips: stand up into it until tall.",
    FaultCode.WEIGHT_ON_KICKSTAND: "Back to both feet, then a lighter B-stance with the back "
    "toe only touching.",
    FaultCode.HIPS_TWISTING: "Hands on the hips to feel them level; slower, lighter reps.",
}

#: Said now and then after a clean rep.
PRAISE = ("Nice hinge — long spine.", "Good rep, hips back.", "That's the one — keep it.")
