"""The first update over a person's flood limit: one calm word, and nothing else runs."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import flood
from bot.storage.models import Participant
from bot.telegram.context import BotContext

router = Router(name="flood")


class OverTheLimit(Filter):
    """Set by the `Throttle` middleware on the one update that gets the word."""

    async def __call__(self, event: TelegramObject, slow_down: bool = False) -> bool:
        return slow_down


@router.message(OverTheLimit())
@router.edited_message(OverTheLimit())
async def on_flood(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    await flood.slow_down(db, bot_context.app, participant)
