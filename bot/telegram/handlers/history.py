"""/history: a person's own moods and results (for people who have agreed: see `consent`)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import history
from bot.storage.models import Participant
from bot.telegram.context import BotContext

router = Router(name="history")
COMMANDS = (history.COMMAND,)


@router.message(Command(*COMMANDS))
async def on_history(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await history.send(db, bot_context.app, participant)
