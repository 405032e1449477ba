"""the weekly on-call rota: duty slots, and whether a member's duty came from it

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "duty_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts", sa.String(length=5), nullable=False),
        sa.Column("ends", sa.String(length=5), nullable=False),
        sa.CheckConstraint("weekday BETWEEN 1 AND 7", name=op.f("ck_duty_slots_weekday")),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_duty_slots_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_slots")),
    )
    op.create_index(op.f("ix_duty_slots_staff_id"), "duty_slots", ["staff_id"], unique=False)
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column("duty_by_rota", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("duty_by_rota")
    op.drop_index(op.f("ix_duty_slots_staff_id"), table_name="duty_slots")
    op.drop_table("duty_slots")
