"""Analysis settings from a parsed TOML file (``--config``): every threshold and profile.

The file's tables mirror :class:`AnalysisParams`: ``[faults]``, ``[reps]``,
``[smoothing]``, ``[view]``, ``[quality]``, ``[back_contour]``, ``[calibration]`` and
``[tape]`` set the fields of those records; ``[variants.<id>]`` overrides any setting of
one exercise variant of ``variants.toml`` (e.g. ``[variants.deadlift.thresholds]
squat_index = { value = 0.7, reason = "..." }``). An unknown table or key, or a value of
the wrong kind, is an error in one sentence; nothing is silently ignored. Pure: the edge
reads the file and hands over the parsed mapping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from hingecoach.analysis.params import AnalysisParams
from hingecoach.errors import InputError
from hingecoach.form.profiles import default_variant_tables, merge_tables, parse_variants

#: The table that overrides variant profiles (the others are AnalysisParams fields).
VARIANTS_TABLE = "variants"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _coerce(where: str, default: Any, value: Any) -> Any:
    """``value`` in the kind of ``default`` (int → float, list → tuple), or an error."""
    if isinstance(default, bool) and isinstance(value, bool):
        return value
    if isinstance(default, int) and not isinstance(default, bool) and _is_number(value):
        if float(value).is_integer():
            return int(value)
    elif isinstance(default, float) and _is_number(value):
        return float(value)
    elif isinstance(default, tuple) and isinstance(value, list):
        return tuple(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    raise InputError(
        f"In the config, {where} must be like {default!r} ({type(default).__name__}); "
        f"got {value!r}."
    )


def _replace_record(where: str, record: Any, table: Any) -> Any:
    """``record`` (a frozen dataclass) with the table's fields set, checked."""
    if not isinstance(table, Mapping):
        raise InputError(f"In the config, [{where}] must be a table of settings.")
    names = {field.name for field in dataclasses.fields(record)}
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key not in names:
            raise InputError(
                f"Unknown key {key!r} in the config's [{where}]; known: {', '.join(sorted(names))}."
            )
        default = getattr(record, key)
        if dataclasses.is_dataclass(default):
            changes[key] = _replace_record(f"{where}.{key}", default, value)
        else:
            changes[key] = _coerce(f"{where}.{key}", default, value)
    try:
        return dataclasses.replace(record, **changes)
    except InputError as error:
        raise InputError(f"In the config's [{where}], {error}") from None
    except (TypeError, ValueError) as error:
        raise InputError(f"In the config's [{where}], a value is not usable: {error}.") from None


def params_from_config(
    data: Mapping[str, Any], base: AnalysisParams | None = None
) -> AnalysisParams:
    """Analysis settings with a parsed config file laid over ``base`` (the defaults).

    Parameters
    ----------
    data : mapping
        The parsed TOML file.
    base : AnalysisParams, optional

    Returns
    -------
    AnalysisParams

    Raises
    ------
    InputError
        For an unknown table or key, or a bad value (one sentence).
    """
    params = base or AnalysisParams()
    sections = {field.name for field in dataclasses.fields(params)} - {VARIANTS_TABLE}
    changes: dict[str, Any] = {}
    for key, table in data.items():
        if key == VARIANTS_TABLE:
            if not isinstance(table, Mapping):
                raise InputError("In the config, [variants] must hold one table per variant id.")
            changes[key] = parse_variants(merge_tables(default_variant_tables(), table))
        elif key in sections:
            changes[key] = _replace_record(key, getattr(params, key), table)
        else:
            raise InputError(
                f"Unknown table [{key}] in the config; known: "
                f"{', '.join(sorted((*sections, VARIANTS_TABLE)))}."
            )
    return dataclasses.replace(params, **changes)
