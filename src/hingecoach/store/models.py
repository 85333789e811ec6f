"""The tables (SQLAlchemy 2 declarative). Times are naive UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of hingecoach's tables."""


class Profile(Base):
    """One person: their name, current ladder step, and body mass and height if entered."""

    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    step_id: Mapped[str] = mapped_column(String(64))
    step_since: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    body_mass_kg: Mapped[float | None] = mapped_column(Float)  # revision 0003
    height_m: Mapped[float | None] = mapped_column(Float)  # revision 0003


class SetRow(Base):
    """One analysed or logged set."""

    __tablename__ = "sets"
    __table_args__ = (UniqueConstraint("profile_id", "uid", name="uq_sets_profile_uid"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    source: Mapped[str] = mapped_column(String(16))
    variant: Mapped[str | None] = mapped_column(String(32))
    load_kg: Mapped[float | None] = mapped_column(Float)
    rep_count: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    faults: Mapped[list[str]] = mapped_column(JSON)
    tape_pct: Mapped[list[float | None]] = mapped_column(JSON)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)  # revision 0002


class PainRow(Base):
    """One pain check-in (0–10) with any red flags."""

    __tablename__ = "pain_checkins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    value: Mapped[int] = mapped_column(Integer)
    when: Mapped[str] = mapped_column(String(16))
    flags: Mapped[list[str]] = mapped_column(JSON)
    cleared: Mapped[bool] = mapped_column(Boolean, default=False)


class StepChange(Base):
    """A decision that moved the person to another step (revision 0002)."""

    __tablename__ = "step_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    from_step: Mapped[str] = mapped_column(String(64))
    to_step: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)


class ImportedFile(Base):
    """A live-set JSON file already imported, so it is imported once (revision 0002)."""

    __tablename__ = "imported_files"
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
