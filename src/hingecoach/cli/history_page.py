"""The history trend page: one self-contained HTML file (plotly.js embedded, works offline)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from hingecoach.atomic import write_text_atomic
from hingecoach.program.plan import trend_series
from hingecoach.store.sets import SetStore, checkin_of, summary_of

PAIN_COLOURS = {"before": "#1f77b4", "after": "#d62728", "morning": "#9467bd"}


def history_figure(series: dict[str, Any]) -> Any:
    """Form score, load and pain over time, three rows sharing the time axis."""
    from plotly.subplots import make_subplots

    sets = series["sets"]
    figure = make_subplots(
        rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06,
        subplot_titles=("Form score (0-100)", "Load (kg)", "Pain (0-10)"),
    )
    text = [f"{v} · {r} reps" for v, r in zip(sets["variant"], sets["reps"], strict=True)]
    figure.add_scatter(x=sets["t"], y=sets["score"], mode="lines+markers", name="score",
                       text=text, row=1, col=1)
    figure.add_scatter(x=sets["t"], y=sets["load_kg"], mode="markers", name="load",
                       text=text, row=2, col=1)
    for when, points in series["pain"].items():
        figure.add_scatter(x=points["t"], y=points["value"], mode="lines+markers",
                           name=f"pain {when}", line={"color": PAIN_COLOURS.get(when)},
                           row=3, col=1)
    figure.update_yaxes(range=[0, 100], row=1, col=1)
    figure.update_yaxes(range=[0, 10], row=3, col=1)
    figure.update_layout(height=760, margin={"l": 50, "r": 20, "t": 40, "b": 40})
    return figure


def history_html(store: SetStore, profile: str) -> str:
    """The page: a trend plot and the table of sets."""
    rows = store.sets(profile)
    series = trend_series(
        [summary_of(r) for r in rows], [checkin_of(p) for p in store.pain(profile)]
    )
    plot = history_figure(series).to_html(full_html=False, include_plotlyjs=True)
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in (
            f"{r.at:%Y-%m-%d %H:%M}", r.source, r.variant or "-",
            f"{r.load_kg:g}" if r.load_kg else "-", r.rep_count,
            f"{r.score:.0f}" if r.score is not None else "-", ", ".join(r.faults) or "-",
        )) + "</tr>"
        for r in rows
    )
    name = html.escape(profile)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>hingecoach history: {name}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}"
        "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px}"
        "</style></head><body>"
        f"<h1>History of {name}</h1><div class='plot'>{plot}</div>"
        "<table><thead><tr><th>date (UTC)</th><th>source</th><th>variant</th><th>load kg</th>"
        f"<th>reps</th><th>score</th><th>faults</th></tr></thead><tbody>{cells}</tbody></table>"
        "<p>hingecoach coaches movement; it never diagnoses.</p></body></html>\n"
    )


def write_history_page(path: Path, store: SetStore, profile: str) -> Path:
    """Write the page to ``path`` (parent folders created) and return it."""
    path = Path(path)
    write_text_atomic(path, history_html(store, profile))
    return path
