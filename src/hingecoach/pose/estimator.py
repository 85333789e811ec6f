"""The interface every pose backend implements."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from hingecoach.pose.landmarks import PoseFrame


class PoseEstimator(Protocol):
    """Find one person's 33 landmarks in successive frames of one video or stream.

    A new estimator is made per video or stream: tracking backends carry state from one
    frame to the next.
    """

    #: Short name of the model, recorded in results for provenance.
    model_name: str

    def estimate(self, rgb: np.ndarray, *, index: int, t_s: float) -> PoseFrame:
        """Estimate the pose in one upright RGB frame of shape ``(height, width, 3)``."""
        ...

    def close(self) -> None:
        """Release the backend's resources."""
        ...
