"""Step changes, imported live files, and a note on sets.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the decision log, the import-once record and ``sets.note``."""
    op.create_table(
        "step_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("from_step", sa.String(64), nullable=False),
        sa.Column("to_step", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "imported_files",
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    with op.batch_alter_table("sets") as batch:
        batch.add_column(sa.Column("note", sa.Text))


def downgrade() -> None:
    """Remove what upgrade added."""
    with op.batch_alter_table("sets") as batch:
        batch.drop_column("note")
    op.drop_table("imported_files")
    op.drop_table("step_changes")
