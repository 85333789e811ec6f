"""The few thresholds of the bend classes, each with the reason for its number."""

from __future__ import annotations

from dataclasses import dataclass, fields

from hingecoach.errors import InputError


@dataclass(frozen=True, slots=True)
class BendParams:
    """Thresholds that class an everyday bend.

    Attributes
    ----------
    squat_index : float
        Hinge-vs-squat index (share of the hip flexion at the bottom that comes from the
        thigh rotating forward rather than the trunk lowering, 0..1) from which a bend is
        a squat. The same 0.62 as the ``squatting`` fault: a hinge lowers the trunk (0.15-
        0.3 for a stiff-legged reach, up to ~0.55 from the floor, where the knees must
        bend), a squat keeps the trunk upright (0.7-0.9).
    straight_knee_deg : float
        Knee bend at the bottom under which the legs are "nearly straight", degrees. A
        stoop keeps the knees within ~15° of straight; a floor hinge bends them 45-90°
        (the synthetic pick-ups: 5° and 60°); 30° sits between and leaves room for
        landmark noise and the soft knees a reach with a long back allows.
    rounded_pct : float
        Lower-back tape reading (% of the person's range from neutral to a slump) from
        which the lower back rounded: the same 50 % as the ``rounded_back`` fault.
    index_margin : float
        Distance of the index from ``squat_index`` over which the class goes from a coin
        toss (confidence 0.5) to sure (1.0). 0.15: the gap between a floor hinge (~0.5)
        and the threshold, so a typical floor hinge is about 0.85 sure.
    tape_margin_pct : float
        The same for the tape past ``rounded_pct``, % of range: 25 % is half the way
        from the threshold to a full slump.
    unread_back_confidence : float
        Most confidence of a straight-legged hinge whose lower back was not read: without
        the tape it cannot be told from a stoop, so it is at most an even call.
    cue_share : float
        A poor pattern gets the set's one cue only when at least this share of the bends
        show it (a quarter, as the set's focus fault): one odd bend is not a habit.
    sure_confidence : float
        A bend counts as evidence of its class when its confidence reaches this: 0.7 is
        past the even call by clearly more than landmark noise moves it.
    daily_depth_ratio : float
        ``--exercise auto`` calls a recording everyday bends only when its deepest bend
        is at least this many times as deep (hip flexion) as its shallowest: a set repeats
        one depth (the dev sets: at most 1.38, camera cuts included), while a morning
        ranges from a sink lean (~45°) to a reach to the floor (~100°).
    """

    squat_index: float = 0.62
    straight_knee_deg: float = 30.0
    rounded_pct: float = 50.0
    index_margin: float = 0.15
    tape_margin_pct: float = 25.0
    unread_back_confidence: float = 0.5
    cue_share: float = 0.25
    sure_confidence: float = 0.7
    daily_depth_ratio: float = 1.6

    def __post_init__(self) -> None:
        for item in fields(self):
            if getattr(self, item.name) <= 0:
                raise InputError(f"{item.name} must be positive; got {getattr(self, item.name)}.")
        for name in ("squat_index", "unread_back_confidence", "cue_share", "sure_confidence"):
            if getattr(self, name) > 1:
                raise InputError(f"{name} must be at most 1; got {getattr(self, name)}.")
