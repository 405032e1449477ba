"""Telegram may deliver an update twice (a restart before the offset was confirmed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ProcessedUpdate, table_of

_TABLE = table_of(ProcessedUpdate)
_HANDLED = select(_TABLE.c.update_id).where(_TABLE.c.update_id == bindparam("update_id"))
_RECORD = insert(_TABLE)


async def handled(db: AsyncSession, update_id: int) -> bool:
    """Whether `update_id` was handled before (and its changes committed)."""
    return await db.scalar(_HANDLED, {"update_id": update_id}) is not None


async def record(db: AsyncSession, update_id: int, at: datetime) -> None:
    """Record `update_id` in the caller's transaction, to commit together with everything
    the update changed: a crash before the commit leaves no trace, and the redelivered
    update is handled as new.

    Call it last, once the update's own work is done: on SQLite the first write of a
    transaction takes the database's one write lock until the commit, and an update that
    wrote its id first would hold it through all its reads.
    """
    await db.execute(_RECORD, {"update_id": update_id, "processed_at": at})


async def last_handled(db: AsyncSession) -> int | None:
    """The highest update id handled and still remembered (ids are kept a week)."""
    return await db.scalar(select(func.max(ProcessedUpdate.update_id)))
