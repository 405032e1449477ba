"""Entering flows: /start, /menu, /settings, /language, /library, /forget."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import conversations, library, participants
from bot.engine import screens
from bot.storage.models import Participant
from bot.telegram.context import BotContext

ONBOARDING = "onboarding"
MENU = "menu"
SETTINGS = "settings"
FORGET = "forget"
LIBRARY = screens.LIBRARY

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
    elif flow == LIBRARY:
        await library.show(db, services, participant)
        return
    await conversations.start(
        db, services, participant, flow, step=step, suggested_locale=suggested_locale
    )


# Commands that open a flow (or the library screen) at a step.
ENTRIES: dict[str, tuple[str, str | None]] = {
    "start": (MENU, None),
    "menu": (MENU, None),
    "settings": (SETTINGS, None),
    "language": (SETTINGS, "language"),
    "library": (LIBRARY, None),
}


@router.message(Command(*ENTRIES))
async def on_entry(
    message: Message,
    command: CommandObject,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    flow, step = ENTRIES[command.command]
    await enter(
        db,
        bot_context,
        message,
        participant,
        flow,
        step=step,
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
