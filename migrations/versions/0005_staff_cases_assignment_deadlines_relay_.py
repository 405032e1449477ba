"""staff, cases: assignment, deadlines, relay messages, audit log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 02:14:12.461026
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_enc", sa.LargeBinary(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("languages", sa.String(length=64), nullable=False),
        sa.Column("gender", sa.String(length=16), nullable=True),
        sa.Column("key", sa.String(length=64), nullable=True),
        sa.Column("chat_enc", sa.LargeBinary(), nullable=True),
        sa.Column("invite_hash", sa.String(length=256), nullable=True),
        sa.Column("invite_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('counsellor', 'supervisor', 'admin')", name=op.f("ck_staff_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("code", name=op.f("uq_staff_code")),
        sa.UniqueConstraint("key", name=op.f("uq_staff_key")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column(
            "detail",
            sa.JSON(none_as_null=True).with_variant(
                postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), "postgresql"
            ),
            nullable=True,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalations.id"],
            name=op.f("fk_audit_log_escalation_id_escalations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_audit_log_staff_id_staff"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_log_escalation_id_at"), ["escalation_id", "at"], unique=False
        )

    op.create_table(
        "case_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("text_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('to_person', 'from_person', 'note')", name=op.f("ck_case_messages_kind")
        ),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalations.id"],
            name=op.f("fk_case_messages_escalation_id_escalations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_case_messages_staff_id_staff"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_messages")),
    )
    with op.batch_alter_table("case_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_messages_escalation_id_created_at"),
            ["escalation_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_case_messages_expires_at"), ["expires_at"], unique=False
        )

    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reasons",
                sa.JSON(none_as_null=True).with_variant(
                    postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), "postgresql"
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("signal", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("evidence_enc", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("locale", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ack_due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("overdue_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("rating", sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column("felt_unsafe", sa.Boolean(), nullable=True))
        batch_op.create_index(batch_op.f("ix_escalations_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_escalations_status_ack_due_at"), ["status", "ack_due_at"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_escalations_staff_id_staff"),
            "staff",
            ["staff_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_case_id_escalations"),
            "escalations",
            ["case_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counsellor_gender", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("counsellor_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_participants_counsellor_id_staff"),
            "staff",
            ["counsellor_id"],
            ["id"],
            ondelete="SET NULL",
        )



def downgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_participants_counsellor_id_staff"), type_="foreignkey"
        )
        batch_op.drop_column("counsellor_id")
        batch_op.drop_column("counsellor_gender")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_case_id_escalations"), type_="foreignkey")
        batch_op.drop_column("case_id")

    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_escalations_staff_id_staff"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_escalations_status_ack_due_at"))
        batch_op.drop_index(batch_op.f("ix_escalations_staff_id"))
        batch_op.drop_column("felt_unsafe")
        batch_op.drop_column("rating")
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("overdue_at")
        batch_op.drop_column("ack_due_at")
        batch_op.drop_column("staff_id")
        batch_op.drop_column("locale")
        batch_op.drop_column("evidence_enc")
        batch_op.drop_column("signal")
        batch_op.drop_column("reasons")

    with op.batch_alter_table("case_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_messages_expires_at"))
        batch_op.drop_index(batch_op.f("ix_case_messages_escalation_id_created_at"))

    op.drop_table("case_messages")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_escalation_id_at"))

    op.drop_table("audit_log")
    op.drop_table("staff")
