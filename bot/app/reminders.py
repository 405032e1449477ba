"""Reminder buttons (check in now, later) and /pause, /resume, /stop."""

from __future__ import annotations

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations
from bot.app.buttons import Pressed, close_chosen, stale
from bot.app.context import App
from bot.app.entry import MENU, Sender
from bot.domain.messaging import tell
from bot.i18n import texts
from bot.outbox.callbacks import fields
from bot.scheduling import control, reminders
from bot.spec.calendar import zone
from bot.storage.models import Participant, Schedule

PAUSE_PREFIX = "pause:"
PAUSE_OPEN = 0


async def tapped(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant,
    data: str,
    pressed: Pressed | None,
) -> None:
    """A reminder's "check in now" or "later"."""
    parsed = reminders.parse(data)
    if parsed is None:
        await stale(db, app, sender, participant)
        return
    services = app.services
    action, number = parsed
    await close_chosen(db, app, participant, pressed)
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


async def ask_pause(db: AsyncSession, app: App, participant: Participant) -> None:
    options = [
        (texts.PAUSE_WEEK, f"{PAUSE_PREFIX}{control.PAUSE_DAYS}"),
        (texts.PAUSE_OPEN, f"{PAUSE_PREFIX}{PAUSE_OPEN}"),
    ]
    await tell(db, app.services, participant, texts.PAUSE_ASK, buttons=options)


def parse_pause(data: str) -> int | None:
    """The days of the pause chosen (`PAUSE_OPEN`: until /resume); None for a value that
    `ask_pause` did not offer."""
    parts = fields(data, PAUSE_PREFIX, 1)
    offered = {str(control.PAUSE_DAYS), str(PAUSE_OPEN)}
    return int(parts[0]) if parts is not None and parts[0] in offered else None


async def pause(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant,
    data: str,
    pressed: Pressed | None,
) -> None:
    days = parse_pause(data)
    if days is None:
        await stale(db, app, sender, participant)
        return
    services = app.services
    await close_chosen(db, app, participant, pressed)
    control.pause(participant, services.clock(), days=days or None)
    if participant.paused_until is None:
        await tell(db, services, participant, texts.PAUSED_OPEN)
        return
    local = participant.paused_until.astimezone(zone(participant.timezone))
    date = format_date(local.date(), format="long", locale=participant.locale or "en")
    await tell(db, services, participant, texts.PAUSED_UNTIL, values={"date": date})


async def resume(db: AsyncSession, app: App, participant: Participant) -> None:
    control.resume(participant)
    has_time = participant.checkin_time not in (None, "off")
    note = texts.RESUMED if has_time else texts.RESUMED_NO_TIME
    await tell(db, app.services, participant, note)


async def stop(db: AsyncSession, app: App, participant: Participant) -> None:
    control.stop(participant)
    await tell(db, app.services, participant, texts.STOPPED)
