"""`hingecoach batch --ray local` on three short real clips: one local Ray for the module.

Ray's start-up costs several seconds, so the batch runs once (module-scoped) and the
tests read what it left.
"""

import csv
import json

import pytest
from benchmarks.clips import load_manifest

from tests.fixtures.cli import run_hingecoach
from tests.fixtures.media import clip_or_skip

pytest.importorskip("ray")
#: Three of the shortest clips (29, 54 and 62 frames, 600 × 600).
CLIPS = ("jeffchen/bad.mp4", "jeffchen/rdl.mp4", "jeffchen/good.mp4")

pytestmark = [pytest.mark.clips, pytest.mark.slow]


@pytest.fixture(scope="module")
def ray_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ray_in")
    for clip in CLIPS:
        (folder / clip.replace("/", "_")).symlink_to(clip_or_skip(clip))
    out = tmp_path_factory.mktemp("ray_out")
    done = run_hingecoach(
        "batch", str(folder), "--out", str(out), "--ray", "local", "-j", "2", timeout=1200
    )
    return done, out


def test_ray_local_analyses_every_clip(ray_batch):
    done, out = ray_batch
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    with (out / "summary.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["video"]: row for row in csv.DictReader(handle)}
    expected = {clip.path: clip.reps_expected for clip in load_manifest()}
    assert sorted(rows) == sorted(clip.replace("/", "_") for clip in CLIPS)
    for clip in CLIPS:
        row = rows[clip.replace("/", "_")]
        assert row["status"] == "ok", row["error"]
        assert int(row["reps"]) == expected[clip]
        session = json.loads((out / row["folder"] / "analysis.json").read_text())
        assert session["rep_count"] == expected[clip]
        assert (out / row["folder"] / "kinematics.csv").stat().st_size > 0


def test_ray_results_are_committed_like_the_process_pools(ray_batch):
    _, out = ray_batch
    folders = sorted(p.name for p in (out / "videos").iterdir())
    assert len(folders) == 3
    assert all((out / "videos" / name / "record.json").is_file() for name in folders)
    assert list((out / ".staging").iterdir()) == []
