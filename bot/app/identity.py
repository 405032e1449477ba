"""Who sent an update: a participant or a staff member, found by pseudonym only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain import participants
from bot.storage.crypto import pseudonym, staff_pseudonym
from bot.storage.models import Participant, Staff


@dataclass(frozen=True)
class Who:
    participant: Participant | None
    staff: Staff | None


async def identify(db: AsyncSession, app: App, telegram_user_id: int) -> Who:
    """Find the sender; a person who writes is reachable again, whatever they blocked before.

    Both looked up in one statement, since every update asks (one row, each side joined
    to it or empty)."""
    key = app.services.keys.pseudonym
    one = select(literal(1).label("one")).subquery()
    found = (
        await db.execute(
            select(Participant, Staff)
            .select_from(one)
            .outerjoin(Participant, Participant.key == pseudonym(key, telegram_user_id))
            .outerjoin(Staff, Staff.key == staff_pseudonym(key, telegram_user_id))
        )
    ).one()
    participant, staff = found
    if participant is not None:
        participants.heard_from(participant)
    return Who(participant, staff)
