"""schedules, signals, leases; reminders, quiet hours and reachability on participants

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 00:58:29.520312
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("job", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_leases")),
    )
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("flow", sa.String(length=64), nullable=False),
        sa.Column("local_time", sa.String(length=5), nullable=False),
        sa.Column("days", sa.String(length=7), nullable=False),
        sa.Column("every_days", sa.SmallInteger(), nullable=False),
        sa.Column("anchor", sa.Date(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("act", sa.String(length=8), nullable=False),
        sa.Column("act_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed_in_row", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("act IN ('due', 'nudge', 'snooze')", name=op.f("ck_schedules_act")),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_schedules_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
    )
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedules_act_at"), ["act_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_schedules_participant_id_kind"), ["participant_id", "kind"], unique=True
        )

    op.create_table(
        "signals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column(
            "value",
            sa.JSON(none_as_null=True).with_variant(
                postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), "postgresql"
            ),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_signals_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
    )
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signals_participant_id_kind_created_at"),
            ["participant_id", "kind", "created_at"],
            unique=False,
        )

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkin_days", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("quiet_hours", sa.String(length=11), nullable=True))
        # Everyone enrolled before schedules existed starts with reminders on.
        batch_op.add_column(
            sa.Column("reminders", sa.String(length=16), nullable=False, server_default="active")
        )
        batch_op.add_column(sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("unreachable_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_participants_reminders"), "reminders IN ('active', 'paused', 'stopped')"
        )



def downgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_participants_reminders"), type_="check")
        batch_op.drop_column("unreachable_at")
        batch_op.drop_column("paused_until")
        batch_op.drop_column("reminders")
        batch_op.drop_column("quiet_hours")
        batch_op.drop_column("checkin_days")

    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signals_participant_id_kind_created_at"))

    op.drop_table("signals")
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedules_participant_id_kind"))
        batch_op.drop_index(batch_op.f("ix_schedules_act_at"))

    op.drop_table("schedules")
    op.drop_table("leases")
