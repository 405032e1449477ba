"""Reminder buttons and /pause, /resume, /stop (for people who have agreed: see `consent`)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import reminders
from bot.scheduling.reminders import PREFIX
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.events import pressed_of, sender_of
from bot.telegram.filters import on_loop

router = Router(name="reminders")
COMMANDS = ("pause", "resume", "stop")


@router.callback_query(on_loop(F.data.startswith(PREFIX + ":")))
async def on_reminder(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await reminders.tapped(
        db,
        bot_context.app,
        sender_of(callback),
        participant,
        callback.data or "",
        pressed_of(callback),
    )


@router.message(Command("pause"))
async def on_pause(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await reminders.ask_pause(db, bot_context.app, participant)


@router.callback_query(on_loop(F.data.startswith(reminders.PAUSE_PREFIX)))
async def on_pause_choice(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await reminders.pause(
        db,
        bot_context.app,
        sender_of(callback),
        participant,
        callback.data or "",
        pressed_of(callback),
    )


@router.message(Command("resume"))
async def on_resume(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await reminders.resume(db, bot_context.app, participant)


@router.message(Command("stop"))
async def on_stop(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await reminders.stop(db, bot_context.app, participant)
