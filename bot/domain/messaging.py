"""Queueing a message to a person: the one way every part of the bot speaks to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import participants
from bot.domain.services import Services
from bot.outbox import messages
from bot.outbox.queue import enqueue
from bot.scheduling.calendar import QuietHours, zone
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
    priority: int = messages.PRIORITY_CONVERSATION,
) -> None:
    chat = participants.chat_id(services, participant)
    moment = (at or services.clock()) + timedelta(seconds=delay)
    quiet = QuietHours.parse(participant.quiet_hours)
    # Late in the evening a buzzing phone can give a person away: arrive without a sound.
    silent = quiet is not None and quiet.silent(moment, zone(participant.timezone))
    await queue_call(
        db,
        services,
        participant,
        "sendMessage",
        messages.send_message(chat, text, buttons=buttons, silent=silent),
        at=at,
        delay=delay,
        priority=priority,
    )


async def queue_call(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    method: str,
    payload: dict[str, Any],
    *,
    at: datetime | None = None,
    delay: float = 0,
    priority: int = messages.PRIORITY_CONVERSATION,
) -> None:
    """Queue any Bot API call addressed to this person's chat."""
    await enqueue(
        db,
        services.cipher,
        recipient=participants.recipient(participant),
        participant_id=participant.id,
        method=method,
        payload=payload,
        priority=priority,
        now=at or services.clock(),
        delay=delay,
    )


# Telegram refuses a message longer than this many characters.
MESSAGE_LIMIT = 4096


def split_for_telegram(parts: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join paragraphs into as few messages as fit; a paragraph too long on its own is cut."""
    messages: list[str] = []
    for part in parts:
        for piece in (part[i : i + limit] for i in range(0, max(len(part), 1), limit)):
            if messages and len(messages[-1]) + 2 + len(piece) <= limit:
                messages[-1] += "\n\n" + piece
            else:
                messages.append(piece)
    return messages
