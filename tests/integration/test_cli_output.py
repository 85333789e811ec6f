"""What the terminal shows at the default 80 columns: every fault named in full, in plain
words; units in the headings; ranges only when they are ranges; flags shown as flags."""

import dataclasses
import io
import os
import subprocess
import sys

import pytest
from rich.console import Console

from hingecoach.cli.render import format_range, print_result
from hingecoach.form.explain import fault_name
from hingecoach.form.findings import FaultCode
from tests.fixtures.all_faults import all_faults_result

#: Runs `hingecoach analyze` in a fresh interpreter, its video analysis replaced by the
#: synthetic set with every fault (so the real CLI, console and terminal width are used).
ANALYZE_ALL_FAULTS = """
import sys
import hingecoach.analysis.video as video
from hingecoach.synthetic import synthetic_session
from tests.fixtures.all_faults import all_faults_result
result = all_faults_result(synthetic_session)
video.analyze_video = lambda *args, **kwargs: result
import hingecoach.source.video_file as video_file
video_file.probe_video = lambda path: None  # the CLI checks its input before the analysis
from hingecoach.cli.app import main
sys.argv = ["hingecoach", "analyze", "set.mp4"]
main()
"""


def run_at_80_columns(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "LINES": "50"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.fixture(scope="module")
def analyze_output():
    done = run_at_80_columns("-c", ANALYZE_ALL_FAULTS)
    assert done.returncode == 0, done.stderr
    return done.stdout


def joined_words(output: str) -> str:
    """The output's words in one line (a name may wrap inside its cell or panel)."""
    return " ".join(" ".join(line.strip(" │╭╮╰╯─") for line in output.splitlines()).split())


def test_every_fault_name_appears_in_full_at_80_columns(analyze_output):
    lines = analyze_output.splitlines()
    assert max(len(line) for line in lines) <= 80
    joined = joined_words(analyze_output)
    for code in FaultCode:
        assert fault_name(code) in joined, f"{fault_name(code)!r} missing or cut"
        assert code.value not in analyze_output  # no snake_case codes
    assert "…" not in analyze_output


def test_headings_say_their_units_and_the_hip_shift_is_named(analyze_output):
    for heading in ("(s)", "(°)", "(leg", "lengths)"):
        assert heading in analyze_output
    words = joined_words(analyze_output)
    assert "behind the ankles, in leg lengths" in words
    assert "Work on next: Back rounding" in words
    # The last column (the score) is never cropped: every rep row ends with its score.
    rows = [line.split() for line in analyze_output.splitlines() if line.strip()[:1].isdigit()]
    assert [row[-1] for row in rows] == ["70", "70", "70", "70", "100"]


def test_ranges_are_printed_only_when_they_are_ranges():
    assert format_range([141.2, 140.8]) == "141"
    assert format_range([141.2, 140.8], unit="°") == "141°"
    assert format_range([120.0, 141.0], unit="°") == "120–141°"
    assert format_range([float("nan")]) == "–"


def test_flags_are_shown_as_flags_in_help():
    done = run_at_80_columns("-m", "hingecoach", "analyze", "--help")
    assert done.returncode == 0, done.stderr
    assert "<bool>" not in done.stdout
    assert "--quiet" in done.stdout and "<path>" in done.stdout


def test_a_slow_reps_times_are_printed_whole(synthetic_session_factory):
    result = all_faults_result(synthetic_session_factory)
    slow = dataclasses.replace(result.reps[1], lowering_s=12.7, rising_s=14.5)
    result = dataclasses.replace(result, reps=(result.reps[0], slow, *result.reps[2:]))
    out = io.StringIO()
    print_result(Console(width=80, file=out), result, title="slow")
    assert "12.7/14.5" in out.getvalue()
    assert max(len(line) for line in out.getvalue().splitlines()) <= 80
