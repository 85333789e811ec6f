import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.form.aids import AidParams, compute_aids
from hingecoach.pose.landmarks import Landmark


def side_body(hip_back_px: float, facing: float = 1.0):
    """A person facing +x (or -x) with the feet at x=300, legs 200 px long."""
    xyz = np.zeros((33, 3))
    ankle_y = 320.0
    for side in ("LEFT", "RIGHT"):
        xyz[Landmark[f"{side}_ANKLE"], :2] = (300, ankle_y)
        xyz[Landmark[f"{side}_HEEL"], :2] = (300 - 15 * facing, ankle_y + 5)
        xyz[Landmark[f"{side}_FOOT_INDEX"], :2] = (300 + 40 * facing, ankle_y + 5)
        xyz[Landmark[f"{side}_KNEE"], :2] = (300, ankle_y - 100)
        xyz[Landmark[f"{side}_HIP"], :2] = (300 - facing * hip_back_px, ankle_y - 200)
    return xyz, np.ones(33)


@pytest.mark.parametrize("facing", [1.0, -1.0])
def test_chair_sits_behind_the_person_and_lights_when_the_hips_reach_it(facing):
    standing = compute_aids(*side_body(0.0, facing))
    assert standing is not None and not standing.chair_lit
    backrest_x = standing.chair_lines_px[0, 0]
    target = AidParams().shift_target_leg
    # Behind the heels (against the toes' direction), one target shift of leg lengths.
    assert np.sign(300 - backrest_x) == facing
    assert abs(backrest_x - 300) == pytest.approx(target * standing.leg_px, rel=0.01)
    assert standing.band_alpha == pytest.approx(1.0)
    hinged = compute_aids(*side_body(0.25 * 224, facing))
    assert hinged.chair_lit and hinged.hip_shift_leg > target
    assert hinged.band_alpha == 0.0


def test_band_fades_as_the_hips_move_back():
    alphas = [compute_aids(*side_body(px)).band_alpha for px in (0, 10, 20, 30, 60)]
    assert alphas == sorted(alphas, reverse=True) and alphas[0] > alphas[-1]


def test_aids_need_one_whole_leg_and_foot_in_view():
    xyz, visibility = side_body(0.0)
    visibility[Landmark.LEFT_HEEL] = 0.1  # the far foot, hidden side-on
    assert compute_aids(xyz, visibility) is not None
    visibility[Landmark.RIGHT_FOOT_INDEX] = 0.1
    assert compute_aids(xyz, visibility) is None


def test_aid_params_reject_non_positive_lengths():
    with pytest.raises(InputError):
        AidParams(shift_target_leg=0.0)
