"""Everyday bends on the live page: the bend just counted and the good ones so far."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hingecoach.daily.bends import Bend, BendClass
from hingecoach.daily.summary import summarize_bends

#: What the page shows under the count for each class (short, never a verdict on the back).
BEND_LABELS: dict[BendClass, str] = {
    BendClass.HINGE: "Hinge: hips back, long back",
    BendClass.SQUAT: "Squat: knees forward",
    BendClass.STOOP: "Stoop: straight legs, rounded back",
    BendClass.MIXED: "Mixed: rounded back, knees bent",
}


def bend_message(bend: Bend | None) -> dict[str, Any] | None:
    """The bend just counted, for the live page (None when no bend ended this frame)."""
    if bend is None:
        return None
    return {
        "index": bend.index,
        "class": bend.kind.value,
        "label": BEND_LABELS[bend.kind],
        "confidence": bend.confidence,
        "good": bend.good,
        "tape_pct": bend.tape_pct,
    }


def bends_record(bends: Sequence[Bend]) -> dict[str, Any]:
    """The set's bends for its saved record: each one's class, and the good ones counted."""
    return {
        "good_bends": sum(bend.good for bend in bends),
        "bends": [
            {
                "index": bend.index,
                "class": bend.kind.value,
                "confidence": bend.confidence,
                "peak_trunk_inclination_deg": bend.peak_trunk_inclination_deg,
                "knee_flexion_deg": bend.knee_flexion_deg,
                "tape_pct": bend.tape_pct,
                "duration_s": bend.duration_s,
            }
            for bend in bends
        ],
    }


def bends_card(bends: Sequence[Bend]) -> dict[str, Any]:
    """The set card's daily-practice part: good bends of all, and the one cue."""
    summary = summarize_bends(bends)
    return {"bends": {"count": len(bends), "good_count": summary.good_count, "cue": summary.cue}}
