"""Small helpers shared by the synthetic-session tests."""

from __future__ import annotations

import numpy as np

from hingecoach.pose.landmarks import Landmark
from hingecoach.synthetic import SyntheticSession


def stack(session: SyntheticSession, field: str) -> np.ndarray:
    """Stack one landmark field over frames; lost frames become NaN rows."""
    shape = (33, 3) if field != "visibility" else (33,)
    rows = [
        getattr(frame, field) if frame.detected else np.full(shape, np.nan)
        for frame in session.frames
    ]
    return np.stack(rows)


def mid(xyz: np.ndarray, left: Landmark, right: Landmark) -> np.ndarray:
    """Mid-point of a left/right landmark pair, shape (n_frames, 3)."""
    return (xyz[:, left] + xyz[:, right]) / 2


def frame_at(session: SyntheticSession, t_s: float) -> int:
    """Index of the frame nearest a time."""
    return round(t_s * session.fps)
