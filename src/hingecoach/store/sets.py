"""SetStore: the API the CLI and the web app use to keep a person's program."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast, overload

from sqlalchemy import CursorResult, Engine, delete, select
from sqlalchemy.orm import Session, sessionmaker

from hingecoach.errors import InputError
from hingecoach.program.daily import DAILY_VARIANT, DailyPractice, summarize_practice
from hingecoach.program.ladder import Ladder, load_ladder
from hingecoach.program.pain import PainCheckin, PainWhen, RedFlag, check_pain_value
from hingecoach.program.progression import Action, Decision, SetSummary, decide
from hingecoach.store.db import open_engine, store_errors
from hingecoach.store.defaults import DEFAULT_PROFILE, utc_now
from hingecoach.store.defaults import PROFILE_ENV as PROFILE_ENV  # re-exported
from hingecoach.store.defaults import default_profile as default_profile  # re-exported
from hingecoach.store.models import PainRow, Profile, SetRow, StepChange
from hingecoach.store.records import SOURCES, set_fields

#: Decisions that move the person to another step (and are logged as a step change).
MOVES = (Action.ADVANCE, Action.GO_BACK, Action.REGRESS)


def check_profile_name(name: str) -> str:
    """Return ``name`` if it is a usable profile name, else raise one sentence."""
    if not name or len(name) > 80 or not name.strip() or name != name.strip():
        raise InputError(f"{name!r} is not a profile name; use 1-80 characters, no edge spaces.")
    return name


@dataclass(frozen=True, slots=True)
class Today:
    """Today's step and the decision that chose it."""

    profile: str
    decision: Decision
    previous_step_id: str


class SetStore:
    """A person's sets, pain check-ins and ladder step, in one database.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        Already migrated (use :meth:`open`).
    url : str
        For error messages.
    ladder : Ladder, optional
        The packaged ladder by default.
    """

    def __init__(self, engine: Engine, url: str, ladder: Ladder | None = None) -> None:
        self.engine = engine
        self.url = url
        self.ladder = ladder or load_ladder()
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None, ladder: Ladder | None = None) -> SetStore:
        """Open (and migrate) the database at ``url`` (see :func:`default_db_url`)."""
        from hingecoach.store.db import default_db_url

        url = url or default_db_url()
        return cls(open_engine(url), url, ladder)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction; database errors become one sentence."""
        with store_errors(self.url), self._sessions.begin() as session:
            yield session

    @overload
    def profile_row(self, session: Session, name: str, create: Literal[True] = ...) -> Profile: ...
    @overload
    def profile_row(self, session: Session, name: str, create: bool) -> Profile | None: ...

    def profile_row(self, session: Session, name: str, create: bool = True) -> Profile | None:
        """The profile row named ``name`` (created on first use unless ``create`` is False)."""
        check_profile_name(name)
        profile = session.scalar(select(Profile).where(Profile.name == name))
        if profile is None and create:
            now = utc_now()
            first = self.ladder.steps[0].id
            profile = Profile(name=name, step_id=first, step_since=now, created_at=now)
            session.add(profile)
            session.flush()
        return profile

    def profiles(self) -> list[str]:
        """Every profile's name."""
        with self.transaction() as session:
            return list(session.scalars(select(Profile.name).order_by(Profile.name)))

    def save_set(
        self,
        record: dict[str, Any],
        source: str,
        profile: str = DEFAULT_PROFILE,
        *,
        variant: str | None = None,
        load_kg: float | None = None,
        uid: str | None = None,
        at: datetime | None = None,
        replace: bool = False,
    ) -> int | None:
        """Store one set; return its id, or None when it has no reps (or ``uid`` is stored).

        Parameters
        ----------
        record : dict
            The analysis JSON (``session_to_dict``) or a live set summary.
        source : {"cli", "upload", "live", "log", "import"}
        profile : str
        variant, load_kg : optional
            Override what the record says.
        uid : str, optional
            A stable id (e.g. the live file's name): saving the same uid twice stores it once.
        at : datetime, optional
            When the set was done (naive UTC); now by default.
        replace : bool
            Overwrite the set stored under ``uid`` (a live set checkpointed after every rep
            grows under one uid); without it a stored uid is left as it is.
        """
        if source not in SOURCES:
            raise InputError(f"Unknown set source {source!r}; use one of {', '.join(SOURCES)}.")
        fields = set_fields(record, variant, load_kg)
        if fields.rep_count == 0:
            return None
        with self.transaction() as session:
            owner = self.profile_row(session, profile)
            uid = uid or uuid.uuid4().hex
            exists = session.scalar(
                select(SetRow).where(SetRow.profile_id == owner.id, SetRow.uid == uid)
            )
            if exists is not None and not replace:
                return None
            if exists is not None:
                session.delete(exists)
                session.flush()
            row = SetRow(
                profile_id=owner.id,
                uid=uid,
                at=at or utc_now(),
                source=source,
                variant=fields.variant,
                load_kg=fields.load_kg,
                rep_count=fields.rep_count,
                score=fields.score,
                faults=list(fields.faults),
                tape_pct=list(fields.tape_pct),
                data=record,
            )
            session.add(row)
            session.flush()
            return row.id

    def discard_set(self, uid: str, profile: str = DEFAULT_PROFILE) -> bool:
        """Delete the set stored under ``uid`` (a live set the person chose not to keep)."""
        with self.transaction() as session:
            owner = self.profile_row(session, profile, create=False)
            if owner is None:
                return False
            done = session.execute(
                delete(SetRow).where(SetRow.profile_id == owner.id, SetRow.uid == uid)
            )
            # A DML statement's result is a CursorResult (which has rowcount); the stubs say Result.
            return bool(cast(CursorResult[Any], done).rowcount)

    def add_pain(
        self,
        value: int,
        when: PainWhen | str,
        profile: str = DEFAULT_PROFILE,
        *,
        flags: Iterable[RedFlag | str] = (),
        cleared: bool = False,
        at: datetime | None = None,
    ) -> int:
        """Store one pain check-in (0–10) with any red flags; return its id."""
        check_pain_value(value)
        try:
            when = PainWhen(when)
            flag_list = [RedFlag(flag).value for flag in flags]
        except ValueError as error:
            raise InputError(f"{error}; see `hingecoach pain --help`.") from None
        with self.transaction() as session:
            owner = self.profile_row(session, profile)
            row = PainRow(
                profile_id=owner.id,
                at=at or utc_now(),
                value=value,
                when=when.value,
                flags=flag_list,
                cleared=cleared,
            )
            session.add(row)
            session.flush()
            return row.id

    def sets(self, profile: str = DEFAULT_PROFILE) -> list[SetRow]:
        """The person's sets, oldest first."""
        with self.transaction() as session:
            owner = self.profile_row(session, profile, create=False)
            if owner is None:
                return []
            query = select(SetRow).where(SetRow.profile_id == owner.id).order_by(SetRow.at)
            return list(session.scalars(query))

    def pain(self, profile: str = DEFAULT_PROFILE) -> list[PainRow]:
        """The person's pain check-ins, oldest first."""
        with self.transaction() as session:
            owner = self.profile_row(session, profile, create=False)
            if owner is None:
                return []
            query = select(PainRow).where(PainRow.profile_id == owner.id).order_by(PainRow.at)
            return list(session.scalars(query))

    def step_changes(self, profile: str = DEFAULT_PROFILE) -> list[StepChange]:
        """The person's step changes, oldest first."""
        with self.transaction() as session:
            owner = self.profile_row(session, profile, create=False)
            if owner is None:
                return []
            query = select(StepChange).where(StepChange.profile_id == owner.id)
            return list(session.scalars(query.order_by(StepChange.at)))

    def today(self, profile: str = DEFAULT_PROFILE, now: datetime | None = None) -> Today:
        """Decide today's step and move the person there (logged with its reason)."""
        now = now or utc_now()
        sets = [summary_of(row) for row in self.sets(profile)]
        checkins = [checkin_of(row) for row in self.pain(profile)]
        with self.transaction() as session:
            owner = self.profile_row(session, profile)
            before = owner.step_id
            decision = decide(self.ladder, before, owner.step_since, sets, checkins, now)
            if decision.action in MOVES and decision.step_id != before:
                owner.step_id, owner.step_since = decision.step_id, now
                session.add(
                    StepChange(
                        profile_id=owner.id,
                        at=now,
                        from_step=before,
                        to_step=decision.step_id,
                        action=decision.action.value,
                        reason=decision.reason,
                    )
                )
            return Today(profile, decision, before)

    def daily_practice(
        self, profile: str = DEFAULT_PROFILE, now: datetime | None = None
    ) -> DailyPractice:
        """The everyday bends recorded in the last week (daily-life practice)."""
        rows = [row for row in self.sets(profile) if row.variant == DAILY_VARIANT]
        return summarize_practice([(row.at, row.data) for row in rows], now or utc_now())

    def set_step(self, step_id: str, profile: str = DEFAULT_PROFILE) -> None:
        """Put the person on ``step_id`` (e.g. a physio's choice), logged as a step change."""
        self.ladder.index(step_id)
        with self.transaction() as session:
            owner = self.profile_row(session, profile)
            now = utc_now()
            session.add(
                StepChange(
                    profile_id=owner.id,
                    at=now,
                    from_step=owner.step_id,
                    to_step=step_id,
                    action="chosen",
                    reason="Chosen by the person.",
                )
            )
            owner.step_id, owner.step_since = step_id, now

    def body_measures(self, profile: str = DEFAULT_PROFILE) -> tuple[float | None, float | None]:
        """The person's body mass (kg) and height (m) as entered, None where not entered."""
        with self.transaction() as session:
            row = self.profile_row(session, profile, create=False)
            return (None, None) if row is None else (row.body_mass_kg, row.height_m)

    def set_body_measures(
        self,
        profile: str = DEFAULT_PROFILE,
        *,
        body_mass_kg: float | None = None,
        height_m: float | None = None,
    ) -> tuple[float | None, float | None]:
        """Enter the body mass and/or height once (None keeps what is stored); return both."""
        with self.transaction() as session:
            row = self.profile_row(session, profile)
            if body_mass_kg is not None:
                row.body_mass_kg = float(body_mass_kg)
            if height_m is not None:
                row.height_m = float(height_m)
            return row.body_mass_kg, row.height_m

    def last_load_kg(self, variant: str, profile: str = DEFAULT_PROFILE) -> float | None:
        """The load of the person's latest set of ``variant`` that has one, kg (or None)."""
        with self.transaction() as session:
            row = self.profile_row(session, profile, create=False)
            if row is None:
                return None
            return session.scalar(
                select(SetRow.load_kg)
                .where(SetRow.profile_id == row.id, SetRow.variant == variant)
                .where(SetRow.load_kg.is_not(None))
                .order_by(SetRow.at.desc())
                .limit(1)
            )

    def delete_all(self, profile: str = DEFAULT_PROFILE) -> bool:
        """Delete the profile and everything stored for it; False when there was none."""
        with self.transaction() as session:
            owner = self.profile_row(session, profile, create=False)
            if owner is None:
                return False
            for table in (SetRow, PainRow, StepChange):
                session.execute(delete(table).where(table.profile_id == owner.id))
            session.delete(owner)
            return True


def summary_of(row: SetRow) -> SetSummary:
    """The progression view of a stored set."""
    return SetSummary(
        at=row.at,
        variant=row.variant,
        load_kg=row.load_kg,
        score=row.score,
        rep_count=row.rep_count,
        faults=tuple(row.faults or ()),
    )


def checkin_of(row: PainRow) -> PainCheckin:
    """The pain-rule view of a stored check-in."""
    return PainCheckin(
        at=row.at,
        value=row.value,
        when=PainWhen(row.when),
        flags=tuple(RedFlag(f) for f in row.flags or ()),
        cleared=row.cleared,
    )
