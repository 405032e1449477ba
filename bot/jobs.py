"""Periodic work in the bot process, run by APScheduler (3.x, in the asyncio loop)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import retention
from bot.domain.services import Services
from bot.scheduling.decide import Timing
from bot.scheduling.tick import tick

log = structlog.get_logger()

PURGE_EVERY_MINUTES = 60


async def purge_once(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
) -> retention.Purged:
    async with sessionmaker() as db, db.begin():
        purged = await retention.purge(db, clock())
    log.info(
        "retention.purged",
        answers=purged.answers,
        messages=purged.messages,
        update_ids=purged.update_ids,
        unconsented=purged.unconsented,
    )
    return purged


async def tick_once(
    sessionmaker: async_sessionmaker[AsyncSession], services: Services, timing: Timing
) -> None:
    try:
        await tick(sessionmaker, services, timing)
    except Exception:
        # The next tick tries again: due rows stay due in the database until handled.
        log.exception("schedule.tick_failed")


def start_jobs(
    sessionmaker: async_sessionmaker[AsyncSession],
    services: Services,
    timing: Timing,
    tick_seconds: float,
) -> AsyncIOScheduler:
    """Start the periodic jobs; the first of each runs at once, so a restart delays nothing."""
    clock = services.clock
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        tick_once,
        "interval",
        seconds=tick_seconds,
        args=(sessionmaker, services, timing),
        next_run_time=datetime.now(UTC),
        id="schedule-tick",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        purge_once,
        "interval",
        minutes=PURGE_EVERY_MINUTES,
        args=(sessionmaker, clock),
        next_run_time=datetime.now(UTC),
        id="retention-purge",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler
