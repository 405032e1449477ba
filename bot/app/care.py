"""The plan-and-referral tick: plan check-ins whose weeks are over end, counsellors hear
of plans due for review, and people are asked whether they reached a referred service."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import plans, referrals
from bot.domain.services import Services
from bot.scheduling import individual


async def tick(db: AsyncSession, services: Services) -> Counter[str]:
    now = services.clock()
    counts: Counter[str] = Counter()
    counts["plan_checkins_ended"] = await individual.end_finished(db, now)
    counts["plan_reviews"] = await plans.remind_reviews(db, services)
    counts["referral_follow_ups"] = await referrals.ask_due(db, services)
    return +counts
