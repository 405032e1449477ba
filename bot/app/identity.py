"""Who sent an update: a participant or a staff member, found by pseudonym only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain import participants
from bot.storage.crypto import pseudonym, staff_pseudonym
from bot.storage.models import Participant, Staff

# Both sides looked up in one statement, since every update asks: one row, each side
# outer-joined to it or empty. Built once, with bound keys.
_ONE = select(literal(1).label("one")).subquery()
_WHO = (
    select(Participant, Staff)
    .select_from(_ONE)
    .outerjoin(Participant, Participant.key == bindparam("participant_key"))
    .outerjoin(Staff, Staff.key == bindparam("staff_key"))
)


@dataclass(frozen=True)
class Who:
    participant: Participant | None
    staff: Staff | None


async def identify(db: AsyncSession, app: App, telegram_user_id: int) -> Who:
    """Find the sender; a person who writes is reachable again, whatever they blocked before."""
    key = app.services.keys.pseudonym
    keys = {
        "participant_key": pseudonym(key, telegram_user_id),
        "staff_key": staff_pseudonym(key, telegram_user_id),
    }
    found = (await db.execute(_WHO, keys)).one()
    participant, staff = found
    if participant is not None:
        participants.heard_from(participant)
    return Who(participant, staff)
