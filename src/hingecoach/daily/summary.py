"""A recording's bends summed up: how many were hinges, and one cautious cue at most."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hingecoach.daily.bends import Bend, BendClass
from hingecoach.daily.params import BendParams

#: Which poor pattern is named first when two are as common: the lower back first.
_PRIORITY = (BendClass.STOOP, BendClass.MIXED, BendClass.SQUAT)

#: One short, positive cue per poor pattern: what to try, never a verdict on the back.
BEND_CUES: dict[BendClass, str] = {
    BendClass.STOOP: (
        "Some bends were stoops (legs straight, lower back rounded): next time, unlock "
        "your knees and send your hips back, keeping the lower back long."
    ),
    BendClass.MIXED: (
        "On some bends the lower back rounded as you went down: try letting the hips go "
        "back first, as if a tape along your lower back should stay tight."
    ),
    BendClass.SQUAT: (
        "Some bends were squats, which is fine for heavy things held close; to practise "
        "the hinge, let your hips travel back and your chest come forward, knees soft."
    ),
}
#: Said when every bend was a hinge (and there was at least one).
ALL_HINGES = "Every bend was a hinge: hips back, lower back long. Keep it up."


@dataclass(frozen=True, slots=True)
class DailyBends:
    """The bends of one recording and what they add up to.

    Attributes
    ----------
    bends : tuple of Bend
    counts : tuple of (BendClass, int)
        Bends per class, in :class:`BendClass` order.
    good_share : float
        Share of the bends that were hinges (NaN with no bend).
    poor_pattern : BendClass or None
        The most common poor pattern, when at least ``cue_share`` of the bends show it.
    cue : str or None
        One cue: for ``poor_pattern``, or praise when every bend was a hinge.
    """

    bends: tuple[Bend, ...]
    counts: tuple[tuple[BendClass, int], ...]
    good_share: float
    poor_pattern: BendClass | None
    cue: str | None

    @property
    def good_count(self) -> int:
        """Bends that were hinges."""
        return sum(bend.good for bend in self.bends)

    def count(self, kind: BendClass) -> int:
        """Bends of one class."""
        return dict(self.counts)[kind]


def summarize_bends(bends: Sequence[Bend], params: BendParams | None = None) -> DailyBends:
    """Count the classes, the share of hinges and the one pattern worth a cue.

    Parameters
    ----------
    bends : sequence of Bend
    params : BendParams, optional

    Returns
    -------
    DailyBends
    """
    params = params or BendParams()
    bends = tuple(bends)
    counts = tuple((kind, sum(b.kind is kind for b in bends)) for kind in BendClass)
    by_kind = dict(counts)
    good_share = by_kind[BendClass.HINGE] / len(bends) if bends else math.nan
    poor = max(_PRIORITY, key=lambda kind: (by_kind[kind], -_PRIORITY.index(kind)))
    pattern = poor if bends and by_kind[poor] >= max(1.0, params.cue_share * len(bends)) else None
    if pattern is not None:
        cue: str | None = BEND_CUES[pattern]
    else:
        cue = ALL_HINGES if bends and good_share == 1.0 else None
    return DailyBends(bends, counts, good_share, pattern, cue)
