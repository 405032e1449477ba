"""/myplan and the library's buttons (for people who have agreed: see `consent`)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import library
from bot.library import plan, screen
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.events import sender_of
from bot.telegram.filters import on_loop

router = Router(name="library")
COMMANDS = ("myplan",)


@router.message(Command(*COMMANDS))
async def on_my_plan(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await library.my_plan(db, bot_context.app, participant)


@router.callback_query(on_loop(F.data.startswith(screen.TOPIC_PREFIX)))
async def on_topic(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await library.topic(db, bot_context.app, sender_of(callback), participant, callback.data or "")


@router.callback_query(on_loop(F.data.startswith(screen.FLOW_PREFIX) | (F.data == plan.MAKE_PLAN)))
async def on_module(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await library.module(db, bot_context.app, sender_of(callback), participant, callback.data or "")
