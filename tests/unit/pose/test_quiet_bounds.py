"""The native-output silence always ends, and a server turns it off (issue: serve's errors)."""

import subprocess
import sys
import textwrap

import pytest

from hingecoach.pose.backends import PoseBackend, legacy_available
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.tasks_backend import TASK_FILES, default_models_dir

# Each case runs in its own interpreter: turning silencing off is a process-wide choice.
_BLANK_FRAMES = textwrap.dedent(
    """
    import os, sys
    import numpy as np
    from hingecoach.pose import quiet
    from hingecoach.pose.backends import PoseBackend, open_pose_estimator
    from hingecoach.pose.mediapipe_backend import PoseModel
    if sys.argv[1] == "serve":
        quiet.disable_native_silencing()
    estimator = open_pose_estimator(PoseBackend(sys.argv[3]), PoseModel.FULL, segmentation=False)
    blank = np.zeros((240, 320, 3), dtype=np.uint8)
    for index in range(int(sys.argv[2])):
        assert not estimator.estimate(blank, index=index, t_s=index / 30).detected
        os.write(2, f"ERROR-MARK-{index}\\n".encode())
    estimator.close()
    """
)


def _backends() -> list:
    """Both backends, each skipped where this interpreter cannot run it (3.13: no legacy)."""
    missing_model = not default_models_dir().joinpath(TASK_FILES[PoseModel.FULL]).is_file()
    return [
        pytest.param(
            PoseBackend.LEGACY,
            marks=pytest.mark.skipif(not legacy_available(), reason="mediapipe has no legacy API"),
        ),
        pytest.param(
            PoseBackend.TASKS,
            marks=pytest.mark.skipif(missing_model, reason="the Tasks model is not installed"),
        ),
    ]


def _run(mode: str, frames: int, backend: PoseBackend) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _BLANK_FRAMES, mode, str(frames), backend.value],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("backend", _backends())
def test_a_server_keeps_its_errors_while_the_camera_sees_nobody(backend: PoseBackend):
    stderr = _run("serve", 5, backend)
    # Every line written while the model runs on empty frames reaches stderr.
    assert all(f"ERROR-MARK-{index}" in stderr for index in range(5))


@pytest.mark.slow
@pytest.mark.parametrize("backend", _backends())
def test_the_start_up_silence_ends_even_when_no_body_is_ever_found(backend: PoseBackend):
    stderr = _run("cli", 40, backend)
    assert "ERROR-MARK-0" not in stderr  # the start-up is still quiet
    assert "ERROR-MARK-39" in stderr  # but not for ever


def test_disabled_silencing_redirects_nothing():
    code = textwrap.dedent(
        """
        import os
        from hingecoach.pose.quiet import disable_native_silencing, native_output_silenced
        disable_native_silencing()
        with native_output_silenced():
            os.write(2, b"STILL-HERE")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert b"STILL-HERE" in done.stderr
