"""Individual plans: the goals, check-in, modules and review date a counsellor agreed with
a person, and the `plan` schedule row that runs the check-in in the bot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.spec.calendar import EVERY_DAY, Recurrence, at_local, parse_time, weekdays, zone
from bot.storage import aad
from bot.storage.models import CarePlan, Participant, PlanModule, Schedule

KIND = "plan"
# The plan's check-in comes at the person's own reminder time, or this when they have none.
DEFAULT_TIME = "10:00"
MAX_EVERY_DAYS = 28  # the calendar looks 60 days ahead for an occurrence
MAX_WEEKS = 104
MAX_GOALS = 2000
MAX_MODULES = 20


class PlanError(ValueError):
    """A plan that cannot be saved; the message says what to change."""


@dataclass(frozen=True)
class Checkin:
    """A check-in flow every `every_days` days for `weeks` weeks from `starts_on`."""

    flow: str
    every_days: int
    weeks: int
    starts_on: date

    def ends_on(self) -> date:
        """The first day without it."""
        return self.starts_on + timedelta(weeks=self.weeks)


@dataclass(frozen=True)
class PlanView:
    """A plan as the person and the console read it."""

    goals: str | None
    checkin: Checkin | None
    modules: tuple[str, ...]
    review_on: date | None
    updated_at: datetime


def check(services: Services, goals: str | None, checkin: Checkin | None) -> None:
    if goals is not None and len(goals) > MAX_GOALS:
        raise PlanError(f"goals: at most {MAX_GOALS} characters")
    if checkin is None:
        return
    if checkin.flow not in services.library.flows:
        raise PlanError(f"check-in: no flow named {checkin.flow!r}")
    if not 1 <= checkin.every_days <= MAX_EVERY_DAYS:
        raise PlanError(f"check-in: every 1 to {MAX_EVERY_DAYS} days")
    if not 1 <= checkin.weeks <= MAX_WEEKS:
        raise PlanError(f"check-in: for 1 to {MAX_WEEKS} weeks")
    shortest = services.library.recall_days(checkin.flow)
    if checkin.every_days < shortest:
        raise PlanError(
            f"check-in: {checkin.flow} asks about {shortest} days; every {shortest} or more"
        )


def check_modules(services: Services, flows: Sequence[str]) -> None:
    if len(flows) > MAX_MODULES:
        raise PlanError(f"modules: at most {MAX_MODULES}")
    for flow in flows:
        found = services.library.flows.get(flow)
        if found is None or found.library is None:
            raise PlanError(f"modules: {flow!r} is not a module of the library")


async def of(db: AsyncSession, participant_id: int) -> CarePlan | None:
    return await db.scalar(select(CarePlan).where(CarePlan.participant_id == participant_id))


async def obtain(db: AsyncSession, participant: Participant, now: datetime) -> CarePlan:
    """The person's plan, a new empty one if they have none yet."""
    plan = await of(db, participant.id)
    if plan is None:
        plan = CarePlan(participant_id=participant.id, created_at=now, updated_at=now)
        db.add(plan)
        await db.flush()
    return plan


def set_goals(services: Services, plan: CarePlan, goals: str | None) -> None:
    text = (goals or "").strip()
    plan.goals_enc = (
        services.cipher.encrypt(text.encode(), aad.plan_goals(plan.participant_id))
        if text
        else None
    )


def set_checkin(plan: CarePlan, checkin: Checkin | None) -> None:
    plan.checkin_flow = checkin.flow if checkin else None
    plan.every_days = checkin.every_days if checkin else None
    plan.weeks = checkin.weeks if checkin else None
    plan.starts_on = checkin.starts_on if checkin else None


def set_review(plan: CarePlan, review_on: date | None) -> None:
    if review_on != plan.review_on:
        plan.review_on, plan.review_told_at = review_on, None


async def set_modules(db: AsyncSession, plan: CarePlan, flows: Sequence[str]) -> None:
    await db.execute(delete(PlanModule).where(PlanModule.plan_id == plan.id))
    for position, flow in enumerate(dict.fromkeys(flows)):
        db.add(PlanModule(plan_id=plan.id, flow=flow, position=position))
    await db.flush()


def checkin_of(plan: CarePlan) -> Checkin | None:
    if plan.checkin_flow is None or plan.every_days is None or plan.weeks is None:
        return None
    assert plan.starts_on is not None
    return Checkin(plan.checkin_flow, plan.every_days, plan.weeks, plan.starts_on)


async def view(db: AsyncSession, services: Services, plan: CarePlan) -> PlanView:
    goals = None
    if plan.goals_enc is not None:
        goals = services.cipher.decrypt(plan.goals_enc, aad.plan_goals(plan.participant_id))
    modules = await db.scalars(
        select(PlanModule.flow).where(PlanModule.plan_id == plan.id).order_by(PlanModule.position)
    )
    return PlanView(
        goals=goals.decode() if goals is not None else None,
        checkin=checkin_of(plan),
        modules=tuple(modules),
        review_on=plan.review_on,
        updated_at=plan.updated_at,
    )


async def sync(db: AsyncSession, participant: Participant, now: datetime) -> None:
    """Make the person's `plan` schedule row match their plan: created, moved or removed.

    It keeps the person's own reminder time and zone, and what is owed on it (a snooze, a
    nudge) when only the timing changes."""
    plan = await of(db, participant.id)
    checkin = checkin_of(plan) if plan is not None else None
    row = await db.scalar(
        select(Schedule).where(Schedule.participant_id == participant.id, Schedule.kind == KIND)
    )
    tz = zone(participant.timezone)
    if checkin is None or at_local(checkin.ends_on(), time(0, 0), tz) <= now:
        if row is not None:
            await db.delete(row)
            await db.flush()
        return
    if row is None:
        row = Schedule(
            participant_id=participant.id, kind=KIND, act="due", missed_in_row=0, created_at=now
        )
        db.add(row)
    own = participant.checkin_time
    row.local_time = own if own is not None and own != "off" else DEFAULT_TIME
    row.flow, row.every_days, row.anchor, row.days = (
        checkin.flow,
        checkin.every_days,
        checkin.starts_on,
        EVERY_DAY,
    )
    row.until = at_local(checkin.ends_on(), time(0, 0), tz)
    # Not before the agreed first day, and only then on its cycle.
    first_day = at_local(checkin.starts_on, time(0, 0), tz) - timedelta(microseconds=1)
    recurrence = Recurrence(
        parse_time(row.local_time), weekdays(EVERY_DAY), row.every_days, row.anchor
    )
    row.due_at = recurrence.next_after(max(now, first_day), tz)
    if row.act == "due" or row.act_at is None or row.act_at >= row.due_at:
        row.act, row.act_at = "due", row.due_at
    await db.flush()


async def end_finished(db: AsyncSession, now: datetime) -> int:
    """Remove plan check-ins whose weeks are over; returns how many."""
    result = await db.execute(delete(Schedule).where(Schedule.kind == KIND, Schedule.until <= now))
    return int(getattr(result, "rowcount", 0) or 0)


async def reviews_due(db: AsyncSession, today: date) -> list[CarePlan]:
    """Plans whose review date has come and whose counsellor has not been reminded."""
    rows = await db.scalars(
        select(CarePlan)
        .where(CarePlan.review_on <= today, CarePlan.review_told_at.is_(None))
        .order_by(CarePlan.review_on, CarePlan.id)
        .with_for_update(skip_locked=True)
    )
    return list(rows)
