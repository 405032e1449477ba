"""What follows a message that could not be delivered at all, and what Telegram said
when asked about a person's chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import quick_exit
from bot.domain.services import Services
from bot.escalation import relay
from bot.storage.models import Escalation, OutboxMessage, Participant


def on_failed(services: Services) -> Callable[[AsyncSession, int], Awaitable[None]]:
    """For the sender: a counsellor's words to a person that failed for good are reported
    to that counsellor, who was told at first only that they were queued."""

    async def failed(db: AsyncSession, row_id: int) -> None:
        row = await db.get(OutboxMessage, row_id)
        if row is None or row.case_id is None or row.participant_id is None:
            return
        case = await db.get(Escalation, row.case_id)
        participant = await db.get(Participant, row.participant_id)
        if case is not None and participant is not None:
            await relay.undelivered(db, services, case, participant)

    return failed


def on_chat_read(services: Services) -> Callable[[AsyncSession, int, int], Awaitable[None]]:
    """For the sender: a person's chat, read when they opened the settings of disappearing
    messages (`quick_exit.read_timer`), has Telegram's auto-delete timer at `seconds`."""

    async def read(db: AsyncSession, row_id: int, seconds: int) -> None:
        row = await db.get(OutboxMessage, row_id)
        participant_id = row.participant_id if row is not None else None
        participant = await db.get(Participant, participant_id) if participant_id else None
        if participant is not None:
            await quick_exit.timer_read(db, services, participant, seconds)

    return read
