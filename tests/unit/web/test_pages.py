"""The program pages share one frame (head, site header, profile bar) from Jinja templates."""

import re

from hingecoach.web.pages import PROGRAM_PAGES, TEMPLATES_DIR, render_pages

_NAV = (
    '<nav><a href="/">Live</a><a href="/upload">Upload a video</a>'
    '<a href="/today">Today</a><a href="/history">History</a></nav>'
)


def test_each_page_has_the_one_header_with_its_own_privacy_line():
    pages = render_pages()
    assert set(pages) == set(PROGRAM_PAGES) == {"today", "history"}
    private = {
        "today": "Your program is kept on this computer.",
        "history": "Your history is kept on this computer.",
    }
    for name, html in pages.items():
        assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
        assert f"<title>hingecoach — {name}</title>" in html
        assert html.count("<header>") == 1 and html.count(_NAV) == 1
        assert f'<span class="private">{private[name]}</span>' in html
        assert html.count('<input id="profile" list="profiles"') == 1
        # Scripts only from files (script-src 'self'), the page's own last.
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        assert all(body == "" and "src=" in attrs for attrs, body in scripts)
        assert scripts[-1][0] == f' src="/static/{name}.js"'
    assert '<script src="/vendor/plotly.min.js">' in pages["history"]
    assert "Pain check-in" in pages["today"] and "Step changes" in pages["history"]


def test_the_header_is_written_once():
    for name in PROGRAM_PAGES:
        source = (TEMPLATES_DIR / f"{name}.html").read_text(encoding="utf-8")
        assert source.startswith('{% extends "_page.html" %}')
        assert "<header>" not in source and "<head>" not in source
