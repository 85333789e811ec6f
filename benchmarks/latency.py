"""Live latency: a frame leaving the browser to its result arriving back, and frames/s.

``python -m benchmarks.latency [--clip tby66/0016c_1.mp4] [--camera-fps 15 30]
[--transport http https]``

Runs the real app (uvicorn in a thread) and Debian's Chromium through Playwright with a
clip as the fake camera, for one pass of the clip per camera rate, and reports the
round trip measured in the page (``send -> answer``, and ``capture -> answer`` which adds
the JPEG encoding), the frame rate the server sustained and the reps counted; over plain
HTTP on loopback and over HTTPS as ``serve --phone`` serves it (its self-signed
certificate, token required). Writes
``benchmarks/results/latency.json`` and prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import av
import numpy as np

from benchmarks.clips import CLIPS_DIR, load_manifest
from benchmarks.report import update_readme, write_result
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.web.harness import free_port, make_fake_camera, run_live_page, running_server
from hingecoach.web.phone import ensure_certificate
from hingecoach.web.settings import WebSettings

LEAD_S = 1.0


def expected_reps(relative: str) -> int | None:
    """The clip's ``reps_expected`` in the manifest (None when absent or blank)."""
    return next((c.reps_expected for c in load_manifest() if c.path == relative), None)


def measure(
    clip: Path, camera_fps: int, model: PoseModel, work: Path, transport: str = "http"
) -> dict:
    camera = make_fake_camera(clip, work / f"camera{camera_fps}.y4m", fps=camera_fps)
    with av.open(str(clip)) as container:
        duration_s = container.duration / 1_000_000
    https = transport == "https"
    token = "benchmark-token" if https else None
    settings = WebSettings(
        port=free_port(), data_dir=work / "sets", model=model, token=token, phone=https
    )
    tls = ensure_certificate(work, [settings.host]) if https else None
    with running_server(settings, tls) as url:
        run = run_live_page(url, camera, watch_s=LEAD_S + duration_s + 1.0)
    # The first answers include the model's start-up: leave out the first second.
    skip = camera_fps
    latency = np.array(run.latencies_ms[skip:])
    total = np.array(run.total_ms[skip:])
    return {
        "transport": transport,
        "camera_fps": camera_fps,
        "model": model.value,
        "frames_sent": run.frames_sent,
        "frames_answered": run.frames_received,
        "fps_sustained": round(run.fps, 1),
        "latency_send_to_result_ms": {
            "p50": round(float(np.percentile(latency, 50)), 1),
            "p95": round(float(np.percentile(latency, 95)), 1),
        },
        "latency_capture_to_result_ms": {
            "p50": round(float(np.percentile(total, 50)), 1),
            "p95": round(float(np.percentile(total, 95)), 1),
        },
        "reps_counted": run.rep_count,
        "errors": run.errors,
    }


def markdown(record: dict) -> str:
    lines = [
        f"Live latency on `{record['clip']}` ({record['reps_expected']} reps expected), "
        f"{record['cpus']} CPUs (load {record['load_average_1min_before']} before), "
        "Chromium fake camera 640x360, JPEG q0.7, one frame in flight:",
        "",
        "| transport | camera fps | model | sustained fps | send→result p50 / p95 ms "
        "| capture→result p50 / p95 ms | reps counted |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for run in record["runs"]:
        send, capture = run["latency_send_to_result_ms"], run["latency_capture_to_result_ms"]
        lines.append(
            f"| {run.get('transport', 'http')} | {run['camera_fps']} | {run['model']} "
            f"| {run['fps_sustained']} "
            f"| {send['p50']} / {send['p95']} | {capture['p50']} / {capture['p95']} "
            f"| {run['reps_counted']} / {record['reps_expected']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.latency", description=__doc__)
    parser.add_argument("--clip", default="tby66/0016c_1.mp4", help="clip under the clips dir")
    parser.add_argument("--camera-fps", type=int, nargs="+", default=[15, 30])
    parser.add_argument("--model", choices=[m.value for m in PoseModel], default="full")
    parser.add_argument(
        "--transport", choices=["http", "https"], nargs="+", default=["http", "https"]
    )
    args = parser.parse_args(argv)
    clip = CLIPS_DIR / args.clip
    record = {
        "clip": args.clip,
        "reps_expected": expected_reps(args.clip),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "load_average_1min_before": round(os.getloadavg()[0], 2),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="hingecoach-latency-") as work:
        for transport in args.transport:
            for fps in args.camera_fps:
                model = PoseModel(args.model)
                record["runs"].append(measure(clip, fps, model, Path(work), transport))
    path = write_result("latency", record)
    update_readme("latency", markdown(record))
    print(markdown(record))
    print(f"\nWrote {path}")


def run_latency() -> None:
    """Run with the defaults (for ``python -m benchmarks.run --only latency``)."""
    main([])


if __name__ == "__main__":
    main()
