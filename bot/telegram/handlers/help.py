"""/help answers from any step with the crisis card, and never loses the person's place."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import crisis, help
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.events import sender_of
from bot.telegram.filters import a_command, on_loop

router = Router(name="help")
# Its messages are commands: anything else goes by (`a_command`).
router.message.filter(a_command)


@router.message(Command("help"))
async def on_help(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    await help.show(db, bot_context.app, sender_of(message), participant, suggested_locale)


@router.callback_query(on_loop(F.data.startswith(crisis.CALLBACK_PREFIX)))
async def on_help_choice(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    await help.choose(db, bot_context.app, sender_of(callback), participant, callback.data or "")
