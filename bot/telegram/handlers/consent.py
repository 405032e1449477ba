"""Consent, enforced once: what needs a person's agreement sits behind one filter, and the
same commands and buttons from someone who has not agreed yet lead to onboarding."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import entry
from bot.outbox import messages
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.events import consented, not_consented, sender_of
from bot.telegram.filters import a_command, on_loop
from bot.telegram.handlers import care, counsellor, history, library, reminders

agreed = Router(name="consented")
# Its routers' messages are all commands: words go by without a look inside.
agreed.message.filter(a_command, consented)
agreed.callback_query.filter(consented)
agreed.include_routers(
    library.router, reminders.router, counsellor.router, care.router, history.router
)

not_yet = Router(name="not-consented")
not_yet.message.filter(a_command, not_consented)
not_yet.callback_query.filter(not_consented)


@not_yet.message(
    Command(
        *library.COMMANDS,
        *reminders.COMMANDS,
        *counsellor.COMMANDS,
        *care.COMMANDS,
        *history.COMMANDS,
    )
)
async def on_command_before_consent(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    await entry.onboarding_first(
        db, bot_context.app, sender_of(message), participant, suggested_locale
    )


# Flow buttons are onboarding's own; every other button needs consent.
@not_yet.callback_query(on_loop(~F.data.startswith(f"{messages.ANSWER_PREFIX}:")))
async def on_button_before_consent(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    await entry.onboarding_first(
        db, bot_context.app, sender_of(callback), participant, suggested_locale
    )
