"""What a report is drawn from: the analysis JSON plus per-frame arrays (``frames.npz``).

A report is rendered from a :class:`ReportData` only, whether it was just analysed or
loaded back from a report folder, so re-rendering never runs pose estimation again.
Axis 0 is time; image coordinates are pixels of the picture given to pose
(``image_size``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import numpy as np

from hingecoach.analysis.result import SessionResult
from hingecoach.atomic import atomic_path, write_text_atomic
from hingecoach.errors import InputError
from hingecoach.export.json_export import session_to_dict
from hingecoach.form.params import FaultThresholds
from hingecoach.kinematics.back_contour import BackContourParams
from hingecoach.pose.landmarks import N_LANDMARKS

#: File names inside a report folder.
ANALYSIS_NAME = "analysis.json"
FRAMES_NAME = "frames.npz"


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything a report shows.

    Attributes
    ----------
    summary : dict
        The analysis JSON (see :mod:`hingecoach.export.json_export`).
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    hip_flexion_deg, knee_flexion_deg, trunk_inclination_deg : numpy.ndarray
        Shape ``(n_frames,)``, degrees, NaN where the body was lost.
    tape_pct : numpy.ndarray
        Shape ``(n_frames,)``: virtual tape, % of the person's range (NaN if not read).
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, pixels of a picture of ``image_size``.
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, metres, MediaPipe axes (y down).
    tape_line_xy_px : numpy.ndarray
        Shape ``(n_frames, n_stations, 2)``, pixels: the tape on the lower back (the
        contour's lumbar stations); ``n_stations`` is 0 without a mask.
    image_size : tuple of int
        ``(width, height)`` of the picture the landmarks are in.
    rounded_pct : float
        Tape value at and above which the back counts as rounded, %.
    """

    summary: dict[str, Any]
    t_s: np.ndarray
    hip_flexion_deg: np.ndarray
    knee_flexion_deg: np.ndarray
    trunk_inclination_deg: np.ndarray
    tape_pct: np.ndarray
    image_xyz_px: np.ndarray
    world_xyz_m: np.ndarray
    tape_line_xy_px: np.ndarray
    image_size: tuple[int, int]
    rounded_pct: float

    def __post_init__(self) -> None:
        n_frames = self.t_s.shape[0]
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, np.ndarray):
                if value.shape[:1] != (n_frames,):
                    raise InputError(
                        f"{item.name} has {value.shape[0]} frames; expected {n_frames}."
                    )
                value.flags.writeable = False
        if self.image_xyz_px.shape[1:] != (N_LANDMARKS, 3):
            raise InputError(
                f"image_xyz_px has shape {self.image_xyz_px.shape}; expected (n, {N_LANDMARKS}, 3)."
            )

    @property
    def n_frames(self) -> int:
        """Number of frames."""
        return int(self.t_s.shape[0])

    @property
    def source_video(self) -> Path | None:
        """Absolute path of the analysed video recorded in the provenance, if any."""
        source = self.summary.get("provenance", {}).get("input", {}).get("path")
        return Path(source) if source else None


def report_data_from_result(result: SessionResult) -> ReportData:
    """Gather a result's report data.

    Parameters
    ----------
    result : SessionResult
        With ``landmarks`` set (``analyze_video`` sets it; add it for other results).

    Returns
    -------
    ReportData

    Raises
    ------
    InputError
        If the result has no landmarks or they do not match its kinematics.
    """
    if result.landmarks is None:
        raise InputError("The result has no landmarks; analyse with analyze_video to report.")
    kinematics = result.kinematics
    n_frames = kinematics.n_frames
    tape = result.tape.rounding_pct if result.tape is not None else np.full(n_frames, np.nan)
    line = result.tape_line_xy_px
    if line is None:
        line = np.zeros((n_frames, 0, 2), dtype=np.float32)
    contour = BackContourParams()
    if line.shape[1] == contour.n_stations:
        # The tape lies on the lower back: draw the lumbar stations, not the upper back.
        line = line[:, contour.lumbar]
    thresholds = result.provenance.get("params", {}).get("faults", {})
    rounded = thresholds.get("rounded_back_pct", FaultThresholds().rounded_back_pct)
    return ReportData(
        summary=session_to_dict(result),
        t_s=np.asarray(kinematics.t_s, dtype=np.float64),
        hip_flexion_deg=np.asarray(kinematics.hip_flexion_deg),
        knee_flexion_deg=np.asarray(kinematics.knee_flexion_deg),
        trunk_inclination_deg=np.asarray(kinematics.trunk_inclination_deg),
        tape_pct=np.asarray(tape, dtype=np.float64),
        image_xyz_px=result.landmarks.image_xyz_px.astype(np.float32),
        world_xyz_m=result.landmarks.world_xyz_m.astype(np.float32),
        tape_line_xy_px=np.asarray(line, dtype=np.float32),
        image_size=(int(result.landmarks.image_size[0]), int(result.landmarks.image_size[1])),
        rounded_pct=float(rounded),
    )


def save_report_data(folder: Path, data: ReportData) -> None:
    """Write ``analysis.json`` and ``frames.npz`` (the per-frame arrays) into a folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / ANALYSIS_NAME, json.dumps(data.summary, indent=2) + "\n")
    arrays = {
        item.name: getattr(data, item.name)
        for item in fields(data)
        if isinstance(getattr(data, item.name), np.ndarray)
    }
    with atomic_path(folder / FRAMES_NAME) as temp:
        np.savez_compressed(
            temp,
            image_size=np.array(data.image_size),
            rounded_pct=np.array(data.rounded_pct),
            **arrays,
        )


def load_report_data(analysis_json: Path) -> ReportData:
    """Read a report folder's ``analysis.json`` and the ``frames.npz`` beside it.

    Raises
    ------
    InputError
        If either file is missing or unreadable.
    """
    analysis_json = Path(analysis_json)
    frames_path = analysis_json.parent / FRAMES_NAME
    if not analysis_json.is_file():
        raise InputError(f"{analysis_json} does not exist; pass the analysis.json of a report.")
    if not frames_path.is_file():
        raise InputError(
            f"{frames_path} is missing; re-run `hingecoach analyze VIDEO --report DIR`."
        )
    try:
        summary = json.loads(analysis_json.read_text("utf-8"))
        if not isinstance(summary, dict) or not isinstance(summary.get("reps"), list):
            raise ValueError("analysis.json is not a hingecoach analysis")
        with np.load(frames_path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        size = arrays.pop("image_size")
        rounded = float(arrays.pop("rounded_pct"))
        return ReportData(
            summary=summary,
            image_size=(int(size[0]), int(size[1])),
            rounded_pct=rounded if math.isfinite(rounded) else FaultThresholds().rounded_back_pct,
            **arrays,
        )
    # A damaged or foreign file fails in many ways (a bad zip, a missing or misshapen
    # array, JSON of another shape); each is the same fix for the user.
    except (ValueError, OSError, KeyError, TypeError, IndexError, EOFError, BadZipFile) as error:
        reason = str(error).rstrip(".").split("\n")[0][:120] or type(error).__name__
        raise InputError(
            f"{analysis_json.parent} is not a complete hingecoach report ({reason}); "
            "re-run `hingecoach analyze VIDEO --report DIR`."
        ) from None
