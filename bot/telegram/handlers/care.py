"""/plan, /services and their buttons, and the answer to a referral's follow-up question
(for people who have agreed: see `consent`)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import directory, plans, referrals
from bot.directory.referrals import PREFIX as REFERRAL_PREFIX
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.events import pressed_of, sender_of
from bot.telegram.filters import on_loop

router = Router(name="care")
COMMANDS = ("plan", "services")


@router.message(Command("plan"))
async def on_plan(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await plans.show(db, bot_context.app, participant)


@router.message(Command("services"))
async def on_services(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await directory.browse(db, bot_context.app, participant)


@router.callback_query(on_loop(F.data.startswith(directory.CATEGORY_PREFIX)))
async def on_category(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await directory.category(
        db, bot_context.app, sender_of(callback), participant, callback.data or ""
    )


@router.callback_query(on_loop(F.data.startswith(REFERRAL_PREFIX)))
async def on_referral_answer(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, participant: Participant
) -> None:
    await referrals.answer(
        db,
        bot_context.app,
        sender_of(callback),
        participant,
        callback.data or "",
        pressed_of(callback),
    )
