"""indexes over the outbox's open rows only, so the sender's per-chat check and a person's
queued messages cost the same however long their history

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 08:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status IN ('pending', 'sending')")
PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_index(
        "ix_outbox_open_recipient",
        "outbox",
        ["recipient", "priority", "id"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_index(
        "ix_outbox_pending_participant",
        "outbox",
        ["participant_id"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_pending_participant", table_name="outbox")
    op.drop_index("ix_outbox_open_recipient", table_name="outbox")
