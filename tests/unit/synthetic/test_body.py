"""Planar forward kinematics and the balance solve, with hand-checkable answers."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.synthetic.body import (
    BodyModel,
    balanced_shin_deg,
    centre_of_mass_x_m,
    compute_chain,
    unit_vector,
)

BODY = BodyModel()


def _chain(shin, knee, hip, rounding):
    return compute_chain(
        np.atleast_1d(np.asarray(shin, float)),
        np.atleast_1d(np.asarray(knee, float)),
        np.atleast_1d(np.asarray(hip, float)),
        np.atleast_1d(np.asarray(rounding, float)),
        body=BODY,
    )


def test_unit_vector_points_up_at_zero_and_forward_at_ninety():
    np.testing.assert_allclose(
        unit_vector(np.array([0.0, 90.0, -90.0])), [[0, 1], [1, 0], [-1, 0]], atol=1e-15
    )


def test_standing_chain_is_a_vertical_stack_of_real_segment_lengths():
    chain = _chain(0, 0, 0, 0)
    height = BODY.height_m
    np.testing.assert_allclose(chain.ankle[0], [0, 0.039 * height])
    np.testing.assert_allclose(chain.knee[0], [0, (0.039 + 0.246) * height])
    np.testing.assert_allclose(chain.hip[0], [0, (0.039 + 0.246 + 0.245) * height])
    np.testing.assert_allclose(chain.shoulder[0], [0, (0.530 + 0.288) * height], atol=1e-12)
    np.testing.assert_allclose(chain.ear[0, 0], 0, atol=1e-12)
    # Straight arms hang the wrist at about hip height, as in a real standing person.
    assert chain.wrist[0, 1] == pytest.approx((0.818 - 0.186 - 0.146) * height)
    assert BODY.leg_length_m == pytest.approx(0.491 * height)


def test_segment_lengths_survive_any_angles():
    rng = np.random.default_rng(0)
    angles = rng.uniform([-20, 0, -20, 0], [40, 110, 120, 45], size=(50, 4))
    chain = _chain(*angles.T)
    lengths = {
        "shank": np.linalg.norm(chain.knee - chain.ankle, axis=1),
        "thigh": np.linalg.norm(chain.hip - chain.knee, axis=1),
    }
    np.testing.assert_allclose(lengths["shank"], BODY.metres(BODY.shank))
    np.testing.assert_allclose(lengths["thigh"], BODY.metres(BODY.thigh))
    np.testing.assert_allclose(chain.shoulder[:, 0], chain.wrist[:, 0])  # arms hang vertically


def test_rounding_shortens_the_hip_to_shoulder_chord():
    chain = _chain([0, 0], [20, 20], [60, 60], [0, 35])
    chord = np.linalg.norm(chain.shoulder - chain.hip, axis=1)
    assert chord[0] == pytest.approx(BODY.metres(BODY.trunk))
    assert chord[1] < chord[0] - 0.01


@pytest.mark.parametrize(
    ("knee", "hip", "rounding"), [(0, 0, 0), (16, 85, 3), (90, 100, 3), (16, 63, 35)]
)
@pytest.mark.parametrize("balance_x_m", [0.05, 0.08, 0.13])
def test_balanced_shin_puts_the_centre_of_mass_on_target(knee, hip, rounding, balance_x_m):
    args = (np.array([knee], float), np.array([hip], float), np.array([rounding], float))
    shin = balanced_shin_deg(*args, body=BODY, balance_x_m=balance_x_m)
    assert -30 < shin[0] < 45
    chain = compute_chain(shin, *args, body=BODY)
    assert centre_of_mass_x_m(chain, BODY)[0] == pytest.approx(balance_x_m, abs=1e-9)


def test_balance_sends_the_hips_back_as_the_trunk_lowers():
    hip_deg = np.linspace(0, 85, 10)
    knee_deg = np.full(10, 16.0)
    rounding = np.zeros(10)
    shin = balanced_shin_deg(knee_deg, hip_deg, rounding, body=BODY, balance_x_m=0.08)
    chain = compute_chain(shin, knee_deg, hip_deg, rounding, body=BODY)
    assert np.all(np.diff(chain.hip[:, 0]) < 0)
