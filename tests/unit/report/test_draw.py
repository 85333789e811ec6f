import math

import numpy as np

from hingecoach.pose.landmarks import Landmark
from hingecoach.report.draw import (
    TAPE_COLOURS_BGR,
    TapeState,
    classify_tape,
    compute_crop_box,
    compute_scaled_xy,
    draw_skeleton,
    draw_tape_line,
    fault_label,
)


def test_tape_colour_choice():
    assert classify_tape(math.nan, 50) is TapeState.NOT_READ
    assert classify_tape(10, 50) is TapeState.NEUTRAL
    assert classify_tape(24.9, 50) is TapeState.NEUTRAL
    assert classify_tape(25, 50) is TapeState.CAUTION
    assert classify_tape(49.9, 50) is TapeState.CAUTION
    assert classify_tape(50, 50) is TapeState.ROUNDED
    assert classify_tape(130, 50) is TapeState.ROUNDED
    assert len(set(TAPE_COLOURS_BGR.values())) == len(TapeState)


def test_crop_box_adds_a_margin_and_stays_inside_the_frame():
    points = np.array([[100.0, 100.0], [200.0, 300.0], [np.nan, np.nan]])
    assert compute_crop_box(points, (1000, 1000), margin=0.1) == (80, 80, 220, 320)
    assert compute_crop_box(points, (210, 310), margin=0.1) == (80, 80, 210, 310)


def test_crop_box_has_a_minimum_size_and_none_without_points():
    assert compute_crop_box(np.array([[50.0, 50.0]]), (100, 100), min_side_px=20) == (
        40,
        40,
        60,
        60,
    )
    assert compute_crop_box(np.full((3, 2), np.nan), (100, 100)) is None


def test_scaled_xy_maps_between_picture_sizes():
    xy = np.array([[640.0, 360.0, 5.0]])
    assert compute_scaled_xy(xy, (1280, 720), (640, 360)).tolist() == [[320.0, 180.0]]


def test_skeleton_and_tape_are_drawn_and_missing_points_skipped():
    image = np.zeros((100, 100, 3), dtype=np.uint8)
    xy = np.full((33, 2), np.nan)
    xy[Landmark.LEFT_HIP] = [20, 20]
    xy[Landmark.LEFT_KNEE] = [20, 80]
    draw_skeleton(image, xy)
    assert image[50, 20].any() and not image[50, 80].any()
    draw_tape_line(image, np.array([[60.0, 10.0], [np.nan, np.nan], [60.0, 90.0]]), (0, 0, 255))
    assert tuple(image[50, 60]) == (0, 0, 255)


def test_fault_label():
    assert fault_label("rounded_back") == "Back rounding"


def test_parse_aids():
    import pytest

    from hingecoach.errors import InputError
    from hingecoach.report.draw import DEFAULT_AIDS, parse_aids

    assert parse_aids("chair, band,TAPE") == {"chair", "band", "tape"}
    assert parse_aids("none") == frozenset()
    assert {"tape"} == DEFAULT_AIDS
    with pytest.raises(InputError, match="sofa"):
        parse_aids("chair,sofa")
