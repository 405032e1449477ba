"""Who sent an update: a participant or a staff member, found by pseudonym only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain import participants
from bot.escalation import staff as staff_members
from bot.storage.models import Participant, Staff


@dataclass(frozen=True)
class Who:
    participant: Participant | None
    staff: Staff | None


async def identify(db: AsyncSession, app: App, telegram_user_id: int) -> Who:
    """Find the sender; a person who writes is reachable again, whatever they blocked before."""
    participant = await participants.find(db, app.services, telegram_user_id)
    if participant is not None:
        participants.heard_from(participant)
    staff = await staff_members.find(db, app.services, telegram_user_id)
    return Who(participant, staff)
