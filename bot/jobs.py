"""Periodic work in the bot process, run by APScheduler (3.x, in the asyncio loop)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import care, quick_exit, retention
from bot.app.tick import tick
from bot.domain.services import Services
from bot.escalation import cases, rota
from bot.scheduling.decide import Timing
from bot.storage import database

log = structlog.get_logger()

PURGE_EVERY_MINUTES = 60
# How long stopping waits for a job under way before cancelling it.
STOP_WAIT_SECONDS = 5.0


@dataclass
class Jobs:
    """The running scheduler and the job runs under way, so that stopping lets a run end
    its transaction instead of cancelling it mid-query (which APScheduler logs as a crash)."""

    scheduler: AsyncIOScheduler
    running: set[asyncio.Task[object]] = field(default_factory=set)

    def tracked(self, job: Callable[..., Awaitable[object]]) -> Callable[..., Awaitable[object]]:
        @functools.wraps(job)
        async def run(*args: object) -> object:
            task = asyncio.current_task()
            assert task is not None
            self.running.add(task)
            try:
                return await job(*args)
            finally:
                self.running.discard(task)

        return run

    async def stop(self) -> None:
        self.scheduler.pause()
        if self.running:
            await asyncio.wait(set(self.running), timeout=STOP_WAIT_SECONDS)
        self.scheduler.shutdown(wait=False)


async def purge_once(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
) -> retention.Purged:
    async with sessionmaker() as db, db.begin():
        purged = await retention.purge(db, clock())
    # What was purged must leave the disk too, not linger in SQLite's write-ahead log.
    if not await database.fold_log(db):
        log.warning("db.log_not_folded")
    log.info(
        "retention.purged",
        answers=purged.answers,
        messages=purged.messages,
        update_ids=purged.update_ids,
        unconsented=purged.unconsented,
        case_messages=purged.case_messages,
        invite_attempts=purged.invite_attempts,
        console_sessions=purged.console_sessions,
        console_links=purged.console_links,
        chat_traces=purged.chat_traces,
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


async def chase_once(sessionmaker: async_sessionmaker[AsyncSession], services: Services) -> None:
    try:
        async with sessionmaker() as db, db.begin():
            await cases.chase_overdue(db, services)
    except Exception:
        log.exception("escalation.chase_failed")


async def care_once(sessionmaker: async_sessionmaker[AsyncSession], services: Services) -> None:
    try:
        async with sessionmaker() as db, db.begin():
            counts = await care.tick(db, services)
        if counts:
            log.info("care.tick", **counts)
    except Exception:
        # Nothing is lost: reviews and follow-ups stay due in the database until done.
        log.exception("care.tick_failed")


async def rota_once(sessionmaker: async_sessionmaker[AsyncSession], services: Services) -> None:
    try:
        async with sessionmaker() as db, db.begin():
            went_on, went_off = await rota.apply_rota(db, services, services.clock())
        if went_on or went_off:
            log.info("duty.rota", went_on=went_on, went_off=went_off)
    except Exception:
        # Nothing is lost: the next tick reads the same rota and the same duty again.
        log.exception("duty.rota_failed")


async def clear_aged_once(
    sessionmaker: async_sessionmaker[AsyncSession], services: Services
) -> None:
    try:
        async with sessionmaker() as db, db.begin():
            cleared = await quick_exit.clear_aged(db, services)
        if cleared:
            log.info("chats.cleared_aged", chats=cleared)
    except Exception:
        # Nothing is lost: the ids stay noted until the next tick deletes them.
        log.exception("chats.clear_aged_failed")


def start_jobs(
    sessionmaker: async_sessionmaker[AsyncSession],
    services: Services,
    timing: Timing,
    tick_seconds: float,
) -> Jobs:
    """Start the periodic jobs; the first of each runs at once, so a restart delays nothing."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    started = Jobs(scheduler)
    jobs: list[tuple[str, Callable[..., Awaitable[object]], float, tuple[object, ...]]] = [
        ("schedule-tick", tick_once, tick_seconds, (sessionmaker, services, timing)),
        ("duty-rota", rota_once, tick_seconds, (sessionmaker, services)),
        ("case-deadlines", chase_once, tick_seconds, (sessionmaker, services)),
        ("plans-and-referrals", care_once, tick_seconds, (sessionmaker, services)),
        ("aged-chat-clearing", clear_aged_once, tick_seconds, (sessionmaker, services)),
        ("retention-purge", purge_once, PURGE_EVERY_MINUTES * 60, (sessionmaker, services.clock)),
    ]
    for name, job, seconds, args in jobs:
        # One run at a time, missed runs folded into one: each job works from the database.
        scheduler.add_job(
            started.tracked(job),
            "interval",
            seconds=seconds,
            args=args,
            next_run_time=datetime.now(UTC),
            id=name,
            max_instances=1,
            coalesce=True,
        )
    scheduler.start()
    return started
