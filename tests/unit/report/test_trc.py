import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.report.trc import compute_y_up, format_trc, marker_names, write_trc


def test_y_up_negates_y_and_z_only():
    world = np.array([[[1.0, 2.0, 3.0]]])
    assert compute_y_up(world).tolist() == [[[1.0, -2.0, -3.0]]]
    assert world.tolist() == [[[1.0, 2.0, 3.0]]]  # input untouched


def test_marker_names_are_the_33_landmarks():
    names = marker_names()
    assert len(names) == 33 and names[23] == "LEFT_HIP"


def test_trc_header_and_rows():
    t_s = np.array([0.0, 0.5, 1.0])
    world = np.zeros((3, 2, 3))
    world[1, 0] = [0.1, -0.9, 0.2]  # y down: 0.9 m above the hips
    world[2, 1] = np.nan
    text = format_trc(t_s, world, names=["A", "B"], file_name="x.trc")
    lines = text.splitlines()
    assert lines[0].split("\t")[:3] == ["PathFileType", "4", "(X/Y/Z)"]
    assert lines[1].split("\t")[:5] == [
        "DataRate",
        "CameraRate",
        "NumFrames",
        "NumMarkers",
        "Units",
    ]
    assert lines[2].split("\t")[:5] == ["2.0000", "2.0000", "3", "2", "m"]
    assert lines[3].split("\t")[:3] == ["Frame#", "Time", "A"]
    assert "B" in lines[3].split("\t")
    assert lines[4].split("\t")[2:] == ["X1", "Y1", "Z1", "X2", "Y2", "Z2"]
    row = lines[7].split("\t")
    assert row[:2] == ["2", "0.50000"]
    assert [float(v) for v in row[2:5]] == [0.1, 0.9, -0.2]
    assert lines[8].split("\t")[5:] == ["", "", ""]  # a lost marker is left empty
    assert len(lines) == 6 + 3


def test_trc_rejects_mismatched_shapes():
    with pytest.raises(InputError, match="expected"):
        format_trc(np.zeros(3), np.zeros((2, 33, 3)))


def test_write_trc_creates_the_file(tmp_path):
    path = tmp_path / "sub" / "m.trc"
    write_trc(path, np.array([0.0, 0.1]), np.zeros((2, 33, 3)))
    assert path.read_text().startswith("PathFileType\t4\t(X/Y/Z)\tm.trc")
