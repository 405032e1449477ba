"""When handling an update failed: the person hears that something went wrong, and gets
the menu, so a flow that keeps failing for them never leaves them stuck in it."""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations
from bot.app.context import App
from bot.app.entry import MENU
from bot.domain import participants
from bot.domain.messaging import tell
from bot.i18n import texts
from bot.spec.errors import FlowError

log = structlog.get_logger()


async def apologise(db: AsyncSession, app: App, telegram_user_id: int) -> None:
    participant = await participants.find(db, app.services, telegram_user_id)
    if participant is None:
        return
    await tell(db, app.services, participant, texts.SOMETHING_WRONG)
    if participant.consented_at is None:
        return  # before consent there is no menu; /start goes on with onboarding
    try:
        # A savepoint: if the menu fails too, the apology still goes out.
        async with db.begin_nested():
            await conversations.start(db, app.services, participant, MENU)
    except FlowError as exc:
        log.error(
            "apology.menu_failed",
            participant=participants.log_tag(participant),
            error=type(exc).__name__,
        )
