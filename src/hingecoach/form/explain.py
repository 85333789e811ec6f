"""Plain-language explanations of the faults, for people rather than programs.

Each fault code gets a display name and three short paragraphs: what it means, why it
matters for a sore back, and what good looks like, plus the phase of the rep where it is
seen (a report draws the good reference figure at that phase). The wording is cautious:
hingecoach coaches movement, it never diagnoses, and none of these is an injury or a
cause of pain. New fault codes need only a new entry in ``EXPLANATIONS`` (a test checks
that every :class:`~hingecoach.form.findings.FaultCode` has one); codes unknown to this
version (e.g. read from a newer JSON file) get a generic explanation instead of an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hingecoach.form.findings import FaultCode


class Phase(StrEnum):
    """Where in a rep a fault is seen (and where a reference figure is drawn)."""

    BOTTOM = "bottom"
    LOCKOUT = "lockout"


@dataclass(frozen=True, slots=True)
class FaultExplanation:
    """What a fault means, in words a patient understands.

    Attributes
    ----------
    name : str
        Display name, sentence case (e.g. "Back rounding").
    what : str
        What was seen, one or two sentences.
    why : str
        Why it matters for a sore back, cautiously worded.
    good : str
        What a good rep looks like instead.
    phase : Phase
        Where in the rep it is seen.
    """

    name: str
    what: str
    why: str
    good: str
    phase: Phase = Phase.BOTTOM


EXPLANATIONS: dict[FaultCode, FaultExplanation] = {
    FaultCode.ROUNDED_BACK: FaultExplanation(
        name="Back rounding",
        what="The lower back curved forward while you bent, instead of staying long.",
        why="A rounded back under load puts more strain on the back and less on the hips "
        "and hamstrings that the hinge is meant to train; many sore backs tolerate a long "
        "spine better.",
        good="The back stays long and roughly straight from hips to shoulders, chest proud, "
        "while the bend happens at the hips.",
    ),
    FaultCode.LEANING_BACK: FaultExplanation(
        name="Leaning back at the top",
        what="At the top you pushed the hips forward and leaned the trunk back past upright.",
        why="Leaning back arches the lower back, which loads its joints; it adds nothing to "
        "the exercise.",
        good="Finish standing tall: ribs down, buttocks squeezed, shoulders over hips.",
        phase=Phase.LOCKOUT,
    ),
    FaultCode.SQUATTING: FaultExplanation(
        name="Squatting instead of hinging",
        what="The knees bent a lot and the hips dropped down rather than going back.",
        why="A squat trains the thighs; the hinge trains the hips and the back of the legs "
        "to take the load so the back does not have to.",
        good="Soft knees, shins nearly upright, the hips travel backwards as the chest "
        "tips forward.",
    ),
    FaultCode.HIPS_RISE_FIRST: FaultExplanation(
        name="Hips rising before the chest",
        what="On the way up the hips rose first and the chest stayed down for a moment.",
        why="When the hips shoot up first, the back lifts the weight on its own at the "
        "hardest moment of the rep.",
        good="Chest and hips rise together, the back keeping the same angle until you are "
        "nearly upright.",
    ),
    FaultCode.HIPS_NOT_BACK: FaultExplanation(
        name="Hips not going back",
        what="You bent forward but the hips stayed over the feet instead of moving back.",
        why="Bending without sending the hips back makes the back do the bending, and the "
        "weight ends up further in front of you.",
        good="The hips push back, as if closing a car door with your bottom, so the weight "
        "stays over the middle of the feet.",
    ),
    FaultCode.TOO_DEEP: FaultExplanation(
        name="Going too deep",
        what="You went lower than your hips allow with a long back.",
        why="Past the point where the hamstrings are tight, extra depth usually comes from "
        "the back bending rather than the hips.",
        good="Stop where you feel the hamstrings pull and the back is still long, then stand up.",
    ),
    FaultCode.LOAD_DRIFT: FaultExplanation(
        name="Weight drifting away from the legs",
        what="The weight moved forward, away from your legs, during the rep.",
        why="The further the weight is from you, the harder the back has to work to hold it.",
        good="The weight slides close to the legs all the way down and up.",
    ),
    FaultCode.TOO_SHALLOW: FaultExplanation(
        name="Not going deep enough",
        what="The hips bent only a little, so the rep stayed near the top.",
        why="A very small bend does not train the hips and hamstrings much; it is fine if "
        "your physio asked for a short range.",
        good="Bend at the hips until you feel the hamstrings stretch, back still long.",
    ),
    FaultCode.RUSHING: FaultExplanation(
        name="Lowering too fast",
        what="The way down took less time than a controlled rep.",
        why="A fast drop is hard to control, and control is what protects a sore back.",
        good="About two seconds on the way down, steady, then stand up smoothly.",
    ),
    FaultCode.INCOMPLETE_LOCKOUT: FaultExplanation(
        name="Not standing fully tall at the top",
        what="Between reps the hips stayed bent instead of coming all the way up.",
        why="Finishing tall lets the back and hips rest between reps and trains the full movement.",
        good="Stand all the way up, hips through and buttocks squeezed, before the next rep.",
        phase=Phase.LOCKOUT,
    ),
    FaultCode.WEIGHT_ON_KICKSTAND: FaultExplanation(
        name="Too much weight on the back foot",
        what="In the staggered stance, the back (kickstand) foot took a lot of the weight.",
        why="The staggered stance is meant to load the front leg; leaning on the back foot "
        "changes the exercise and can twist the pelvis.",
        good="Most of the weight on the front foot, the back toe only touching for balance.",
    ),
    FaultCode.HIPS_TWISTING: FaultExplanation(
        name="Hips twisting",
        what="The pelvis turned to one side during the rep.",
        why="A twist under load adds rotation to the lower back, which a sore back often dislikes.",
        good="Both hips stay level and facing the floor, as if carrying a tray on the lower back.",
    ),
}


def explain_fault(code: str) -> FaultExplanation:
    """The explanation of a fault code, or a generic one for a code this version lacks.

    Parameters
    ----------
    code : str
        A fault code (a :class:`FaultCode` value), e.g. from an analysis JSON.

    Returns
    -------
    FaultExplanation
    """
    try:
        return EXPLANATIONS[FaultCode(code)]
    except (ValueError, KeyError):
        return FaultExplanation(
            name=str(code).replace("_", " ").capitalize(),
            what="Something in this rep differed from the reference hinge.",
            why="Ask your physiotherapist whether it matters for you.",
            good="Move slowly, back long, hips going back.",
        )


def fault_name(code: str) -> str:
    """A fault code's display name (``rounded_back`` → "Back rounding")."""
    return explain_fault(code).name
