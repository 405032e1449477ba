"""an index over a person's chat messages still waiting to be answered, so that marking
them answered on every message costs the same however long the chat

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNANSWERED = sa.text("counts_from IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_chat_traces_unanswered",
        "chat_traces",
        ["participant_id"],
        sqlite_where=UNANSWERED,
        postgresql_where=UNANSWERED,
    )


def downgrade() -> None:
    op.drop_index("ix_chat_traces_unanswered", table_name="chat_traces")
