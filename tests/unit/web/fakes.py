"""Stand-in pose estimators for web tests (no MediaPipe, exact answers)."""

from __future__ import annotations

from hingecoach.pose.landmarks import PoseFrame


class ReplayEstimator:
    """Plays back pre-computed pose frames in order, whatever picture it is given."""

    model_name = "replay"

    def __init__(self, frames=()):
        self.frames = list(frames)
        self.closed = False

    def estimate(self, rgb, *, index, t_s):
        if index >= len(self.frames):
            return PoseFrame(index=index, t_s=t_s, image_size=(rgb.shape[1], rgb.shape[0]))
        frame = self.frames[index]
        return PoseFrame(
            index=index,
            t_s=t_s,
            image_size=frame.image_size,
            image_xyz_px=frame.image_xyz_px,
            world_xyz_m=frame.world_xyz_m,
            visibility=frame.visibility,
        )

    def close(self):
        self.closed = True
