"""Old rows for the throughput bench: the people's history, as a bot running for months
would hold it, so that the bench shows whether a reply costs more as history grows.

Written straight into the tables with Core's executemany (a million rows in seconds, not
through the bot): half outbox rows already sent to the bench's people, half their saved
answers, all older than anything a reply reads by date.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.participants import recipient_of
from bot.outbox.queue import NO_PAYLOAD
from bot.storage.database import make_engine
from bot.storage.models import Answer, OutboxMessage, Participant

log = structlog.get_logger()

CHUNK = 20_000
# Within the retention of delivered messages (7 days), so nothing purges them mid-run,
# and before the 7 days of moods that trends average.
AGE = timedelta(days=6, hours=12)
# Left as months of running would leave them: SQLite's history in the file, not in a
# write-ahead log whose first checkpoint would stall the bot mid-run; PostgreSQL's
# statistics up to date, as autovacuum keeps them.
_SETTLE = {"sqlite": "PRAGMA wal_checkpoint(TRUNCATE)", "postgresql": "ANALYZE"}
SETTLE_TRIES = 25


async def seed(database_url: str, rows: int, now: datetime) -> int:
    """Add `rows` rows of history spread over everyone enrolled; returns how many."""
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            people = list(await connection.scalars(select(Participant.id)))
        if not people:
            return 0
        at = now - AGE
        written = 0
        while written < rows:
            size = min(CHUNK, rows - written)
            sent = [_sent(people[(written + n) % len(people)], at) for n in range(0, size, 2)]
            answers = [_answer(people[(written + n) % len(people)], at) for n in range(1, size, 2)]
            async with engine.begin() as connection:
                await connection.execute(insert(OutboxMessage), sent)
                if answers:
                    await connection.execute(insert(Answer), answers)
            written += size
        await _settle(engine)
        return written
    finally:
        await engine.dispose()


async def _settle(engine: AsyncEngine) -> None:
    """SQLite's checkpoint is put off while the bot reads (it says so with a first column
    of 1): try again for a while, then go on, saying so."""
    for _ in range(SETTLE_TRIES):
        async with engine.begin() as connection:
            result = await connection.exec_driver_sql(_SETTLE[connection.dialect.name])
            busy = connection.dialect.name == "sqlite" and result.scalar() == 1
        if not busy:
            return
        await asyncio.sleep(0.2)
    log.warning("bench.history_in_wal", hint="the first checkpoint may slow the run measured")


def _sent(participant_id: int, at: datetime) -> dict[str, Any]:
    return {
        "recipient": recipient_of(participant_id),
        "participant_id": participant_id,
        "method": "sendMessage",
        "payload_enc": NO_PAYLOAD,
        "priority": 0,
        "status": "sent",
        "attempts": 1,
        "not_before": at,
        "created_at": at,
        "sent_at": at,
    }


def _answer(participant_id: int, at: datetime) -> dict[str, Any]:
    return {
        "participant_id": participant_id,
        "flow": "daily-checkin",
        "step": "mood",
        "var": "mood",
        "value": 3,
        "created_at": at,
    }
