"""The live page's body and load fields, in Chromium: stored defaults, checks, the answer.

Chromium's own fake camera (a test pattern, nobody in it) is enough: the fields work
before any rep. The screenshot is kept as ``person_form.png`` under the test's tmp_path.
"""

from hingecoach.store.db import DB_ENV
from hingecoach.store.sets import SetStore, default_profile
from hingecoach.web.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    running_server,
    start_live_page,
    wait_until,
)
from hingecoach.web.settings import WebSettings
from tests.fixtures.browser import require_browser

STATUS = "document.getElementById('person-status')"


def _submit_and_wait(page, expression):
    page.click("#person-form button[type=submit]")
    wait_until(page, expression, 20)
    return page.inner_text("#person-status")


def test_body_and_load_fields(tmp_path, monkeypatch):
    require_browser()
    from playwright.sync_api import sync_playwright

    db = f"sqlite:///{tmp_path / 'own.db'}"
    monkeypatch.setenv(DB_ENV, db)  # this test's own store, with a body entered once
    store = SetStore.open(db)
    try:
        store.set_body_measures(default_profile(), body_mass_kg=58.0, height_m=1.6)
    finally:
        store.close()
    settings = WebSettings(port=free_port(), data_dir=tmp_path / "sets")
    with running_server(settings) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            start_live_page(page)
            wait_until(page, "!!window.hingecoach.person", 30)
            filled = [page.input_value(f"#{name}") for name in ("body-mass", "height", "load")]
            # Checked in the page first: a height in centimetres never leaves it.
            page.fill("#height", "175")
            page.click("#person-form button[type=submit]")
            local = page.inner_text("#person-status")
            invalid = page.get_attribute("#height", "aria-invalid")
            # And on the server, for a page that skips its own checks.
            page.evaluate("document.getElementById('height').removeAttribute('max')")
            served = _submit_and_wait(page, f"{STATUS}.textContent.includes('got 175')")
            page.fill("#body-mass", "62")
            page.fill("#height", "1.64")
            page.fill("#load", "12.5")
            used = _submit_and_wait(page, "window.hingecoach.person.load_kg === 12.5")
            page.locator("#person-form").screenshot(path=str(tmp_path / "person_form.png"))
            received = page.evaluate("window.hingecoach.received")
            wait_until(page, f"window.hingecoach.received > {received}", 20)  # it goes on
        finally:
            browser.close()
    assert filled == ["58", "1.6", ""]
    assert "in metres, e.g. 1.75" in local and invalid == "true"
    assert "Height must be 1-2.5 m (in metres, e.g. 1.75); got 175." in served
    assert "62 kg, 1.64 m, 12.5 kg held" in used and "not a verdict" in used
