"""Bring a database to the latest schema, from code (`qadam migrate`, tests, startup)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from bot.storage.database import check_connection, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
# Where env.py finds the URL: passed in code, never read from alembic.ini.
URL_ATTRIBUTE = "database_url"
# Alembic's `context` is a module-level proxy: two upgrades in one process must not overlap.
# Separate processes are serialised by a database lock in env.py instead.
_ALEMBIC_LOCK = threading.Lock()


# The newest revision under migrations/versions (a test keeps the two equal). A database
# already there needs nothing of Alembic, which is imported only when one is behind: it
# would cost the running bot about 9 MB.
HEAD = "0029"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes[URL_ATTRIBUTE] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Idempotent: a database already at `revision` is left as it is.

    Raises `DatabaseUnavailableError` when the database cannot be reached. Must not be
    called from a running event loop (Alembic's env.py runs its own); use `upgrade_async`.
    """
    from alembic import command

    asyncio.run(_check_reachable(url))
    with _ALEMBIC_LOCK:
        command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    if revision == "head" and await _at_head(url):
        return
    await asyncio.to_thread(upgrade, url, revision)


async def _at_head(url: str) -> bool:
    """Whether the database is at `HEAD`; any doubt (no such table, no database) is left
    to `upgrade`, which says what is wrong."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        async with asyncio.timeout(5), engine.connect() as connection:
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except (SQLAlchemyError, OSError, TimeoutError):
        return False
    finally:
        await engine.dispose()
    return bool(version == HEAD)


async def _check_reachable(url: str) -> None:
    engine = make_engine(url, poolclass=NullPool)
    try:
        await check_connection(engine)
    finally:
        await engine.dispose()
