"""Make clean synthetic landmarks look like a pose estimator's: pixel noise and lost frames."""

from __future__ import annotations

import logging

import numpy as np

from hingecoach.kinematics.geometry import midpoint
from hingecoach.pose.landmarks import Landmark

log = logging.getLogger(__name__)

#: Longest run of lost frames: trackers drop a few frames at a time (motion blur,
#: occlusion by the bar), not seconds.
MAX_BURST_FRAMES = 5


def add_landmark_noise(
    image_xyz_px: np.ndarray,
    world_xyz_m: np.ndarray,
    *,
    noise_px: float,
    metres_per_pixel: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Add independent Gaussian noise to every landmark coordinate.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, pixels.
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, metres, origin mid-hip.
    noise_px : float
        Standard deviation in pixels; the world gets the same in metres.
    metres_per_pixel : float
        Scale of the camera.
    rng : numpy.random.Generator
        Noise source.

    Returns
    -------
    tuple of numpy.ndarray
        New noisy image and world arrays (the inputs are not changed). The world
        landmarks are re-centred on their mid-hip, as MediaPipe's are.
    """
    image = image_xyz_px + rng.normal(0.0, noise_px, size=image_xyz_px.shape)
    world = world_xyz_m + rng.normal(0.0, noise_px * metres_per_pixel, size=world_xyz_m.shape)
    mid_hip = midpoint(world, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    return image, world - mid_hip[:, None, :]


def _fewest_bursts(n_drop: int) -> int:
    """Fewest bursts of at most ``MAX_BURST_FRAMES`` that hold ``n_drop`` frames."""
    return -(-n_drop // MAX_BURST_FRAMES)


def _burst_lengths(n_drop: int, n_frames: int, rng: np.random.Generator) -> list[int]:
    """Random burst lengths, summing to ``n_drop`` or to the most that can fit."""
    # Every burst needs a kept frame after it, and the first frame is kept too.
    while n_drop > 0 and n_frames - n_drop < _fewest_bursts(n_drop) + 1:
        n_drop -= 1
    lengths: list[int] = []
    remaining = n_drop
    while remaining > 0:
        length = min(int(rng.integers(1, MAX_BURST_FRAMES + 1)), remaining)
        lengths.append(length)
        remaining -= length
    if n_frames - n_drop < len(lengths) + 1:
        pieces = np.array_split(np.ones(n_drop), _fewest_bursts(n_drop))
        lengths = [len(piece) for piece in pieces]
    return lengths


def choose_dropout_frames(n_frames: int, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Pick frames the "tracker" loses, in bursts of 1 to 5, never the first or last.

    Parameters
    ----------
    n_frames : int
        Number of frames.
    fraction : float
        Wanted fraction of lost frames, in [0, 1).
    rng : numpy.random.Generator
        Source of the burst lengths and places.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)`` bool, True where the frame is lost. Bursts are separated
        by at least one kept frame; if ``fraction`` is too high for that, fewer frames
        are lost and a warning is logged.
    """
    lost = np.zeros(n_frames, dtype=bool)
    n_drop = round(fraction * n_frames)
    if n_drop == 0 or n_frames < 3:
        return lost
    lengths = _burst_lengths(n_drop, n_frames, rng)
    if sum(lengths) < n_drop:
        log.warning(
            "Dropout fraction %.2f is too high for separated bursts; losing %d of %d frames.",
            fraction,
            sum(lengths),
            n_frames,
        )
    n_gaps = len(lengths) + 1
    spare = n_frames - sum(lengths) - n_gaps
    gaps = 1 + rng.multinomial(spare, np.full(n_gaps, 1.0 / n_gaps))
    start = int(gaps[0])
    for length, gap in zip(lengths, gaps[1:], strict=True):
        lost[start : start + length] = True
        start += length + int(gap)
    return lost
