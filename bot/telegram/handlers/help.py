"""/help answers from any step with the crisis card, and never loses the person's place."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import conversations, crisis
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.handlers.flows import Sender, known, resume

router = Router(name="help")

# The card's buttons start these flows; anything else (BACK, a stale button) resumes.
FLOWS = {
    crisis.TALK: crisis.COUNSELLOR_FLOW,
    crisis.CALM: crisis.CALMING_FLOW,
    crisis.GROUNDING: crisis.GROUNDING_FLOW,
}


@router.message(Command("help"))
async def on_help(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    if participant is None:
        participant = await known(db, bot_context, participant, Sender.of(message))
        participant.locale = suggested_locale
    await crisis.send_crisis_card(db, bot_context.services, participant, reason="help")


@router.callback_query(F.data.startswith(crisis.CALLBACK_PREFIX))
async def on_help_choice(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    if participant is None:
        return
    flow = FLOWS.get(callback.data or "")
    # Before consent there is nothing to hand a counsellor and onboarding must not be lost.
    if flow is not None and participant.consented_at:
        await conversations.start(db, bot_context.services, participant, flow)
    else:
        await resume(db, bot_context, Sender.of(callback), participant)
