"""Every command that needs an optional extra says which one, in one sentence, with exit 2.

Each case runs the real CLI in a subprocess in which one module of the extra cannot be
imported (``sys.modules[name] = None``: ``import`` raises and ``find_spec`` finds nothing),
as on a machine where only ``pip install hingecoach`` was run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hingecoach.cli.extras import EXTRA_MODULES

ROOT = Path(__file__).resolve().parents[2]
_RUN = (
    "import sys\n"
    "sys.modules[sys.argv[1]] = None\n"
    "sys.argv = ['hingecoach', *sys.argv[2:]]\n"
    "from hingecoach.cli.app import main\n"
    "main()\n"
)


def _cases(tmp: Path) -> list[tuple[str, str, list[str]]]:
    """(extra, blocked module, arguments) for every command path that needs an extra."""
    videos = tmp / "videos"
    videos.mkdir(exist_ok=True)
    (videos / "a.mp4").write_bytes(b"not really a video")
    return [
        ("report", "plotly", ["demo", "--report", str(tmp / "demo")]),
        ("report", "jinja2", ["analyze", str(videos / "a.mp4"), "--report", str(tmp / "r")]),
        ("report", "jinja2", ["share", str(tmp / "r")]),
        ("report", "plotly", ["history", "--html", str(tmp / "h.html")]),
        ("report", "plotly", ["batch", str(videos), "--out", str(tmp / "b1"), "--report"]),
        ("scale", "ray", ["batch", str(videos), "--out", str(tmp / "b2"), "--ray", "local"]),
        ("web", "fastapi", ["serve"]),
        ("web", "segno", ["serve"]),
        ("web", "jinja2", ["serve"]),
    ]


def test_the_cases_cover_every_extra(tmp_path: Path):
    assert {extra for extra, _, _ in _cases(tmp_path)} == set(EXTRA_MODULES)


@pytest.mark.parametrize("index", range(9))
def test_a_missing_extra_is_one_sentence_and_exit_2(index: int, tmp_path: Path):
    extra, module, args = _cases(tmp_path)[index]
    assert module in EXTRA_MODULES[extra]
    env_db = {"HINGECOACH_DB": f"sqlite:///{tmp_path / 'history.db'}", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", _RUN, module, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, **env_db},
        check=False,
    )
    assert result.returncode == 2, (result.stdout, result.stderr)
    message = " ".join(result.stderr.split())
    assert f"pip install 'hingecoach[{extra}]'" in message
    assert module in message and "Traceback" not in result.stderr
    assert message.rstrip(".").count(". ") == 0
