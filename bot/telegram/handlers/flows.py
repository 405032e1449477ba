"""Entering flows: /start, /menu, /settings, /language, and the menu fallback."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import conversations, participants
from bot.storage.models import Participant
from bot.telegram.context import BotContext

ONBOARDING = "onboarding"
MENU = "menu"
SETTINGS = "settings"
FORGET = "forget"

router = Router(name="flows")


async def enter(
    db: AsyncSession,
    context: BotContext,
    message: Message,
    participant: Participant | None,
    flow: str,
    *,
    step: str | None = None,
    suggested_locale: str | None = None,
) -> None:
    """Start `flow`; someone who has not finished onboarding (or is new) is onboarded first."""
    services = context.services
    if participant is None:
        assert message.from_user is not None
        participant = await participants.enrol(db, services, message.from_user.id, message.chat.id)
    if participant.consented_at is None:
        flow, step = ONBOARDING, None
    await conversations.start(
        db, services, participant, flow, step=step, suggested_locale=suggested_locale
    )


@router.message(CommandStart())
async def on_start(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    await enter(db, bot_context, message, participant, MENU, suggested_locale=suggested_locale)


@router.message(Command("menu"))
async def on_menu(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    await enter(db, bot_context, message, participant, MENU, suggested_locale=suggested_locale)


@router.message(Command("settings"))
async def on_settings(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    await enter(db, bot_context, message, participant, SETTINGS, suggested_locale=suggested_locale)


@router.message(Command("language"))
async def on_language(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    await enter(
        db,
        bot_context,
        message,
        participant,
        SETTINGS,
        step="language",
        suggested_locale=suggested_locale,
    )


@router.message(Command("forget"))
async def on_forget(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    if participant is None:
        return  # nothing is held about someone we have never seen
    await conversations.start(db, bot_context.services, participant, FORGET)
