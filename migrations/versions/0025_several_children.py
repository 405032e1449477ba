"""caregivers: their tie to the children, and several children each with an age band

Revision ID: 0025
Revises: 0022
Create Date: 2026-12-06 08:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("relationship", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("children", sa.String(length=32), nullable=True))
    # A caregiver's one child so far becomes child 1.
    op.execute(
        "UPDATE participants SET children = child_age_band "
        "WHERE role = 'caregiver' AND child_age_band IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("children")
        batch.drop_column("relationship")
