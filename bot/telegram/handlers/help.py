"""/help answers from any step, and never loses the person's place."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import conversations
from bot.i18n import texts
from bot.outbox.messages import PRIORITY_CRISIS
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.handlers.flows import Sender, known, resume
from bot.telegram.replies import tell

router = Router(name="help")

HELP_PREFIX = "h:"
COUNSELLOR_FLOW = "counsellor"
CALMING_FLOW = "breathing"


@router.message(Command("help"))
async def on_help(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    services = bot_context.services
    if participant is None:
        participant = await known(db, bot_context, participant, Sender.of(message))
        participant.locale = suggested_locale
    in_flow = await conversations.load_session(db, services, participant)
    back = texts.HELP_BACK if in_flow and in_flow.status == "active" else texts.HELP_MENU
    buttons = [(texts.HELP_TALK, "h:talk"), (texts.HELP_CALM, "h:calm"), (back, "h:back")]
    if participant.consented_at is None:
        # Before consent we hold nothing to hand a counsellor; 112 and "continue" still work.
        buttons = [(back, "h:back")]
    # /help may be a crisis: it goes out before anything else waiting in the queue.
    await tell(db, services, participant, texts.HELP, buttons=buttons, priority=PRIORITY_CRISIS)


@router.callback_query(F.data.startswith(HELP_PREFIX))
async def on_help_choice(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    if participant is None:
        return
    services = bot_context.services
    choice = (callback.data or "").removeprefix(HELP_PREFIX)
    if choice == "talk" and participant.consented_at:
        await conversations.start(db, services, participant, COUNSELLOR_FLOW)
    elif choice == "calm" and participant.consented_at:
        await conversations.start(db, services, participant, CALMING_FLOW)
    else:
        await resume(db, bot_context, Sender.of(callback), participant)
