"""On SQLite a statement is one trip to aiosqlite's thread at most, and none in a session
made `on_loop`, with the same results, row counts and errors as the stock driver; and
nothing waits for a lock on the event loop."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import fold_log, make_sessionmaker
from tests.support.spies import calls_to


@pytest.fixture
def engine(scratch_sqlite: AsyncEngine) -> AsyncEngine:
    """No schema needed here: a scratch table on an SQLite file."""
    return scratch_sqlite


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The calls made on SQLite's thread from now on."""
    return calls_to(monkeypatch, aiosqlite.Connection, "_execute")


@pytest.mark.parametrize(("on_loop", "per_statement"), [(False, 1), (True, 0)])
async def test_statements_read_write_and_fail_as_usual_in_one_trip_or_none(
    engine: AsyncEngine, trips: list[Any], on_loop: bool, per_statement: int
) -> None:
    sessions = make_sessionmaker(engine, on_loop=on_loop)
    async with sessions() as db:
        trips.clear()
        inserted = await db.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "a"}, {"v": "b"}])
        assert len(trips) == per_statement and inserted.rowcount == 2  # type: ignore[attr-defined]
        trips.clear()
        rows = (await db.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
        assert len(trips) == per_statement
        assert [tuple(row) for row in rows] == [(1, "a"), (2, "b")]
        changed = await db.execute(text("UPDATE t SET v = 'c' WHERE id = 2"))
        assert changed.rowcount == 1  # type: ignore[attr-defined]
        returned = await db.execute(text("INSERT INTO t (v) VALUES ('d') RETURNING id"))
        assert returned.scalar_one() == 3
        trips.clear()
        await db.commit()
        assert (not trips) == on_loop
        with pytest.raises(IntegrityError):
            await db.execute(text("INSERT INTO t (id, v) VALUES (1, 'x')"))
        await db.rollback()
    async with engine.connect() as connection:
        kept = (await connection.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
    assert kept == ["a", "c", "d"]


async def test_only_a_transaction_that_wrote_is_ended_with_a_step(
    engine: AsyncEngine, trips: list[Any]
) -> None:
    # Off the loop, where each step is a trip that can be counted.
    sessions = make_sessionmaker(engine)
    async with sessions() as db:
        assert (await db.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
        trips.clear()
    # Neither the session's rollback nor the pool's reset: nothing was begun.
    assert trips == []
    async with sessions() as db, db.begin():
        await db.execute(text("INSERT INTO t (v) VALUES ('kept')"))
        trips.clear()
    # The commit; the pool's reset after it finds the transaction ended.
    assert len(trips) == 1
    async with sessions() as db:
        await db.execute(text("INSERT INTO t (v) VALUES ('dropped')"))
        trips.clear()
    assert len(trips) == 1
    async with engine.connect() as connection:
        kept = (await connection.execute(text("SELECT v FROM t"))).scalars().all()
    assert kept == ["kept"]


async def test_a_write_waiting_for_another_connections_lock_leaves_the_loop_running(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    # Another connection (another process, say `qadam` on the command line) writing.
    other = sqlite3.connect(tmp_path / "scratch.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t (v) VALUES ('theirs')")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticking = asyncio.create_task(tick())
    # Let go only from the event loop: a loop held by SQLite's busy handler never would,
    # and the write would fail as "database is locked" after the busy timeout.
    asyncio.get_running_loop().call_later(0.3, other.execute, "COMMIT")
    started = time.monotonic()
    try:
        async with make_sessionmaker(engine, on_loop=True)() as db, db.begin():
            await db.execute(text("INSERT INTO t (v) VALUES ('ours')"))
    finally:
        ticking.cancel()
        other.close()
    assert time.monotonic() - started < 3
    assert ticks >= 10
    async with engine.connect() as connection:
        kept = (await connection.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
    assert kept == ["theirs", "ours"]


async def test_folding_the_log_waits_on_the_thread_and_empties_it(
    engine: AsyncEngine, tmp_path: Path, trips: list[Any]
) -> None:
    async with make_sessionmaker(engine, on_loop=True)() as db:
        async with db.begin():
            await db.execute(text("INSERT INTO t (v) VALUES ('erased')"))
        trips.clear()
        assert await fold_log(db)
    assert trips, "the checkpoint ran on the event loop"
    assert (tmp_path / "scratch.sqlite3-wal").stat().st_size == 0
