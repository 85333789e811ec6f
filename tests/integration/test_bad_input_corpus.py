"""Every case of the bad-input corpus exits 2 with one sentence that names the real reason.

The corpus (``benchmarks/bad_input.py``) is built here into a temporary folder and run in
this process (``main()`` with its own ``sys.argv``) to stay fast; ``python -m
benchmarks.bad_input`` writes the same outcomes as a table into benchmarks/README.md.
"""

import pytest
from benchmarks.bad_input import cases, run_case

#: The reason each of these cases must name (others: any one sentence with exit 2).
REASONS = {
    "fifo": "FIFO",
    "zero_bytes": "empty (0 bytes)",
    "through_file": "a part of its path is a file",
    "audio_only": "no video stream",
    "truncated_mp4": "probably truncated",
    "huge_dimensions": "over the 8192x8192 limit",
    "no_frames": "no streams",
    "nobody": "No person was found",
    "json_is_folder": "is a folder; pass a file name to --json",
    "json_parent_file": "is a file, not a folder",
    "json_fifo": "FIFO",
    "csv_is_input": "is the input itself",
    "report_is_file": "not a folder",
    "report_foreign": "not a hingecoach report (holiday.jpg)",
    "report_npz_half": "not a complete hingecoach report",
    "report_npz_short": "not a complete hingecoach report",
    "report_json_list": "not a complete hingecoach report",
    "bad_model": "--model",
    "unknown_option": "--fast",
    "serve_data_dir_file": "not a folder",
}
CASES = cases()


def test_the_corpus_is_large_and_every_reason_is_a_case():
    names = [case.name for case in CASES]
    assert len(names) >= 40 and len(set(names)) == len(names)
    assert set(REASONS) <= set(names)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input_gets_one_sentence_and_exit_2(case, tmp_path):
    outcome = run_case(case, tmp_path)
    assert outcome.exit_code == 2, outcome.stderr
    assert outcome.one_sentence, outcome.stderr
    assert outcome.stderr.startswith("hingecoach: ")
    assert REASONS.get(case.name, "") in outcome.stderr
