"""measures keep their result: total, score, band, positive, flags

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-20 22:42:58.360994
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("total", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("score", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("band", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("positive", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "flags",
                sa.JSON(none_as_null=True).with_variant(
                    postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), "postgresql"
                ),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_column("flags")
        batch_op.drop_column("positive")
        batch_op.drop_column("band")
        batch_op.drop_column("score")
        batch_op.drop_column("total")
