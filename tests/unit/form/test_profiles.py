"""Variant profiles (variants.toml) and the --config file: loading and validation."""

import pytest

from hingecoach.analysis.config import params_from_config
from hingecoach.errors import InputError
from hingecoach.form.findings import FaultCode
from hingecoach.form.params import FaultThresholds
from hingecoach.form.profiles import (
    VARIANT_IDS,
    default_variant_tables,
    default_variants,
    parse_variant,
    parse_variants,
)


def test_the_packaged_file_has_every_canonical_variant_with_reasons():
    variants = default_variants()
    assert variants.ids == VARIANT_IDS
    for profile in variants.profiles:
        reasons = dict(profile.reasons)
        assert {"hanging_load", "from_floor", "depth_deg", "knee_deg"} <= set(reasons)
        assert all(reason.strip() for reason in reasons.values())
        assert profile.depth_deg[0] < profile.depth_deg[1]
        # No load hanging from the hands: load_drift never applies.
        if not profile.hanging_load:
            assert profile.skip_reason(FaultCode.LOAD_DRIFT)


def test_overrides_apply_over_the_base_thresholds():
    own = {"squat_index": {"value": 0.7, "reason": "long thighs"}}
    deadlift = parse_variant("deadlift", {**table("deadlift"), "thresholds": own})
    base = FaultThresholds(rounded_back_pct=40.0)
    thresholds = deadlift.thresholds(base)
    assert thresholds.rounded_back_pct == 40.0  # from the base
    assert thresholds.squat_index == 0.7  # the variant's own
    assert ("squat_index", "long thighs") in deadlift.reasons
    assert deadlift.skip_reason(FaultCode.RUSHING) and deadlift.from_floor


def table(variant_id="bodyweight_hinge"):
    return {key: value for key, value in default_variant_tables()[variant_id].items()}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": {"value": "red", "reason": "x"}}, "unknown key"),
        ({"hanging_load": {"value": "no", "reason": "x"}}, "true or false"),
        ({"hanging_load": {"value": False}}, "reason"),
        ({"depth_deg": {"value": [90, 40], "reason": "x"}}, "least < most"),
        ({"hands": {"value": ["in_pockets"], "reason": "x"}}, "hands"),
        ({"skip": {"wobble": "x"}}, "unknown fault"),
        ({"thresholds": {"squat_indx": {"value": 0.7, "reason": "x"}}}, "unknown threshold"),
        ({"thresholds": {"squat_index": {"value": 1.5, "reason": "x"}}}, "squat_index"),
    ],
)
def test_a_bad_profile_is_one_clear_sentence(change, message):
    with pytest.raises(InputError, match=message) as raised:
        parse_variant("bodyweight_hinge", {**table(), **change})
    assert "\n" not in str(raised.value)


def test_an_unknown_variant_id_is_refused():
    with pytest.raises(InputError, match="Unknown exercise variant 'kettlebell_swing'"):
        parse_variants({"kettlebell_swing": table()})
    with pytest.raises(InputError, match="pass auto or one of"):
        default_variants().get("squat")


def test_config_sets_thresholds_and_variant_overrides():
    params = params_from_config(
        {
            "faults": {"rounded_back_pct": 45, "lean_back_deg": 14.0},
            "reps": {},
            "variants": {
                "deadlift": {"thresholds": {"squat_index": {"value": 0.7, "reason": "mine"}}}
            },
        }
    )
    assert params.faults.rounded_back_pct == 45.0 and params.faults.lean_back_deg == 14.0
    deadlift = params.variants.get("deadlift")
    assert deadlift.thresholds(params.faults).squat_index == 0.7
    assert deadlift.skip_reason(FaultCode.RUSHING)  # the rest of the profile is kept


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fautls": {}}, r"Unknown table \[fautls\]"),
        ({"faults": {"rounded_bak_pct": 3}}, "Unknown key 'rounded_bak_pct'"),
        ({"faults": {"squat_index": "high"}}, "must be like"),
        ({"faults": {"squat_index": 2.0}}, "squat_index"),
        ({"variants": {"deadlift": {"colour": 1}}}, "unknown key"),
        ({"variants": {"squat": {}}}, "Unknown exercise variant"),
    ],
)
def test_config_refuses_unknown_keys_and_bad_values(data, message):
    with pytest.raises(InputError, match=message):
        params_from_config(data)
