"""Landmark and kinematic time series: the arrays that flow between stages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

import numpy as np

from hingecoach.errors import InputError
from hingecoach.frozen import freeze_arrays
from hingecoach.pose.landmarks import N_LANDMARKS, PoseFrame


@dataclass(frozen=True, slots=True)
class LandmarkSeries:
    """One person's landmarks over time; lost frames hold NaN.

    Attributes
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, strictly increasing times in seconds.
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, pixels (see :mod:`hingecoach.pose.landmarks`).
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, metres, origin between the hips.
    visibility : numpy.ndarray
        Shape ``(n_frames, 33)``, 0..1 (0 in lost frames).
    image_size : tuple of int
        ``(width, height)`` in pixels.
    """

    t_s: np.ndarray
    image_xyz_px: np.ndarray
    world_xyz_m: np.ndarray
    visibility: np.ndarray
    image_size: tuple[int, int]

    def __post_init__(self) -> None:
        n_frames = self.t_s.shape[0]
        expected = {
            "image_xyz_px": (n_frames, N_LANDMARKS, 3),
            "world_xyz_m": (n_frames, N_LANDMARKS, 3),
            "visibility": (n_frames, N_LANDMARKS),
        }
        for name, shape in expected.items():
            if getattr(self, name).shape != shape:
                raise InputError(f"{name} has shape {getattr(self, name).shape}; expected {shape}.")
        if n_frames > 1 and not np.all(np.diff(self.t_s) > 0):
            raise InputError("t_s must increase strictly from frame to frame.")
        freeze_arrays(self)

    @property
    def detected(self) -> np.ndarray:
        """Shape ``(n_frames,)``: whether a body was found in each frame."""
        return ~np.isnan(self.image_xyz_px[:, 0, 0])

    def iter_pose_frames(self) -> Iterator[PoseFrame]:
        """The frames again, in time order (no segmentation masks: they are not kept)."""
        detected = self.detected
        for index, t_s in enumerate(self.t_s):
            found = bool(detected[index])
            yield PoseFrame(
                index=index,
                t_s=float(t_s),
                image_size=self.image_size,
                image_xyz_px=self.image_xyz_px[index] if found else None,
                world_xyz_m=self.world_xyz_m[index] if found else None,
                visibility=self.visibility[index] if found else None,
            )

    @classmethod
    def from_pose_frames(cls, frames: Iterable[PoseFrame]) -> LandmarkSeries:
        """Stack pose frames into arrays, with NaN for frames where the body was lost.

        Parameters
        ----------
        frames : iterable of PoseFrame
            In time order, at least one.

        Returns
        -------
        LandmarkSeries

        Raises
        ------
        InputError
            If there are no frames.
        """
        frames = list(frames)
        if not frames:
            raise InputError("There are no frames to analyse.")
        n_frames = len(frames)
        image = np.full((n_frames, N_LANDMARKS, 3), np.nan)
        world = np.full((n_frames, N_LANDMARKS, 3), np.nan)
        visibility = np.zeros((n_frames, N_LANDMARKS))
        for row, frame in enumerate(frames):
            if frame.detected:
                image[row] = frame.image_xyz_px
                world[row] = frame.world_xyz_m
                visibility[row] = frame.visibility
        return cls(
            t_s=np.array([frame.t_s for frame in frames], dtype=np.float64),
            image_xyz_px=image,
            world_xyz_m=world,
            visibility=visibility,
            image_size=frames[0].image_size,
        )


@dataclass(frozen=True, slots=True)
class KinematicsSeries:
    """Hinge kinematics per frame (NaN where the body was lost).

    Attributes
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    hip_flexion_deg : numpy.ndarray
        Trunk–thigh angle: 0 standing straight, positive flexed, negative hyperextended.
    knee_flexion_deg : numpy.ndarray
        0 with a straight leg, positive bent.
    trunk_inclination_deg : numpy.ndarray
        Hip→shoulder line from vertical: positive forward, negative leaning back.
    shin_inclination_deg : numpy.ndarray
        Ankle→knee line from vertical: positive with the knee in front of the ankle.
    hip_shift_leg : numpy.ndarray
        Horizontal distance of the hips behind the ankles, in leg lengths.
    hip_height_leg : numpy.ndarray
        Height of the hips above the ankles, in leg lengths.
    wrist_forward_leg : numpy.ndarray
        Horizontal distance of the wrists in front of mid-foot, in leg lengths: how far
        the hands (and the weight) drift away from the legs.
    """

    t_s: np.ndarray
    hip_flexion_deg: np.ndarray
    knee_flexion_deg: np.ndarray
    trunk_inclination_deg: np.ndarray
    shin_inclination_deg: np.ndarray
    hip_shift_leg: np.ndarray
    hip_height_leg: np.ndarray
    wrist_forward_leg: np.ndarray

    def __post_init__(self) -> None:
        n_frames = self.t_s.shape[0]
        for item in fields(self):
            if getattr(self, item.name).shape != (n_frames,):
                raise InputError(
                    f"{item.name} has shape {getattr(self, item.name).shape}; "
                    f"expected ({n_frames},)."
                )
        freeze_arrays(self)

    @property
    def n_frames(self) -> int:
        """Number of frames."""
        return int(self.t_s.shape[0])

    def channel_names(self) -> tuple[str, ...]:
        """Names of the per-frame measurements (every field but ``t_s``)."""
        return tuple(item.name for item in fields(self) if item.name != "t_s")

    def as_matrix(self) -> np.ndarray:
        """Shape ``(n_frames, n_channels)``: the measurements side by side."""
        return np.column_stack([getattr(self, name) for name in self.channel_names()])

    @classmethod
    def from_matrix(cls, t_s: np.ndarray, matrix: np.ndarray) -> KinematicsSeries:
        """Inverse of :meth:`as_matrix`."""
        names = [item.name for item in fields(cls) if item.name != "t_s"]
        if matrix.shape != (t_s.shape[0], len(names)):
            raise InputError(
                f"matrix has shape {matrix.shape}; expected ({t_s.shape[0]}, {len(names)})."
            )
        return cls(t_s=t_s, **{name: matrix[:, i].copy() for i, name in enumerate(names)})
