"""Bring a database to the latest schema, from code (`qadam migrate`, tests, startup)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.pool import NullPool

from bot.storage.database import check_connection, make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
# Where env.py finds the URL: passed in code, never read from alembic.ini.
URL_ATTRIBUTE = "database_url"
# Alembic's `context` is a module-level proxy: two upgrades in one process must not overlap.
# Separate processes are serialised by a database lock in env.py instead.
_ALEMBIC_LOCK = threading.Lock()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes[URL_ATTRIBUTE] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Idempotent: a database already at `revision` is left as it is.

    Raises `DatabaseUnavailableError` when the database cannot be reached. Must not be
    called from a running event loop (Alembic's env.py runs its own); use `upgrade_async`.
    """
    asyncio.run(_check_reachable(url))
    with _ALEMBIC_LOCK:
        command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, url, revision)


async def _check_reachable(url: str) -> None:
    engine = make_engine(url, poolclass=NullPool)
    try:
        await check_connection(engine)
    finally:
        await engine.dispose()
