from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage import database
from bot.storage.database import (
    erased,
    fold_log,
    make_engine,
    make_sessionmaker,
    note_erasure,
    ping,
)
from bot.telegram.lanes import RUNNING_AT_ONCE
from tests.support.services import pg_admin


async def test_sqlite_file_gets_its_directory_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "qadam.sqlite3"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.connect() as connection:
            journal = await connection.scalar(text("PRAGMA journal_mode"))
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
            secure_delete = await connection.scalar(text("PRAGMA secure_delete"))
    finally:
        await engine.dispose()
    assert path.parent.is_dir()
    # Builds differ in their default for secure_delete (Debian's is on, python.org's off).
    assert (journal, foreign_keys, secure_delete) == ("wal", 1, 1)


async def test_ping(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert await ping(engine)
    finally:
        await engine.dispose()


async def test_ping_unreachable_is_false() -> None:
    engine = make_engine("postgresql+asyncpg://postgres@127.0.0.1:1/qadam")
    try:
        assert not await ping(engine, timeout=5)
    finally:
        await engine.dispose()


async def test_after_an_erasure_nothing_erased_is_left_in_the_sqlite_files(tmp_path: Path) -> None:
    path = tmp_path / "qadam.sqlite3"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    secret = "K7Q-M4P-erased"
    try:
        async with make_sessionmaker(engine)() as db, db.begin():
            await db.execute(text("CREATE TABLE people (id INTEGER PRIMARY KEY, code TEXT)"))
            await db.execute(text("INSERT INTO people (code) VALUES (:c), ('kept')"), {"c": secret})
        async with make_sessionmaker(engine)() as db, db.begin():
            await db.execute(text("DELETE FROM people WHERE code = :c"), {"c": secret})
            note_erasure(db)
        assert erased(db)
        assert secret.encode() in path.with_name(f"{path.name}-wal").read_bytes()
        assert await fold_log(db)
        files = [path, path.with_name(f"{path.name}-wal")]
        assert [file.name for file in files if secret.encode() in file.read_bytes()] == []
        assert files[1].stat().st_size == 0
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
async def test_a_pooled_connection_the_server_closed_meanwhile_is_replaced_unseen(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            first = await connection.scalar(text("SELECT pg_backend_pid()"))
        # As a restart of PostgreSQL would: the pool's connection is gone.
        await pg_admin(f"SELECT pg_terminate_backend({first})")
        monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)
        async with engine.connect() as connection:
            second = await connection.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
async def test_the_postgresql_connections_the_bot_uses_at_once_under_load_stay_open(
    database_url: str,
) -> None:
    at_once = RUNNING_AT_ONCE + 3  # the handlers' turns, and the sender's read, claim, record
    engine = make_engine(database_url)
    try:
        held = [await engine.connect() for _ in range(at_once)]
        for connection in held:
            await connection.close()
        # Given back, none is closed: the next burst need not open them again.
        assert engine.pool.checkedin() == at_once  # type: ignore[attr-defined]
    finally:
        await engine.dispose()


async def test_sqlite_hands_out_the_connection_given_back_last(tmp_path: Path) -> None:
    # The one that wrote last keeps SQLite's page cache; the others' caches are stale.
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'lifo.sqlite3'}")
    try:
        first, second = await engine.connect(), await engine.connect()
        first_raw = (await first.get_raw_connection()).driver_connection
        second_raw = (await second.get_raw_connection()).driver_connection
        await first.close()
        await second.close()
        async with engine.connect() as again:
            assert (await again.get_raw_connection()).driver_connection is second_raw
            async with engine.connect() as next_one:
                assert (await next_one.get_raw_connection()).driver_connection is first_raw
    finally:
        await engine.dispose()
