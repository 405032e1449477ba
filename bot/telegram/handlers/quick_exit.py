"""Quick exit from any step: /clear and the "Clear this chat" button; and Telegram's own
auto-delete timer, seen when a person turns it on or off."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import quick_exit
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.filters import a_command, on_loop

router = Router(name="quick_exit")


# `a_command` first: other words go by without the command being parsed.
@router.message(a_command, Command(quick_exit.COMMAND))
async def on_clear(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    # Someone the bot holds nothing about has nothing to clear, and is not enrolled for it.
    if participant is not None:
        await quick_exit.clear(db, bot_context.app, participant)


@router.callback_query(on_loop(F.data == quick_exit.CALLBACK))
async def on_clear_button(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    if participant is not None:
        await quick_exit.clear(db, bot_context.app, participant)


@router.message(on_loop(F.message_auto_delete_timer_changed))
async def on_auto_delete_timer(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    changed = message.message_auto_delete_timer_changed
    if participant is not None and changed is not None:
        seconds = changed.message_auto_delete_time
        await quick_exit.timer_changed(db, bot_context.app, participant, seconds)
