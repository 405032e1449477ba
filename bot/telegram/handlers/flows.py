"""Entering flows: /start, /menu, /settings, /language, /library, /forget."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import conversations, participants
from bot.engine import screens
from bot.storage.models import Participant
from bot.telegram.context import BotContext

ONBOARDING = "onboarding"
MENU = "menu"
SETTINGS = "settings"
FORGET = "forget"
LIBRARY = screens.LIBRARY

router = Router(name="flows")


@dataclass(frozen=True)
class Sender:
    """Who wrote, and where to answer: only ever used to enrol, never kept as is."""

    user_id: int
    chat_id: int

    @classmethod
    def of(cls, event: Message | CallbackQuery) -> Sender:
        # On a button press the message is the bot's: the person is `from_user` of the query.
        if isinstance(event, Message):
            chat_id = event.chat.id
        else:
            assert event.message is not None
            chat_id = event.message.chat.id
        assert event.from_user is not None
        return cls(event.from_user.id, chat_id)


async def known(
    db: AsyncSession, context: BotContext, participant: Participant | None, sender: Sender
) -> Participant:
    """The participant, enrolled now if this is their first word to the bot."""
    if participant is not None:
        return participant
    return await participants.enrol(db, context.services, sender.user_id, sender.chat_id)


async def enter(
    db: AsyncSession,
    context: BotContext,
    sender: Sender,
    participant: Participant | None,
    flow: str,
    *,
    step: str | None = None,
    suggested_locale: str | None = None,
) -> None:
    """Start `flow`; someone who has not finished onboarding (or is new) is onboarded first."""
    services = context.services
    participant = await known(db, context, participant, sender)
    if participant.consented_at is None:
        flow, step = ONBOARDING, None
    await conversations.start(
        db, services, participant, flow, step=step, suggested_locale=suggested_locale
    )


async def resume(
    db: AsyncSession, context: BotContext, sender: Sender, participant: Participant
) -> None:
    """Ask the current question again, or show the menu when nothing is waiting."""
    try:
        await conversations.reprompt(db, context.services, participant)
    except conversations.NoActiveFlow:
        await enter(db, context, sender, participant, MENU)


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
        Sender.of(message),
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


async def enrolled(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> Participant | None:
    """Someone who has not finished onboarding is taken there instead of being answered."""
    if participant is not None and participant.consented_at is not None:
        return participant
    await enter(db, bot_context, Sender.of(message), participant, MENU)
    return None
