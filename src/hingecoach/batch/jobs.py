"""What a batch has to do: the videos, their content hashes and the settings key.

A video's result is keyed by the SHA-256 of its bytes and by every setting that changes
the result (pose model, report or not, the analysis parameters, hingecoach's version),
so a renamed or moved video is still recognised as done, and a changed setting is not.
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import hingecoach
from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.video import file_sha256
from hingecoach.errors import InputError

#: File suffixes taken from a folder (a glob pattern takes whatever it matches).
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi"})
#: Characters kept from a video's name in its output folder's name.
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """Everything besides the video that decides its result.

    Attributes
    ----------
    model : str
        Pose model: ``lite``, ``full`` or ``heavy``.
    report : bool
        Write a full report folder (HTML page, annotated video, exports), not only the
        analysis JSON and kinematics CSV.
    """

    model: str = "full"
    report: bool = False

    def key(self) -> str:
        """A short hash of the settings, the analysis parameters and the version."""
        record = {
            "model": self.model,
            "report": self.report,
            "params": asdict(AnalysisParams()),
            "hingecoach": hingecoach.__version__,
        }
        text = json.dumps(record, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class VideoJob:
    """One video of a batch.

    Attributes
    ----------
    path : pathlib.Path
        The video (workers read it in place: on a Ray cluster every node must see it).
    sha256 : str
        Hash of its bytes, or ``""`` when it could not be read (``error`` says why).
    settings : BatchSettings
    error : str or None
        Why the video cannot even be hashed (it is listed with this error).
    """

    path: Path
    sha256: str
    settings: BatchSettings
    error: str | None = None

    @property
    def key(self) -> str:
        """Content hash and settings: equal keys give equal results."""
        return f"{self.sha256}:{self.settings.key()}"

    @property
    def folder_name(self) -> str:
        """Output folder of this video: its name, content hash and settings key."""
        stem = _SAFE_NAME.sub("_", self.path.stem)[:60] or "video"
        digest = self.sha256[:12] or hashlib.sha256(str(self.path).encode()).hexdigest()[:12]
        return f"{stem}-{digest}-{self.settings.key()}"


def find_videos(source: str) -> list[Path]:
    """The videos a ``DIR_OR_GLOB`` argument names, sorted by path.

    A folder gives every file with a video suffix under it (recursively); anything else
    is a glob pattern (``**`` allowed), which gives every file it matches.

    Raises
    ------
    InputError
        When nothing matches.
    """
    root = Path(source).expanduser()
    if root.is_dir():
        paths = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES]
        where = f"the folder {source}"
    elif root.is_file():
        paths = [root]
        where = source
    else:
        paths = [Path(p) for p in glob.glob(str(root), recursive=True) if Path(p).is_file()]
        where = f"the pattern {source!r}"
    if not paths:
        raise InputError(
            f"No video files found in {where}; pass a folder of videos or a glob such as "
            "'clips/**/*.mp4'."
        )
    return sorted(paths)


def make_job(path: Path, settings: BatchSettings) -> VideoJob:
    """Hash one video; an unreadable file becomes a job that carries its error."""
    try:
        return VideoJob(Path(path), file_sha256(path), settings)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        return VideoJob(Path(path), "", settings, error=f"{path} could not be read: {reason}.")
