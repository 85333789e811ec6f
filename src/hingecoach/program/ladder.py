"""The exercise ladder: a TOML file in this package, validated into frozen pydantic models.

A broken ladder (missing field, unknown variant, fault or aid, duplicate step) raises one
:class:`~hingecoach.errors.InputError` sentence naming the place and the problem.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hingecoach.errors import InputError
from hingecoach.form.findings import FaultCode
from hingecoach.form.profiles import VARIANT_IDS

#: The canonical exercise variant ids: the form stage's, so a ladder step names a profile.
VARIANTS = VARIANT_IDS
FAULTS = frozenset(code.value for code in FaultCode)
LADDER_FILE = "ladder.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_faults(faults: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(faults) - FAULTS)
    if unknown:
        raise ValueError(f"{where} names unknown fault {unknown[0]!r}")


class Aid(_Frozen):
    """A learning aid (drill) and the faults it trains."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    how: str = Field(min_length=1)
    trains: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_faults(self) -> Aid:
        _check_faults(self.trains, f"aid {self.id!r}")
        return self


class Advance(_Frozen):
    """What earns the next step: good sessions (distinct days) with acceptable pain."""

    sessions: int = Field(ge=1, le=20)
    min_score: float = Field(ge=0, le=100)
    min_reps: int = Field(ge=1, le=50)
    blocking_faults: tuple[str, ...] = ()
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _known_faults(self) -> Advance:
        _check_faults(self.blocking_faults, "advance")
        return self


class Step(_Frozen):
    """One rung of the ladder."""

    id: str = Field(min_length=1)
    variant: str
    name: str = Field(min_length=1)
    aids: tuple[str, ...] = ()
    setup: tuple[str, ...] = Field(min_length=1)
    cues: tuple[str, ...] = Field(min_length=1)
    sets: int = Field(ge=1, le=10)
    reps: int = Field(ge=1, le=30)
    tempo: str = Field(min_length=1)
    load: str = Field(min_length=1)
    advance: Advance

    @model_validator(mode="after")
    def _known_variant(self) -> Step:
        if self.variant not in VARIANTS:
            raise ValueError(f"step {self.id!r} has unknown variant {self.variant!r}")
        return self

    @property
    def prescription(self) -> str:
        """Sets × reps × tempo, e.g. ``3 × 10, tempo 3-1-2``."""
        return f"{self.sets} × {self.reps}, tempo {self.tempo}"


class Feel(_Frozen):
    """Where a good hinge is felt: first, and second."""

    primary: tuple[str, ...] = Field(min_length=1)
    secondary: tuple[str, ...] = ()


class DailyLife(_Frozen):
    """Everyday movements to practise the hinge in."""

    practice: tuple[str, ...] = Field(min_length=1)


class Ladder(_Frozen):
    """The whole ladder: steps in order, the aids they use, feel and daily practice."""

    version: int = Field(ge=1)
    feel: Feel
    daily_life: DailyLife
    aid: tuple[Aid, ...] = Field(min_length=1)
    step: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Ladder:
        ids = [s.id for s in self.step]
        if len(set(ids)) != len(ids):
            raise ValueError("two steps share one id")
        aid_ids = {a.id for a in self.aid}
        for step in self.step:
            missing = [a for a in step.aids if a not in aid_ids]
            if missing:
                raise ValueError(f"step {step.id!r} uses unknown aid {missing[0]!r}")
        return self

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps, easiest first."""
        return self.step

    def index(self, step_id: str) -> int:
        """Position of ``step_id`` (0 = first); unknown ids raise :class:`InputError`."""
        for i, step in enumerate(self.step):
            if step.id == step_id:
                return i
        known = ", ".join(s.id for s in self.step)
        raise InputError(f"There is no ladder step {step_id!r}; choose one of {known}.")

    def get(self, step_id: str) -> Step:
        """The step with this id."""
        return self.step[self.index(step_id)]

    def aid_for(self, fault: str) -> tuple[Step, Aid] | None:
        """The earliest step whose aid trains ``fault``, with that aid (None if none does)."""
        aids = {a.id: a for a in self.aid}
        for step in self.step:
            for aid_id in step.aids:
                if fault in aids[aid_id].trains:
                    return step, aids[aid_id]
        return None

    def step_for_variant(self, variant: str) -> Step | None:
        """The first step using ``variant``, if any."""
        return next((s for s in self.step if s.variant == variant), None)


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "top level"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"at {where}: {message}"


def parse_ladder(text: str, source: str = LADDER_FILE) -> Ladder:
    """Parse and validate ladder TOML text.

    Raises
    ------
    InputError
        One sentence naming the first problem (TOML syntax or a failed check).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"The ladder file {source} is not valid TOML ({error}).") from None
    try:
        return Ladder.model_validate(data)
    except ValidationError as error:
        raise InputError(
            f"The ladder file {source} is broken {_first_problem(error)}; fix that entry."
        ) from None


def load_ladder(path: Path | None = None) -> Ladder:
    """Read the ladder (the packaged ``ladder.toml`` unless ``path`` is given)."""
    if path is None:
        text = (resources.files("hingecoach.program") / LADDER_FILE).read_text(encoding="utf-8")
        return parse_ladder(text)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"Cannot read the ladder file {path}: {error.strerror}.") from None
    return parse_ladder(text, str(path))
