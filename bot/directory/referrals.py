"""Referrals: a service a counsellor sent a person to, the question some days later
whether they reached it, and the answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.callbacks import fields, row_id
from bot.storage.models import REFERRAL_OUTCOMES, Referral

PREFIX = "ref:"


async def create(
    db: AsyncSession,
    *,
    participant_id: int,
    service_id: int,
    staff_id: int | None,
    escalation_id: int | None,
    now: datetime,
    follow_up_after: timedelta,
) -> Referral:
    referral = Referral(
        participant_id=participant_id,
        service_id=service_id,
        staff_id=staff_id,
        escalation_id=escalation_id,
        sent_at=now,
        follow_up_due_at=now + follow_up_after,
    )
    db.add(referral)
    await db.flush()
    return referral


async def of_person(db: AsyncSession, participant_id: int) -> list[Referral]:
    """Every referral of the person, latest first."""
    rows = await db.scalars(
        select(Referral)
        .where(Referral.participant_id == participant_id)
        .order_by(Referral.sent_at.desc(), Referral.id.desc())
    )
    return list(rows)


async def follow_ups_due(db: AsyncSession, now: datetime) -> list[Referral]:
    """Referrals whose question is due and not asked yet, oldest first; each taken by one
    process (SKIP LOCKED on PostgreSQL)."""
    rows = await db.scalars(
        select(Referral)
        .where(
            Referral.follow_up_due_at <= now,
            Referral.follow_up_asked_at.is_(None),
            Referral.outcome.is_(None),
        )
        .order_by(Referral.follow_up_due_at, Referral.id)
        .with_for_update(skip_locked=True)
    )
    return list(rows)


def answer_data(referral_id: int, outcome: str) -> str:
    return f"{PREFIX}{referral_id}:{outcome}"


def parse_answer(data: str) -> tuple[int, str] | None:
    """(referral id, outcome) of an answer button; None for anything it cannot have made."""
    parts = fields(data, PREFIX, 2)
    if parts is None:
        return None
    referral = row_id(parts[0])
    if referral is None or parts[1] not in REFERRAL_OUTCOMES:
        return None
    return referral, parts[1]


def record(referral: Referral, outcome: str, now: datetime) -> None:
    assert outcome in REFERRAL_OUTCOMES
    referral.outcome, referral.answered_at = outcome, now
