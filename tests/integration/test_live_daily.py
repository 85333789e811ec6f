"""Daily practice on the live page: picked in the guided start, bends counted and classed.

Chromium (Debian's) with a short real clip as its camera (a pull from the floor, one bend);
screenshots go to the test's tmp dir.
"""


import pytest

from hingecoach.web.bends import BEND_LABELS
from hingecoach.web.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    make_fake_camera,
    start_live_page,
    wait_until,
)
from tests.fixtures.browser import live_server
from tests.fixtures.media import clip_or_skip

pytestmark = [pytest.mark.slow, pytest.mark.clips]
CLIP = "jeffchen/good.mp4"  # 2 s, side-on: rises from the floor once


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from live_server(tmp_path_factory)


def test_daily_practice_shows_good_bends_and_each_bends_class(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, _ = server

    camera = make_fake_camera(clip_or_skip(CLIP), tmp_path / "camera.y4m", lead_s=3.0, tail_s=6.0)
    args = [*CHROMIUM_ARGS, f"--use-file-for-fake-video-capture={camera}"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_selector("#variant option[value='daily']", state="attached")
            page.select_option("#variant", "daily")
            assert "sock off the floor" in page.inner_text("#steps")
            page.screenshot(path=str(tmp_path / "1_daily_start.png"), full_page=True)
            start_live_page(page, "daily")
            wait_until(page, "document.getElementById('bend-class').textContent !== '–'", 90)
            assert page.is_visible("#daily")
            assert page.inner_text("#count-label") == "Bends"
            shown = page.inner_text("#bend-class")
            assert any(shown.startswith(label) for label in BEND_LABELS.values()), shown
            assert int(page.inner_text("#good-bends")) >= 0
            page.screenshot(path=str(tmp_path / "2_daily_bend.png"))
            page.click("#end-set")
            page.wait_for_selector("#card:not([hidden])")
            assert page.inner_text("#card-score").startswith("Good bends (hinges): ")
            page.screenshot(path=str(tmp_path / "3_daily_card.png"), full_page=True)
        finally:
            browser.close()
    for name in ("1_daily_start", "2_daily_bend", "3_daily_card"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
