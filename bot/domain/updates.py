"""Telegram may deliver an update twice (a restart before the offset was confirmed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Result, Select, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ProcessedUpdate, table_of

_TABLE = table_of(ProcessedUpdate)
_RECORD = insert(_TABLE)
# The same record as a data-modifying CTE (PostgreSQL), to ride with a read: its values
# are named apart from anything the read binds.
_RIDER = (
    insert(_TABLE)
    .values(update_id=bindparam("handled_update_id"), processed_at=bindparam("handled_at"))
    .cte("handled")
)
# In a session's `info`: the update its transaction handles, while not yet recorded.
_DUE = "qadam.update_due"

_Row = TypeVarTuple("_Row")


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


def expect(db: AsyncSession, update_id: int, at: datetime) -> None:
    """`db`'s transaction handles `update_id`: recorded by the read that first carries it
    (`read`, on PostgreSQL), else by `settle` at the end."""
    db.info[_DUE] = (update_id, at)


def carrying(statement: Select[*_Row]) -> Select[*_Row]:
    """`statement` able to carry the record of the update (`read`). Built once, beside it."""
    return statement.add_cte(_RIDER)


async def read(
    db: AsyncSession,
    statement: Select[*_Row],
    carrier: Select[*_Row],
    parameters: Mapping[str, Any],
) -> Result[*_Row]:
    """Run the read `statement`; on PostgreSQL, while the update is not yet recorded, as
    `carrier` (`carrying(statement)`), which records it too: one round trip fewer for an
    update, and a repeat known before any of its work. Raises `AlreadyHandled` as `record`.

    SQLite keeps the record for the end (`record`'s doc): it has no such statements, and
    its writes are better late."""
    due: tuple[int, datetime] | None = db.info.get(_DUE)
    if due is None or db.get_bind().dialect.name != "postgresql":
        return await db.execute(statement, parameters)
    update_id, at = due
    try:
        result = await db.execute(
            carrier, {**parameters, "handled_update_id": update_id, "handled_at": at}
        )
    except IntegrityError as exc:
        raise AlreadyHandled(update_id) from exc
    del db.info[_DUE]
    return result


async def settle(db: AsyncSession) -> None:
    """As the update's transaction ends: record it, unless a read carried the record."""
    due: tuple[int, datetime] | None = db.info.pop(_DUE, None)
    if due is not None:
        await record(db, *due)


async def last_handled(db: AsyncSession) -> int | None:
    """The highest update id handled and still remembered (ids are kept a week)."""
    return await db.scalar(select(func.max(ProcessedUpdate.update_id)))
