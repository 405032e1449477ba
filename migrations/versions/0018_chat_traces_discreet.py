"""chat traces: the ids of a person's recent messages, for quick exit; discreet mode

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 05:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_traces",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("message_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_chat_traces_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_traces")),
    )
    op.create_index(
        op.f("ix_chat_traces_participant_id"), "chat_traces", ["participant_id"], unique=False
    )
    op.create_index(op.f("ix_chat_traces_created_at"), "chat_traces", ["created_at"], unique=False)
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("discreet", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("discreet")
    op.drop_index(op.f("ix_chat_traces_created_at"), table_name="chat_traces")
    op.drop_index(op.f("ix_chat_traces_participant_id"), table_name="chat_traces")
    op.drop_table("chat_traces")
