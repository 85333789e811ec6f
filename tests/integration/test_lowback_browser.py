"""The low-back load in the browser: the report's plots, and the live page's line.

Screenshots are kept under the test's tmp_path (``lowback_report.png``,
``lowback_live.png``) so they can be looked at.
"""

import shutil

import av
import pytest

from hingecoach.analysis.lowback import with_lowback_load
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.lowback.anthropometry import BodyInputs
from hingecoach.report.build import write_report
from hingecoach.web.harness import (
    CHROMIUM,
    HEADLESS_ARGS,
    free_port,
    make_fake_camera,
    running_server,
    start_live_page,
    wait_until,
)
from hingecoach.web.settings import WebSettings
from tests.fixtures.media import clip_or_skip

needs_chromium = pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is absent")


@needs_chromium
def test_report_shows_the_load_per_rep_with_ranges(synthetic_session_factory, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    session = synthetic_session_factory("none", n_reps=3)
    series = LandmarkSeries.from_pose_frames(session.frames)
    result = analyze_landmarks(series, model_name="synthetic")
    result = with_lowback_load(result, BodyInputs.of(75.0, 1.75), None, given_kg=20.0)
    write_report(result, tmp_path / "report")
    shot = tmp_path / "lowback_report.png"
    errors = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(HEADLESS_ARGS), headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((tmp_path / "report" / "report.html").resolve().as_uri())
            page.wait_for_selector("#plot-lowback-moment .main-svg", timeout=20_000)
            page.wait_for_selector("#plot-lowback-compression .main-svg", timeout=20_000)
            # Two bars a rep (as lifted, load kept close), each with its range.
            bars = page.locator("#plot-lowback-moment .bars .point").count()
            whiskers = page.locator("#plot-lowback-moment .errorbar").count()
            caption = page.locator("#lowback").inner_text()
            page.locator("#lowback").screenshot(path=str(shot))
        finally:
            browser.close()
    assert errors == []
    assert bars == whiskers == 2 * result.rep_count
    assert "75 kg, 1.75 m" in caption and "20 kg, given" in caption
    assert "not a verdict on safety" in caption and "context only" in caption.lower()
    assert shot.stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.clips
@needs_chromium
def test_live_page_shows_the_last_reps_load(tmp_path):
    if shutil.which("ffmpeg") is None:
        pytest.skip("needs ffmpeg")
    sync_api = pytest.importorskip("playwright.sync_api")
    clip = clip_or_skip("tby66/0016c_1.mp4")
    camera = make_fake_camera(clip, tmp_path / "camera.y4m", lead_s=1.0, tail_s=3.0)
    with av.open(str(clip)) as container:
        duration_s = container.duration / 1_000_000
    shot = tmp_path / "lowback_live.png"
    from hingecoach.web.harness import CHROMIUM_ARGS

    settings = WebSettings(port=free_port(), data_dir=tmp_path / "sets")
    with running_server(settings) as url, sync_api.sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, f"--use-file-for-fake-video-capture={camera}"]
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(url)
            start_live_page(page)
            wait_until(page, "!!(window.hingecoach && window.hingecoach.firstSentAt !== null)")
            wait_until(
                page,
                "document.getElementById('lowback').textContent.includes('N·m')",
                duration_s + 30,
            )
            text = page.inner_text("#lowback")
            page.locator("#panel").screenshot(path=str(shot))
        finally:
            browser.close()
    assert text.startswith("rep ") and "N·m (" in text and "load kept close" in text
    # The live set has no body or load entered: the line says it is rough.
    assert "assumed" in text
    assert shot.stat().st_size > 5_000
