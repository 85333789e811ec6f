"""End to end over HTTPS: `serve --phone`, a phone paired by its QR code, the computer watching.

Chromium (Debian's) with a real clip as the phone's camera and the generated self-signed
certificate (ignore-certificate-errors stands for accepting it once).
"""


import pytest

from hingecoach.web.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    make_fake_camera,
    running_server,
    start_live_page,
    wait_until,
)
from hingecoach.web.phone import ensure_certificate
from hingecoach.web.settings import WebSettings
from tests.fixtures.browser import require_browser
from tests.fixtures.media import clip_or_skip

pytestmark = [pytest.mark.slow, pytest.mark.clips]
TOKEN = "computer-only-token"


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    require_browser()
    root = tmp_path_factory.mktemp("data")
    tls = ensure_certificate(root, ["127.0.0.1"])
    settings = WebSettings(port=free_port(), data_dir=root / "sets", token=TOKEN, phone=True)
    with running_server(settings, tls) as tokened:
        url = tokened.split("/?", 1)[0]  # the base address: these tests add the token
        yield url


def test_phone_pairs_once_streams_over_https_and_the_computer_coaches(https_server, tmp_path):
    from playwright.sync_api import sync_playwright

    url = https_server
    assert url.startswith("https://127.0.0.1:")
    camera = make_fake_camera(clip_or_skip("tby66/0016c_1.mp4"), tmp_path / "cam.y4m", lead_s=4.0)
    args = [
        *CHROMIUM_ARGS,
        "--ignore-certificate-errors",
        f"--use-file-for-fake-video-capture={camera}",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            # Without the token (or a paired phone's cookie) nothing is served.
            stranger = browser.new_context(ignore_https_errors=True)
            assert stranger.new_page().goto(f"{url}/").status == 401
            assert stranger.request.get(f"{url}/api/phone").status == 401
            # The computer shows the QR code with a one-time pairing address.
            computer = browser.new_context(viewport={"width": 1280, "height": 1000})
            page = computer.new_page()
            page.goto(f"{url}/?token={TOKEN}")
            page.wait_for_selector("#phone-pair:not([hidden]) svg")
            pair_url = page.evaluate("window.hingecoach.phoneUrl")
            assert pair_url.startswith(f"{url}/pair?code=")
            assert "Proceed" in page.inner_text("#phone-cert")
            page.screenshot(path=str(tmp_path / "1_computer_qr.png"), full_page=True)
            watch = computer.new_page()
            watch.goto(f"{url}/watch?token={TOKEN}")
            # The phone opens the QR address: paired, its camera streams over HTTPS.
            phone_context = browser.new_context(viewport={"width": 412, "height": 900})
            phone = phone_context.new_page()
            assert phone.goto(pair_url).status == 200
            assert phone.evaluate("location.pathname") == "/phone"  # the code left the URL
            start_live_page(phone)
            wait_until(phone, "window.hingecoach.received >= 40", 90)
            assert phone.evaluate("window.hingecoach.mode") == "phone"
            assert phone.evaluate("window.hingecoach.errors") == []
            # The same code on another device is refused: it worked once.
            assert browser.new_context().new_page().goto(pair_url).status == 401
            # The computer's screen shows the phone's picture and the coaching.
            wait_until(watch, "window.hingecoach.watched >= 20", 30)
            wait_until(watch, "document.querySelector('#remote').naturalWidth > 0")
            assert watch.inner_text("#cue").strip()
            assert watch.evaluate("window.hingecoach.chairDrawn") > 0  # the overlay is drawn
            watch.screenshot(path=str(tmp_path / "2_computer_watching.png"))
            phone.screenshot(path=str(tmp_path / "3_phone.png"))
            # Ending the set on the computer shows the card on both screens.
            watch.click("#end-set")
            watch.wait_for_selector("#card:not([hidden])")
            wait_until(phone, "window.hingecoach.cards.length === 1")
            watch.screenshot(path=str(tmp_path / "4_computer_card.png"), full_page=True)
        finally:
            browser.close()
    for name in ("1_computer_qr", "2_computer_watching", "3_phone"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
