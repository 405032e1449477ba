"""SQLite: write transactions take turns in the event loop; readers never wait."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.writelock import WriteLock, writes


async def _table(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (n INTEGER)"))


def _reaching_sqlite(engine: AsyncEngine, seen: list[str]) -> None:
    """Note each statement as the driver gets it, after any wait for the lock."""

    def note(_cursor: Any, statement: str, _parameters: Any, _context: Any) -> None:
        seen.append(statement.split()[0] + " " + str(_parameters[0] if _parameters else ""))

    event.listen(engine.sync_engine.dialect, "do_execute", note)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'lock.sqlite3'}")
    await _table(engine)
    yield engine
    await engine.dispose()


async def test_a_second_writer_waits_its_turn_before_reaching_sqlite(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    seen: list[str] = []
    _reaching_sqlite(engine, seen)
    first_wrote, first_may_commit = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with sessions() as db, db.begin():
            await db.execute(text("INSERT INTO notes VALUES (:n)"), {"n": 1})
            first_wrote.set()
            await first_may_commit.wait()
            seen.append("first committing")

    async def second() -> None:
        await first_wrote.wait()
        async with sessions() as db, db.begin():
            await db.execute(text("INSERT INTO notes VALUES (:n)"), {"n": 2})

    async def reader() -> int:
        await first_wrote.wait()
        async with sessions() as db:
            count = await db.scalar(text("SELECT count(*) FROM notes"))
        first_may_commit.set()
        return int(count or 0)

    _, _, counted = await asyncio.gather(first(), second(), reader())

    # The reader went ahead of the writer holding the lock, and saw nothing uncommitted;
    # the second writer's statement reached SQLite only once the first had committed.
    assert counted == 0
    inserts = [line for line in seen if line.startswith(("INSERT", "first"))]
    assert inserts == ["INSERT 1", "first committing", "INSERT 2"]
    async with sessions() as db:
        assert await db.scalar(text("SELECT count(*) FROM notes")) == 2


async def test_a_writer_that_cannot_get_its_turn_fails_as_a_locked_database(
    tmp_path: Path,
) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'wait.sqlite3'}")
    WriteLock(0.2).attach(engine.sync_engine)
    await _table(engine)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as holder, holder.begin():
            await holder.execute(text("INSERT INTO notes VALUES (1)"))
            async with sessions() as other:
                with pytest.raises(OperationalError, match="database is locked"):
                    await other.execute(text("INSERT INTO notes VALUES (2)"))
        # The failed writer's turn was never taken: the next one gets it at once.
        async with sessions() as db, db.begin():
            await db.execute(text("INSERT INTO notes VALUES (3)"))
    finally:
        await engine.dispose()


def test_what_counts_as_a_write() -> None:
    assert writes("  insert into notes values (1)", None)
    assert writes("UPDATE outbox SET status = 'sent'", None)
    assert writes("CREATE INDEX ix ON notes (n)", None)
    assert not writes("SELECT * FROM notes", None)
    assert not writes("PRAGMA wal_checkpoint(TRUNCATE)", None)
    assert not writes("SAVEPOINT sa_savepoint_1", None)
