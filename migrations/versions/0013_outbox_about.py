"""outbox: the one person a message to staff is about, erased with them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_about_id"), ["about_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_about_id_participants"),
            "participants",
            ["about_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_about_id_participants"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_about_id"))
        batch_op.drop_column("about_id")
