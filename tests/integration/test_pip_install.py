"""`pip install .` (not editable) into a clean venv, then `hingecoach analyze` on a clip.

This is the user's path, not `make setup`'s: plain pip, the dependencies pyproject.toml
declares (mediapipe with its own declared dependencies too), no constraints file and no
system site-packages. pip's cache is reused, so after the first run the install is mostly
unpacking. The source is copied first so that the build writes nothing into the work tree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The shortest clip of the manifest with a rep: 62 frames, 600x600, side view, 1 rep.
CLIP = ROOT.parent / "shared" / "clips" / "jeffchen" / "good.mp4"
#: Files `pip install .` needs (pyproject's readme and licence-files too).
SOURCE = ("pyproject.toml", "README.md", "LICENSE", "src")


def _run(args: list[str], *, timeout: float, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def _copy_tasks_model(venv: Path) -> None:
    """Give the new venv the Tasks model where this one has it (no registry carries it)."""
    relative = Path("share", "hingecoach", "models", "pose_landmarker_full.task")
    model = Path(sys.prefix) / relative
    if model.is_file():
        (venv / relative).parent.mkdir(parents=True)
        shutil.copy2(model, venv / relative)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_pip_install_then_analyze_a_clip(tmp_path: Path):
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCE:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name)
    shutil.rmtree(source / "src" / "hingecoach.egg-info", ignore_errors=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env |= {"HOME": str(tmp_path / "home"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))

    installed = _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile", str(source)],
        timeout=780,
        env=env,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    check = _run([str(venv / "bin" / "python"), "-m", "pip", "check"], timeout=120, env=env)
    assert check.returncode == 0, check.stdout
    _copy_tasks_model(venv)

    out = tmp_path / "analysis.json"
    command = [str(venv / "bin" / "hingecoach")]
    if CLIP.is_file():
        command += ["analyze", str(CLIP), "--json", str(out), "--quiet", "--no-store"]
    else:  # no clips here: the synthetic set, which runs everything but pose
        command += ["demo", "--json", str(out), "--report", str(tmp_path / "report")]
    result = _run(command, timeout=300, env=env | {"PATH": f"{venv / 'bin'}:{env['PATH']}"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    analysis = json.loads(out.read_text())
    assert analysis["rep_count"] >= 1 and len(analysis["reps"]) == analysis["rep_count"]
    # It ran the installed package, not the work tree's.
    where = _run(
        [str(venv / "bin" / "python"), "-c", "import hingecoach; print(hingecoach.__file__)"],
        timeout=60,
        env=env,
    )
    assert where.stdout.strip().startswith(str(venv))
