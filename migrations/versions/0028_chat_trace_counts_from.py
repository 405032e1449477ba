"""when a chat message's timed deletion starts counting: a counsellor's message waits until
the person has answered or tapped after it

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 09:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chat_traces") as batch:
        batch.add_column(sa.Column("counts_from", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE chat_traces SET counts_from = created_at")


def downgrade() -> None:
    with op.batch_alter_table("chat_traces") as batch:
        batch.drop_column("counts_from")
