"""The person's side of a conversation with a counsellor: ending it, and the feedback after."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.escalation import cases, feedback, relay
from bot.i18n import texts
from bot.storage.models import Escalation, Participant
from bot.telegram.context import BotContext
from bot.telegram.handlers.answers import close_chosen
from bot.telegram.handlers.flows import Sender, enrolled, resume
from bot.telegram.replies import tell

router = Router(name="counsellor")


@router.message(Command("end"))
async def on_end_command(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    person = await enrolled(message, db, bot_context, participant)
    if person is None:
        return
    services = bot_context.services
    if not await _end(db, services, await cases.current(db, person.id), person):
        await tell(db, services, person, texts.RELAY_NOT_TALKING)
        await resume(db, bot_context, Sender.of(message), person)


@router.callback_query(F.data.startswith(relay.END))
async def on_end_button(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    case_id = (callback.data or "").removeprefix(relay.END)
    if participant is None or not case_id.isdigit():
        return
    services = bot_context.services
    case = await db.get(Escalation, int(case_id))
    if case is None or case.participant_id != participant.id:
        return
    if not await _end(db, services, case, participant):
        await tell(db, services, participant, texts.RELAY_NOT_TALKING)


@router.callback_query(F.data.startswith(feedback.PREFIX))
async def on_feedback(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    data = callback.data or ""
    if participant is None or not await feedback.answer(
        db, bot_context.services, participant, data
    ):
        return
    if isinstance(callback.message, Message):
        await close_chosen(db, bot_context, participant, callback.message, data)


async def _end(
    db: AsyncSession, services: Services, case: Escalation | None, participant: Participant
) -> bool:
    return case is not None and await relay.end(db, services, case, participant, None)
