"""Drawing on pictures with OpenCV: skeleton, virtual-tape line, live numbers and labels.

Pictures are ``(height, width, 3)`` uint8 arrays in BGR order (OpenCV's); points are
``(n, 2)`` pixel arrays with NaN where a landmark or contour point is missing. The pure
helpers (:func:`classify_tape`, :func:`compute_crop_box`, :func:`compute_scaled_xy`) hold
the decisions; the ``draw_*`` functions paint in place on a picture the caller owns.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from hingecoach.errors import InputError
from hingecoach.form.aids import AidGeometry
from hingecoach.form.explain import fault_name
from hingecoach.form.tape import TapeState, classify_tape
from hingecoach.pose.landmarks import SKELETON_EDGES

__all__ = ["TAPE_COLOURS_BGR", "TapeState", "classify_tape"]


#: Line colours (BGR): grey ("not read", never green), green, amber, red.
TAPE_COLOURS_BGR: dict[TapeState, tuple[int, int, int]] = {
    TapeState.NOT_READ: (170, 170, 170),
    TapeState.NEUTRAL: (80, 200, 60),
    TapeState.CAUTION: (0, 180, 255),
    TapeState.ROUNDED: (40, 40, 230),
}
SKELETON_BGR = (255, 230, 80)
JOINT_BGR = (255, 255, 255)
TEXT_BGR = (255, 255, 255)
FAULT_BGR = (40, 40, 230)
FONT = cv2.FONT_HERSHEY_SIMPLEX


def compute_scaled_xy(
    xy_px: np.ndarray, from_size: tuple[int, int], to_size: tuple[int, int]
) -> np.ndarray:
    """Rescale pixel points from a picture of ``from_size`` to one of ``to_size``.

    Parameters
    ----------
    xy_px : numpy.ndarray
        Shape ``(..., 2)``, pixels of a ``(width, height)`` picture ``from_size``.
    from_size, to_size : tuple of int
        ``(width, height)``.

    Returns
    -------
    numpy.ndarray
        Same shape, pixels of ``to_size``.
    """
    scale = np.array(to_size, dtype=np.float64) / np.array(from_size, dtype=np.float64)
    return np.asarray(xy_px, dtype=np.float64)[..., :2] * scale


def compute_crop_box(
    xy_px: np.ndarray,
    frame_size: tuple[int, int],
    *,
    margin: float = 0.15,
    min_side_px: int = 32,
) -> tuple[int, int, int, int] | None:
    """A box around the person, with a margin, inside the frame.

    Parameters
    ----------
    xy_px : numpy.ndarray
        Shape ``(n_points, 2)``, pixels; NaN points are ignored.
    frame_size : tuple of int
        ``(width, height)`` of the frame.
    margin : float
        Added on each side, as a share of the box's longer side.
    min_side_px : int
        The box is at least this wide and tall (clipped to the frame).

    Returns
    -------
    tuple of int or None
        ``(x0, y0, x1, y1)`` with ``x1``/``y1`` exclusive; None without a valid point.
    """
    points = np.asarray(xy_px, dtype=np.float64).reshape(-1, 2)
    points = points[np.all(np.isfinite(points), axis=1)]
    if points.size == 0:
        return None
    low, high = points.min(axis=0), points.max(axis=0)
    pad = margin * float(np.max(high - low))
    centre = (low + high) / 2
    half = np.maximum((high - low) / 2 + pad, min_side_px / 2)
    width, height = frame_size
    x0 = int(np.clip(np.floor(centre[0] - half[0]), 0, width - 1))
    y0 = int(np.clip(np.floor(centre[1] - half[1]), 0, height - 1))
    x1 = int(np.clip(np.ceil(centre[0] + half[0]), x0 + 1, width))
    y1 = int(np.clip(np.ceil(centre[1] + half[1]), y0 + 1, height))
    return x0, y0, x1, y1


def fault_label(code: str) -> str:
    """A fault code's plain-language name (``rounded_back`` → ``Back rounding``)."""
    return fault_name(code)


def _point(xy: np.ndarray | tuple[float, float]) -> tuple[int, int]:
    return round(float(xy[0])), round(float(xy[1]))


def draw_skeleton(image: np.ndarray, xy_px: np.ndarray, *, thickness: int = 2) -> None:
    """Draw the skeleton's edges and joints; edges with a missing end are skipped.

    Parameters
    ----------
    image : numpy.ndarray
        BGR picture, painted in place.
    xy_px : numpy.ndarray
        Shape ``(33, 2)``, pixels of ``image``.
    thickness : int
        Line width, pixels.
    """
    finite = np.all(np.isfinite(xy_px[:, :2]), axis=1)
    for start, end in SKELETON_EDGES:
        if finite[start] and finite[end]:
            cv2.line(
                image,
                _point(xy_px[start]),
                _point(xy_px[end]),
                SKELETON_BGR,
                thickness,
                cv2.LINE_AA,
            )
    joints = {index for edge in SKELETON_EDGES for index in edge}
    for index in sorted(joints):
        if finite[index]:
            cv2.circle(image, _point(xy_px[index]), thickness + 1, JOINT_BGR, -1, cv2.LINE_AA)


def draw_tape_line(
    image: np.ndarray, line_xy_px: np.ndarray, colour_bgr: tuple[int, int, int], thickness: int = 4
) -> None:
    """Draw the virtual tape along the back: the contour's found points, joined.

    Parameters
    ----------
    image : numpy.ndarray
        BGR picture, painted in place.
    line_xy_px : numpy.ndarray
        Shape ``(n_stations, 2)``, pixels of ``image`` (NaN where no edge was found).
    colour_bgr : tuple of int
    thickness : int
    """
    points = line_xy_px[np.all(np.isfinite(line_xy_px), axis=1)]
    if len(points) >= 2:
        polyline = np.round(points).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(image, [polyline], False, colour_bgr, thickness, cv2.LINE_AA)


def draw_text_panel(
    image: np.ndarray,
    lines: Sequence[tuple[str, tuple[int, int, int]]],
    *,
    origin: tuple[int, int] = (10, 10),
    scale: float = 0.6,
) -> None:
    """Draw lines of text on a dark translucent panel.

    Parameters
    ----------
    image : numpy.ndarray
        BGR picture, painted in place.
    lines : sequence of (str, colour)
        Text and its BGR colour, top to bottom (ASCII: OpenCV fonts have no other glyphs).
    origin : tuple of int
        Top-left corner of the panel, pixels.
    scale : float
        Font scale (0.6 ≈ 13 px high).
    """
    if not lines:
        return
    thickness = max(1, round(scale * 2))
    sizes = [cv2.getTextSize(text, FONT, scale, thickness)[0] for text, _ in lines]
    line_h = max(size[1] for size in sizes) + round(10 * scale)
    x0, y0 = origin
    x1 = min(image.shape[1], x0 + max(size[0] for size in sizes) + 16)
    y1 = min(image.shape[0], y0 + line_h * len(lines) + 10)
    region = image[y0:y1, x0:x1]
    region[:] = (region * 0.4).astype(np.uint8)
    for row, (text, colour) in enumerate(lines):
        baseline = (x0 + 8, y0 + 5 + line_h * (row + 1) - round(5 * scale))
        cv2.putText(image, text, baseline, FONT, scale, colour, thickness, cv2.LINE_AA)


#: The virtual learning aids an overlay may draw (``analyze --aids``).
AIDS = ("chair", "band", "tape")
#: The overlay's aids when none are asked for: the tape, as before the aids existed.
DEFAULT_AIDS = frozenset({"tape"})
CHAIR_BGR = (235, 235, 235)
CHAIR_LIT_BGR = (96, 174, 39)
BAND_BGR = (34, 126, 230)


def parse_aids(text: str) -> frozenset[str]:
    """The aids named in ``text`` (``"chair,band,tape"``; ``"none"`` for none).

    Raises
    ------
    InputError
        If a name is not one of :data:`AIDS`.
    """
    names = {name.strip().lower() for name in text.split(",") if name.strip()}
    if names == {"none"}:
        return frozenset()
    unknown = sorted(names - set(AIDS))
    if unknown:
        raise InputError(
            f"Unknown learning aid {', '.join(unknown)}; choose from {', '.join(AIDS)} or none."
        )
    return frozenset(names)


def draw_aids(
    image: np.ndarray, geometry: AidGeometry, aids: frozenset[str], *, thickness: int = 3
) -> None:
    """Draw the virtual chair and band (those named in ``aids``) on a picture.

    Parameters
    ----------
    image : numpy.ndarray
        BGR picture, painted in place.
    geometry : AidGeometry
        From :func:`hingecoach.form.aids.compute_aids`, in pixels of ``image``.
    aids : frozenset of str
        Which of ``chair`` and ``band`` to draw.
    thickness : int
        Line width, pixels (the lit chair is drawn thicker).
    """
    if "chair" in aids:
        lit = geometry.chair_lit
        colour = CHAIR_LIT_BGR if lit else CHAIR_BGR
        for x0, y0, x1, y1 in geometry.chair_lines_px:
            start, end = _point((x0, y0)), _point((x1, y1))
            cv2.line(image, start, end, colour, thickness * (2 if lit else 1), cv2.LINE_AA)
    if "band" in aids and geometry.band_alpha > 0.02:
        # The band fades as the hips reach the target: blend a drawn copy by its alpha.
        x0, y0, x1, y1 = geometry.band_px
        layer = image.copy()
        cv2.arrowedLine(
            layer, _point((x0, y0)), _point((x1, y1)), BAND_BGR, thickness * 2, cv2.LINE_AA,
            tipLength=0.3,
        )  # fmt: skip
        cv2.addWeighted(layer, geometry.band_alpha, image, 1 - geometry.band_alpha, 0, dst=image)
