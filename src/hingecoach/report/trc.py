"""OpenSim marker files (``.trc``) of the world landmarks, for researchers.

The TRC format (Motion Analysis Corporation, read by OpenSim) is tab-separated: three
header lines, a row of marker names, a row of ``X1 Y1 Z1 …`` labels, then one row per
frame: frame number, time and each marker's coordinates. OpenSim expects y up;
MediaPipe's world landmarks have y down, so y and z are negated (a rotation of 180°
about x, which keeps the axes right-handed).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hingecoach.atomic import write_text_atomic
from hingecoach.errors import InputError
from hingecoach.pose.landmarks import Landmark


def compute_y_up(world_xyz_m: np.ndarray) -> np.ndarray:
    """Turn MediaPipe world coordinates (x right, y down, z away) into y-up ones.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(..., 3)``, metres.

    Returns
    -------
    numpy.ndarray
        Same shape, metres: x right, y up, z towards the camera.
    """
    return np.asarray(world_xyz_m, dtype=np.float64) * np.array([1.0, -1.0, -1.0])


def marker_names() -> tuple[str, ...]:
    """The 33 landmark names as TRC marker names (e.g. ``LEFT_HIP``)."""
    return tuple(landmark.name for landmark in Landmark)


def _cell(value: float) -> str:
    """A coordinate as text; missing values are left empty, as OpenSim reads them."""
    return "" if math.isnan(value) else f"{value:.5f}"


def format_trc(
    t_s: np.ndarray,
    world_xyz_m: np.ndarray,
    *,
    names: Sequence[str] | None = None,
    file_name: str = "markers.trc",
) -> str:
    """Format world landmarks as the text of a TRC marker file.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds, increasing.
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, n_markers, 3)``, metres, MediaPipe axes (y down); NaN where lost.
    names : sequence of str, optional
        One per marker; the landmark names by default.
    file_name : str
        Written in the header's first line.

    Returns
    -------
    str
        The file's text, tab-separated, y up, metres.

    Raises
    ------
    InputError
        If shapes disagree or there are no frames.
    """
    names = tuple(names) if names is not None else marker_names()
    n_frames = t_s.shape[0]
    if n_frames == 0 or world_xyz_m.shape != (n_frames, len(names), 3):
        raise InputError(
            f"world_xyz_m has shape {world_xyz_m.shape}; expected ({n_frames}, {len(names)}, 3)."
        )
    rate = (n_frames - 1) / (t_s[-1] - t_s[0]) if n_frames > 1 else 30.0
    y_up = compute_y_up(world_xyz_m)
    header = [
        f"PathFileType\t4\t(X/Y/Z)\t{file_name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\t"
        "OrigDataStartFrame\tOrigNumFrames",
        f"{rate:.4f}\t{rate:.4f}\t{n_frames}\t{len(names)}\tm\t{rate:.4f}\t1\t{n_frames}",
        "Frame#\tTime\t" + "\t\t\t".join(names) + "\t\t",
        "\t\t" + "\t".join(f"X{k}\tY{k}\tZ{k}" for k in range(1, len(names) + 1)),
        "",
    ]
    rows = [
        f"{row + 1}\t{t_s[row]:.5f}\t" + "\t".join(_cell(v) for v in y_up[row].ravel())
        for row in range(n_frames)
    ]
    return "\n".join(header + rows) + "\n"


def write_trc(path: Path, t_s: np.ndarray, world_xyz_m: np.ndarray) -> None:
    """Write a TRC marker file of the world landmarks (see :func:`format_trc`)."""
    path = Path(path)
    write_text_atomic(path, format_trc(t_s, world_xyz_m, file_name=path.name))
