"""Write a report folder, or render one again from its saved data (no pose re-run).

A report folder holds ``report.html``, ``overlay.mp4`` (when the source video is at
hand), ``analysis.json``, ``kinematics.csv``, ``markers.trc`` and ``frames.npz`` (the
per-frame arrays the report is drawn from).
"""

from __future__ import annotations

import base64
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from hingecoach.analysis.result import SessionResult
from hingecoach.atomic import (
    TEMP_PREFIX,
    atomic_path,
    new_sibling_folder,
    remove_leftovers,
    swap_in_folder,
    write_text_atomic,
)
from hingecoach.errors import InputError
from hingecoach.export.json_export import write_kinematics_csv
from hingecoach.report.data import (
    ANALYSIS_NAME,
    FRAMES_NAME,
    ReportData,
    load_report_data,
    report_data_from_result,
    save_report_data,
)
from hingecoach.report.draw import DEFAULT_AIDS
from hingecoach.report.html import EmbeddedVideo, render_report_html
from hingecoach.report.overlay import ProgressCallback, render_canvas_key_frames, render_overlay
from hingecoach.report.trc import write_trc

log = logging.getLogger(__name__)

HTML_NAME = "report.html"
OVERLAY_NAME = "overlay.mp4"
CSV_NAME = "kinematics.csv"
TRC_NAME = "markers.trc"


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """What a report run wrote (``overlay`` is None without a source video)."""

    folder: Path
    html: Path
    overlay: Path | None


def report_title(data: ReportData) -> str:
    """The report's heading: the analysed video's name, or "Synthetic set"."""
    source = data.source_video
    name = data.summary.get("provenance", {}).get("input", {}).get("name")
    return name or (source.name if source else "Synthetic set")


def embed_video(path: Path) -> EmbeddedVideo:
    """Read a video file into the page's embedded form (base64), with its size."""
    raw = Path(path).read_bytes()
    return EmbeddedVideo(base64_mp4=base64.b64encode(raw).decode("ascii"), size_bytes=len(raw))


def render_report(
    data: ReportData,
    folder: Path,
    *,
    on_progress: ProgressCallback | None = None,
    embed_overlay: bool = False,
    aids: frozenset[str] = DEFAULT_AIDS,
) -> ReportFiles:
    """Draw ``report.html`` (and ``overlay.mp4`` when the source video exists) into a folder.

    Parameters
    ----------
    data : ReportData
    folder : pathlib.Path
        Created if missing.
    on_progress : callable, optional
        Called with ``(frames_done, frames_expected)`` while the overlay is encoded.
    embed_overlay : bool
        Also place the annotated video inside ``report.html`` (one file to share).
    aids : frozenset of str
        Learning aids drawn on the overlay video (``chair``, ``band``, ``tape``).

    Returns
    -------
    ReportFiles

    Raises
    ------
    InputError
        If the source video exists but cannot be decoded.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    source = data.source_video
    overlay: Path | None = None
    if source is not None and source.is_file():
        overlay = folder / OVERLAY_NAME
        with atomic_path(overlay) as temp:
            key_frames = render_overlay(source, temp, data, on_progress=on_progress, aids=aids)
    else:
        if source is not None:
            log.warning("%s is no longer there; the report has no annotated video.", source)
        key_frames = render_canvas_key_frames(data)
    if embed_overlay and overlay is None:
        log.warning("There is no annotated video to embed: the source video is not at hand.")
    html = folder / HTML_NAME
    page = render_report_html(
        data,
        key_frames,
        title=report_title(data),
        overlay_name=overlay.name if overlay else None,
        embedded_video=embed_video(overlay) if overlay and embed_overlay else None,
    )
    write_text_atomic(html, page)
    return ReportFiles(folder=folder, html=html, overlay=overlay)


def write_report(
    result: SessionResult,
    folder: Path,
    *,
    on_progress: ProgressCallback | None = None,
    embed_overlay: bool = False,
    aids: frozenset[str] = DEFAULT_AIDS,
) -> ReportFiles:
    """Write a full report folder for an analysed set.

    Parameters
    ----------
    result : SessionResult
        With ``landmarks`` (``analyze_video`` keeps them); its provenance's
        ``input.path`` names the source video for the overlay.
    folder : pathlib.Path
        Created if missing; existing report files are replaced.
    on_progress : callable, optional
        Called with ``(frames_done, frames_expected)`` while the overlay is encoded.
    embed_overlay : bool
        Also place the annotated video inside ``report.html``.
    aids : frozenset of str
        Learning aids drawn on the overlay video (``chair``, ``band``, ``tape``).

    Returns
    -------
    ReportFiles

    Raises
    ------
    InputError
        If the result has no landmarks.
    """
    folder = Path(folder)
    check_report_folder(folder)
    data = report_data_from_result(result)
    built = new_sibling_folder(folder)
    try:
        save_report_data(built, data)
        write_kinematics_csv(built / CSV_NAME, result)
        write_trc(built / TRC_NAME, data.t_s, data.world_xyz_m)
        render_report(
            data, built, on_progress=on_progress, embed_overlay=embed_overlay, aids=aids
        )
        swap_in_folder(built, folder)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    return _files_in(folder)


def rerender_report(
    analysis_json: Path,
    *,
    on_progress: ProgressCallback | None = None,
    embed_overlay: bool = False,
) -> ReportFiles:
    """Render a report folder again from its ``analysis.json`` and ``frames.npz``.

    Raises
    ------
    InputError
        If the report's data files are missing or unreadable.
    """
    analysis_json = Path(analysis_json)
    if analysis_json.is_dir():
        analysis_json = analysis_json / ANALYSIS_NAME
    data = load_report_data(analysis_json)
    folder = analysis_json.parent
    # Rendered into a copy beside the folder and swapped in whole, like write_report.
    built = new_sibling_folder(folder)
    try:
        redrawn = {HTML_NAME}
        if data.source_video is not None and data.source_video.is_file():
            redrawn.add(OVERLAY_NAME)  # else it cannot be drawn again: keep the one there is
        for path in folder.iterdir():
            if (
                path.is_file()
                and path.name not in redrawn
                and not path.name.startswith(TEMP_PREFIX)
            ):
                shutil.copy2(path, built / path.name)
        render_report(data, built, on_progress=on_progress, embed_overlay=embed_overlay)
        swap_in_folder(built, folder)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    return _files_in(folder)


#: Every file a report folder may hold; anything else means the folder is not a report.
#: (``hingecoach share`` adds the clinician's PDF and zip; a new analysis drops them.)
REPORT_NAMES = frozenset(
    {HTML_NAME, OVERLAY_NAME, CSV_NAME, TRC_NAME, ANALYSIS_NAME, FRAMES_NAME}
    | {"for-clinician.pdf", "for-clinician.zip"}
)


def check_report_folder(folder: Path) -> None:
    """Refuse a report target that is a file, or a folder holding anything but a report.

    A report folder is replaced whole, so a folder of the user's own files must never be
    one; this runs before any pose work (the CLI calls it first).

    Raises
    ------
    InputError
        If ``folder`` is a file or holds files that are not a hingecoach report's.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder; pass a new or empty folder.")
    remove_leftovers(folder.parent, folder.name)
    if not folder.is_dir():
        return
    remove_leftovers(folder)
    names = [p.name for p in folder.iterdir()]
    foreign = sorted(n for n in names if n not in REPORT_NAMES and not n.startswith(TEMP_PREFIX))
    if foreign:
        raise InputError(
            f"{folder} holds files that are not a hingecoach report ({', '.join(foreign[:3])}); "
            "pass a new or empty folder."
        )


def _files_in(folder: Path) -> ReportFiles:
    overlay = folder / OVERLAY_NAME
    return ReportFiles(
        folder=folder, html=folder / HTML_NAME, overlay=overlay if overlay.is_file() else None
    )
