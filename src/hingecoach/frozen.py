"""Checks and read-only guards shared by the frozen dataclasses that carry arrays."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Protocol

import numpy as np

from hingecoach.errors import InputError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    class PerFrame(DataclassInstance, Protocol):
        """A dataclass whose every field has one value per frame of ``t_s``."""

        @property
        def t_s(self) -> np.ndarray:
            """Frame times, seconds."""


def freeze_arrays(obj: DataclassInstance) -> None:
    """Make every array field of a frozen dataclass read-only.

    ``frozen=True`` stops a field from being rebound, not an array from being written
    to; results are shared between stages, so their arrays must not change under them.
    """
    for item in fields(obj):
        value = getattr(obj, item.name)
        if isinstance(value, np.ndarray):
            value.flags.writeable = False


def check_per_frame(obj: PerFrame) -> None:
    """Every field must be 1-D with one value per frame, as many as ``obj.t_s``.

    Raises
    ------
    InputError
        Naming the first field of another shape.
    """
    n_frames = np.shape(obj.t_s)
    for item in fields(obj):
        shape = np.shape(getattr(obj, item.name))
        if shape != n_frames or len(shape) != 1:
            raise InputError(f"{item.name} has shape {shape}; expected {n_frames}.")
