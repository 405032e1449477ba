"""What a person does to their scheduled messages: answer, snooze, pause, resume, stop."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Participant, Schedule

SNOOZE_MINUTES = (60, 180)
PAUSE_DAYS = 7


def _waiting(participant_id: int) -> tuple[ColumnElement[bool], ...]:
    """The person's check-ins that were sent and are not answered yet."""
    return (
        Schedule.participant_id == participant_id,
        Schedule.fired_at.is_not(None),
        or_(Schedule.done_at.is_(None), Schedule.done_at < Schedule.fired_at),
    )


async def checked_in(db: AsyncSession, participant_id: int, flow: str, now: datetime) -> None:
    """The person began `flow` (from a reminder or the menu): that check-in is answered."""
    await db.execute(
        update(Schedule)
        .where(*_waiting(participant_id), Schedule.flow == flow)
        .values(done_at=now, missed_in_row=0, act="due", act_at=Schedule.due_at)
    )


async def snooze(db: AsyncSession, participant_id: int, minutes: int, now: datetime) -> None:
    """Send the waiting check-ins again in `minutes`, unless the next one comes first."""
    later = now + timedelta(minutes=minutes)
    await db.execute(
        update(Schedule)
        .where(*_waiting(participant_id), Schedule.due_at > later)
        .values(act="snooze", act_at=later)
    )


def pause(participant: Participant, now: datetime, *, days: int | None) -> None:
    """Hold scheduled messages for `days`, or until the person resumes (None)."""
    participant.reminders = "paused"
    participant.paused_until = None if days is None else now + timedelta(days=days)


def resume(participant: Participant) -> None:
    participant.reminders = "active"
    participant.paused_until = None


def stop(participant: Participant) -> None:
    participant.reminders = "stopped"
    participant.paused_until = None
