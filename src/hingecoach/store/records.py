"""Read the fields the program needs from a set record (analysis JSON or live summary)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from hingecoach.errors import InputError

SOURCES = ("cli", "upload", "live", "log", "import")


@dataclass(frozen=True, slots=True)
class SetFields:
    """The stored columns of one set."""

    rep_count: int
    score: float | None
    faults: tuple[str, ...]
    tape_pct: tuple[float | None, ...]
    variant: str | None
    load_kg: float | None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _set_faults(reps: list[dict[str, Any]]) -> tuple[str, ...]:
    """Faults on more than half of the reps (the live summary has no set-level list)."""
    counts = Counter(
        fault["code"] for rep in reps for fault in rep.get("faults") or () if "code" in fault
    )
    return tuple(code for code, n in counts.items() if n * 2 > len(reps))


def set_fields(
    record: dict[str, Any], variant: str | None = None, load_kg: float | None = None
) -> SetFields:
    """The columns of a set record.

    Parameters
    ----------
    record : dict
        Analysis JSON (``schema_version`` 2: set ``score`` and ``set_faults``) or a live
        set summary (per-rep scores and faults only).
    variant, load_kg : optional
        Given by the person; otherwise read from the record's ``variant``/``load_kg``.

    Raises
    ------
    InputError
        If ``rep_count`` is missing or not a whole number ≥ 0.
    """
    rep_count = record.get("rep_count")
    if isinstance(rep_count, bool) or not isinstance(rep_count, int) or rep_count < 0:
        raise InputError(f"A set needs a whole rep_count of 0 or more, not {rep_count!r}.")
    reps = [rep for rep in record.get("reps") or [] if isinstance(rep, dict)]
    score = _number(record.get("score"))
    if score is None:
        rep_scores = [s for rep in reps if (s := _number(rep.get("score"))) is not None]
        score = sum(rep_scores) / len(rep_scores) if rep_scores else None
    faults = record.get("set_faults")
    faults = tuple(faults) if isinstance(faults, list) else _set_faults(reps)
    tape = tuple(_number((rep.get("tape") or {}).get("peak_pct")) for rep in reps)
    # The analysis JSON (schema 3) names the judged variant `exercise`; older records and
    # sets logged by hand carry `variant`.
    recorded_variant = record.get("exercise") or record.get("variant")
    if isinstance(recorded_variant, dict):  # a recogniser may give {id, confidence}
        recorded_variant = recorded_variant.get("id")
    return SetFields(
        rep_count=rep_count,
        score=round(score, 2) if score is not None else None,
        faults=tuple(str(f) for f in faults),
        tape_pct=tape,
        variant=variant or (recorded_variant if isinstance(recorded_variant, str) else None),
        load_kg=load_kg if load_kg is not None else _number(record.get("load_kg")),
    )
