"""The ``bends`` section of the analysis JSON: everyday bends (``exercise`` ``daily``).

Section ``version`` 1 (inside the analysis JSON's ``schema_version`` 3):

- ``version`` (int), ``count`` (int), ``good_count`` (hinges), ``good_share`` (0..1, null
  without a bend), ``counts`` (``{hinge, squat, stoop, mixed}``: bends per class),
  ``poor_pattern`` (the most common poor class, on at least a quarter of the bends, or
  null) and ``cue`` (one cautious sentence, or null);
- ``items``: one per bend, ``index``, ``start_frame``, ``peak_frame``, ``end_frame``
  (frames of the recording), ``start_s``, ``peak_s``, ``end_s``, ``duration_s``,
  ``class`` (``hinge``/``squat``/``stoop``/``mixed``), ``confidence`` (0..1),
  ``peak_trunk_inclination_deg``, ``peak_hip_flexion_deg``, ``knee_flexion_deg``,
  ``hip_shift_leg`` (hips behind the ankles, leg lengths), ``hinge_squat_index`` (0 hinge
  .. 1 squat), ``tape_pct`` (the lower-back tape, % of range; null when not read) and
  ``tape_reason`` (why not, or null).

NaN is written as ``null`` by the analysis JSON's own cleaning.
"""

from __future__ import annotations

from typing import Any

from hingecoach.daily.bends import Bend
from hingecoach.daily.summary import DailyBends

#: The version of the ``bends`` section's layout.
BENDS_VERSION = 1


def bend_dict(bend: Bend) -> dict[str, Any]:
    """One bend as plain JSON values."""
    return {
        "index": bend.index,
        "start_frame": bend.start_frame,
        "peak_frame": bend.peak_frame,
        "end_frame": bend.end_frame,
        "start_s": bend.start_s,
        "peak_s": bend.peak_s,
        "end_s": bend.end_s,
        "duration_s": bend.duration_s,
        "class": bend.kind.value,
        "confidence": bend.confidence,
        "peak_trunk_inclination_deg": bend.peak_trunk_inclination_deg,
        "peak_hip_flexion_deg": bend.peak_hip_flexion_deg,
        "knee_flexion_deg": bend.knee_flexion_deg,
        "hip_shift_leg": bend.hip_shift_leg,
        "hinge_squat_index": bend.hinge_squat_index,
        "tape_pct": bend.tape_pct,
        "tape_reason": bend.tape_reason,
    }


def bends_dict(bends: DailyBends) -> dict[str, Any]:
    """The ``bends`` section (see the module docstring)."""
    return {
        "version": BENDS_VERSION,
        "count": len(bends.bends),
        "good_count": bends.good_count,
        "good_share": bends.good_share,
        "counts": {kind.value: count for kind, count in bends.counts},
        "poor_pattern": None if bends.poor_pattern is None else bends.poor_pattern.value,
        "cue": bends.cue,
        "items": [bend_dict(bend) for bend in bends.bends],
    }
