"""Periodic work in the bot process, run by APScheduler (3.x, in the asyncio loop)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import retention

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


def start_jobs(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
) -> AsyncIOScheduler:
    """Start the periodic jobs; the first purge runs at once, so a restart never delays it."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        purge_once,
        "interval",
        minutes=PURGE_EVERY_MINUTES,
        args=(sessionmaker, clock),
        next_run_time=clock(),
        id="retention-purge",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler
