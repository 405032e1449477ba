"""Interface messages (not from a flow) queued through the same outbox."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import participants
from bot.domain.services import Services
from bot.outbox import messages
from bot.outbox.queue import enqueue
from bot.storage.models import Participant


async def tell(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    text: str,
    *,
    buttons: Sequence[tuple[str, str]] = (),
) -> None:
    locale = participant.locale
    translated = services.catalogs.gettext(locale, text)
    labelled = [(services.catalogs.gettext(locale, label), data) for label, data in buttons]
    await enqueue(
        db,
        services.cipher,
        recipient=f"p:{participant.id}",
        participant_id=participant.id,
        method="sendMessage",
        payload=messages.send_message(
            participants.chat_id(services, participant), translated, buttons=labelled
        ),
        priority=messages.PRIORITY_CONVERSATION,
        now=services.clock(),
    )
