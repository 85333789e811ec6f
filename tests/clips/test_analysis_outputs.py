"""The analysis JSON and kinematics CSV of longer real clips, from the session's clip runs.

``tests/integration/test_analyze_cli.py`` runs ``hingecoach analyze`` on the two shortest
clips and checks its JSON and CSV; the same checks here cover a rep that starts at the
bottom and returns to it, and an oblique view, without running pose on them a second time
(the JSON is the CLI's own: ``session_to_dict`` of the same ``analyze_video`` result).
"""

from __future__ import annotations

import pytest
from benchmarks.clips import MANIFEST, ClipRun

from hingecoach.export.json_export import write_kinematics_csv
from tests.fixtures.analysis_checks import check_analysis_json, check_kinematics_csv

#: A rep that starts at the bottom and returns to it (720p), and an oblique view (1080p).
LONGER_CLIPS = ["bichraix/good014.mp4", "sebitzu/rdl.mp4"]

pytestmark = [
    pytest.mark.clips,
    pytest.mark.slow,
    pytest.mark.skipif(
        not MANIFEST.is_file(), reason=f"the shared clips are absent ({MANIFEST} not found)"
    ),
]


@pytest.mark.parametrize("clip", LONGER_CLIPS)
def test_analysis_json_and_csv_of_a_longer_clip(
    all_clip_runs: dict[str, ClipRun], clip: str, tmp_path
) -> None:
    run = all_clip_runs[clip]
    assert run.session is not None and run.result is not None, run.error
    check_analysis_json(run.session, run.clip)
    csv_path = tmp_path / "k.csv"
    write_kinematics_csv(csv_path, run.result)
    check_kinematics_csv(csv_path.read_text(), run.session)
