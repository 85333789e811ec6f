"""Profiles, sets and pain check-ins.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the first tables."""
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("step_id", sa.String(64), nullable=False),
        sa.Column("step_since", sa.DateTime, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("variant", sa.String(32)),
        sa.Column("load_kg", sa.Float),
        sa.Column("rep_count", sa.Integer, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("faults", sa.JSON, nullable=False),
        sa.Column("tape_pct", sa.JSON, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.UniqueConstraint("profile_id", "uid", name="uq_sets_profile_uid"),
    )
    op.create_table(
        "pain_checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("when", sa.String(16), nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("cleared", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    """Drop the first tables."""
    op.drop_table("pain_checkins")
    op.drop_table("sets")
    op.drop_table("profiles")
