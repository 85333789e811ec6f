"""Turn the planar skeleton into MediaPipe's 33-landmark world and image layouts.

Left and right limbs share the sagittal chain and differ only in their lateral offset
(positive towards the person's left). The camera looks at the person side-on, so the
sagittal plane is the image plane; it is orthographic, which keeps image and world
geometry consistent (a real lens makes the far side a few percent smaller).
"""

from __future__ import annotations

import numpy as np

from hingecoach.pose.landmarks import N_LANDMARKS, Landmark
from hingecoach.synthetic.arms import ArmPose
from hingecoach.synthetic.body import BodyModel, SagittalChain, unit_vector

#: Face landmarks: (left, right, metres forward of the ear, metres up along the head
#: axis, metres from the mid-line). Typical adult head: interpupillary 63 mm, head
#: breadth 150 mm, ear canal to nose tip about 100 mm.
_FACE_PAIRS = (
    (Landmark.LEFT_EYE_INNER, Landmark.RIGHT_EYE_INNER, 0.085, 0.025, 0.017),
    (Landmark.LEFT_EYE, Landmark.RIGHT_EYE, 0.075, 0.027, 0.032),
    (Landmark.LEFT_EYE_OUTER, Landmark.RIGHT_EYE_OUTER, 0.065, 0.025, 0.047),
    (Landmark.LEFT_EAR, Landmark.RIGHT_EAR, 0.0, 0.0, 0.075),
    (Landmark.MOUTH_LEFT, Landmark.MOUTH_RIGHT, 0.085, -0.045, 0.025),
)
_NOSE_OFFSET_M = (0.105, -0.010)
#: Hand landmarks of a pronated grip on a bar, relative to the wrist: (left, right,
#: forward, up, extra distance from the mid-line). Thumbs point inwards.
_HAND_PAIRS = (
    (Landmark.LEFT_PINKY, Landmark.RIGHT_PINKY, -0.005, -0.085, 0.025),
    (Landmark.LEFT_INDEX, Landmark.RIGHT_INDEX, 0.010, -0.090, -0.020),
    (Landmark.LEFT_THUMB, Landmark.RIGHT_THUMB, 0.025, -0.055, -0.040),
)
#: Fraction of the image height taken by the standing person (top of head to floor).
PERSON_HEIGHT_FRACTION = 0.68
#: Where the floor line sits, as a fraction of the image height from the top.
FLOOR_FRACTION = 0.93
#: Sagittal extent of a hinge (heel/hips behind to head at the bottom, in front), metres;
#: narrow images shrink the person so that it fits.
MOVEMENT_SPAN_M = 1.1
MOVEMENT_CENTRE_M = 0.125


def _place_sagittal(
    chain: SagittalChain, body: BodyModel, arms: ArmPose | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Sagittal position of every landmark and its lateral offset (arms hanging by default)."""
    n_frames = chain.hip.shape[0]
    sagittal = np.empty((n_frames, N_LANDMARKS, 2))
    lateral_m = np.zeros(N_LANDMARKS)

    def pair(left: Landmark, right: Landmark, points: np.ndarray, offset_m: float) -> None:
        sagittal[:, left] = points
        sagittal[:, right] = points
        lateral_m[left] = offset_m
        lateral_m[right] = -offset_m

    hip_w, shoulder_w = body.half_hip_width_m, body.half_shoulder_width_m
    pair(Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, chain.shoulder, shoulder_w)
    pair(Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW, chain.elbow, shoulder_w)
    pair(Landmark.LEFT_WRIST, Landmark.RIGHT_WRIST, chain.wrist, shoulder_w)
    hand_w = shoulder_w if arms is None else arms.hand_half_width_m
    if arms is not None:
        sagittal[:, Landmark.LEFT_ELBOW] = arms.left_elbow
        sagittal[:, Landmark.RIGHT_ELBOW] = arms.right_elbow
        sagittal[:, Landmark.LEFT_WRIST] = arms.left_wrist
        sagittal[:, Landmark.RIGHT_WRIST] = arms.right_wrist
        lateral_m[Landmark.LEFT_WRIST], lateral_m[Landmark.RIGHT_WRIST] = hand_w, -hand_w
    pair(Landmark.LEFT_HIP, Landmark.RIGHT_HIP, chain.hip, hip_w)
    pair(Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE, chain.knee, hip_w)
    pair(Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE, chain.ankle, hip_w)
    # Feet flat, toes turned slightly out; the heel and toe marks sit just above the floor.
    pair(Landmark.LEFT_HEEL, Landmark.RIGHT_HEEL, np.array([body.heel_x_m, 0.02]), hip_w - 0.005)
    pair(
        Landmark.LEFT_FOOT_INDEX,
        Landmark.RIGHT_FOOT_INDEX,
        np.array([body.toe_x_m, 0.015]),
        hip_w + 0.02,
    )
    for left, right, forward_m, up_m, extra_m in _HAND_PAIRS:
        pair(left, right, chain.wrist + np.array([forward_m, up_m]), hand_w + extra_m)
        if arms is not None:
            sagittal[:, left] = arms.left_wrist + np.array([forward_m, up_m])
            sagittal[:, right] = arms.right_wrist + np.array([forward_m, up_m])
    head_up = unit_vector(chain.head_angle_deg)
    head_forward = unit_vector(chain.head_angle_deg + 90.0)
    for left, right, forward_m, up_m, offset_m in _FACE_PAIRS:
        pair(left, right, chain.ear + forward_m * head_forward + up_m * head_up, offset_m)
    nose_forward_m, nose_up_m = _NOSE_OFFSET_M
    sagittal[:, Landmark.NOSE] = chain.ear + nose_forward_m * head_forward + nose_up_m * head_up
    return sagittal, lateral_m


def compute_world_landmarks(
    chain: SagittalChain, *, body: BodyModel, facing: int, arms: ArmPose | None = None
) -> np.ndarray:
    """MediaPipe world landmarks: metres, origin mid-hip, x right, y down, z away.

    Parameters
    ----------
    chain : SagittalChain
        Joint positions over time.
    body : BodyModel
        Proportions (lateral offsets).
    facing : int
        +1 if the person faces image +x, -1 if they face -x.
    arms : ArmPose, optional
        Where the arms are, when not hanging straight (see
        :mod:`hingecoach.synthetic.arms`).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames, 33, 3)``.
    """
    sagittal, lateral_m = _place_sagittal(chain, body, arms)
    relative = sagittal - chain.hip[:, None, :]
    world = np.empty((*sagittal.shape[:2], 3))
    world[..., 0] = facing * relative[..., 0]
    world[..., 1] = -relative[..., 1]
    # Facing +x with y down and z away, the person's left points away from the camera;
    # turning round (facing -x) is a half turn, which also flips z.
    world[..., 2] = facing * lateral_m
    return world


def pixels_per_metre(image_size: tuple[int, int], body: BodyModel) -> float:
    """Scale of the orthographic side-on camera.

    Parameters
    ----------
    image_size : tuple of int
        ``(width, height)`` in pixels.
    body : BodyModel
        Proportions (standing height).

    Returns
    -------
    float
        Pixels per metre: the person fills ``PERSON_HEIGHT_FRACTION`` of the height
        unless the image is too narrow for the movement.
    """
    width, height = image_size
    return min(PERSON_HEIGHT_FRACTION * height / body.height_m, 0.9 * width / MOVEMENT_SPAN_M)


def compute_image_landmarks(
    chain: SagittalChain,
    world_xyz_m: np.ndarray,
    *,
    image_size: tuple[int, int],
    body: BodyModel,
    facing: int,
) -> np.ndarray:
    """Image landmarks of the orthographic side-on camera: pixels, x right, y down.

    Parameters
    ----------
    chain : SagittalChain
        Joint positions over time (gives the hips' place above the floor).
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``: world landmarks from
        :func:`compute_world_landmarks`.
    image_size : tuple of int
        ``(width, height)`` in pixels.
    body : BodyModel
        Proportions.
    facing : int
        +1 or -1, as for the world landmarks.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames, 33, 3)``; z is depth relative to the hips in pixels,
        negative towards the camera.
    """
    width, height = image_size
    scale = pixels_per_metre(image_size, body)
    ankle_x_px = width / 2 - facing * MOVEMENT_CENTRE_M * scale
    floor_y_px = FLOOR_FRACTION * height
    hip_x_px = ankle_x_px + facing * scale * chain.hip[:, 0]
    hip_y_px = floor_y_px - scale * chain.hip[:, 1]
    image = scale * world_xyz_m
    image[..., 0] += hip_x_px[:, None]
    image[..., 1] += hip_y_px[:, None]
    return image


def compute_visibility(world_xyz_m: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """MediaPipe-like visibility: high on the near side, middling on the far side.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``; landmarks with z > 0 are on the far side.
    rng : numpy.random.Generator
        Source of the small frame-to-frame jitter.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames, 33)``, in 0..1.
    """
    far = world_xyz_m[..., 2] > 0
    near_score = rng.uniform(0.95, 0.99, size=far.shape)
    far_score = rng.uniform(0.5, 0.8, size=far.shape)
    return np.where(far, far_score, near_score)
