"""Telegram may deliver an update twice (a restart before the offset was confirmed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ProcessedUpdate, table_of

_RECORD = insert(table_of(ProcessedUpdate))


class AlreadyHandled(Exception):
    """The update was handled before, and what it changed is committed already."""


async def record(db: AsyncSession, update_id: int, at: datetime) -> None:
    """Record `update_id` in the caller's transaction, to commit together with everything
    the update changed: a crash before the commit leaves no trace, and the redelivered
    update is handled as new. Raises `AlreadyHandled` when it was handled before: the
    caller rolls back what it did again (rare: a restart before Telegram was told), which
    costs less than asking first for every update.

    Call it last, once the update's own work is done: on SQLite the first write of a
    transaction takes the database's one write lock until the commit, and an update that
    wrote its id first would hold it through all its reads.
    """
    # The update's own changes first, so that only the id's conflict reads as a repeat.
    await db.flush()
    try:
        await db.execute(_RECORD, {"update_id": update_id, "processed_at": at})
    except IntegrityError as exc:
        raise AlreadyHandled(update_id) from exc


async def last_handled(db: AsyncSession) -> int | None:
    """The highest update id handled and still remembered (ids are kept a week)."""
    return await db.scalar(select(func.max(ProcessedUpdate.update_id)))
