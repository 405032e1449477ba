"""When a handler fails: roll back (the middleware did), log without identities, apologise."""

from __future__ import annotations

import structlog
from aiogram.types import ErrorEvent

from bot.domain import participants
from bot.i18n import texts
from bot.telegram.context import BotContext
from bot.telegram.replies import tell

log = structlog.get_logger()


async def apologise(event: ErrorEvent, bot_context: BotContext) -> bool:
    update = event.update
    user = (
        update.message.from_user
        if update.message
        else update.callback_query.from_user
        if update.callback_query
        else None
    )
    log.error(
        "update.failed",
        update_id=update.update_id,
        error=type(event.exception).__name__,
        exc_info=True,
    )
    if user is None:
        return True
    async with bot_context.sessionmaker() as db, db.begin():
        participant = await participants.find(db, bot_context.services, user.id)
        if participant is not None:
            await tell(db, bot_context.services, participant, texts.SOMETHING_WRONG)
    bot_context.wake_sender()
    return True
