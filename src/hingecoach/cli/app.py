"""The ``hingecoach`` command line: an edge that turns requests into analyses."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape

import hingecoach
from hingecoach.analysis.exercise import check_exercise_name
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.result import SessionResult
from hingecoach.cli import lowback as lowback_commands
from hingecoach.cli import program as program_commands
from hingecoach.cli.batch import batch
from hingecoach.cli.extras import require_extra
from hingecoach.cli.flags import FlagsGroup
from hingecoach.cli.render import print_analysis
from hingecoach.cli.reporting import (
    EmbedVideoOption,
    ReportOption,
    progress_bar,
    rerender_report_folder,
    write_report_folder,
)
from hingecoach.cli.serve import serve
from hingecoach.cli.share import share
from hingecoach.daily import DAILY
from hingecoach.errors import HingecoachError, InputError
from hingecoach.export.config_toml import read_config
from hingecoach.export.json_export import session_to_dict, write_json, write_kinematics_csv
from hingecoach.export.paths import check_output_file, check_output_folder
from hingecoach.form.profiles import AUTO, VARIANT_IDS
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.pose.backends import DEFAULT_POSE_BACKEND, PoseBackend
from hingecoach.pose.mediapipe_backend import PoseModel

app = typer.Typer(
    name="hingecoach",
    cls=FlagsGroup,
    help="An offline, private coach for the hip hinge. No video leaves this machine.",
    no_args_is_help=True,
    add_completion=False,
)
JsonOption = Annotated[Path | None, typer.Option("--json", help="Write the analysis JSON here.")]
CsvOption = Annotated[
    Path | None, typer.Option("--csv", help="Write per-frame kinematics CSV here.")
]
FAULT_HELP = (
    "Synthetic variant: none, squatting, rounded_back, shallow, fast, hips_not_back, "
    "leaning_back, rounded_upper_back."
)
PoseBackendOption = Annotated[
    PoseBackend,
    typer.Option(
        "--pose-backend",
        help="MediaPipe API: legacy (Solutions, the default until Tasks matches it) or tasks.",
    ),
]
console = Console()
error_console = Console(stderr=True)


def _check_outputs(
    inputs: list[Path],
    json_path: Path | None = None,
    csv_path: Path | None = None,
    report_dir: Path | None = None,
) -> None:
    """Check every output path before any pose runs (one sentence and exit 2 if wrong)."""
    if json_path is not None:
        check_output_file(json_path, "--json", inputs=inputs)
    if csv_path is not None:
        check_output_file(csv_path, "--csv", inputs=inputs)
    if json_path is not None and csv_path is not None and json_path == csv_path:
        raise HingecoachError(f"--json and --csv both name {json_path}; pass two file names.")
    if report_dir is not None:
        from hingecoach.report.build import check_report_folder

        check_output_folder(report_dir, "--report")
        check_report_folder(report_dir)


def _write_outputs(result: SessionResult, json_path: Path | None, csv_path: Path | None) -> None:
    if json_path is not None:
        write_json(json_path, result)
        console.print(f"Wrote {json_path}")
    if csv_path is not None:
        write_kinematics_csv(csv_path, result)
        console.print(f"Wrote {csv_path}")


def _print_version(value: bool) -> None:
    if value:
        console.print(f"hingecoach {hingecoach.__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """An offline, private coach for the hip hinge. No video leaves this machine."""


@app.command()
def analyze(
    video: Annotated[Path, typer.Argument(help="Video file of a set of hinges.")],
    json_path: JsonOption = None,
    csv_path: CsvOption = None,
    model: Annotated[
        PoseModel, typer.Option(help="Pose model: lite is fastest, heavy most accurate.")
    ] = PoseModel.FULL,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or tables.")
    ] = False,
    calibration_path: Annotated[
        Path | None,
        typer.Option("--calibration", help="Your own back range, from `hingecoach calibrate`."),
    ] = None,
    report_dir: ReportOption = None,
    embed_video: EmbedVideoOption = False,
    no_store: program_commands.NoStoreOption = False,
    load_kg: program_commands.LoadOption = None,
    body_mass_kg: lowback_commands.BodyMassOption = None,
    height_m: lowback_commands.HeightOption = None,
    db: program_commands.DbOption = None,
    profile: program_commands.ProfileOption = None,
    exercise: Annotated[
        str,
        typer.Option(
            "--exercise",
            help="The hinge variant: auto (recognise it), daily (everyday bends) or one of "
            + ", ".join(VARIANT_IDS),
        ),
    ] = AUTO,
    config_path: Annotated[
        Path | None,
        typer.Option("--config", help="A TOML file of thresholds and variant overrides."),
    ] = None,
    aids_text: Annotated[
        str | None,
        typer.Option(
            "--aids",
            help="Learning aids drawn on the report's overlay video: chair, band, tape "
            "(comma-separated; default tape; none for none).",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-w", help="Pose processes (0: one per core; fewer for a short video)."
        ),
    ] = 0,
    pose_backend: PoseBackendOption = DEFAULT_POSE_BACKEND,
) -> None:
    """Count and measure every hinge rep in a video file, and coach its form."""
    from hingecoach.analysis.video import analyze_video
    from hingecoach.export.calibration_json import read_calibration
    from hingecoach.report.draw import parse_aids
    from hingecoach.source.video_file import probe_video

    # The options first (they are told whatever the video), then the video and the outputs,
    # all before the progress bar and before any pose runs.
    aids = None if aids_text is None else parse_aids(aids_text)
    if aids is not None and report_dir is None:
        raise InputError("--aids draws on the report's overlay video; add --report DIR.")
    if report_dir is not None:  # before pose runs, not after it
        require_extra("report", "A report (--report)")
    if workers < 0:
        raise typer.BadParameter(f"--workers must be 0 or more, got {workers}.")
    calibration = read_calibration(calibration_path) if calibration_path else None
    params = read_config(config_path) if config_path else AnalysisParams()
    check_exercise_name(exercise, params)  # an unknown name fails before the tracking
    probe_video(video)
    _check_outputs([video], json_path, csv_path, report_dir)

    person = lowback_commands.person_for_analysis(
        params,
        body_mass_kg=body_mass_kg,
        height_m=height_m,
        load_kg=load_kg,
        db=db,
        profile=profile,
        use_store=not no_store,
    )
    with progress_bar(error_console, f"Tracking {video.name}", quiet=quiet) as on_progress:
        result = analyze_video(
            video,
            model=model,
            on_progress=on_progress,
            calibration=calibration,
            params=params,
            exercise=exercise,
            workers=workers,
            backend=pose_backend,
            person=person,
        )
    if not quiet:
        print_analysis(console, result, title=video.name)
    _write_outputs(result, json_path, csv_path)
    if report_dir is not None:
        write_report_folder(
            console,
            error_console,
            result,
            report_dir,
            quiet=quiet,
            embed_video=embed_video,
            aids=aids,
        )
    if not no_store:
        record = session_to_dict(result)
        console.print(program_commands.store_analysis(record, db, profile, load_kg))


@app.command()
def calibrate(
    video: Annotated[
        Path,
        typer.Argument(
            help="Side-on video: stand tall; hinge with a long spine and hold; then slump "
            "the back on purpose and hold."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to save the calibration.")] = Path(
        "calibration.json"
    ),
    model: Annotated[PoseModel, typer.Option(help="Pose model.")] = PoseModel.FULL,
) -> None:
    """Measure your own back range (neutral and slumped) for the virtual tape test."""
    from hingecoach.analysis.calibrate import calibrate_video
    from hingecoach.export.calibration_json import write_calibration

    check_output_file(out, "--out", inputs=[video])
    with console.status(f"Tracking {video.name}"):
        calibration = calibrate_video(video, model=model)
    write_calibration(out, calibration)
    console.print(
        f"Calibrated from {video.name} ({calibration.source.value}, confidence "
        f"{calibration.confidence:.0%}): slumped extreme ≈ {calibration.rounded_bend_deg:.0f}° "
        f"of lower-back bend. Saved {out}; use it with "
        f"`hingecoach analyze VIDEO --calibration {out}`."
    )


@app.command()
def demo(
    fault: Annotated[str, typer.Option(help=FAULT_HELP)] = "none",
    reps: Annotated[int, typer.Option(min=1, max=100, help="Reps in the synthetic set.")] = 5,
    json_path: JsonOption = None,
    csv_path: CsvOption = None,
    report_dir: Annotated[
        Path, typer.Option("--report", help="Write the set's report folder here.")
    ] = Path("hingecoach-demo-report"),
    variant: Annotated[
        str,
        typer.Option(
            help="Synthetic variant: loaded, hands_at_waist, dowel, band, good_morning, "
            "floor_deadlift; or daily (everyday bends: pick-ups and a sink lean)."
        ),
    ] = "loaded",
) -> None:
    """Analyse a built-in synthetic set (a biomechanical model of a hinge): no camera needed."""
    from dataclasses import replace

    from hingecoach.synthetic import synthetic_session
    from hingecoach.synthetic.silhouette import measure_synthetic_contours

    _check_outputs([], json_path, csv_path, report_dir)
    if variant == DAILY:
        from hingecoach.synthetic.daily import daily_scene

        session = daily_scene().session
    else:
        session = synthetic_session(
            fault, n_reps=reps, noise_px=1.5, dropout_fraction=0.02, variant=variant
        )
    series = LandmarkSeries.from_pose_frames(session.frames)
    # The model's silhouette gives the virtual tape its outline of the lower back.
    contours, lines = measure_synthetic_contours(session)
    result = analyze_landmarks(series, model_name="synthetic-hinge-model", contours=contours)
    result = replace(result, tape_line_xy_px=lines[0 if session.truth.facing == 1 else 1])
    title = f"Synthetic set: {session.fault.value}, {reps} reps"
    print_analysis(console, result, "Synthetic everyday bends" if variant == DAILY else title)
    console.print(
        f"Ground truth: {len(session.truth.rep_start_s)} reps; counted: {result.rep_count}."
    )
    _write_outputs(result, json_path, csv_path)
    write_report_folder(console, error_console, result, report_dir)


@app.command()
def report(
    analysis_json: Annotated[
        Path, typer.Argument(help="analysis.json of a report folder (from --report).")
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    embed_video: EmbedVideoOption = False,
) -> None:
    """Render a report folder again from its saved data, without running pose again."""
    rerender_report_folder(
        console, error_console, analysis_json, quiet=quiet, embed_video=embed_video
    )


app.command()(serve)
app.command()(share)
program_commands.register(app)
app.command()(lowback_commands.body)
app.command()(batch)


def _click_exception_type() -> type[Exception]:
    """Click's exception base: typer >= 0.2x vendors click, older typer uses the package."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:
        from click import ClickException as PackageClickException

        return PackageClickException
    return ClickException


def _print_error(message: str) -> None:
    """Print one sentence on stderr, unwrapped and unparsed (paths may hold ``[``)."""
    error_console.print(
        f"[red]hingecoach:[/red] {escape(message)}", soft_wrap=True, highlight=False
    )


def _quiet_native_log_defaults() -> None:
    """Ask TF Lite and absl for warnings and errors only (a user may set them otherwise).

    They read these before a graph starts; they cut the noise that the short fd
    redirection around model start-up does not reach. Set here, at the edge, so that
    importing the library leaves the process's environment alone.
    """
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main() -> None:
    """Entry point: run the app, turning known problems into one sentence and exit code 2."""
    _quiet_native_log_defaults()
    logging.basicConfig(
        level=logging.WARNING, handlers=[RichHandler(console=error_console)], format="%(message)s"
    )
    click_exception = _click_exception_type()
    try:
        app(standalone_mode=False)
    except HingecoachError as error:
        _print_error(str(error))
        raise SystemExit(2) from None
    except typer.Exit as exit_:
        raise SystemExit(exit_.exit_code) from None
    except typer.Abort:
        _print_error("aborted.")
        raise SystemExit(130) from None
    except click_exception as error:  # usage errors arrive here in non-standalone mode
        _print_error(_usage_sentence(error))
        raise SystemExit(2) from None
    except OSError as error:  # e.g. a disk that filled up while writing
        reason = (error.strerror or str(error)).lower()
        where = f"{error.filename}: " if error.filename else ""
        _print_error(f"{where}{reason}; check the path, its permissions and the free space.")
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        _print_error("interrupted; nothing half-written was left behind.")
        raise SystemExit(130) from None
    except Exception as error:  # a bug: still one sentence, never a traceback on screen
        if os.environ.get("HINGECOACH_DEBUG"):
            raise
        logging.getLogger(__name__).debug("Unexpected error", exc_info=True)
        _print_error(
            f"unexpected internal error ({type(error).__name__}: {str(error)[:200]}); "
            "please report it, and set HINGECOACH_DEBUG=1 to see the details."
        )
        raise SystemExit(3) from None


def _usage_sentence(error: Exception) -> str:
    """A Click usage error as one sentence with the command to get help."""
    message = " ".join(str(getattr(error, "format_message", lambda: error)()).split())
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "hingecoach"
    return f"{message.rstrip('.')}; run `{command} --help` for the usage."
