"""Alembic environment: async, one transaction for the whole upgrade, on both backends."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

from bot.storage.database import make_engine
from bot.storage.migrate import URL_ATTRIBUTE
from bot.storage.models import Base

# Any constant works; it only has to be the same in every process running migrations.
PG_MIGRATION_LOCK = 0x51ADA4


def _database_url() -> str:
    url = context.config.attributes.get(URL_ATTRIBUTE)
    if url:
        return str(url)
    # Only the alembic CLI gets here (developers autogenerating a revision); it migrates
    # the same database the application would use.
    from bot.config import Settings

    return Settings().effective_database_url


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Revisions must not import application code that later changes: render the
    # underlying SQL type (e.g. UTCDateTime -> sa.DateTime(timezone=True)).
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations recreate tables; with foreign keys on, dropping a parent table
        # would cascade-delete its children. The PRAGMA only works outside a transaction,
        # and Python's sqlite3 opens none for a PRAGMA.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        # sqlite3 would otherwise run DDL in autocommit: make the whole upgrade atomic,
        # and IMMEDIATE so a second migrating process waits for this one.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        # Several bot processes may start at once; the second waits, then finds head.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
        render_item=_render_item,
    )
    # The connection is already in a transaction, so this block does not commit: we do.
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left rows with dangling foreign keys: {broken[:5]}")
    connection.commit()


async def _run_online() -> None:
    engine = make_engine(_database_url(), poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run `qadam migrate`")
asyncio.run(_run_online())
