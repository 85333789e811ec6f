"""The batch's bookkeeping without pose: finding videos, keys, atomic folders, the summary."""

import csv
import json

import pyarrow.parquet as pq
import pytest

from hingecoach.batch.jobs import BatchSettings, VideoJob, find_videos, make_job
from hingecoach.batch.runner import finished_rows, plan_batch
from hingecoach.batch.store import COLUMNS, BatchOutput, summary_row, write_summary
from hingecoach.errors import InputError

SESSION = {
    "rep_count": 3,
    "exercise": "dumbbell_rdl",
    "view": "side",
    "score": 72,
    "reps": [
        {"score": 60, "faults": [{"code": "rounded_back"}, {"code": "rushing"}]},
        {"score": 80, "faults": [{"code": "rounded_back"}]},
        {"score": 76, "faults": []},
    ],
    "partial_reps": [{}],
    "set_faults": ["rounded_back"],
    "focus": {"code": "rounded_back"},
    "frames": 300,
    "duration_s": 10.0,
    "warnings": ["Front view."],
}


@pytest.fixture
def videos(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name, data in [("a.mp4", b"one"), ("sub/b.MOV", b"two"), ("notes.txt", b"x")]:
        (folder / name).write_bytes(data)
    return folder


def test_a_folder_gives_its_videos_recursively_and_a_glob_what_it_matches(videos):
    assert [p.name for p in find_videos(str(videos))] == ["a.mp4", "b.MOV"]
    assert [p.name for p in find_videos(str(videos / "**" / "*.txt"))] == ["notes.txt"]
    with pytest.raises(InputError, match="No video files found"):
        find_videos(str(videos / "*.webm"))


def test_the_key_follows_the_bytes_and_the_settings_not_the_name(videos, tmp_path):
    copy = tmp_path / "renamed.mp4"
    copy.write_bytes((videos / "a.mp4").read_bytes())
    full, lite = BatchSettings(model="full"), BatchSettings(model="lite")
    assert make_job(copy, full).key == make_job(videos / "a.mp4", full).key
    assert make_job(copy, lite).key != make_job(copy, full).key
    assert make_job(videos / "sub" / "b.MOV", full).key != make_job(copy, full).key


def test_an_unreadable_video_becomes_a_job_with_its_error(tmp_path):
    job = make_job(tmp_path / "gone.mp4", BatchSettings())
    assert job.sha256 == "" and "could not be read" in job.error


def test_summary_row_counts_faults_and_averages_scores(videos):
    job = make_job(videos / "a.mp4", BatchSettings())
    row = summary_row(job, SESSION, None, 1.234)
    assert row["status"] == "ok" and row["variant"] == "dumbbell_rdl" and row["reps"] == 3
    assert row["faults"] == "rounded_back×2; rushing×1"
    assert row["mean_rep_score"] == pytest.approx(72.0)
    assert row["partial_reps"] == 1 and row["seconds"] == 1.23
    failed = summary_row(job, None, "It broke.", 0.5)
    assert failed["status"] == "error" and failed["error"] == "It broke." and failed["reps"] is None


def test_a_committed_video_is_skipped_next_time_and_a_failed_one_only_on_request(videos, tmp_path):
    output = BatchOutput(tmp_path / "out")
    output.prepare()
    settings = BatchSettings()
    good, bad = make_job(videos / "a.mp4", settings), make_job(videos / "sub/b.MOV", settings)
    staged = output.new_staging_folder(good)
    (staged / "analysis.json").write_text("{}")
    output.commit(good, staged, summary_row(good, SESSION, None, 1.0))
    output.commit(bad, None, summary_row(bad, None, "Broken.", 0.1))
    assert sorted(p.name for p in (output.videos / good.folder_name).iterdir()) == [
        "analysis.json",
        "record.json",
    ]
    assert list(output.staging.iterdir()) == []  # moved, not copied
    plan = plan_batch([good, bad], output, retry_errors=False)
    assert plan.todo == [] and len(plan.done) == 2
    assert plan_batch([good, bad], output, retry_errors=True).todo == [bad]
    other = VideoJob(good.path, good.sha256, BatchSettings(model="lite"))
    assert plan_batch([other], output, retry_errors=False).todo == [other]


def test_prepare_drops_half_written_staging_folders(tmp_path):
    output = BatchOutput(tmp_path / "out")
    output.prepare()
    (output.staging / "half-done").mkdir()
    output.prepare()
    assert list(output.staging.iterdir()) == []


def test_summary_is_written_as_csv_and_parquet_with_the_same_rows(videos, tmp_path):
    output = BatchOutput(tmp_path / "out")
    output.prepare()
    jobs = [make_job(videos / name, BatchSettings()) for name in ("a.mp4", "sub/b.MOV")]
    output.commit(jobs[0], None, summary_row(jobs[0], SESSION, None, 2.0))
    output.commit(jobs[1], None, summary_row(jobs[1], None, "Not a video.", 0.1))
    rows = finished_rows(jobs, output)
    csv_path, parquet_path = write_summary(output.root, rows)
    with csv_path.open(newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert [row["video"] for row in table] == ["a.mp4", "b.MOV"]
    assert table[1]["error"] == "Not a video." and table[0]["faults"] == "rounded_back×2; rushing×1"
    parquet = pq.read_table(parquet_path)
    assert parquet.column_names == list(COLUMNS)
    assert parquet.column("reps").to_pylist() == [3, None]
    assert parquet.column("set_score").to_pylist() == [72.0, None]
    record = json.loads((output.videos / jobs[0].folder_name / "record.json").read_text())
    assert record["key"] == jobs[0].key and record["row"]["folder"].startswith("videos/")
