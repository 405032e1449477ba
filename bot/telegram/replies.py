"""Interface messages (not from a flow) queued through the same outbox."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.outbox import messages
from bot.storage.models import Participant


async def tell(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    text: str | tuple[str, str],
    *,
    buttons: Sequence[tuple[str, str]] = (),
    priority: int = messages.PRIORITY_CONVERSATION,
    count: int = 1,
    values: Mapping[str, object] | None = None,
) -> None:
    """Say an interface sentence in the person's language: a plural pair takes `count`."""
    locale = participant.locale
    if isinstance(text, tuple):
        translated = services.catalogs.ngettext(locale, text, count)
    else:
        translated = services.catalogs.gettext(locale, text)
        if values:
            translated %= values
    labelled = [(services.catalogs.gettext(locale, label), data) for label, data in buttons]
    await send_text(db, services, participant, translated, labelled, priority=priority)
