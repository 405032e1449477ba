"""Queueing a message to a person: the one way every part of the bot speaks to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import participants
from bot.domain.services import Services
from bot.outbox import messages
from bot.outbox.queue import enqueue
from bot.storage.models import Participant


async def send_text(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    text: str,
    buttons: Sequence[tuple[str, str]] = (),
    *,
    at: datetime | None = None,
    delay: float = 0,
) -> None:
    await enqueue(
        db,
        services.cipher,
        recipient=f"p:{participant.id}",
        participant_id=participant.id,
        method="sendMessage",
        payload=messages.send_message(
            participants.chat_id(services, participant), text, buttons=buttons
        ),
        priority=messages.PRIORITY_CONVERSATION,
        now=at or services.clock(),
        delay=delay,
    )
