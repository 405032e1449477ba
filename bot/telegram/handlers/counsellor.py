"""The person's side of a conversation with a counsellor (for people who have agreed)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import counsellor
from bot.escalation import feedback, relay
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.events import pressed_of, sender_of
from bot.telegram.filters import on_loop

router = Router(name="counsellor")
COMMANDS = ("end",)


@router.message(Command(*COMMANDS))
async def on_end_command(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await counsellor.end_by_command(db, bot_context.app, sender_of(message), participant)


@router.callback_query(on_loop(F.data.startswith(relay.END)))
async def on_end_button(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await counsellor.end_by_button(
        db, bot_context.app, sender_of(callback), participant, callback.data or ""
    )


@router.callback_query(on_loop(F.data.startswith(feedback.PREFIX)))
async def on_feedback(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await counsellor.rate(
        db,
        bot_context.app,
        sender_of(callback),
        participant,
        callback.data or "",
        pressed_of(callback),
    )
