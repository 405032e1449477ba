from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.storage.database import make_engine, ping


async def test_sqlite_file_gets_its_directory_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "qadam.sqlite3"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.connect() as connection:
            journal = await connection.scalar(text("PRAGMA journal_mode"))
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
            busy = await connection.scalar(text("PRAGMA busy_timeout"))
    finally:
        await engine.dispose()
    assert path.parent.is_dir()
    assert (journal, foreign_keys) == ("wal", 1)
    assert busy and busy > 0


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
