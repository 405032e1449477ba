"""Quick exit: one command or one tap leaves a shared phone's chat looking like nothing
happened, and keeps everything the person was promised.

Every message Telegram still lets the bot delete (its own and the person's, for 48 hours)
is deleted; the chat is left with one neutral line. Nothing stored about the person
changes: their answers, plan, cases and place in a conversation stay as they were.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.app.identity import ReadAhead
from bot.domain import messaging, participants
from bot.domain.services import Services
from bot.engine.session import Session
from bot.i18n import texts
from bot.outbox import footprints
from bot.outbox.messages import PRIORITY_CRISIS, PRIORITY_SCHEDULED
from bot.storage.models import Participant

COMMAND = "clear"
CALLBACK = messaging.CLEAR_CHAT
# deleteMessages takes at most this many ids at once.
BATCH = 100
# The hours after which a person may ask the bot to delete their chat's messages itself
# (flows/settings.yaml, `clear_after`): each within the 48 hours Telegram allows.
CLEAR_AFTER_HOURS = ("1", "6", "24")
# Where /settings explains Telegram's auto-delete timer (flows/settings.yaml).
TIMER_STEP = ("settings", "disappearing")


async def noticed(
    app: App,
    db: AsyncSession,
    participant: Participant,
    message_id: int,
    ahead: ReadAhead | None = None,
) -> None:
    """A message the person sent: quick exit must be able to delete it too, and the
    counsellor's messages before it have been seen."""
    services = app.services
    now = services.clock()
    await footprints.note(db, [footprints.trace(services.cipher, participant.id, message_id, now)])
    await _seen(db, participant, now, ahead)


async def tapped(
    app: App, db: AsyncSession, participant: Participant, ahead: ReadAhead | None = None
) -> None:
    """The person tapped a button: the counsellor's messages before it have been seen."""
    await _seen(db, participant, app.services.clock(), ahead)


async def _seen(
    db: AsyncSession, participant: Participant, at: datetime, ahead: ReadAhead | None
) -> None:
    # Nothing to mark when no counsellor's message waited as the update began.
    if ahead is None or ahead.unanswered:
        await footprints.answered(db, participant.id, at)


async def clear(db: AsyncSession, app: App, participant: Participant) -> None:
    """Delete the chat's deletable messages, then say one neutral line. Both go ahead of
    anything else queued for the person, deletion first."""
    services = app.services
    ids = await footprints.take(db, services.cipher, participant.id, services.clock())
    await _delete(db, services, participant, ids, PRIORITY_CRISIS)
    await messaging.tell(db, services, participant, texts.CLEARED, priority=PRIORITY_CRISIS)


async def clear_aged(db: AsyncSession, services: Services) -> int:
    """For each person who asked for it, delete the messages of their chat, from both
    sides, older than the hours they chose: what a glance at the phone shows is only the
    last few hours. Returns how many people's chats were cleared."""
    now = services.clock()
    people = (
        await db.scalars(select(Participant).where(Participant.clear_after.in_(CLEAR_AFTER_HOURS)))
    ).all()
    cleared = 0
    for participant in people:
        hours = timedelta(hours=int(participant.clear_after or 0))
        ids = await footprints.take(db, services.cipher, participant.id, now, now - hours)
        await _delete(db, services, participant, ids, PRIORITY_SCHEDULED)
        cleared += bool(ids)
    return cleared


async def _delete(
    db: AsyncSession, services: Services, participant: Participant, ids: list[int], priority: int
) -> None:
    chat = participants.chat_id(services, participant)
    for start in range(0, len(ids), BATCH):
        payload = {"chat_id": chat, "message_ids": ids[start : start + BATCH]}
        await messaging.queue_call(
            db, services, participant, "deleteMessages", payload, priority=priority
        )


async def timer_step_reached(
    db: AsyncSession, services: Services, participant: Participant, session: Session
) -> None:
    """The person opened the settings of disappearing messages: see whether Telegram's
    timer is already on."""
    if session.status == "active" and (session.flow, session.step) == TIMER_STEP:
        await read_timer(db, services, participant)


async def read_timer(db: AsyncSession, services: Services, participant: Participant) -> None:
    """Ask Telegram whether the person's chat has the auto-delete timer on: they may have
    turned it on before the bot could see it, or before they were enrolled. The answer
    comes to `timer_read`, after the question already queued."""
    chat = participants.chat_id(services, participant)
    await messaging.queue_call(db, services, participant, "getChat", {"chat_id": chat})


async def timer_read(
    db: AsyncSession, services: Services, participant: Participant, seconds: int
) -> None:
    """What Telegram said of the timer: when it is on, the person hears that it was seen;
    when it is off, the explanation they are reading says how to turn it on."""
    if seconds > 0:
        await messaging.tell(db, services, participant, texts.DISAPPEARING_ALREADY_ON)


async def timer_changed(db: AsyncSession, app: App, participant: Participant, seconds: int) -> None:
    """The person turned Telegram's auto-delete timer on or off (the bot cannot, only
    explain how: flows/settings.yaml): say that it was seen."""
    said = texts.DISAPPEARING_ON if seconds > 0 else texts.DISAPPEARING_OFF
    await messaging.tell(db, app.services, participant, said)
