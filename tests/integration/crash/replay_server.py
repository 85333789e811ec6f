"""A real uvicorn server process whose pose estimator replays a synthetic set (for kill -9).

``python -m tests.integration.crash.replay_server PORT DATA_DIR TOKEN``
"""

import sys
from pathlib import Path

import uvicorn

from hingecoach.synthetic import synthetic_session
from hingecoach.web.app import create_app
from hingecoach.web.settings import WebSettings
from tests.unit.web.fakes import ReplayEstimator

if __name__ == "__main__":
    port, data_dir, token = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    frames = synthetic_session("none", n_reps=6, noise_px=1.0).frames
    settings = WebSettings(port=port, data_dir=data_dir, token=token)
    app = create_app(settings, make_estimator=lambda: ReplayEstimator(frames))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
