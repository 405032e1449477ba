"""/myplan and the library's buttons: screens drawn from what the person did and wrote."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import conversations, library, plan
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.handlers.flows import LIBRARY, Sender, enter

router = Router(name="library")


@router.message(Command("myplan"))
async def on_my_plan(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    if participant is None or participant.consented_at is None:
        await enter(
            db,
            bot_context,
            Sender.of(message),
            participant,
            LIBRARY,
            suggested_locale=suggested_locale,
        )
        return
    await plan.show(db, bot_context.services, participant)


@router.callback_query(F.data.startswith(library.TOPIC_PREFIX))
async def on_topic(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    if participant is None or participant.consented_at is None:
        return
    topic = (callback.data or "").removeprefix(library.TOPIC_PREFIX) or None
    await library.show(db, bot_context.services, participant, topic)


@router.callback_query(F.data.startswith(library.FLOW_PREFIX) | (F.data == plan.MAKE_PLAN))
async def on_module(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    if participant is None or participant.consented_at is None:
        return
    data = callback.data or ""
    flow = plan.PLAN_FLOW if data == plan.MAKE_PLAN else data.removeprefix(library.FLOW_PREFIX)
    if flow in bot_context.services.library.flows:
        await conversations.start(db, bot_context.services, participant, flow)
