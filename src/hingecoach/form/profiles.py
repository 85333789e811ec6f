"""Exercise variants as data: what each hinge variant expects, read from ``variants.toml``.

The fault rules never name a variant; they read a :class:`VariantProfile` (does a load
hang from the hands, do reps start from the floor, the expected depth and knee bend,
which faults apply, any threshold that differs). The profiles live in the package's
``variants.toml``, one table per canonical variant id, each setting with its reason.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from hingecoach.errors import InputError
from hingecoach.form.findings import FaultCode
from hingecoach.form.params import FaultThresholds

#: The canonical variant ids, shared with the program and live work.
VARIANT_IDS = (
    "bodyweight_hinge",
    "dowel_hinge",
    "band_hinge",
    "good_morning",
    "dumbbell_rdl",
    "dumbbell_deadlift",
    "barbell_rdl",
    "deadlift",
    "b_stance_rdl",
    "single_leg_rdl",
)
#: What the CLI's ``--exercise`` accepts besides a variant id: recognise it.
AUTO = "auto"
#: The id used when nothing better is known (no reps, a front view): its rules are the
#: most general (a load in the hands, reps from standing).
FALLBACK_ID = "dumbbell_rdl"
HANDS = frozenset({"waist", "neck", "chest", "dowel", "hanging", "pulled_back"})
FEET = frozenset({"side_by_side", "staggered", "one_leg"})
_SETTINGS = (
    "name",
    "hands",
    "feet",
    "hanging_load",
    "from_floor",
    "depth_deg",
    "knee_deg",
)
_OPTIONAL = ("prefer_when_tied",)
_THRESHOLD_NAMES = frozenset(field.name for field in dataclasses.fields(FaultThresholds))


@dataclass(frozen=True, slots=True)
class VariantProfile:
    """What one hinge variant expects, and how its faults are judged.

    Attributes
    ----------
    id, name : str
        Canonical id and what a person would call it.
    hands, feet : tuple of str
        Hand positions and stances the variant is done with (the recogniser's evidence).
    hanging_load : bool
        A load hangs from the hands (``load_drift`` needs one).
    from_floor : bool
        Reps start from, and return to, the floor.
    depth_deg, knee_deg : tuple of float
        ``(least, most)`` peak hip flexion and knee flexion at the bottom, degrees.
    overrides : tuple of (str, float)
        Thresholds that differ for this variant, by :class:`FaultThresholds` field.
    skipped : tuple of (FaultCode, str)
        Faults that do not apply to the variant, each with the reason.
    reasons : tuple of (str, str)
        Each setting's and each threshold override's reason, by name.
    prefer_when_tied : bool
        Taken when the landmarks fit it and another variant equally well.
    """

    id: str
    name: str
    hands: tuple[str, ...]
    feet: tuple[str, ...]
    hanging_load: bool
    from_floor: bool
    depth_deg: tuple[float, float]
    knee_deg: tuple[float, float]
    overrides: tuple[tuple[str, float], ...] = ()
    skipped: tuple[tuple[FaultCode, str], ...] = ()
    reasons: tuple[tuple[str, str], ...] = ()
    prefer_when_tied: bool = False

    def thresholds(self, base: FaultThresholds | None = None) -> FaultThresholds:
        """``base`` (the defaults otherwise) with this variant's overrides."""
        return dataclasses.replace(base or FaultThresholds(), **dict(self.overrides))

    def skip_reason(self, code: FaultCode) -> str | None:
        """Why ``code`` does not apply to this variant, or None when it does."""
        return next((reason for skipped, reason in self.skipped if skipped is code), None)


@dataclass(frozen=True, slots=True)
class VariantSet:
    """Every known variant profile, in file order."""

    profiles: tuple[VariantProfile, ...]

    def get(self, variant_id: str) -> VariantProfile:
        """The profile with this id.

        Raises
        ------
        InputError
            For an unknown id (one sentence listing the known ones).
        """
        for profile in self.profiles:
            if profile.id == variant_id:
                return profile
        known = ", ".join(profile.id for profile in self.profiles)
        raise InputError(f"Unknown exercise {variant_id!r}; pass auto or one of: {known}.")

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids, in file order."""
        return tuple(profile.id for profile in self.profiles)


def _setting(variant_id: str, name: str, entry: Any) -> tuple[Any, str]:
    """A ``{value, reason}`` pair, checked for its shape."""
    where = f"variant {variant_id!r} setting {name!r}"
    if not isinstance(entry, Mapping) or set(entry) != {"value", "reason"}:
        raise InputError(f'In {where}, give {{ value = ..., reason = "..." }}; got {entry!r}.')
    if not isinstance(entry["reason"], str) or not entry["reason"].strip():
        raise InputError(f"In {where}, the reason must be a non-empty sentence.")
    return entry["value"], entry["reason"]


def _choices(variant_id: str, name: str, value: Any, allowed: frozenset[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not set(value) <= allowed:
        raise InputError(
            f"Variant {variant_id!r} setting {name!r} must list some of "
            f"{', '.join(sorted(allowed))}; got {value!r}."
        )
    return tuple(value)


def _range(variant_id: str, name: str, value: Any) -> tuple[float, float]:
    numeric = isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    )
    if not numeric or len(value) != 2 or not 0 <= value[0] < value[1] <= 180:
        raise InputError(
            f"Variant {variant_id!r} setting {name!r} must be [least, most] degrees in "
            f"0..180 with least < most; got {value!r}."
        )
    return float(value[0]), float(value[1])


def _flag(variant_id: str, name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"Variant {variant_id!r} setting {name!r} must be true or false.")
    return value


def _skipped(variant_id: str, table: Any) -> tuple[tuple[FaultCode, str], ...]:
    if not isinstance(table, Mapping):
        raise InputError(f"Variant {variant_id!r}: skip must be a table of fault = reason.")
    known = {code.value for code in FaultCode}
    skipped = []
    for code, reason in table.items():
        if code not in known:
            raise InputError(
                f"Variant {variant_id!r} skips unknown fault {code!r}; "
                f"known: {', '.join(sorted(known))}."
            )
        if not isinstance(reason, str) or not reason.strip():
            raise InputError(f"Variant {variant_id!r}: give the reason for skipping {code!r}.")
        skipped.append((FaultCode(code), reason))
    return tuple(skipped)


def _thresholds(
    variant_id: str, table: Any
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, str], ...]]:
    if not isinstance(table, Mapping):
        raise InputError(f"Variant {variant_id!r}: thresholds must be a table.")
    values: dict[str, float] = {}
    reasons = []
    for name, entry in table.items():
        if name not in _THRESHOLD_NAMES:
            raise InputError(
                f"Variant {variant_id!r} sets unknown threshold {name!r}; "
                f"known: {', '.join(sorted(_THRESHOLD_NAMES))}."
            )
        value, reason = _setting(variant_id, name, entry)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InputError(f"Variant {variant_id!r} threshold {name!r} must be a number.")
        values[name] = float(value)
        reasons.append((name, reason))
    try:
        dataclasses.replace(FaultThresholds(), **values)
    except InputError as error:
        raise InputError(f"Variant {variant_id!r}: {error}") from None
    return tuple(values.items()), tuple(reasons)


def parse_variant(variant_id: str, table: Any) -> VariantProfile:
    """Build and check one profile from its TOML table.

    Raises
    ------
    InputError
        For an unknown or missing key or a bad value (one sentence).
    """
    if not isinstance(table, Mapping):
        raise InputError(f"Variant {variant_id!r} must be a table of settings.")
    unknown = set(table) - {*_SETTINGS, *_OPTIONAL, "skip", "thresholds"}
    if unknown:
        raise InputError(
            f"Variant {variant_id!r} has unknown key(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join((*_SETTINGS, *_OPTIONAL, 'skip', 'thresholds'))}."
        )
    missing = [name for name in _SETTINGS if name not in table]
    if missing:
        raise InputError(f"Variant {variant_id!r} lacks {', '.join(missing)}.")
    got = {name: _setting(variant_id, name, table[name]) for name in _SETTINGS}
    overrides, threshold_reasons = _thresholds(variant_id, table.get("thresholds", {}))
    prefer = False
    if "prefer_when_tied" in table:
        value, reason = _setting(variant_id, "prefer_when_tied", table["prefer_when_tied"])
        prefer = _flag(variant_id, "prefer_when_tied", value)
        got["prefer_when_tied"] = (value, reason)
    name = got["name"][0]
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"Variant {variant_id!r} needs a name.")
    return VariantProfile(
        id=variant_id,
        name=name,
        hands=_choices(variant_id, "hands", got["hands"][0], HANDS),
        feet=_choices(variant_id, "feet", got["feet"][0], FEET),
        hanging_load=_flag(variant_id, "hanging_load", got["hanging_load"][0]),
        from_floor=_flag(variant_id, "from_floor", got["from_floor"][0]),
        depth_deg=_range(variant_id, "depth_deg", got["depth_deg"][0]),
        knee_deg=_range(variant_id, "knee_deg", got["knee_deg"][0]),
        overrides=overrides,
        skipped=_skipped(variant_id, table.get("skip", {})),
        reasons=tuple((key, reason) for key, (_, reason) in got.items()) + threshold_reasons,
        prefer_when_tied=prefer,
    )


def parse_variants(data: Mapping[str, Any]) -> VariantSet:
    """Build every profile of a parsed ``variants.toml``.

    Parameters
    ----------
    data : mapping
        The parsed TOML: one table per variant id.

    Raises
    ------
    InputError
        For an unknown variant id, key or value (one sentence).
    """
    unknown = [key for key in data if key not in VARIANT_IDS]
    if unknown:
        raise InputError(
            f"Unknown exercise variant {unknown[0]!r}; known: {', '.join(VARIANT_IDS)}."
        )
    return VariantSet(tuple(parse_variant(key, data[key]) for key in data))


def merge_tables(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` laid over it, table by table (override wins)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_tables(merged[key], value)
        else:
            merged[key] = value
    return merged


def default_variant_tables() -> dict[str, Any]:
    """The parsed tables of the packaged ``variants.toml`` (package data, read-only)."""
    text = resources.files("hingecoach.form").joinpath("variants.toml").read_text("utf-8")
    return tomllib.loads(text)


def default_variants() -> VariantSet:
    """The packaged variant profiles."""
    return parse_variants(default_variant_tables())
