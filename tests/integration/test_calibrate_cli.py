"""`hingecoach calibrate` refuses, in one sentence and with exit code 2, what it cannot use."""

import subprocess
import sys

#: The real CLI in a fresh interpreter, its pose tracking replaced by the synthetic model
#: doing two long-spine hinges and no slump.
CALIBRATE_WITHOUT_SLUMP = """
import sys, types
import hingecoach.analysis.video as video
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.synthetic import synthetic_session
frames = synthetic_session("none", n_reps=2, pause_bottom_s=3.0).frames
series = LandmarkSeries.from_pose_frames(frames)
video.track_video = lambda *a, **k: types.SimpleNamespace(series=series, contours=None)
from hingecoach.cli.app import main
sys.argv = ["hingecoach", "calibrate", "no_slump.mp4", "--out", sys.argv[1]]
main()
"""


def test_calibrate_refuses_a_synthetic_clip_without_a_slump(tmp_path):
    out = tmp_path / "me.json"
    done = subprocess.run(
        [sys.executable, "-c", CALIBRATE_WITHOUT_SLUMP, str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    message = " ".join(done.stderr.split())
    assert "shows no slump" in message and "round the back on purpose" in message
    assert message.count(". ") == 0  # one sentence
    assert not out.exists()  # nothing saved, so no NaN either
