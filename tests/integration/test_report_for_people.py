"""The report a patient reads and the PDF a physio files, on a synthetic set with every fault.

Screenshots (1280 and 400 px wide) and the PDF's pages as PNG are saved under the test's
tmp_path (pytest keeps the last runs' folders) so they can be looked at.
"""

import json
import re
import shutil
import subprocess
import zipfile

import numpy as np
import pytest

from hingecoach.form.explain import explain_fault
from hingecoach.form.findings import FaultCode
from hingecoach.report.build import render_report, write_report
from hingecoach.report.data import report_data_from_result
from hingecoach.web.harness import CHROMIUM, HEADLESS_ARGS
from tests.fixtures.all_faults import all_faults_result
from tests.fixtures.cli import run_hingecoach
from tests.fixtures.media import write_video

needs_chromium = pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is absent")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm, pdftotext) is absent"
)


def words(text: str) -> str:
    """Text with its whitespace (line breaks of a PDF or a layout) folded to single spaces."""
    return " ".join(text.split())


def explanations():
    for code in FaultCode:
        text = explain_fault(code)
        yield code, (text.name, text.what, text.why, text.good)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, synthetic_session_factory):
    folder = tmp_path_factory.mktemp("people") / "report"
    write_report(all_faults_result(synthetic_session_factory), folder)
    return folder


def look_at(page, html, width, shot):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(html.resolve().as_uri())
    page.wait_for_selector(".plot .main-svg", timeout=20_000)
    page.screenshot(path=str(shot), full_page=True)
    return {
        "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
        "faults_text": words(page.locator("#faults").inner_text()),
        "frame_tops": page.evaluate(
            "[...document.querySelectorAll('figure.key-frame')]"
            ".map(f => Math.round(f.getBoundingClientRect().top))"
        ),
    }


@needs_chromium
def test_report_reads_well_at_desktop_and_phone_widths(report_dir, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    errors = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(HEADLESS_ARGS), headless=True
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            seen = {
                width: look_at(page, report_dir / "report.html", width, tmp_path / f"r{width}.png")
                for width in (1280, 400)
            }
            # A key frame enlarges in place when selected (a <details>, no script).
            before = page.locator("figure.key-frame img").first.bounding_box()["width"]
            page.locator("figure.key-frame summary").first.click()
            after = page.locator("figure.key-frame img").first.bounding_box()["width"]
            # Printed, the fault explanations are there in full (nothing hover-only).
            page.emulate_media(media="print")
            printed = words(page.locator("#faults").inner_text())
        finally:
            browser.close()
    assert errors == []
    for width, view in seen.items():
        assert view["scroll_width"] <= width, f"sideways scrolling at {width} px"
        assert (tmp_path / f"r{width}.png").stat().st_size > 50_000
        for code, texts in explanations():
            for text in texts:
                assert words(text) in view["faults_text"], (width, code)
    assert len(set(seen[400]["frame_tops"])) > 1  # the key frames wrap onto rows
    assert after > 1.5 * before
    for _, texts in explanations():
        assert all(words(text) in printed for text in texts)


def test_report_puts_a_good_reference_beside_each_fault(report_dir):
    page = (report_dir / "report.html").read_text()
    for code in FaultCode:
        card = re.search(
            rf'<article class="fault" id="fault-{code.value}">(.*?)</article>', page, re.S
        )
        assert card is not None, code
        svgs = re.findall(r'<svg class="stick"', card.group(1))
        assert len(svgs) == 2, code  # the person's rep and the good model, same phase
        assert "Good hinge, " in card.group(1) and "Drill" in card.group(1)
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"<[^>]+\son\w+=", markup)  # no inline event handlers


def test_embed_video_puts_the_overlay_in_the_page_with_its_size(
    tmp_path, synthetic_session_factory
):
    result = all_faults_result(synthetic_session_factory)
    data = report_data_from_result(result)
    video = write_video(
        tmp_path / "set.mp4", (np.full((180, 320, 3), 90, np.uint8) for _ in range(data.n_frames))
    )
    data.summary["provenance"].setdefault("input", {})["path"] = str(video)
    files = render_report(data, tmp_path / "report", embed_overlay=True)
    page = files.html.read_text()
    size_mb = files.overlay.stat().st_size / 1e6
    assert "data:video/mp4;base64," in page
    assert f"inside this page ({size_mb:.1f} MB)" in page
    plain = render_report(data, tmp_path / "plain").html.read_text()
    assert "data:video/mp4" not in plain and 'src="overlay.mp4"' in plain


@needs_chromium
@needs_poppler
def test_share_prints_a_pdf_with_every_explanation_and_zips_the_data(report_dir, tmp_path):
    pdf = tmp_path / "share" / "set.pdf"
    done = run_hingecoach("share", str(report_dir), "--out", str(pdf), timeout=300)
    assert done.returncode == 0, done.stderr
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3 and all(p.stat().st_size > 5_000 for p in pages)
    text = words(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
    )
    for code, texts in explanations():
        for part in texts:
            assert words(part) in text, (code, part)
    assert "summary for your clinician" in text and "not a diagnosis" in text
    # Stick figures and plots are vector drawings: no video picture is in the PDF.
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(images.stdout.strip().splitlines()) == 2  # the listing's two heading lines
    with zipfile.ZipFile(pdf.with_suffix(".zip")) as bundle:
        assert bundle.namelist() == ["analysis.json", "kinematics.csv", "markers.trc"]
        assert json.loads(bundle.read("analysis.json"))["rep_count"] == 5


@needs_chromium
@needs_poppler
def test_share_with_frames_puts_pictures_in_the_pdf(report_dir, tmp_path):
    pdf = tmp_path / "frames.pdf"
    done = run_hingecoach("share", str(report_dir), "--with-frames", "--out", str(pdf), timeout=300)
    assert done.returncode == 0, done.stderr
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(images.stdout.strip().splitlines()) - 2 >= 5  # a picture per rep


def test_share_refuses_a_folder_without_a_report_in_one_sentence(tmp_path):
    done = run_hingecoach("share", str(tmp_path), timeout=120)
    assert done.returncode == 2
    assert "holds no analysis.json" in done.stderr and "Traceback" not in done.stderr
