"""Which recurring check-ins a person has, and keeping their rows in step with the profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import profile
from bot.engine.audience import suits
from bot.engine.loader import Library
from bot.scheduling import individual
from bot.spec.calendar import EVERY_DAY, Recurrence, parse_time, weekdays, zone
from bot.storage.models import Participant, Schedule

# Profile fields that change when or whether check-ins are due.
SCHEDULE_FIELDS = frozenset(
    {"checkin_time", "checkin_days", "timezone", "country", "role", "age_band"}
)


@dataclass(frozen=True)
class Plan:
    kind: str
    flow: str
    every_days: int
    # Days after the person's first schedule, so the longer check-ins fall on different
    # days from each other.
    start_offset: int


# The daily mood check-in, and the questionnaires of the content issue, each offered only
# to the people its flow's audience names: WHO-5 every two weeks (the period its questions
# ask about), PHQ-2 fortnightly, and the caregiver's weekly check-in about their child.
PLANS = (
    Plan("daily", "daily-checkin", 1, 0),
    Plan("wellbeing", "checkin-wellbeing", 14, 6),
    Plan("fortnightly", "checkin-mood", 14, 10),
    Plan("child", "checkin-child", 7, 3),
)


def wanted(library: Library, participant: Participant) -> list[Plan]:
    time = participant.checkin_time
    if time is None or time == "off" or participant.consented_at is None:
        return []
    facts = profile.facts(participant)
    return [
        plan
        for plan in PLANS
        if plan.flow in library.flows and suits(library.flow(plan.flow), facts)
    ]


async def sync(db: AsyncSession, library: Library, participant: Participant, now: datetime) -> None:
    """Make the person's schedule rows match their profile and their individual plan; due
    times from `now` on. A routine check-in that the plan agrees on a cadence of its own
    gives way to it, so the same questionnaire is not asked twice."""
    await individual.sync(db, participant, now)
    agreed = await db.scalar(
        select(Schedule.flow).where(
            Schedule.participant_id == participant.id, Schedule.kind == individual.KIND
        )
    )
    plans = {plan.kind: plan for plan in wanted(library, participant) if plan.flow != agreed}
    await db.execute(
        delete(Schedule).where(
            Schedule.participant_id == participant.id,
            Schedule.kind.not_in([*plans, individual.KIND]),
        )
    )
    if not plans:
        return
    existing = {
        row.kind: row
        for row in await db.scalars(
            select(Schedule).where(
                Schedule.participant_id == participant.id, Schedule.kind != individual.KIND
            )
        )
    }
    tz = zone(participant.timezone)
    today = now.astimezone(tz).date()
    assert participant.checkin_time is not None
    days = participant.checkin_days or EVERY_DAY
    for kind, plan in plans.items():
        row = existing.get(kind)
        if row is None:
            row = Schedule(
                participant_id=participant.id,
                kind=kind,
                flow=plan.flow,
                every_days=plan.every_days,
                anchor=today + timedelta(days=plan.start_offset),
                act="due",
                missed_in_row=0,
                created_at=now,
            )
            db.add(row)
        row.local_time, row.days = participant.checkin_time, days
        recurrence = Recurrence(
            parse_time(row.local_time), weekdays(days), row.every_days, row.anchor
        )
        row.due_at = recurrence.next_after(now, tz)
        if row.act == "due" or row.act_at >= row.due_at:
            row.act, row.act_at = "due", row.due_at
    await db.flush()


async def backfill(db: AsyncSession, library: Library, now: datetime) -> int:
    """Give schedules to people who chose a reminder time before schedules existed."""
    people = await db.scalars(
        select(Participant).where(
            Participant.consented_at.is_not(None),
            Participant.checkin_time.is_not(None),
            ~select(Schedule.id).where(Schedule.participant_id == Participant.id).exists(),
        )
    )
    count = 0
    for participant in people:
        await sync(db, library, participant, now)
        count += 1
    return count
