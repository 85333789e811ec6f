"""The program pages of the web app: today's plan, the pain check-in, history with trends.

Pages are HTML rendered once from Jinja templates (:mod:`hingecoach.web.pages`) with
their JavaScript in static files (no inline script, so a ``script-src 'self'`` policy
holds); the data comes from a small JSON API over
:class:`~hingecoach.store.sets.SetStore`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from hingecoach.errors import HingecoachError
from hingecoach.program.pain import check_pain_value, pain_decision
from hingecoach.program.plan import plan_dict, red_flag_choices, trend_series
from hingecoach.store.db import DB_ENV, default_db_url
from hingecoach.store.sets import SetStore, checkin_of, default_profile, summary_of, utc_now
from hingecoach.store.transfer import import_live_files, mark_imported
from hingecoach.web.pages import render_pages
from hingecoach.web.protocol import error_message
from hingecoach.web.settings import WebSettings

log = logging.getLogger(__name__)


def web_db_url(data_dir: Path) -> str:
    """``$HINGECOACH_DB``, else ``hingecoach.db`` beside the live sets' folder."""
    return os.environ.get(DB_ENV) or default_db_url(Path(data_dir).parent)


def plotly_js() -> Path:
    """plotly.js as bundled in the plotly package (served locally: pages work offline)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class ProgramWeb:
    """The store behind the program pages, and the hooks that save uploads and live sets."""

    def __init__(self, data_dir: Path, store: SetStore) -> None:
        self.data_dir = data_dir
        self.store = store

    @classmethod
    def for_data_dir(cls, data_dir: Path, import_files: bool = True) -> ProgramWeb:
        """Open the database that belongs with ``data_dir``; import its live files once."""
        program = cls(Path(data_dir), SetStore.open(web_db_url(data_dir)))
        if import_files:
            added = import_live_files(program.store, program.data_dir, default_profile())
            if added:
                log.info("Imported %d earlier live sets into %s", added, program.store.url)
        return program

    def save_upload(self, record: dict[str, Any]) -> None:
        """Store an analysed upload (no reps: nothing stored)."""
        self.store.save_set(record, "upload", default_profile())

    def save_live(self, path: Path, record: dict[str, Any]) -> None:
        """Store a finished live set saved at ``path``, marked so it is never imported again."""
        self.store.save_set(record, "live", default_profile(), uid=path.stem[:64])
        mark_imported(self.store, path.name)


def _profile(request: Request) -> str:
    return request.query_params.get("profile") or default_profile()


def _bad(error: HingecoachError, status: int = 400) -> JSONResponse:
    return JSONResponse(error_message(str(error)), status_code=status)


def mount_program(app: FastAPI, settings: WebSettings) -> ProgramWeb:
    """Add the program pages and API to ``app``; return the hooks for uploads and live sets."""
    program = ProgramWeb.for_data_dir(settings.data_dir)
    store = program.store
    app.state.program = program
    pages = render_pages()

    @app.get("/today", include_in_schema=False)
    def today_page() -> HTMLResponse:
        return HTMLResponse(pages["today"])

    @app.get("/history", include_in_schema=False)
    def history_page() -> HTMLResponse:
        return HTMLResponse(pages["history"])

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_file() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript")

    @app.get("/api/program/profiles")
    def profiles() -> JSONResponse:
        return JSONResponse({"profiles": store.profiles(), "default": default_profile()})

    @app.get("/api/program/today")
    def today(request: Request) -> JSONResponse:
        try:
            result = store.today(_profile(request))
        except HingecoachError as error:
            return _bad(error)
        plan = plan_dict(store.ladder, result.decision, result.profile)
        return JSONResponse({**plan, "red_flags": red_flag_choices()})

    @app.post("/api/program/pain")
    async def pain(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse(error_message("Send the check-in as a JSON object."), 400)
        try:
            return JSONResponse(_checkin(store, body, _profile(request)), status_code=201)
        except HingecoachError as error:
            return _bad(error)

    @app.get("/api/program/history")
    def history(request: Request) -> JSONResponse:
        who = _profile(request)
        try:
            rows, pains = store.sets(who), store.pain(who)
            changes = store.step_changes(who)
        except HingecoachError as error:
            return _bad(error)
        return JSONResponse(
            {
                "profile": who,
                "series": trend_series([summary_of(r) for r in rows],
                                       [checkin_of(p) for p in pains]),
                "sets": [_set_row(r) for r in rows],
                "changes": [
                    {"at": c.at.isoformat(timespec="seconds"), "from": c.from_step,
                     "to": c.to_step, "reason": c.reason}
                    for c in changes
                ],
            }
        )

    return program


def _set_row(row: Any) -> dict[str, Any]:
    return {
        "at": row.at.isoformat(timespec="seconds"), "source": row.source,
        "variant": row.variant, "load_kg": row.load_kg, "reps": row.rep_count,
        "score": row.score, "faults": row.faults,
    }


def _checkin(store: SetStore, body: dict[str, Any], profile: str) -> dict[str, Any]:
    """Store a check-in from the form and say what it means."""
    from hingecoach.errors import InputError

    value = body.get("value")
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    flags = body.get("flags") or []
    if not isinstance(flags, list):
        raise InputError("flags must be a list of red-flag codes.")
    who = str(body.get("profile") or profile)
    store.add_pain(check_pain_value(value), str(body.get("when") or "before"), who, flags=flags,
                   cleared=bool(body.get("cleared")))
    decision = pain_decision([checkin_of(p) for p in store.pain(who)], utc_now())
    return {"action": decision.action.value, "reason": decision.reason,
            "see_clinician": decision.see_clinician}
