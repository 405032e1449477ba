"""cases: when the signal that set their severity came, and stubs that outlive an erased
person; staff: their time zone

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 23:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raised_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch_op.alter_column("participant_id", existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(
            batch_op.f("fk_escalations_participant_id_participants"), type_="foreignkey"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_escalations_participant_id_participants"),
            "participants",
            ["participant_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("timezone")
    op.execute("DELETE FROM escalations WHERE participant_id IS NULL")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_escalations_participant_id_participants"), type_="foreignkey"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_escalations_participant_id_participants"),
            "participants",
            ["participant_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.alter_column("participant_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("outcome")
        batch_op.drop_column("raised_at")
