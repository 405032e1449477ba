"""content as immutable revisions, and the publications that make one live

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 05:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    op.create_table(
        "content_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("author", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("summary", JSON, nullable=True),
        sa.Column("base_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("safety", sa.Boolean(), nullable=False),
        sa.Column("approved_by", sa.String(length=16), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('draft', 'waiting', 'approved')", name=op.f("ck_content_revisions_state")
        ),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["content_revisions.id"],
            name=op.f("fk_content_revisions_base_id_content_revisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_revisions")),
    )
    op.create_index(
        op.f("ix_content_revisions_content_hash"), "content_revisions", ["content_hash"]
    )
    op.create_index(op.f("ix_content_revisions_item_id"), "content_revisions", ["item", "id"])
    op.create_table(
        "content_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.String(length=16), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["content_revisions.id"],
            name=op.f("fk_content_publications_revision_id_content_revisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_publications")),
    )
    op.create_index(
        op.f("ix_content_publications_item_id"), "content_publications", ["item", "id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_content_publications_item_id"), table_name="content_publications")
    op.drop_table("content_publications")
    op.drop_index(op.f("ix_content_revisions_item_id"), table_name="content_revisions")
    op.drop_index(op.f("ix_content_revisions_content_hash"), table_name="content_revisions")
    op.drop_table("content_revisions")
