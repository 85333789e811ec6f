from dataclasses import replace

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.report.data import load_report_data, report_data_from_result, save_report_data


def test_report_data_round_trips_through_the_folder(tmp_path, report_data):
    save_report_data(tmp_path, report_data)
    loaded = load_report_data(tmp_path / "analysis.json")
    assert loaded.summary == report_data.summary
    assert loaded.image_size == report_data.image_size
    assert loaded.rounded_pct == report_data.rounded_pct
    np.testing.assert_array_equal(loaded.image_xyz_px, report_data.image_xyz_px)
    np.testing.assert_array_equal(loaded.hip_flexion_deg, report_data.hip_flexion_deg)
    assert loaded.source_video is None


def test_result_without_landmarks_is_refused(synthetic_result):
    with pytest.raises(InputError, match="no landmarks"):
        report_data_from_result(replace(synthetic_result, landmarks=None))


def test_missing_frames_file_is_refused(tmp_path, report_data):
    save_report_data(tmp_path, report_data)
    (tmp_path / "frames.npz").unlink()
    with pytest.raises(InputError, match=r"frames\.npz is missing"):
        load_report_data(tmp_path / "analysis.json")
    with pytest.raises(InputError, match="does not exist"):
        load_report_data(tmp_path / "nope.json")


def test_mismatched_frame_counts_are_refused(report_data):
    with pytest.raises(InputError, match="frames; expected"):
        replace(report_data, tape_pct=np.zeros(3))
