"""On an SQLite file, the commits of the bot's handlers and sender do not wait for the
disk; one sync of the write-ahead log makes them durable together, soon and on demand.
Every other commit waits for the disk as it is made."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.storage import durability
from bot.storage.database import group_commit, make_engine, make_sessionmaker
from bot.storage.durability import GroupCommit

FULL, NORMAL = 2, 1


@pytest.fixture
def engine(scratch_sqlite: AsyncEngine) -> AsyncEngine:
    """No schema needed here: a scratch table on an SQLite file."""
    return scratch_sqlite


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the group commit has synced from now on."""
    paths: list[Path] = []
    real = durability._fsync

    def fsync(path: Path) -> None:
        paths.append(path)
        real(path)

    monkeypatch.setattr(durability, "_fsync", fsync)
    return paths


def group_of(engine: AsyncEngine) -> GroupCommit:
    group = group_commit(engine)
    assert group is not None
    return group


async def a_reply_committed(engine: AsyncEngine) -> GroupCommit:
    """One row committed as the bot's replies are; the engine's group commit."""
    async with make_sessionmaker(engine, on_loop=True)() as db:
        await write(db, "a")
    return group_of(engine)


async def write(db: AsyncSession, value: str) -> int:
    async with db.begin():
        await db.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": value})
        level = (await db.execute(text("PRAGMA synchronous"))).scalar_one()
    return int(level)


async def test_replies_commit_without_waiting_and_are_synced_together(
    engine: AsyncEngine, synced: list[Path], tmp_path: Path
) -> None:
    group = group_of(engine)
    replies = make_sessionmaker(engine, on_loop=True)
    async with replies() as db:
        levels = [await write(db, "a"), await write(db, "b"), await write(db, "c")]
    assert levels == [NORMAL] * 3
    assert group.pending and synced == [], "nothing synced on the commits' way"

    await group.durable()

    assert synced == [tmp_path / "scratch.sqlite3-wal"], "one sync for three commits"
    assert not group.pending
    await group.durable()
    assert len(synced) == 1, "nothing new, nothing synced"


async def test_other_commits_wait_for_the_disk_on_the_same_connections(
    engine: AsyncEngine, synced: list[Path]
) -> None:
    group = group_of(engine)
    replies, console = make_sessionmaker(engine, on_loop=True), make_sessionmaker(engine)
    async with replies() as db:
        assert await write(db, "reply") == NORMAL
    await group.durable()
    async with console() as db:
        # The same pooled connection, given back last, now waits for the disk again.
        assert await write(db, "console") == FULL
    assert not group.pending
    async with replies() as db:
        assert await write(db, "reply again") == NORMAL
    assert group.pending


async def test_a_commit_reaches_the_disk_soon_without_being_asked(
    engine: AsyncEngine, synced: list[Path]
) -> None:
    group = await a_reply_committed(engine)
    async with asyncio.timeout(5):
        while group.pending:
            await asyncio.sleep(durability.WITHIN / 4)
    assert len(synced) == 1


async def test_a_failed_sync_is_reported_and_tried_again(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = group_of(engine)
    real = durability._fsync

    def failing(_path: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(durability, "_fsync", failing)
    await a_reply_committed(engine)
    with pytest.raises(OSError):
        await group.durable()
    assert group.pending

    monkeypatch.setattr(durability, "_fsync", real)
    await group.durable()
    assert not group.pending


@pytest.mark.parametrize(
    "url", ["sqlite+aiosqlite:///:memory:", "postgresql+asyncpg://qadam@127.0.0.1/qadam"]
)
async def test_where_every_commit_is_durable_or_nothing_is_there_is_no_group_commit(
    url: str,
) -> None:
    # Made, not connected: PostgreSQL's commits are durable as they return.
    engine = make_engine(url)
    try:
        assert group_commit(engine) is None
    finally:
        await engine.dispose()


async def test_stopping_syncs_what_is_pending_at_once(
    engine: AsyncEngine, synced: list[Path]
) -> None:
    group = await a_reply_committed(engine)
    await group.stop()
    assert not group.pending and len(synced) == 1
