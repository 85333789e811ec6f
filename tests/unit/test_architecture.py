"""Data flows one way: pure core stages import no edge and no I/O library."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "hingecoach"
CORE = [
    "kinematics",
    "reps",
    "synthetic",
    "daily",
    "program",  # pure rules; its only I/O is load_ladder reading the packaged ladder.toml
    "analysis/offline.py",
    "analysis/streaming.py",
    "analysis/params.py",
    "analysis/config.py",
    "analysis/plausibility.py",
    "analysis/result.py",
    "analysis/lowback.py",
    "lowback",  # the low-back load model: pure numpy
]
FORBIDDEN = (
    "av",
    "cv2",
    "fastapi",
    "sqlalchemy",
    "alembic",
    "hingecoach.store",
    "hingecoach.web",
    "mediapipe",
    "hingecoach.cli",
    "hingecoach.export",
    "hingecoach.source",
    "hingecoach.analysis.video",
    "hingecoach.analysis.parallel",
    "hingecoach.batch",
    "ray",
    "pyarrow",
)


def core_files():
    for entry in CORE:
        path = PACKAGE / entry
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


@pytest.mark.parametrize("path", list(core_files()), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_imports_no_edge_or_io_library(path):
    bad = [
        name
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert not bad, f"{path.name} imports {bad}"


def test_modules_stay_small():
    too_long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not too_long
