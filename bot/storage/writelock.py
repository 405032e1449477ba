"""On SQLite, write transactions take turns in the event loop, not in SQLite's busy handler.

SQLite has one write lock per database. Left to itself, a second writer spins in the busy
handler on its connection's thread, sleeping and retrying until the first commits: the
sender's bookkeeping queued so behind whole updates, and the threads sat there far more
often than they ran. Here a transaction's first write first takes an `asyncio.Lock` of
the engine's, and keeps it until its connection goes back to the pool (which a session
does right after its commit or rollback): writers wait their turn without polling, and
readers never wait, as WAL lets them read beside the writer.

A lock not had within SQLite's busy timeout fails like a busy database ("database is
locked"), which callers already retry (`bot.telegram.middlewares.UnitOfWork`). Other
processes on the same file (the `qadam` commands) still meet the busy handler.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.engine.interfaces import DBAPIConnection, ExecutionContext
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_

# Statements that write (or may): SQLite's write lock is taken by the first of them.
_WRITES = frozenset(
    {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "VACUUM", "REINDEX"}
)


def writes(statement: str, context: ExecutionContext | None) -> bool:
    first = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    if first == "WITH" and isinstance(context, DefaultExecutionContext):
        return bool(context.isinsert or context.isupdate or context.isdelete)
    return first in _WRITES


class WriteLock:
    def __init__(self, wait_seconds: float) -> None:
        self._lock = asyncio.Lock()
        self._wait_seconds = wait_seconds
        # The `info` of the pooled connection that holds the lock.
        self._holder: dict[Any, Any] | None = None

    def attach(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before_execute)
        event.listen(engine.pool, "checkin", self._checked_in)
        event.listen(engine.pool, "invalidate", self._invalidated)

    @property
    def held(self) -> bool:
        return self._holder is not None

    def _before_execute(
        self,
        conn: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        context: ExecutionContext | None,
        _executemany: bool,
    ) -> None:
        if self._holder is conn.info or not writes(statement, context):
            return
        await_(self._acquire())
        self._holder = conn.info

    async def _acquire(self) -> None:
        try:
            async with asyncio.timeout(self._wait_seconds):
                await self._lock.acquire()
        except TimeoutError:
            # What SQLite itself raises past its busy timeout, so it is handled alike.
            raise sqlite3.OperationalError("database is locked") from None

    def _checked_in(self, _dbapi: DBAPIConnection | None, record: ConnectionPoolEntry) -> None:
        self._release(record)

    def _invalidated(
        self, _dbapi: DBAPIConnection | None, record: ConnectionPoolEntry, _exc: Any
    ) -> None:
        self._release(record)

    def _release(self, record: ConnectionPoolEntry) -> None:
        if self._holder is not None and self._holder is record.info:
            self._holder = None
            self._lock.release()
