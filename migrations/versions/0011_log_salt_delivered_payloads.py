"""participants: the random salt of their log tag; outbox: messages done with (sent,
failed, expired) keep no payload

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 10:00:00.000000
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# bot.storage.crypto.LOG_SALT_SIZE, as it was when this migration was written.
LOG_SALT_SIZE = 16


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("log_salt", sa.LargeBinary(), nullable=True))
    participants = sa.table(
        "participants", sa.column("id", sa.Integer()), sa.column("log_salt", sa.LargeBinary())
    )
    bind = op.get_bind()
    salts = [
        {"row": row_id, "salt": os.urandom(LOG_SALT_SIZE)}
        for (row_id,) in bind.execute(sa.select(participants.c.id))
    ]
    if salts:
        bind.execute(
            participants.update()
            .where(participants.c.id == sa.bindparam("row"))
            .values(log_salt=sa.bindparam("salt")),
            salts,
        )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.alter_column("log_salt", existing_type=sa.LargeBinary(), nullable=False)
    # What the sender now empties as it goes (bot.outbox.queue.NO_PAYLOAD), emptied for the
    # rows it sent before.
    outbox = sa.table("outbox", sa.column("status", sa.String()), sa.column("payload_enc"))
    op.execute(
        outbox.update()
        .where(outbox.c.status.in_(("sent", "failed", "expired")))
        .values(payload_enc=sa.literal(b"", sa.LargeBinary()))
    )


def downgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("log_salt")
