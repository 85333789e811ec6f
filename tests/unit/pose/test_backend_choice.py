"""Which pose backend runs: legacy where mediapipe still has it, else Tasks; one sentence if not."""

import importlib.util
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

from hingecoach.errors import InputError
from hingecoach.pose import backends
from hingecoach.pose.backends import (
    OthersSeen,
    PoseBackend,
    check_pose_backend,
    default_pose_backend,
    legacy_available,
    open_pose_estimator,
    open_second_person_detector,
    others_in_view_warning,
)
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.second_person import SecondPersonDetector, SecondPersonParams
from hingecoach.pose.second_person_tasks import TasksSecondPersonDetector
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


def test_the_second_person_check_runs_on_tasks_where_legacy_is_missing(
    mediapipe_without_solutions,
):
    detector = open_second_person_detector(30.0)
    assert isinstance(detector, TasksSecondPersonDetector)
    assert detector.checked == 0 and detector.warning() is None  # no graph started yet
    detector.close()


def test_the_second_person_check_keeps_the_legacy_graph_where_it_exists(tmp_path, monkeypatch):
    spec = _fake_mediapipe(tmp_path, with_solutions=True)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: spec)
    detector = open_second_person_detector(30.0, SecondPersonParams(every_s=2.0))
    assert type(detector) is SecondPersonDetector and detector.params.every_s == 2.0


def test_runs_add_up_their_findings_and_warn_as_one_pass_would():
    params = SecondPersonParams()
    # The landmarker's own count: a second's worth of frames (30 at 30 fps) in two runs.
    own = OthersSeen(True, 20, 300) + OthersSeen(True, 10, 200)
    assert own == OthersSeen(True, 30, 500)
    assert OthersSeen(True, 20, 300).warning(30.0, params) is None
    assert own.warning(30.0, params) == others_in_view_warning(30, 500, 30.0)
    # The periodic check: two checks with a second person, one in each run.
    periodic = OthersSeen(False, 1, 6) + OthersSeen(False, 1, 4)
    assert OthersSeen(False, 1, 6).warning(30.0, params) is None
    assert "2 of 10 checked frames" in (periodic.warning(30.0, params) or "")
    with pytest.raises(ValueError, match="cannot add"):
        own + periodic
