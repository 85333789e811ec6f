"""The declared dependency set resolves on CPython 3.11, 3.12 and 3.13 (``uv pip compile``).

uv resolves ``pyproject.toml`` for another interpreter without installing one, against PyPI
(which CI reaches, as ``make setup`` does). A conflict makes ``uv`` exit non-zero, and so
fails here; the last test shows that it does on a conflict made on purpose.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Linux x86-64, glibc 2.28 (Debian 12 has 2.36): the platform of every wheel resolved here.
PLATFORM = "x86_64-manylinux_2_28"


def _uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        pytest.fail("uv is not installed; it is in the dev extra: pip install 'hingecoach[dev]'.")
    return found


def _compile(python_version: str, *extra_args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            _uv(),
            "pip",
            "compile",
            str(ROOT / "pyproject.toml"),
            "--extra",
            "all",
            "--extra",
            "dev",
            "--python-version",
            python_version,
            "--python-platform",
            PLATFORM,
            "--no-header",
            "--no-annotate",
            "--quiet",
            *extra_args,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
    )


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        match = re.match(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)", line.strip())
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def _major_minor(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".")[:3] if part.isdigit())


@pytest.mark.parametrize("python_version", ["3.11", "3.12", "3.13"])
def test_the_dependency_set_resolves(python_version: str):
    result = _compile(python_version)
    assert result.returncode == 0, f"no resolution for Python {python_version}:\n{result.stderr}"
    pins = _pins(result.stdout)
    mediapipe, numpy = _major_minor(pins["mediapipe"]), _major_minor(pins["numpy"])
    if python_version == "3.13":
        # Only the Tasks API exists there (mediapipe 0.10.30+), with numpy 2.
        assert mediapipe >= (0, 10, 30) and numpy >= (2,)
        assert "protobuf" not in pins or _major_minor(pins["protobuf"]) >= (5,)
    else:
        # The legacy Solutions API, the default backend, with its numpy 1 and protobuf 4.
        assert pins["mediapipe"] == "0.10.21" and numpy < (2,)
        assert _major_minor(pins["protobuf"]) < (5,)
    # mediapipe's opencv-contrib-python installs the same cv2 package as our headless one:
    # only the same version of both gives a consistent cv2.
    assert pins["opencv-contrib-python"] == pins["opencv-python-headless"]
    for name in ("scipy", "av", "pyarrow", "ray", "fastapi", "plotly", "typer"):
        assert name in pins, f"{name} missing from the resolution for Python {python_version}"


def test_the_check_fails_on_a_conflict(tmp_path: Path):
    # mediapipe 0.10.21 (declared for 3.12) needs numpy < 2: asking for numpy 2 cannot resolve.
    constraints = tmp_path / "numpy2.txt"
    constraints.write_text("numpy>=2\n")
    result = _compile("3.12", "--constraint", str(constraints))
    assert result.returncode != 0
    assert "numpy" in result.stderr
