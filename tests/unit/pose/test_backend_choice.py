"""Which pose backend runs: legacy where mediapipe still has it, else Tasks; one sentence if not."""

import importlib.util
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

from hingecoach.errors import InputError
from hingecoach.pose import backends
from hingecoach.pose.backends import (
    PoseBackend,
    check_pose_backend,
    default_pose_backend,
    legacy_available,
    open_pose_estimator,
)
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.tasks_backend import task_model_path


def _fake_mediapipe(tmp_path: Path, *, with_solutions: bool) -> ModuleSpec:
    package = tmp_path / "mediapipe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    if with_solutions:
        (package / "python" / "solutions").mkdir(parents=True)
        (package / "python" / "solutions" / "pose.py").write_text("")
    return ModuleSpec("mediapipe", None, origin=str(package / "__init__.py"))


@pytest.fixture
def mediapipe_without_solutions(tmp_path, monkeypatch):
    """A mediapipe like 0.10.30+ (CPython 3.13): the Tasks API only."""
    spec = _fake_mediapipe(tmp_path, with_solutions=False)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: spec if name == "mediapipe" else real(name)
    )


def test_legacy_is_found_by_its_module_file(tmp_path, monkeypatch):
    spec = _fake_mediapipe(tmp_path, with_solutions=True)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: spec)
    assert legacy_available() and default_pose_backend() is PoseBackend.LEGACY


def test_no_mediapipe_at_all_means_no_legacy(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    assert not legacy_available()


def test_tasks_is_the_default_where_mediapipe_has_no_legacy_api(mediapipe_without_solutions):
    assert not legacy_available()
    assert default_pose_backend() is PoseBackend.TASKS
    check_pose_backend(PoseBackend.TASKS)  # nothing to say


def test_asking_for_legacy_where_it_is_missing_is_one_sentence(mediapipe_without_solutions):
    with pytest.raises(InputError) as caught:
        open_pose_estimator(PoseBackend.LEGACY, PoseModel.FULL, segmentation=True)
    message = str(caught.value)
    assert "--pose-backend tasks" in message and "0.10.21" in message
    assert message.count(". ") == 0 and message.endswith(".")


def test_this_interpreter_gets_the_backend_its_mediapipe_has():
    # 3.11/3.12 (make setup): mediapipe 0.10.21, legacy; 3.13: 0.10.30+, Tasks only.
    expected = PoseBackend.LEGACY if legacy_available() else PoseBackend.TASKS
    assert backends.DEFAULT_POSE_BACKEND is expected


def test_a_missing_tasks_model_says_how_to_get_it_in_one_sentence(tmp_path):
    with pytest.raises(InputError) as caught:
        task_model_path(PoseModel.FULL, tmp_path)
    message = str(caught.value)
    assert "install_tasks_model.sh" in message and "make setup" in message
    assert message.count(". ") == 0
