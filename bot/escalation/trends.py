"""Trends: low moods over several check-ins, and check-ins a counsellor expected.

Each signal opens a case, or joins the open one, with signal "trend". The mood rules
themselves are pure, in `bot.risk.trends`; this module loads what they read. Flows may
also test the trends themselves (`mood_avg_7d`, `missed_checkins`): `facts` computes them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.escalation import cases
from bot.risk.trends import MOOD_WINDOW, mood_trend
from bot.storage.models import Answer, Escalation, Participant, Schedule

SIGNAL = "trend"
MOOD_FLOW = "daily-checkin"
MOOD_VAR = "mood"
MISSED_REASON = "missed-checkins"
MOOD_AVERAGE_DAYS = 7


async def facts(db: AsyncSession, participant_id: int, now: datetime) -> dict[str, Any]:
    """The trend variables a flow may test: the average daily mood over the last seven
    days (left out when there was none), and the most check-ins missed in a row."""
    # Values are JSON, so they are averaged here rather than by the database.
    moods = await db.scalars(
        select(Answer.value).where(
            Answer.participant_id == participant_id,
            Answer.var == MOOD_VAR,
            Answer.flow == MOOD_FLOW,
            Answer.created_at > now - timedelta(days=MOOD_AVERAGE_DAYS),
        )
    )
    numbers = [float(mood) for mood in moods if isinstance(mood, int | float)]
    missed = await db.scalar(
        select(func.max(Schedule.missed_in_row)).where(Schedule.participant_id == participant_id)
    )
    found: dict[str, Any] = {"missed_checkins": int(missed or 0)}
    if numbers:
        found["mood_avg_7d"] = round(sum(numbers) / len(numbers), 1)
    return found


async def answer_saved(
    db: AsyncSession, services: Services, participant: Participant, answer: Answer
) -> None:
    """After a daily mood: open a case if it completes a run of low days or a sharp drop."""
    if answer.flow != MOOD_FLOW or answer.var != MOOD_VAR or participant.consented_at is None:
        return
    # Only moods since the person's last case was resolved: a counsellor has just looked at
    # them, so low days that go on afterwards need a full new run before another case.
    # Together with the rule firing only when a run becomes exactly three long, a person
    # who stays low neither gets a case reopened every day nor drops out of sight for good.
    reviewed = (
        select(func.max(Escalation.resolved_at))
        .where(Escalation.participant_id == participant.id)
        .scalar_subquery()
    )
    earlier = await db.scalars(
        select(Answer.value)
        .where(
            Answer.participant_id == participant.id,
            Answer.var == MOOD_VAR,
            Answer.flow == MOOD_FLOW,
            # Strictly before: the answer itself may already be flushed, and is added below.
            Answer.created_at < answer.created_at,
            or_(reviewed.is_(None), Answer.created_at > reviewed),
        )
        .order_by(Answer.created_at.desc())
        .limit(MOOD_WINDOW - 1)
    )
    moods = [int(value) for value in reversed(earlier.all())]
    trend = mood_trend([*moods, int(answer.value)])
    if trend is not None:
        await cases.raise_case(
            db,
            services,
            participant,
            severity=trend.severity,
            reasons=[trend.reason],
            signal=SIGNAL,
        )


async def missed_checkins(
    db: AsyncSession, services: Services, participant_ids: Collection[int]
) -> None:
    """People who just missed several check-ins in a row: a case for those with their own
    counsellor.

    Without one, drifting away from a reminder app is ordinary and nobody is expecting to
    hear from them. With one, the silence is news to someone who knows them. Low: it says
    nothing about how they are, only that their counsellor should get in touch.
    """
    people = await db.scalars(
        select(Participant)
        .where(
            Participant.id.in_(participant_ids),
            Participant.counsellor_id.is_not(None),
            Participant.consented_at.is_not(None),
        )
        .order_by(Participant.id)
    )
    for person in people.all():
        await cases.raise_case(
            db, services, person, severity="low", reasons=[MISSED_REASON], signal=SIGNAL
        )
