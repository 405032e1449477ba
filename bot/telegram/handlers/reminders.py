"""Reminder buttons (check in now, later) and /pause, /resume, /stop."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import conversations
from bot.i18n import texts
from bot.scheduling import control, reminders
from bot.scheduling.calendar import zone
from bot.storage.models import Participant, Schedule
from bot.telegram.context import BotContext
from bot.telegram.handlers.answers import close_chosen
from bot.telegram.handlers.flows import MENU, Sender, enrolled, enter
from bot.telegram.replies import tell

router = Router(name="reminders")

PAUSE_PREFIX = "pause:"
PAUSE_OPEN = 0


@router.callback_query(F.data.startswith(reminders.PREFIX + ":"))
async def on_reminder(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    parsed = reminders.parse(callback.data or "")
    if participant is None or participant.consented_at is None or parsed is None:
        await enter(db, bot_context, Sender.of(callback), participant, MENU)
        return
    services = bot_context.services
    action, number = parsed
    if isinstance(callback.message, Message):
        await close_chosen(db, bot_context, participant, callback.message, callback.data or "")
    if action == reminders.LATER:
        await control.snooze(db, participant.id, number, services.clock())
        await tell(db, services, participant, texts.SNOOZED, count=number // 60)
        return
    flow = await db.scalar(
        select(Schedule.flow).where(
            Schedule.id == number, Schedule.participant_id == participant.id
        )
    )
    # A reminder older than a change of plans still leads somewhere useful.
    await conversations.start(db, services, participant, flow or MENU)


@router.message(Command("pause"))
async def on_pause(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    person = await enrolled(message, db, bot_context, participant)
    if person is None:
        return
    options = [
        (texts.PAUSE_WEEK, f"{PAUSE_PREFIX}{control.PAUSE_DAYS}"),
        (texts.PAUSE_OPEN, f"{PAUSE_PREFIX}{PAUSE_OPEN}"),
    ]
    await tell(db, bot_context.services, person, texts.PAUSE_ASK, buttons=options)


@router.callback_query(F.data.startswith(PAUSE_PREFIX))
async def on_pause_choice(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    days = (callback.data or "").removeprefix(PAUSE_PREFIX)
    if participant is None or participant.consented_at is None or not days.isdigit():
        return
    services = bot_context.services
    if isinstance(callback.message, Message):
        await close_chosen(db, bot_context, participant, callback.message, callback.data or "")
    now = services.clock()
    control.pause(participant, now, days=int(days) or None)
    if participant.paused_until is None:
        await tell(db, services, participant, texts.PAUSED_OPEN)
        return
    local = participant.paused_until.astimezone(zone(participant.timezone))
    date = format_date(local.date(), format="long", locale=participant.locale or "en")
    await tell(db, services, participant, texts.PAUSED_UNTIL, values={"date": date})


@router.message(Command("resume"))
async def on_resume(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    person = await enrolled(message, db, bot_context, participant)
    if person is None:
        return
    control.resume(person)
    has_time = person.checkin_time not in (None, "off")
    note = texts.RESUMED if has_time else texts.RESUMED_NO_TIME
    await tell(db, bot_context.services, person, note)


@router.message(Command("stop"))
async def on_stop(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    person = await enrolled(message, db, bot_context, participant)
    if person is None:
        return
    control.stop(person)
    await tell(db, bot_context.services, person, texts.STOPPED)
