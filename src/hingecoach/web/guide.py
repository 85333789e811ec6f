"""The guided start: each exercise variant's name and set-up steps, and where the camera goes.

The variant ids are the shared canonical ones; the names come from the form profiles'
``form/variants.toml`` when it is installed (so the page and ``analyze`` call a variant
the same), else from :data:`FALLBACK_NAMES`. The steps are the page's own words.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

#: Said for every variant, in this order (the physio's set-up for a hinge).
COMMON_STEPS = (
    "Feet shoulder-width apart, toes forward.",
    "Brace gently: ribs down, without tucking the pelvis under.",
    "Soft knees: unlock them a little and keep that bend.",
)
#: What the hands hold, per variant (first step).
HANDS_STEP = {
    "auto": "Hands clasped at the waist, or hold your weight as usual.",
    "bodyweight_hinge": "Hands clasped at the waist.",
    "dowel_hinge": "A dowel along your back: one hand behind the neck, one at the small of "
    "the back; keep head, upper back and tailbone on it.",
    "band_hinge": "Band anchored behind you, handle held between your legs.",
    "good_morning": "Hands crossed on the chest or a light bar across the upper back.",
    "dumbbell_rdl": "A dumbbell or kettlebell in your hands, resting against the thighs.",
    "dumbbell_deadlift": "The dumbbells or kettlebell on the floor between your feet.",
    "barbell_rdl": "The bar in your hands at the thighs, hands just outside the legs.",
    "deadlift": "The bar on the floor over the middle of your feet.",
    "b_stance_rdl": "One foot a half step back, its heel up as a kickstand; weight on the "
    "front leg.",
    "single_leg_rdl": "Stand on one leg, the other ready to reach back as you hinge.",
}
FALLBACK_NAMES = {
    "auto": "Recognise it for me",
    "bodyweight_hinge": "Bodyweight hip hinge",
    "dowel_hinge": "Dowel hip hinge",
    "band_hinge": "Band hinge / pull-through",
    "good_morning": "Good morning",
    "dumbbell_rdl": "Dumbbell or kettlebell RDL",
    "dumbbell_deadlift": "Dumbbell or kettlebell deadlift",
    "barbell_rdl": "Barbell RDL",
    "deadlift": "Deadlift (barbell from the floor)",
    "b_stance_rdl": "B-stance RDL",
    "single_leg_rdl": "Single-leg RDL",
}
#: Daily practice: everyday bends counted and classed (hinge, squat, stoop), not a set.
DAILY_ID = "daily"
DAILY_NAME = "Daily practice: everyday bends"
DAILY_STEPS = (
    "Practise the bends of your day: pick a sock off the floor, reach into a low "
    "cupboard, lean over the basin.",
    "Stand up tall between bends; each bend counts on its own, at any pace.",
    "A good bend is a hinge: hips back, lower back long, knees soft.",
    "Keep side-on to the camera as you bend, so your lower back can be read.",
)
#: The ids the page and the live socket accept (the shared canonical ones, ``auto`` and
#: ``daily``).
VARIANT_IDS = (*FALLBACK_NAMES, DAILY_ID)
#: Where the camera goes (shown beside the picture, and spoken last).
CAMERA_STEPS = (
    "Put the camera side-on to you, at hip height, 2 to 3 metres away.",
    "Your whole body, head to feet, must be in the picture.",
)


@dataclass(frozen=True, slots=True)
class VariantGuide:
    """One exercise choice on the guided start."""

    id: str
    name: str
    steps: tuple[str, ...]


def _toml_names() -> dict[str, str]:
    """Variant names from the form profiles' variants file, when it is installed."""
    source = resources.files("hingecoach.form") / "variants.toml"
    if not source.is_file():
        return {}
    table = tomllib.loads(source.read_text(encoding="utf-8"))
    names = {}
    for variant_id, variant in table.items():
        name = variant.get("name") if isinstance(variant, dict) else None
        value = name.get("value") if isinstance(name, dict) else name
        if isinstance(value, str):
            names[variant_id] = value
    return names


def variant_guides() -> list[VariantGuide]:
    """Every variant the page offers, ``auto`` first, each with its set-up steps."""
    names = {**FALLBACK_NAMES, **_toml_names(), "auto": FALLBACK_NAMES["auto"]}
    return [
        *(
            VariantGuide(variant_id, names[variant_id], (hands, *COMMON_STEPS))
            for variant_id, hands in HANDS_STEP.items()
        ),
        VariantGuide(DAILY_ID, DAILY_NAME, DAILY_STEPS),
    ]


def guide_message() -> dict[str, Any]:
    """JSON for the page: the variants with their steps, and the camera steps."""
    return {
        "variants": [asdict(guide) for guide in variant_guides()],
        "camera": list(CAMERA_STEPS),
    }
