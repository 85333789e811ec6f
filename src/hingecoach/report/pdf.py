"""Print an HTML page to PDF with the browser's own print (headless Chromium).

No hand-written PDF: Chromium lays the page out with its print style sheet, runs the
page's plots, and writes the PDF. Nothing is fetched: the page is a local file with
everything embedded, and background networking is off.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from hingecoach.errors import HingecoachError

#: Where Debian installs Chromium (``scripts/setup.sh`` installs it when missing).
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
#: Debian's Chromium headless as root on this machine: no sandbox, no GPU, no calls out
#: (the network is closed, and background requests would fail many at a time).
HEADLESS_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
#: Headless printing: the flags above, no header or footer on the pages, and time for the
#: plots to draw (virtual ms).
PRINT_ARGS = (
    "--headless",
    *HEADLESS_ARGS,
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=15000",
)
#: A print that takes longer than this has hung, seconds.
PRINT_TIMEOUT_S = 180.0


class PdfError(HingecoachError):
    """The PDF could not be made (no browser, or the browser failed)."""


def find_chromium() -> Path:
    """The Chromium executable.

    Raises
    ------
    PdfError
        If no Chromium is installed.
    """
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return Path(found)
    if DEBIAN_CHROMIUM.is_file():
        return DEBIAN_CHROMIUM
    raise PdfError(
        "Chromium is needed to print the PDF and was not found; install it "
        "(Debian: apt-get install chromium) and run the command again."
    )


def print_html_to_pdf(html: Path, pdf: Path, *, chromium: Path | None = None) -> Path:
    """Print a local HTML file to a PDF with headless Chromium.

    Parameters
    ----------
    html : pathlib.Path
        The page (self-contained, opened as a file).
    pdf : pathlib.Path
        Where to write the PDF; its folder is created.
    chromium : pathlib.Path, optional
        The browser (found with :func:`find_chromium` when not given).

    Returns
    -------
    pathlib.Path
        ``pdf``.

    Raises
    ------
    PdfError
        If the browser is missing, fails or writes nothing.
    """
    browser = chromium or find_chromium()
    pdf = Path(pdf).resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="hingecoach-print-") as profile:
        command = [
            str(browser),
            *PRINT_ARGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            Path(html).resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"Chromium did not finish printing {html.name} within "
                f"{PRINT_TIMEOUT_S:.0f} s; try again, or close other browser windows."
            ) from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise PdfError(f"Chromium could not print the PDF ({last}); try again.")
    return pdf
