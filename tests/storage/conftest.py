"""A migrated database of each kind (a copy of the session's template, which the migrations
made), with an engine and sessions over it; and, for what needs no schema, an SQLite file
with one scratch table."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.database import make_engine, make_sessionmaker


@pytest.fixture
async def engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(migrated_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


@pytest.fixture
async def scratch_sqlite(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """The bot's engine over a new SQLite file holding one table, `t (id, v)`."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'scratch.sqlite3'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    yield engine
    await engine.dispose()
