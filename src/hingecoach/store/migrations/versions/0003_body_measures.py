"""The person's body mass and height, entered once (for the low-back load estimate).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``profiles.body_mass_kg`` and ``profiles.height_m`` (null until entered)."""
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("body_mass_kg", sa.Float))
        batch.add_column(sa.Column("height_m", sa.Float))


def downgrade() -> None:
    """Remove what upgrade added."""
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("height_m")
        batch.drop_column("body_mass_kg")
