"""Telegram may deliver an update twice (a restart before the offset was confirmed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ProcessedUpdate


async def first_delivery(db: AsyncSession, update_id: int, at: datetime) -> bool:
    """Record `update_id` in the caller's transaction; False if it was handled before.

    The row commits together with everything the update changed, so a crash before the
    commit leaves no trace and the redelivered update is handled as new.
    """
    if await db.get(ProcessedUpdate, update_id) is not None:
        return False
    db.add(ProcessedUpdate(update_id=update_id, processed_at=at))
    await db.flush()
    return True


async def last_handled(db: AsyncSession) -> int | None:
    """The highest update id handled and still remembered (ids are kept a week)."""
    return await db.scalar(select(func.max(ProcessedUpdate.update_id)))
