"""the WHO-5 check-in comes every two weeks, the period its questions ask about

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 05:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE schedules SET kind = 'wellbeing', every_days = 14 "
        "WHERE kind = 'weekly' AND flow = 'checkin-wellbeing'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE schedules SET kind = 'weekly', every_days = 7 "
        "WHERE kind = 'wellbeing' AND flow = 'checkin-wellbeing'"
    )
