"""Entering flows: /start, /menu, /settings, /language, /library, /forget."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import entry
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.events import sender_of
from bot.telegram.filters import a_command

router = Router(name="flows")
# Its messages are commands: anything else goes by (`a_command`).
router.message.filter(a_command)


@router.message(Command(*entry.ENTRIES))
async def on_entry(
    message: Message,
    command: CommandObject,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    await entry.command(
        db, bot_context.app, sender_of(message), participant, command.command, suggested_locale
    )


@router.message(Command("forget"))
async def on_forget(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    await entry.forget(db, bot_context.app, participant)
