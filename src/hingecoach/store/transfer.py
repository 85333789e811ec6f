"""Export and import all of a person's data as JSON, and the one-time import of live files."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select

from hingecoach.errors import InputError
from hingecoach.program.pain import PainWhen, RedFlag, check_pain_value
from hingecoach.store.models import ImportedFile, PainRow, SetRow, StepChange
from hingecoach.store.records import SOURCES, set_fields
from hingecoach.store.sets import SetStore, utc_now

EXPORT_SCHEMA = "hingecoach.export/1"


def _time(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def export_profile(store: SetStore, profile: str) -> dict[str, Any]:
    """Everything stored for ``profile`` as one JSON-ready dict."""
    with store.transaction() as session:
        owner = store.profile_row(session, profile, create=False)
        if owner is None:
            raise InputError(f"There is no profile {profile!r} to export.")
        sets = session.scalars(select(SetRow).where(SetRow.profile_id == owner.id))
        pain = session.scalars(select(PainRow).where(PainRow.profile_id == owner.id))
        changes = session.scalars(select(StepChange).where(StepChange.profile_id == owner.id))
        return {
            "schema": EXPORT_SCHEMA,
            "profile": owner.name,
            "step_id": owner.step_id,
            "step_since": _time(owner.step_since),
            "body_mass_kg": owner.body_mass_kg,
            "height_m": owner.height_m,
            "sets": [
                {"uid": s.uid, "at": _time(s.at), "source": s.source, "variant": s.variant,
                 "load_kg": s.load_kg, "note": s.note, "data": s.data}
                for s in sets
            ],
            "pain": [
                {"at": _time(p.at), "value": p.value, "when": p.when, "flags": p.flags,
                 "cleared": p.cleared}
                for p in pain
            ],
            "step_changes": [
                {"at": _time(c.at), "from_step": c.from_step, "to_step": c.to_step,
                 "action": c.action, "reason": c.reason}
                for c in changes
            ],
        }


def _parse_time(value: Any, where: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except (TypeError, ValueError):
        raise InputError(f"{where}: {value!r} is not an ISO date-time.") from None


def _check_export(data: Any, store: SetStore) -> None:
    """Raise one sentence at the first problem in an export dict (nothing is written)."""
    if not isinstance(data, dict) or data.get("schema") != EXPORT_SCHEMA:
        raise InputError(f"its schema is not {EXPORT_SCHEMA}")
    store.ladder.index(str(data.get("step_id")))
    _parse_time(data.get("step_since"), "step_since")
    for i, item in enumerate(data.get("sets") or []):
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            raise InputError(f"set {i + 1} has no data record")
        _parse_time(item.get("at"), f"set {i + 1}")
        if item.get("source") not in SOURCES:
            raise InputError(f"set {i + 1} has an unknown source {item.get('source')!r}")
        set_fields(item["data"])
    for i, item in enumerate(data.get("pain") or []):
        if not isinstance(item, dict):
            raise InputError(f"pain check-in {i + 1} is not an object")
        _parse_time(item.get("at"), f"pain check-in {i + 1}")
        check_pain_value(item.get("value"))
        PainWhen(cast(str, item.get("when")))  # any other value makes the lookup raise ValueError
        [RedFlag(flag) for flag in item.get("flags") or []]


def read_export(path: Path, store: SetStore) -> dict[str, Any]:
    """Read and check an export file; a broken one raises one sentence."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        _check_export(data, store)
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror}.") from None
    except (ValueError, InputError) as error:
        reason = str(error).rstrip(".")
        raise InputError(f"{path} is not a usable hingecoach export ({reason}).") from None
    return data


def import_profile(store: SetStore, data: dict[str, Any], profile: str | None = None) -> int:
    """Add an export's sets, check-ins and step to ``profile`` (its own name by default).

    Sets already stored (same uid) and identical check-ins are skipped, so importing a file
    twice changes nothing. Returns how many sets and check-ins were added.
    """
    name = profile or str(data["profile"])
    added = 0
    with store.transaction() as session:
        owner = store.profile_row(session, name)
        owner.step_id = data["step_id"]
        owner.step_since = _parse_time(data["step_since"], "step_since")
        for name in ("body_mass_kg", "height_m"):  # exports before revision 0003 lack them
            if isinstance(data.get(name), int | float):
                setattr(owner, name, float(data[name]))
        have_sets = set(session.scalars(select(SetRow.uid).where(SetRow.profile_id == owner.id)))
        have_pain = {
            (p.at, p.value, p.when)
            for p in session.scalars(select(PainRow).where(PainRow.profile_id == owner.id))
        }
        for item in data.get("sets") or []:
            if item.get("uid") in have_sets:
                continue
            fields = set_fields(item["data"], item.get("variant"), item.get("load_kg"))
            session.add(
                SetRow(profile_id=owner.id, uid=item.get("uid") or utc_now().isoformat(),
                       at=_parse_time(item["at"], "set"), source=item["source"],
                       variant=fields.variant, load_kg=fields.load_kg,
                       rep_count=fields.rep_count, score=fields.score,
                       faults=list(fields.faults), tape_pct=list(fields.tape_pct),
                       data=item["data"], note=item.get("note"))
            )
            added += 1
        for item in data.get("pain") or []:
            at = _parse_time(item["at"], "pain")
            if (at, item["value"], item["when"]) in have_pain:
                continue
            session.add(
                PainRow(profile_id=owner.id, at=at, value=item["value"], when=item["when"],
                        flags=list(item.get("flags") or []), cleared=bool(item.get("cleared")))
            )
            added += 1
    return added


def import_live_files(store: SetStore, folder: Path, profile: str) -> int:
    """Import the live-set JSON files in ``folder`` once each; return how many sets were added.

    A file already imported (by name) is skipped, even after delete-all; an unreadable file
    is skipped and tried again next time.
    """
    if not folder.is_dir():
        return 0
    with store.transaction() as session:
        done = set(session.scalars(select(ImportedFile.name)))
    added = 0
    for path in sorted(folder.glob("set-*.json")):
        if path.name in done:
            continue
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            at = _parse_time(record.get("saved_at_utc", "").rstrip("Z"), path.name)
            if store.save_set(record, "live", profile, uid=path.stem[:64], at=at):
                added += 1
        except (OSError, ValueError, InputError, AttributeError):
            continue
        mark_imported(store, path.name)
    return added


def mark_imported(store: SetStore, name: str) -> None:
    """Record that the live file ``name`` is in the database (never import it again)."""
    with store.transaction() as session:
        session.merge(ImportedFile(name=name, at=utc_now()))
