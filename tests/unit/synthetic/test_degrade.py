"""Pixel noise and lost-frame bursts."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from hingecoach.pose.landmarks import Landmark
from hingecoach.synthetic.degrade import (
    MAX_BURST_FRAMES,
    add_landmark_noise,
    choose_dropout_frames,
)


def _bursts(lost):
    edges = np.diff(np.concatenate([[0], lost.astype(int), [0]]))
    return np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)


@pytest.mark.parametrize("fraction", [0.01, 0.1, 0.3, 0.6])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dropout_bursts_are_short_and_spare_the_ends(fraction, seed):
    lost = choose_dropout_frames(300, fraction, np.random.default_rng(seed))
    assert lost.sum() == round(fraction * 300)
    assert not lost[0] and not lost[-1]
    bursts = _bursts(lost)
    assert bursts.min() >= 1 and bursts.max() <= MAX_BURST_FRAMES


def test_no_dropout_and_tiny_sessions_lose_nothing():
    rng = np.random.default_rng(0)
    assert not choose_dropout_frames(100, 0.0, rng).any()
    assert not choose_dropout_frames(2, 0.5, rng).any()


def test_too_high_dropout_is_capped_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="hingecoach.synthetic.degrade"):
        lost = choose_dropout_frames(60, 0.95, np.random.default_rng(3))
    assert "too high" in caplog.text
    assert not lost[0] and not lost[-1]
    assert _bursts(lost).max() <= MAX_BURST_FRAMES
    assert lost.mean() > 0.75  # as many as fit between kept frames


def test_noise_has_the_requested_spread_and_keeps_the_world_origin():
    rng = np.random.default_rng(0)
    image = np.zeros((200, 33, 3))
    world = np.zeros((200, 33, 3))
    noisy_image, noisy_world = add_landmark_noise(
        image, world, noise_px=2.0, metres_per_pixel=0.004, rng=rng
    )
    assert noisy_image.std() == pytest.approx(2.0, rel=0.05)
    hips = (noisy_world[:, Landmark.LEFT_HIP] + noisy_world[:, Landmark.RIGHT_HIP]) / 2
    assert np.abs(hips).max() < 1e-12
    # Re-centring moves every landmark by the same amount, so differences keep the spread.
    between = noisy_world[:, Landmark.NOSE] - noisy_world[:, Landmark.LEFT_KNEE]
    assert between.std() == pytest.approx(np.sqrt(2) * 0.008, rel=0.1)
    assert not image.any() and not world.any()  # inputs untouched
