"""The plan, check-in and history pages in Debian's Chromium, under ``script-src 'self'``."""

import shutil
from datetime import timedelta

import pytest

from hingecoach.store.sets import SetStore, utc_now
from hingecoach.web.harness import CHROMIUM, HEADLESS_ARGS, free_port, page_url, running_server
from hingecoach.web.settings import WebSettings

#: The policy another change adds to every page: the pages must work under it.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:"
)


@pytest.fixture
def server(tmp_path, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (make setup installs it)")
    monkeypatch.delenv("HINGECOACH_DB", raising=False)
    data_dir = tmp_path / "sets"
    store = SetStore.open(f"sqlite:///{tmp_path / 'hingecoach.db'}")
    start = utc_now() - timedelta(days=6)
    for day, (score, load) in enumerate([(72, 8), (81, 8), (86, 10), (90, 10)]):
        record = {"rep_count": 8, "score": score, "set_faults": [] if score > 80 else ["rushing"]}
        store.save_set(record, "cli", "ana", variant="dumbbell_rdl", load_kg=load,
                       at=start + timedelta(days=day))
        store.add_pain(2 + day % 2, "after", "ana", at=start + timedelta(days=day, hours=1))
    store.close()
    with running_server(WebSettings(port=free_port(), data_dir=data_dir)) as url:
        yield sync_api, url


def with_csp(route):
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})


def test_plan_check_in_and_history_pages(server, tmp_path):
    sync_api, url = server
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(HEADLESS_ARGS), headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1000})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", with_csp)
            page.goto(page_url(url, "/today?profile=ana"))
            page.wait_for_selector("#prescription", timeout=20_000)
            assert page.locator("#step-title").inner_text().startswith("Step 1 of 5")
            assert page.locator("#flags input[type=checkbox]").count() == 5
            page.fill("#pain-value", "3")
            page.select_option("#pain-when", "before")
            page.click("#save")
            page.wait_for_selector("#answer:has-text('Saved.')", timeout=10_000)
            assert "acceptable 0-3 range" in page.locator("#answer").inner_text()
            page.screenshot(path=str(tmp_path / "today.png"), full_page=True)

            page.fill("#pain-value", "11")
            page.click("#save")  # the browser's own range check stops it first
            assert page.evaluate("document.querySelector('#pain-value').validity.rangeOverflow")

            page.goto(page_url(url, "/history?profile=ana"))
            page.wait_for_selector("#trend .main-svg", timeout=20_000)
            assert page.locator("#sets tr").count() == 4
            assert page.locator("#trend .scatterlayer .trace").count() >= 3
            page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert (tmp_path / "today.png").stat().st_size > 20_000
    assert (tmp_path / "history.png").stat().st_size > 20_000
