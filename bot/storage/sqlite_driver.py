"""SQLAlchemy's aiosqlite driver, with the bot's short statements run on the event loop.

aiosqlite runs SQLite on a thread of its own, and SQLAlchemy's adapter makes a trip there
for each step of a statement: open a cursor, execute, fetch the rows, close the cursor,
commit. Each trip is a future, a queue, a wake-up of the event loop and the GIL changing
hands, which cost the bot more than SQLite's own work on its small statements: on the
throughput bench (issue #17) a reply cost 7.8 ms of CPU with a trip per statement and
4.3 ms with none (each a trip's round of futures and wake-ups, not SQLite's work).

So here:
- a statement's steps run together, in one trip at most;
- a session made with `ON_LOOP` runs its statements, commits and rollbacks on the event
  loop itself, with no trip: the bot's handlers and its sender, whose statements
  read a bounded number of rows (issue #17) and take microseconds;
- everything else (the console's reports, the purge, the connection's own setup) keeps
  the thread, where a long statement holds up nobody else.

With a `GroupCommit`, the sessions marked `ON_LOOP` also commit without waiting for the
disk, which it then syncs for them all (`bot.storage.durability`); the others wait as
before.

Nothing may wait on the event loop: SQLite waits for a lock held by another connection
(another process, or a checkpoint) in its busy handler, which sleeps on the calling
thread. Connections are therefore opened with no busy timeout; a statement that finds
the database busy fails at once, without effect, and is run again on the thread with the
busy timeout on (`_patiently`). Checkpoints, which wait for readers by design, always
go to the thread with it on.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import ExecutionContext
from sqlalchemy.util import await_

from bot.storage.durability import GroupCommit

# The execution option that puts a session's statements on the event loop (see the doc).
ON_LOOP = "qadam_sqlite_on_loop"
# SQLite's primary result code for "another connection holds the lock" (the extended
# codes, such as SQLITE_BUSY_SNAPSHOT, share its low byte).
_SQLITE_BUSY = 5
# A statement that waits for other connections by design, whatever the caller asked.
_WAITING = "PRAGMA WAL_CHECKPOINT"
# SQLite's `synchronous` levels: commits that wait for the disk, and that do not.
_FULL = 2
_NORMAL = 1

_T = TypeVar("_T")
# What a statement hands back: description, rows, rowcount, lastrowid.
_Outcome = tuple[Any, list[Any], int, int | None]


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Outcome:
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _waits(operation: str) -> bool:
    return operation.lstrip()[: len(_WAITING)].upper() == _WAITING


def _busy(error: Exception) -> bool:
    return isinstance(error, sqlite3.OperationalError) and (
        getattr(error, "sqlite_errorcode", 0) & 0xFF == _SQLITE_BUSY
    )


def _patiently(
    connection: sqlite3.Connection,
    wait_ms: int,
    step: Callable[..., _T],
    *args: Any,
    at_once: bool = True,
) -> _T:
    """On SQLite's thread: `step(connection, *args)`, and if the database is busy, again
    with the busy handler waiting up to `wait_ms` (a busy step has had no effect, so it can
    run again). Without `at_once`, with the busy handler from the start."""
    if at_once:
        try:
            return step(connection, *args)
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise
    connection.execute(f"PRAGMA busy_timeout={wait_ms}")
    try:
        return step(connection, *args)
    finally:
        connection.execute("PRAGMA busy_timeout=0")


async def _settled() -> None:
    """Awaited by a statement run on the loop: SQLAlchemy's connection-level `execute`
    checks that its driver awaited something, and a coroutine that returns at once costs
    a greenlet switch, not a trip through the loop."""


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No cursor is opened here: `_run` opens and closes its own.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._trip(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        self._trip(operation, seq_of_parameters, many=True)

    def _trip(self, operation: Any, parameters: Any, *, many: bool) -> None:
        adapted = self._adapt_connection
        assert isinstance(adapted, OneTripConnection)
        try:
            outcome = adapted.run(operation, parameters, many)
        except Exception as error:  # noqa: BLE001 - the stock cursor's: made a DBAPI error
            adapted._handle_exception(error)
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_level", "group", "on_loop", "wait_ms")
    _cursor_cls = OneTripCursor  # type: ignore[assignment]

    def __init__(
        self, dbapi: Any, connection: Any, wait_ms: int, group: GroupCommit | None
    ) -> None:
        super().__init__(dbapi, connection)
        # Set before each statement from its execution options (`_mark`).
        self.on_loop = False
        self.wait_ms = wait_ms
        self.group = group
        # The connection's `synchronous` level, once set here.
        self._level: int | None = None

    def run(self, operation: str, parameters: Any, many: bool) -> _Outcome:
        if self.group is not None:
            self._keep_level(_NORMAL if self.on_loop else _FULL)
        return self._step(_run, operation, parameters, many, waits=_waits(operation))

    def _keep_level(self, level: int) -> None:
        # SQLite refuses to change it inside a transaction; a transaction begins with its
        # first write, so the level its session wants is set before that.
        sqlite: sqlite3.Connection = self._connection._conn
        if self._level != level and not sqlite.in_transaction:
            sqlite.execute(f"PRAGMA synchronous={level}")
            self._level = level

    def commit(self) -> None:
        deferred = self.group is not None and self._level == _NORMAL
        if self._ended(sqlite3.Connection.commit) and deferred:
            assert self.group is not None
            self.group.committed()

    def rollback(self) -> None:
        self._ended(sqlite3.Connection.rollback)

    def _ended(self, end: Callable[[sqlite3.Connection], None]) -> bool:
        """True when a transaction was ended."""
        # As the stock connection: nothing to end on a closed one; errors become DBAPI ones.
        # Nor on one with no transaction open, as sqlite3's own commit and rollback find
        # too, but only after the step has been made: SQLAlchemy ends every transaction
        # twice (its own end, then the pool's reset as the connection goes back) and a
        # read-only one was never begun, so most of these would be a step for nothing.
        connection = self._connection._connection
        if not (connection and connection.in_transaction):
            return False
        try:
            self._step(end)
        except Exception as error:  # noqa: BLE001
            self._handle_exception(error)
        return True

    def _step(self, step: Callable[..., _T], *args: Any, waits: bool = False) -> _T:
        """`step(sqlite3 connection, *args)`: on the loop if so marked and the database is not
        busy, else on SQLite's thread (`_patiently`)."""
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        sqlite = connection._conn
        if self.on_loop and not waits:
            try:
                done = step(sqlite, *args)
                await_(_settled())
                return done
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    raise
        # `_execute` is how aiosqlite's own cursor runs a call on its thread.
        on_thread: _T = await_(
            connection._execute(  # type: ignore[no-untyped-call]
                _patiently, sqlite, self.wait_ms, step, *args, at_once=not waits
            )
        )
        return on_thread


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    def __init__(self, wait_ms: int, group: GroupCommit | None) -> None:
        super().__init__(aiosqlite, sqlite3)
        self._wait_ms = wait_ms
        self.group = group

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        # Statements on the loop use SQLite's connection from the loop's thread, never at
        # the same time as its own thread (each call is awaited before the next).
        kw["check_same_thread"] = False
        # No busy handler: see the module's doc.
        kw["timeout"] = 0
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection, self._wait_ms, self.group)


def dbapi(wait_ms: int, group: GroupCommit | None = None) -> OneTripDbapi:
    """For `create_async_engine(..., module=dbapi(...))` on a `sqlite+aiosqlite` URL, with
    `attach` on the engine; `wait_ms` is how long a statement waits for a lock, `group`
    what syncs the commits of `ON_LOOP` sessions (without it, every commit waits)."""
    return OneTripDbapi(wait_ms, group)


def attach(engine: Engine) -> None:
    """Run the statements of sessions with the `ON_LOOP` execution option on the loop."""
    event.listen(engine, "before_cursor_execute", _mark)


def _mark(
    _conn: Connection,
    cursor: Any,
    _statement: str,
    _parameters: Any,
    context: ExecutionContext | None,
    _executemany: bool,
) -> None:
    adapted = cursor._adapt_connection
    adapted.on_loop = context is not None and bool(context.execution_options.get(ON_LOOP))
