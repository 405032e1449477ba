"""Initial schema: participants, flow states, answers, outbox, processed updates.

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_VALUE = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), "postgresql"
)


def _timestamp(name: str, *, nullable: bool = False) -> "sa.Column[datetime]":
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _participant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["participant_id"],
        ["participants.id"],
        name=op.f(f"fk_{table}_participant_id_participants"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("chat_enc", sa.LargeBinary(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("age_band", sa.String(length=16), nullable=True),
        sa.Column("child_age_band", sa.String(length=16), nullable=True),
        sa.Column("gender", sa.String(length=16), nullable=True),
        sa.Column("country", sa.String(length=16), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("checkin_time", sa.String(length=5), nullable=True),
        _timestamp("consented_at", nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        sa.UniqueConstraint("code", name=op.f("uq_participants_code")),
        sa.UniqueConstraint("key", name=op.f("uq_participants_key")),
    )
    op.create_table(
        "flow_states",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=64), nullable=False),
        sa.Column("state_enc", sa.LargeBinary(), nullable=False),
        _timestamp("updated_at"),
        _participant_fk("flow_states"),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_flow_states")),
    )
    op.create_table(
        "answers",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=64), nullable=False),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("var", sa.String(length=64), nullable=False),
        sa.Column("value", JSON_VALUE, nullable=True),
        sa.Column("text_enc", sa.LargeBinary(), nullable=True),
        _timestamp("expires_at", nullable=True),
        _timestamp("created_at"),
        _participant_fk("answers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
    )
    op.create_index(op.f("ix_answers_expires_at"), "answers", ["expires_at"])
    op.create_index(
        op.f("ix_answers_participant_id_var_created_at"),
        "answers",
        ["participant_id", "var", "created_at"],
    )
    op.create_table(
        "outbox",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("payload_enc", sa.LargeBinary(), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _timestamp("not_before"),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("result_message_id", sa.BigInteger(), nullable=True),
        _participant_fk("outbox"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed')", name=op.f("ck_outbox_status")
        ),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "not_before", "priority", "id"])
    op.create_index(op.f("ix_outbox_participant_id"), "outbox", ["participant_id"])
    op.create_index(op.f("ix_outbox_recipient_id"), "outbox", ["recipient", "id"])
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _timestamp("processed_at"),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_processed_updates")),
    )
    op.create_index(
        op.f("ix_processed_updates_processed_at"), "processed_updates", ["processed_at"]
    )


def downgrade() -> None:
    # Dropping a table drops its indexes too.
    for table in ("processed_updates", "outbox", "answers", "flow_states", "participants"):
        op.drop_table(table)
