"""participants and staff: whether they came from the sandbox

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Everyone already here is taken for real: nothing marked them, so the sandbox will not
    # start on a database that has people in it, whatever made them.
    for table in ("participants", "staff"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("simulated", sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    for table in ("staff", "participants"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("simulated")
