"""Interface messages (not from a flow) queued through the same outbox."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.outbox import messages
from bot.storage.models import Participant


async def tell(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    text: str,
    *,
    buttons: Sequence[tuple[str, str]] = (),
    priority: int = messages.PRIORITY_CONVERSATION,
) -> None:
    locale = participant.locale
    translated = services.catalogs.gettext(locale, text)
    labelled = [(services.catalogs.gettext(locale, label), data) for label, data in buttons]
    await send_text(db, services, participant, translated, labelled, priority=priority)
