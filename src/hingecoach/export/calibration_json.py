"""Save and load a person's back-rounding calibration as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from hingecoach.atomic import write_text_atomic
from hingecoach.errors import InputError
from hingecoach.form.calibration import BackCalibration, CalibrationSource, CueRange

#: 2: the lower back's outline bend (``lumbar``) replaced the whole-back cues of version 1.
CALIBRATION_VERSION = 2


def write_calibration(path: Path, calibration: BackCalibration) -> None:
    """Write the calibration, creating parent folders."""
    record = {"calibration_version": CALIBRATION_VERSION, **asdict(calibration)}
    record["source"] = calibration.source.value
    try:  # a NaN is no calibration (and no JSON): refuse it rather than save it
        text = json.dumps(record, indent=2, allow_nan=False)
    except ValueError:
        raise InputError(
            "The calibration has unmeasured values and was not saved; record it again "
            "side-on: stand tall, hinge with a long spine and hold, then slump and hold."
        ) from None
    write_text_atomic(Path(path), text + "\n")


def read_calibration(path: Path) -> BackCalibration:
    """Read a calibration written by :func:`write_calibration`.

    Raises
    ------
    InputError
        If the file is missing or is not a hingecoach calibration.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist; run `hingecoach calibrate VIDEO --out {path}`.")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.pop("calibration_version") != CALIBRATION_VERSION:
            raise ValueError("unknown version")
        return BackCalibration(
            lumbar=CueRange(**record.pop("lumbar")),
            head_drop=CueRange(**record.pop("head_drop")),
            source=CalibrationSource(record.pop("source")),
            **record,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(
            f"{path} is not a hingecoach calibration file ({error}); run `hingecoach calibrate`."
        ) from error
