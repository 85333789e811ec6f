"""Peak memory of ``hingecoach analyze`` on a short clip and on the same clip 4× longer."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.cli_run import CliRun, run_analyze_cli
from benchmarks.clips import CLIPS_DIR
from benchmarks.media import loop_video
from benchmarks.report import finish_metadata, start_metadata, update_readme, write_result

MEMORY_CLIP = "bichraix/good014.mp4"
LONGER_TIMES = 4
#: Peak RSS of one input varies from run to run (thread and allocator timing), so each
#: input runs this many times, interleaved, and the median is used.
REPEATS = 5


def _summary(runs: list[CliRun]) -> dict[str, Any]:
    failed = [run for run in runs if run.session is None or run.peak_rss_mb is None]
    if failed:
        raise RuntimeError(f"hingecoach analyze failed: {failed[0].stderr[-500:]}")
    peaks = [run.peak_rss_mb for run in runs]
    return {
        "frames": runs[0].session["frames"],
        "peak_rss_mb": round(statistics.median(peaks), 1),
        "peak_rss_mb_runs": [round(peak, 1) for peak in peaks],
        "seconds_runs": [round(run.seconds, 2) for run in runs],
    }


def _row(name: str, result: dict[str, Any]) -> str:
    peaks = result["peak_rss_mb_runs"]
    return (
        f"| {name} | {result['frames']} | {result['peak_rss_mb']:.0f} "
        f"| {min(peaks):.0f}–{max(peaks):.0f} |"
    )


def _table(short: dict[str, Any], longer: dict[str, Any], ratio: float, extra_mb: float) -> str:
    return "\n".join(
        [
            f"| input (re-encoded from {MEMORY_CLIP}) | frames | median peak RSS (MiB) "
            f"| range over {REPEATS} runs |",
            "|---|---:|---:|---|",
            _row("×1", short),
            _row(f"×{LONGER_TIMES}", longer),
            "",
            f"**Ratio ×{LONGER_TIMES} / ×1: {ratio:.3f}** (≈ 1: frames are streamed). Had the "
            f"decoded frames been kept, the ×{LONGER_TIMES} input would need ≈ {extra_mb:.0f} "
            "MiB more.",
        ]
    )


def _measure(inputs: dict[str, Path], workdir: Path, model: str) -> dict[str, dict[str, Any]]:
    """Run every input ``REPEATS`` times, interleaved (a, b, a, b, ...), and summarise."""
    runs: dict[str, list[CliRun]] = {name: [] for name in inputs}
    for _ in range(REPEATS):
        for name, path in inputs.items():
            runs[name].append(
                run_analyze_cli(path, workdir=workdir, model=model, measure_peak=True)
            )
    return {name: _summary(found) for name, found in runs.items()}


def run_memory(*, model: str = "full") -> dict[str, Any]:
    """Run the memory benchmark, write ``results/memory.json`` and the README table."""
    source = CLIPS_DIR / MEMORY_CLIP
    print(f"memory: {MEMORY_CLIP} ×1 against ×{LONGER_TIMES}, model {model}", flush=True)
    meta = start_metadata(model=model, command="python -m hingecoach analyze CLIP --json -q")
    with tempfile.TemporaryDirectory(prefix="hingecoach-bench-") as tmp:
        # Both inputs go through the same encoder, so only their length differs.
        inputs = {"short": Path(tmp) / "x1.mp4", "longer": Path(tmp) / f"x{LONGER_TIMES}.mp4"}
        loop_video(source, inputs["short"], 1)
        loop_video(source, inputs["longer"], LONGER_TIMES)
        measured = _measure(inputs, Path(tmp), model)
    short, longer = measured["short"], measured["longer"]
    ratio = longer["peak_rss_mb"] / short["peak_rss_mb"]
    frame_mb = 1280 * 720 * 3 / 2**20  # one decoded RGB frame of the 720p clip
    extra_mb = (longer["frames"] - short["frames"]) * frame_mb
    made_by = f"{MEMORY_CLIP} decoded and re-encoded (libx264 CRF 18) into a temporary file"
    payload = {
        "meta": finish_metadata(meta),
        "clip": MEMORY_CLIP,
        "repeats": REPEATS,
        "short": {**short, "made_by": f"{made_by}, once"},
        "longer": {**longer, "made_by": f"{made_by}, {LONGER_TIMES} times in a row"},
        "ratio_longer_to_short": round(ratio, 4),
        "rgb_frames_if_kept_mb": round(extra_mb, 1),
    }
    write_result("memory", payload)
    update_readme("memory", _table(short, longer, ratio, extra_mb))
    print(
        f"memory: {short['peak_rss_mb']:.0f} MiB → {longer['peak_rss_mb']:.0f} MiB "
        f"(ratio {ratio:.3f})",
        flush=True,
    )
    return payload
