"""When a handler fails: roll back (the middleware did), log without identities, apologise."""

from __future__ import annotations

import structlog
from aiogram.types import ErrorEvent

from bot.app.apology import apologise as apologise_to
from bot.telegram.context import BotContext

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
    # Its own transaction: the update's was rolled back.
    async with bot_context.sessionmaker() as db, db.begin():
        await apologise_to(db, bot_context.app, user.id)
    bot_context.sender.wake()
    return True
