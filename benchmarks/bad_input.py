"""A corpus of bad inputs, each run through the real command line in this process.

``python -m benchmarks.bad_input`` builds every case into a temporary folder, runs
``hingecoach`` on it (``hingecoach.cli.app.main`` with its own ``sys.argv``, stderr captured)
and writes the outcome table into ``benchmarks/README.md`` (section ``bad_input``) and
``benchmarks/results/bad_input.json``. ``tests/integration/test_bad_input_corpus.py``
asserts that every case exits 2 with one sentence and no traceback.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

Build = Callable[[Path], list[str]]


@dataclass(frozen=True, slots=True)
class Case:
    """One bad input: its name, what it is, and how to build it and its command line."""

    name: str
    what: str
    build: Build


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the command line did with one case."""

    name: str
    what: str
    exit_code: int
    stderr: str
    seconds: float

    @property
    def one_sentence(self) -> bool:
        """Exactly one non-empty line, with no traceback."""
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return len(lines) == 1 and "Traceback" not in self.stderr


# --- small media made here ------------------------------------------------------------------


def _video(path: Path, n_frames: int = 12, size: tuple[int, int] = (64, 48), **opts) -> Path:
    rng = np.random.default_rng(0)
    with av.open(str(path), mode="w", options=opts) as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for _ in range(n_frames):
            rgb = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                container.mux(packet)
        if n_frames == 0:
            container.start_encoding()  # the header, with a video stream and no frame
        for packet in stream.encode():
            container.mux(packet)
    return path


def _audio(path: Path) -> Path:
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("aac", rate=16000, layout="mono")
        tone = (0.3 * np.sin(np.arange(16000) / 16000 * 2 * np.pi * 440)).astype(np.float32)
        for start in range(0, tone.size, 1024):
            frame = av.AudioFrame.from_ndarray(
                tone[start : start + 1024].reshape(1, -1), format="fltp", layout="mono"
            )
            frame.sample_rate = 16000
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def _y4m(path: Path, width: int, height: int, frame_bytes: int = 64) -> Path:
    header = f"YUV4MPEG2 W{width} H{height} F25:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + b"\x80" * frame_bytes)
    return path


def _image(path: Path, ext: str) -> Path:
    import cv2

    ok, data = cv2.imencode(ext, np.full((48, 64, 3), 120, dtype=np.uint8))
    assert ok
    path.write_bytes(data.tobytes())
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _report(folder: Path) -> Path:
    """A complete, good report folder made from the synthetic set (no pose)."""
    from hingecoach.analysis.offline import analyze_landmarks
    from hingecoach.kinematics.series import LandmarkSeries
    from hingecoach.report.data import report_data_from_result, save_report_data
    from hingecoach.synthetic import synthetic_session

    session = synthetic_session("none", n_reps=1, noise_px=1.0)
    result = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="x")
    save_report_data(folder, report_data_from_result(result))
    return folder / "analysis.json"


# --- the cases ------------------------------------------------------------------------------


def _analyze(make: Callable[[Path], Path]) -> Build:
    return lambda tmp: ["analyze", str(make(tmp)), "--quiet"]


def _with_output(option: str, make: Callable[[Path], Path]) -> Build:
    def build(tmp: Path) -> list[str]:
        video = _video(tmp / "ok.mp4")
        return ["analyze", str(video), "--quiet", option, str(make(tmp))]

    return build


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _file_parent(tmp: Path, name: str) -> Path:
    (tmp / "plain.txt").write_text("x")
    return tmp / "plain.txt" / name


def _foreign_folder(tmp: Path) -> Path:
    (tmp / "mine").mkdir()
    (tmp / "mine" / "holiday.jpg").write_bytes(b"x")
    return tmp / "mine"


def _damaged_report(damage: Callable[[Path], None]) -> Build:
    def build(tmp: Path) -> list[str]:
        analysis = _report(tmp / "rep")
        damage(analysis.parent)
        return ["report", str(analysis), "--quiet"]

    return build


def _truncate(path: Path, share: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * share)])


def _npz_without_t(folder: Path) -> None:
    with np.load(folder / "frames.npz") as npz:
        arrays = {k: npz[k] for k in npz.files if k != "t_s"}
    np.savez(folder / "frames.npz", **arrays)


def _npz_short_array(folder: Path) -> None:
    with np.load(folder / "frames.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["hip_flexion_deg"] = arrays["hip_flexion_deg"][:3]
    np.savez(folder / "frames.npz", **arrays)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


def _half_mp4(tmp: Path) -> Path:
    whole = _video(tmp / "whole.mp4", n_frames=30).read_bytes()
    return _write(tmp / "half.mp4", whole[: len(whole) // 2])


def _no_frames(tmp: Path) -> Path:
    return _video(tmp / "noframes.mp4", n_frames=0)


def _bad_calibration(text: str) -> Build:
    def build(tmp: Path) -> list[str]:
        video = _video(tmp / "ok.mp4")
        (tmp / "cal.json").write_text(text)
        return ["analyze", str(video), "--calibration", str(tmp / "cal.json"), "--quiet"]

    return build


def cases() -> list[Case]:
    """Every case of the corpus."""
    a = _analyze
    out = _with_output
    return [
        Case("missing", "a path that does not exist", a(lambda t: t / "nope.mp4")),
        Case("zero_bytes", "an empty file", a(lambda t: _write(t / "empty.mp4", b""))),
        Case("folder", "a folder instead of a video", a(lambda t: t)),
        Case("fifo", "a FIFO (named pipe)", a(lambda t: _fifo(t / "pipe.mp4"))),
        Case("dangling_link", "a symlink to nothing", a(lambda t: _link(t, "gone"))),
        Case("link_loop", "a symlink pointing at itself", a(lambda t: _loop(t))),
        Case("through_file", "a path through a file", a(lambda t: _file_parent(t, "v.mp4"))),
        Case("long_name", "a file name of 300 characters", a(lambda t: t / ("x" * 300))),
        Case(
            "text_as_mp4", "a text file named .mp4", a(lambda t: _write(t / "n.mp4", b"3x5 " * 99))
        ),
        Case(
            "random_bytes",
            "64 KB of random bytes",
            a(lambda t: _write(t / "r.mp4", os.urandom(65536))),
        ),
        Case("one_byte", "a single byte", a(lambda t: _write(t / "b.mp4", b"\0"))),
        Case("zeros", "1 MB of zero bytes", a(lambda t: _write(t / "z.mov", b"\0" * 1_000_000))),
        Case(
            "pdf_as_mp4",
            "a PDF header named .mp4",
            a(lambda t: _write(t / "p.mp4", b"%PDF-1.4\n" * 50)),
        ),
        Case(
            "zip_as_mp4", "a ZIP archive named .mp4", a(lambda t: _write(t / "z.mp4", _zip_bytes()))
        ),
        Case(
            "gzip_as_webm",
            "gzip data named .webm",
            a(lambda t: _write(t / "g.webm", gzip.compress(b"x" * 999))),
        ),
        Case(
            "html_as_mkv",
            "an HTML page named .mkv",
            a(lambda t: _write(t / "h.mkv", b"<html>hi</html>" * 40)),
        ),
        Case("audio_only", "an AAC audio file", a(lambda t: _audio(t / "voice.m4a"))),
        Case("truncated_mp4", "the first half of an MP4 (no index)", a(_half_mp4)),
        Case(
            "mp4_header_only",
            "the first 40 bytes of an MP4",
            a(lambda t: _write(t / "h.mp4", _video(t / "w.mp4").read_bytes()[:40])),
        ),
        Case("no_frames", "an MP4 with a video stream and no frames", a(_no_frames)),
        Case(
            "huge_dimensions",
            "a Y4M declaring 16000x16000",
            a(lambda t: _y4m(t / "big.y4m", 16000, 16000)),
        ),
        Case(
            "absurd_dimensions",
            "a Y4M declaring 30000x30000",
            a(lambda t: _y4m(t / "big.y4m", 30000, 30000)),
        ),
        Case("zero_dimensions", "a Y4M declaring 0x0", a(lambda t: _y4m(t / "zero.y4m", 0, 0))),
        Case(
            "y4m_cut", "a Y4M whose only frame is cut off", a(lambda t: _y4m(t / "cut.y4m", 64, 48))
        ),
        Case(
            "png_as_mov", "a blank PNG picture named .mov", a(lambda t: _image(t / "i.mov", ".png"))
        ),
        Case(
            "nobody", "a 1.2 s video of noise (nobody in it)", a(lambda t: _video(t / "noise.mp4"))
        ),
        Case("json_is_folder", "--json naming a folder", out("--json", lambda t: t)),
        Case(
            "json_parent_file",
            "--json inside a file",
            out("--json", lambda t: _file_parent(t, "r.json")),
        ),
        Case("json_fifo", "--json naming a FIFO", out("--json", lambda t: _fifo(t / "o.json"))),
        Case("csv_is_input", "--csv naming the input video", out("--csv", lambda t: t / "ok.mp4")),
        Case(
            "report_is_file",
            "--report naming a file",
            out("--report", lambda t: _write(t / "f", b"x")),
        ),
        Case(
            "report_foreign",
            "--report naming a folder of other files",
            out("--report", _foreign_folder),
        ),
        Case(
            "report_parent_file",
            "--report inside a file",
            out("--report", lambda t: _file_parent(t, "r")),
        ),
        Case(
            "calibration_missing",
            "--calibration naming no file",
            lambda t: ["analyze", str(_video(t / "ok.mp4")), "--calibration", str(t / "none.json")],
        ),
        Case("calibration_garbage", "--calibration of broken JSON", _bad_calibration("{oops")),
        Case("calibration_empty_object", "--calibration of {}", _bad_calibration("{}")),
        Case("calibration_list", "--calibration of a JSON list", _bad_calibration("[1, 2]")),
        Case(
            "calibrate_out_folder",
            "calibrate --out naming a folder",
            lambda t: ["calibrate", str(_video(t / "ok.mp4")), "--out", str(t)],
        ),
        Case(
            "report_missing",
            "report on a missing analysis.json",
            lambda t: ["report", str(t / "analysis.json")],
        ),
        Case(
            "report_not_a_report",
            "report on a folder of other files",
            lambda t: ["report", str(_foreign_folder(t))],
        ),
        Case(
            "report_json_garbage",
            "report with a broken analysis.json",
            _damaged_report(lambda f: (f / "analysis.json").write_text("{")),
        ),
        Case(
            "report_json_list",
            "report with analysis.json a list",
            _damaged_report(lambda f: (f / "analysis.json").write_text("[]")),
        ),
        Case(
            "report_npz_zero",
            "report with a 0-byte frames.npz",
            _damaged_report(lambda f: (f / "frames.npz").write_bytes(b"")),
        ),
        Case(
            "report_npz_half",
            "report with half a frames.npz",
            _damaged_report(lambda f: _truncate(f / "frames.npz", 0.5)),
        ),
        Case(
            "report_npz_no_t",
            "report with frames.npz missing an array",
            _damaged_report(_npz_without_t),
        ),
        Case(
            "report_npz_short",
            "report with frames.npz arrays of unequal length",
            _damaged_report(_npz_short_array),
        ),
        Case(
            "report_npz_missing",
            "report without frames.npz",
            _damaged_report(lambda f: (f / "frames.npz").unlink()),
        ),
        Case(
            "bad_model",
            "--model of an unknown name",
            lambda t: ["analyze", "x.mp4", "--model", "huge"],
        ),
        Case("unknown_option", "an unknown option", lambda t: ["analyze", "x.mp4", "--fast"]),
        Case("missing_argument", "analyze without a video", lambda t: ["analyze"]),
        Case("unknown_command", "a command that does not exist", lambda t: ["analyse", "x.mp4"]),
        Case(
            "demo_bad_fault",
            "demo with an unknown fault",
            lambda t: ["demo", "--fault", "wobbly", "--report", str(t / "r")],
        ),
        Case(
            "demo_zero_reps",
            "demo with 0 reps",
            lambda t: ["demo", "--reps", "0", "--report", str(t / "r")],
        ),
        Case("serve_bad_port", "serve on port 70000", lambda t: ["serve", "--port", "70000"]),
        Case(
            "serve_lan_no_token",
            "serve on 0.0.0.0 without a token",
            lambda t: ["serve", "--host", "0.0.0.0"],
        ),
        Case(
            "serve_data_dir_file",
            "serve with --data-dir naming a file",
            lambda t: ["serve", "--port", "1", "--data-dir", str(_write(t / "d", b"x"))],
        ),
    ]


def _link(tmp: Path, target: str) -> Path:
    link = tmp / "link.mp4"
    link.symlink_to(tmp / target)
    return link


def _loop(tmp: Path) -> Path:
    link = tmp / "loop.mp4"
    link.symlink_to(link)
    return link


# --- running ------------------------------------------------------------------------------


def run_in_process(args: list[str]) -> tuple[int, str]:
    """Run ``hingecoach *args`` in this process; return its exit code and stderr."""
    from hingecoach.cli.app import main

    stderr, stdout = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["hingecoach", *args]
    code = 0
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.argv = argv
    return code, stderr.getvalue()


def run_case(case: Case, tmp: Path) -> Outcome:
    """Build one case in its own folder under ``tmp`` and run it."""
    folder = tmp / case.name
    folder.mkdir(parents=True)
    args = case.build(folder)
    started = time.perf_counter()
    code, stderr = run_in_process(args)
    return Outcome(case.name, case.what, code, stderr.strip(), time.perf_counter() - started)


def table(outcomes: list[Outcome], tmp: Path) -> str:
    """The README table: case, exit code, one line or not, and the sentence."""
    rows = ["| case | input | exit | one line | message |", "|---|---|---:|:---:|---|"]
    for outcome in outcomes:
        message = outcome.stderr.replace(str(tmp), "TMP").replace("|", "\\|")
        message = message.replace("\n", " ⏎ ")
        rows.append(
            f"| {outcome.name} | {outcome.what} | {outcome.exit_code} | "
            f"{'yes' if outcome.one_sentence else 'NO'} | {message} |"
        )
    good = sum(o.exit_code == 2 and o.one_sentence for o in outcomes)
    rows.append("")
    rows.append(f"{good}/{len(outcomes)} cases exit 2 with one sentence and no traceback.")
    return "\n".join(rows)


def main() -> None:
    """Run the corpus and write its table and JSON."""
    import tempfile

    from benchmarks.report import run_metadata, update_readme, write_result

    with tempfile.TemporaryDirectory(prefix="hingecoach-corpus-") as name:
        tmp = Path(name)
        outcomes = [run_case(case, tmp) for case in cases()]
        update_readme("bad_input", table(outcomes, tmp))
        write_result(
            "bad_input",
            {
                **run_metadata(),
                "cases": [
                    {
                        "name": o.name,
                        "input": o.what,
                        "exit_code": o.exit_code,
                        "one_sentence": o.one_sentence,
                        "stderr": o.stderr.replace(str(tmp), "TMP"),
                        "seconds": round(o.seconds, 3),
                    }
                    for o in outcomes
                ],
            },
        )
    print(json.dumps({o.name: o.exit_code for o in outcomes}))


if __name__ == "__main__":
    main()
