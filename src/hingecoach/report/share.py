"""What a person hands their clinician: a printed PDF of the set and a zip of its data.

The PDF is the report page in its clinician form (stick figures instead of video
pictures unless asked for, no video), printed by the browser; the zip holds the
measurements a clinician or a research tool can open again: ``analysis.json`` (per rep),
``kinematics.csv`` (per frame) and ``markers.trc`` (OpenSim). Pages made elsewhere (the
program's sessions, pain and progression over time) come in as ``extra_sections``.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hingecoach.atomic import atomic_path
from hingecoach.errors import InputError
from hingecoach.report.build import CSV_NAME, TRC_NAME, report_title
from hingecoach.report.data import ANALYSIS_NAME, load_report_data
from hingecoach.report.html import ExtraSection, render_report_html
from hingecoach.report.overlay import render_canvas_key_frames, render_key_frames
from hingecoach.report.pdf import print_html_to_pdf

log = logging.getLogger(__name__)

#: The files of a report folder that go into the zip, in this order.
ZIPPED_NAMES = (ANALYSIS_NAME, CSV_NAME, TRC_NAME)
SHARE_PDF_NAME = "for-clinician.pdf"


@dataclass(frozen=True, slots=True)
class SharedFiles:
    """What ``share`` wrote: the PDF, the zip, and the data files the zip lacks."""

    pdf: Path
    archive: Path
    missing: tuple[str, ...]


def _key_frames(data, with_frames: bool) -> list[str]:
    """Video pictures of each rep's bottom when asked for, else none (stick figures)."""
    if not with_frames:
        return []
    source = data.source_video
    if source is not None and source.is_file():
        return render_key_frames(source, data)
    log.warning("%s is no longer there; the PDF draws the key frames without the video.", source)
    return render_canvas_key_frames(data)


def render_share_html(
    report_dir: Path,
    *,
    with_frames: bool = False,
    extra_sections: Sequence[ExtraSection] = (),
) -> str:
    """The clinician's page for a report folder (the HTML the PDF is printed from).

    Raises
    ------
    InputError
        If the folder has no report data.
    """
    data = load_report_data(Path(report_dir) / ANALYSIS_NAME)
    return render_report_html(
        data,
        _key_frames(data, with_frames),
        title=report_title(data),
        for_clinician=True,
        extra_sections=extra_sections,
    )


def write_data_zip(report_dir: Path, archive: Path) -> tuple[str, ...]:
    """Zip the report's JSON, CSV and TRC; return the names that were missing."""
    missing = []
    with (
        atomic_path(archive) as temp,
        zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as bundle,
    ):
        for name in ZIPPED_NAMES:
            path = Path(report_dir) / name
            if path.is_file():
                bundle.write(path, arcname=name)
            else:
                missing.append(name)
    return tuple(missing)


def share_report(
    report_dir: Path,
    out_pdf: Path | None = None,
    *,
    with_frames: bool = False,
    extra_sections: Sequence[ExtraSection] = (),
) -> SharedFiles:
    """Write the clinician's PDF and the zip of the data beside it.

    Parameters
    ----------
    report_dir : pathlib.Path
        A report folder (from ``analyze --report``), or its ``analysis.json``.
    out_pdf : pathlib.Path, optional
        The PDF's path (default ``for-clinician.pdf`` in the folder); the zip is the same
        path with ``.zip``.
    with_frames : bool
        Put video pictures of each rep's bottom in the PDF instead of stick figures.
    extra_sections : sequence of ExtraSection
        More pages' content (the hook for the program's history).

    Returns
    -------
    SharedFiles

    Raises
    ------
    InputError
        If the folder holds no report.
    PdfError
        If the browser cannot print.
    """
    report_dir = Path(report_dir)
    if report_dir.is_file():
        report_dir = report_dir.parent
    if not (report_dir / ANALYSIS_NAME).is_file():
        raise InputError(
            f"{report_dir} holds no {ANALYSIS_NAME}; pass a report folder made by "
            "`hingecoach analyze VIDEO --report DIR`."
        )
    pdf = Path(out_pdf) if out_pdf is not None else report_dir / SHARE_PDF_NAME
    page = render_share_html(report_dir, with_frames=with_frames, extra_sections=extra_sections)
    with tempfile.TemporaryDirectory(prefix="hingecoach-share-") as work:
        html = Path(work) / "for-clinician.html"
        html.write_text(page, encoding="utf-8")
        with atomic_path(pdf) as temp:
            print_html_to_pdf(html, temp)
    archive = pdf.with_suffix(".zip")
    missing = write_data_zip(report_dir, archive)
    return SharedFiles(pdf=pdf, archive=archive, missing=missing)
