"""Whether a recording is everyday bending rather than an exercise set (pure).

A set repeats one movement: the same depth, the same way, rep after rep. Everyday bends
do not: a sink lean, then a sock from the floor, then a low cupboard. So a recording is
called everyday bends only on both signs together, or on one very plain one:

- at least two different classes of bend, each shown by a sure bend
  (``BendParams.sure_confidence``), *and* depths that differ past
  ``BendParams.daily_depth_ratio``; or
- three different sure classes (a hinge, a squat and a stoop): no set mixes all three.

Everything else stays an exercise set, recognised as before: a squatting set of
kettlebell deadlifts is a set with a fault, not everyday life. A single bend is never
called everyday on its own (a single deadlift looks the same): say ``--exercise daily``.
"""

from __future__ import annotations

from collections.abc import Sequence

from hingecoach.daily.bends import Bend, BendClass
from hingecoach.daily.params import BendParams

#: Distinct sure classes that make a recording everyday bends whatever the depths.
_ALL_PATTERNS = 3


def recognise_daily(bends: Sequence[Bend], params: BendParams | None = None) -> float | None:
    """The confidence that ``bends`` are everyday bends, or None when they look like a set.

    Parameters
    ----------
    bends : sequence of Bend
    params : BendParams, optional

    Returns
    -------
    float or None
        The share of the bends that are sure of their class (0..1), when the recording
        is called everyday bends.
    """
    params = params or BendParams()
    if len(bends) < 2:
        return None
    sure = [bend for bend in bends if bend.confidence >= params.sure_confidence]
    kinds = {bend.kind for bend in sure} - {BendClass.MIXED}
    depths = [bend.peak_hip_flexion_deg for bend in bends]
    varied = min(depths) > 0 and max(depths) / min(depths) >= params.daily_depth_ratio
    if len(kinds) >= _ALL_PATTERNS or (len(kinds) >= 2 and varied):
        return round(len(sure) / len(bends), 3)
    return None


def describe_daily(bends: Sequence[Bend]) -> str:
    """The evidence for an everyday-bends call, in a few words (for the JSON)."""
    kinds = sorted({bend.kind.value for bend in bends})
    depths = [bend.peak_hip_flexion_deg for bend in bends]
    return (
        f"{len(bends)} bends of different kinds ({', '.join(kinds)}) and depths "
        f"({min(depths):.0f}-{max(depths):.0f}° of hip flexion): not a set"
    )
