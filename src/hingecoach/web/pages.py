"""The program pages (today, history) rendered once from their Jinja templates.

They share one frame (``templates/_page.html``: the head, the site's header and its
privacy line) and the profile bar; the pages hold no data and no inline script (their
JavaScript fetches the data), so each is rendered once, when the app is made.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

TEMPLATES_DIR = Path(__file__).with_name("templates")
#: The pages rendered from ``templates/<name>.html``.
PROGRAM_PAGES = ("today", "history")


def render_pages(names: tuple[str, ...] = PROGRAM_PAGES) -> dict[str, str]:
    """Each page's HTML, by name.

    Parameters
    ----------
    names : tuple of str
        Template names without ``.html``.

    Returns
    -------
    dict of str to str
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return {name: environment.get_template(f"{name}.html").render() for name in names}
