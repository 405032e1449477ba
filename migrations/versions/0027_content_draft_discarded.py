"""content_revisions: a member's draft can be discarded (state `discarded`)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 09:15:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = "state IN ('draft', 'waiting', 'approved')"
AFTER = "state IN ('draft', 'waiting', 'approved', 'discarded')"


def upgrade() -> None:
    with op.batch_alter_table("content_revisions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_content_revisions_state"), type_="check")
        batch_op.create_check_constraint("state", AFTER)


def downgrade() -> None:
    # A discarded draft was never published: it goes back to being a draft.
    op.execute("UPDATE content_revisions SET state = 'draft' WHERE state = 'discarded'")
    with op.batch_alter_table("content_revisions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_content_revisions_state"), type_="check")
        batch_op.create_check_constraint("state", BEFORE)
