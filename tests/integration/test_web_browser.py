"""End to end: Chromium with a real clip as its camera counts the reps on the live page."""

import json
import time
from pathlib import Path

import av
import pytest

from hingecoach.form.cues import CUES
from hingecoach.form.profiles import VARIANT_IDS
from hingecoach.web.harness import (
    CHROMIUM,
    make_fake_camera,
    page_url,
    run_live_page,
)
from tests.fixtures.browser import live_server
from tests.fixtures.media import clip_or_skip

pytestmark = [pytest.mark.slow, pytest.mark.clips]
LEAD_S = 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from live_server(tmp_path_factory)


def one_pass(url, clip: Path, tmp_path: Path):
    """Watch the page for one pass of the clip (the fake camera loops it)."""
    camera = make_fake_camera(clip, tmp_path / "camera.y4m", lead_s=LEAD_S, tail_s=3.0)
    with av.open(str(clip)) as container:
        duration_s = container.duration / 1_000_000
    screenshot = tmp_path / f"live_{clip.stem}.png"
    # The count is read while the held last frame plays: after the clip, before the loop.
    run = run_live_page(url, camera, watch_s=LEAD_S + duration_s + 1.0, screenshot=screenshot)
    return run, screenshot


def test_live_page_counts_a_clean_set(server, tmp_path):
    url, _ = server
    run, screenshot = one_pass(url, clip_or_skip("tby66/0016c_1.mp4"), tmp_path)
    assert run.errors == []
    assert run.fps >= 8, f"only {run.fps:.1f} frames/s reached the server"
    assert run.rep_count == 10
    assert screenshot.stat().st_size > 10_000


def test_live_page_coaches_a_squatted_set(server, tmp_path):
    url, data_dir = server
    run, screenshot = one_pass(url, clip_or_skip("tby66/0016k_1.mp4"), tmp_path)
    assert run.rep_count == 10
    fault_cues = [cue["text"] for cue in run.cues if cue["kind"] == "fault"]
    assert fault_cues, f"no fault cue among {run.cues}"
    assert set(fault_cues) <= set(CUES.values())
    assert run.cue_text in CUES.values()
    assert screenshot.exists()
    # Closing the page ended the session; its finished set was saved.
    deadline = time.monotonic() + 10
    while not list(data_dir.glob("set-*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(data_dir.glob("set-*.json"))
    # The set says which exercise it was judged as, recognised (the page picked none).
    record = json.loads(sorted(data_dir.glob("set-*.json"))[-1].read_text(encoding="utf-8"))
    assert record["exercise"]["source"] == "recognised"
    assert record["exercise"]["id"] in VARIANT_IDS and record["exercise"]["text"]


def test_upload_page_shows_the_result_and_report(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, _ = server
    clip = clip_or_skip("jeffchen/good.mp4")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.goto(page_url(url, "/upload"))
            assert "token" not in page.url  # moved into a cookie, out of the address bar
            page.set_input_files("#file", str(clip))
            page.wait_for_selector("text=The uploaded copy has been deleted", timeout=60_000)
            assert "1 rep ·" in page.inner_text("#result")
            page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)
            link = page.query_selector("#report-link")
            if link is not None:
                assert page.request.get(page_url(url, link.get_attribute("href"))).ok
        finally:
            browser.close()
