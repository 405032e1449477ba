"""staff: the `editor` role, who edits content and never sees a case

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 06:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = "role IN ('counsellor', 'supervisor', 'admin')"
AFTER = "role IN ('counsellor', 'supervisor', 'admin', 'editor')"


def upgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_staff_role"), type_="check")
        batch_op.create_check_constraint("role", AFTER)


def downgrade() -> None:
    # No older role fits an editor (each would open cases to them): they are switched off.
    op.execute(
        "UPDATE staff SET role = 'counsellor', "
        "deactivated_at = COALESCE(deactivated_at, CURRENT_TIMESTAMP) WHERE role = 'editor'"
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_staff_role"), type_="check")
        batch_op.create_check_constraint("role", BEFORE)
