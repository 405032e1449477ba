"""Async engines and sessions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, DisconnectionError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.storage import sqlite_driver
from bot.storage.durability import GroupCommit
from bot.storage.errors import DatabaseUnavailableError
from bot.storage.writelock import WriteLock

SQLITE_BUSY_TIMEOUT_MS = 5000
# PostgreSQL connections the pool keeps open. Under load the bot uses about ten at once:
# eight handlers (`RUNNING_AT_ONCE` of `bot.telegram.lanes`) and the sender's read, claim
# and record of what was sent. With SQLAlchemy's five, the others were opened and closed
# again for each transaction, a server process and a TLS attempt each: a twentieth of the
# bot's time (issue #17). SQLite keeps SQLAlchemy's five: opening one costs little there,
# and with twelve the bench measured a reply no cheaper and the 100/s run slower.
POOL_SIZE = 12
# A pooled PostgreSQL connection that has waited this long is checked before use, since
# the server may have restarted meanwhile and the first query after that must not fail.
# One used moments ago is not: checking (three round trips) every checkout cost the bot
# more than a twentieth of its time under load, where connections wait milliseconds.
PING_AFTER_IDLE_SECONDS = 1.0
_IDLE_SINCE = "qadam.idle_since"


def make_engine(url: str, **engine_kwargs: Any) -> AsyncEngine:
    """`engine_kwargs` go to `create_async_engine` (e.g. `poolclass`, `echo`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if "poolclass" not in engine_kwargs:
            engine_kwargs.setdefault("pool_size", POOL_SIZE)
        engine = create_async_engine(parsed, **engine_kwargs)
        _ping_when_idle(engine)
        return engine
    _create_sqlite_parent(parsed)
    ours = parsed.get_driver_name() == "aiosqlite" and "module" not in engine_kwargs
    if ours:
        group = GroupCommit(Path(parsed.database or "")) if _is_file(parsed) else None
        engine_kwargs["module"] = sqlite_driver.dbapi(SQLITE_BUSY_TIMEOUT_MS, group)
    if "poolclass" not in engine_kwargs and _is_file(parsed):
        # SQLite keeps a page cache per connection and drops it whenever another one has
        # written since. The connection returned last (under load, the one that wrote
        # last) keeps its cache; SQLAlchemy's queue went round all five, and each
        # transaction read its pages afresh: on the throughput bench (issue #17) every
        # statement of a reply took a fifth to a quarter longer.
        engine_kwargs.setdefault("pool_use_lifo", True)
    engine = create_async_engine(parsed, **engine_kwargs)
    if ours:
        sqlite_driver.attach(engine.sync_engine)
    event.listen(engine.sync_engine, "connect", _configure_sqlite)
    WriteLock(SQLITE_BUSY_TIMEOUT_MS / 1000).attach(engine.sync_engine)
    return engine


def group_commit(engine: AsyncEngine) -> GroupCommit | None:
    """What makes the commits of the bot's handlers and sender durable, on an SQLite file
    (`bot.storage.durability`); None where every commit is durable as it returns."""
    module = engine.dialect.loaded_dbapi
    return module.group if isinstance(module, sqlite_driver.OneTripDbapi) else None


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Check a connection that waited in the pool `PING_AFTER_IDLE_SECONDS` or more as it
    is taken; a dead one is replaced (SQLAlchemy's pessimistic disconnect handling)."""
    dialect = engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop(_IDLE_SINCE, None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except (dialect.loaded_dbapi.Error, OSError) as exc:
            raise DisconnectionError("a pooled connection was dead; taking a new one") from exc


def _is_file(url: URL) -> bool:
    """A database in a file, which SQLAlchemy pools (as its SQLite dialects decide)."""
    return url.database not in (None, "", ":memory:") and url.query.get("mode") != "memory"


def _create_sqlite_parent(url: URL) -> None:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        parent = Path(database).parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailableError(
                f"cannot create {parent} for the SQLite database: {exc.strerror}. "
                "Check QADAM_DATA_DIR or DATABASE_URL and the permissions of that path."
            ) from exc


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the sender read while a handler writes; SQLite enforces foreign keys
        # (and so ON DELETE CASCADE for /forget) only when asked, on every connection.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not left in the file's free space: an
        # erased person must not be readable from the database file with a hex editor.
        cursor.execute("PRAGMA secure_delete=ON")
        # A commit waits for the disk, unless it is one that `durability` syncs.
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


_ERASED = "qadam.erased"


def note_erasure(db: AsyncSession) -> None:
    """Mark the session's transaction as one that erases someone: whoever commits it then
    calls `fold_log`."""
    db.info[_ERASED] = True


def erased(db: AsyncSession) -> bool:
    return bool(db.info.get(_ERASED))


async def fold_log(db: AsyncSession) -> bool:
    """After `db` committed an erasure on SQLite: copy the write-ahead log into the database
    file and empty it, since the log still holds the pages from before, with what was
    erased. False when a reader kept it from finishing (the next erasure or purge folds
    it). PostgreSQL reclaims deleted rows itself (autovacuum): True."""
    engine = db.bind
    if not isinstance(engine, AsyncEngine) or engine.url.get_backend_name() != "sqlite":
        return True
    async with engine.connect() as connection:
        # One row: (busy, frames in the log, frames copied).
        result = await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = result.one()[0]
    return not busy


def make_sessionmaker(
    engine: AsyncEngine, *, on_loop: bool = False
) -> async_sessionmaker[AsyncSession]:
    """Sessions over `engine`. With `on_loop`, on SQLite their statements run on the event
    loop rather than on SQLite's thread (`sqlite_driver`): for the bot's handlers and
    sender, whose statements are short; elsewhere (the console, the jobs) a long one would
    hold up every reply."""
    bind = engine.execution_options(**{sqlite_driver.ON_LOOP: True}) if on_loop else engine
    # expire_on_commit=False: objects stay readable after commit without implicit async I/O.
    return async_sessionmaker(bind, expire_on_commit=False)


def describe(url: str | URL) -> str:
    """The URL with its password masked, fit for logs and error messages."""
    return make_url(url).render_as_string(hide_password=True)


async def check_connection(engine: AsyncEngine, timeout: float = 5.0) -> None:
    """Raise `DatabaseUnavailableError` saying what to check if a trivial query fails."""
    try:
        async with asyncio.timeout(timeout):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError) as exc:
        reason = _reason(exc)
        raise DatabaseUnavailableError(
            f"cannot reach the database {describe(engine.url)}: {reason}. "
            + _what_to_check(engine.url)
        ) from exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    # The driver's own message, without SQLAlchemy's "(dialect.Error)" prefix and SQL echo.
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return str(cause).splitlines()[0] if str(cause) else type(cause).__name__


def _what_to_check(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return "Check that the directory of the SQLite file exists and is writable."
    return (
        "Check that the server is running and DATABASE_URL (host, port, user, password, "
        "database name) is right, and that the database exists."
    )


async def ping(engine: AsyncEngine, timeout: float = 5.0) -> bool:
    try:
        await check_connection(engine, timeout)
    except DatabaseUnavailableError:
        return False
    return True
