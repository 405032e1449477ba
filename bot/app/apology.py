"""When handling an update failed: the person hears that something went wrong."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain import participants
from bot.domain.messaging import tell
from bot.i18n import texts


async def apologise(db: AsyncSession, app: App, telegram_user_id: int) -> None:
    participant = await participants.find(db, app.services, telegram_user_id)
    if participant is not None:
        await tell(db, app.services, participant, texts.SOMETHING_WRONG)
