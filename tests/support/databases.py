"""Databases of each kind (SQLite, PostgreSQL) for every storage-touching test.

Migrating takes the better part of a second, so it happens once per test session (per
xdist worker), and each test gets the migrated database as it was right after migrating.
SQLite copies the migrated file. PostgreSQL empties the session's migrated database and
restarts its sequences (a few milliseconds), which leaves it as migrating left it: cloning
a template database per test (`CREATE DATABASE ... TEMPLATE`) and dropping it afterwards
writes the whole database to the WAL and waits for checkpoints, a second per test when
the server is busy. Tests of the migrations themselves ask for `database_url`, an empty
database, instead.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.migrate import upgrade_async
from bot.storage.models import Base
from tests.support.services import PG_ADMIN_DSN, need_service, pg_admin, pg_dsn, pg_url

KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# The migrations make the models' tables (tests/storage proves it), alembic's aside.
EMPTIED_IN_ORDER = list(reversed(Base.metadata.sorted_tables))
SQLITE_FILE = "qadam.sqlite3"


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


class MigratedDatabases:
    """The session's migrated databases, made on first use, dropped when it ends."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._sqlite: Path | None = None
        self._postgres: str | None = None

    async def sqlite(self) -> Path:
        """The migrated SQLite file, for tests to copy."""
        if self._sqlite is None:
            path = self._folder / SQLITE_FILE
            await upgrade_async(_sqlite_url(path))
            # The engine is gone, so SQLite has folded its write-ahead log into the file:
            # the one file is the whole database.
            assert not path.with_name(f"{SQLITE_FILE}-wal").exists()
            self._sqlite = path
        return self._sqlite

    async def postgres(self) -> str:
        """The session's migrated PostgreSQL database, emptied: no rows in any table but
        alembic's, sequences restarted, no one else connected."""
        if self._postgres is None:
            name = _unique("qadam_test")
            await create_pg_database(name)
            try:
                await upgrade_async(pg_url(name))
            except BaseException:
                await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                raise
            self._postgres = name
        else:
            await _empty_pg_database(self._postgres)
        return self._postgres

    def drop(self) -> None:
        if self._postgres is not None:
            asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{self._postgres}" WITH (FORCE)'))


async def _empty_pg_database(name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(pg_dsn(name), timeout=5)
    try:
        # A bot process the last test killed may still hold a connection (and its locks).
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        sequences = await conn.fetch(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
        )
        # Children before parents; DELETE, since TRUNCATE of every table costs ~70 ms.
        statements = [f'DELETE FROM "{table.name}"' for table in EMPTIED_IN_ORDER]
        statements += [f"SELECT setval('\"{row[0]}\"', 1, false)" for row in sequences]
        async with conn.transaction():
            await conn.execute(";\n".join(statements))
    finally:
        await conn.close()


async def create_pg_database(name: str) -> None:
    try:
        await pg_admin(f'CREATE DATABASE "{name}"')
    except (OSError, ConnectionError) as exc:
        need_service(f"PostgreSQL is not reachable at {PG_ADMIN_DSN}: {exc}")


@pytest.fixture(scope="session")
def migrated_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedDatabases]:
    made = MigratedDatabases(tmp_path_factory.mktemp("migrated"))
    yield made
    made.drop()


@pytest.fixture(params=KINDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of each kind, for tests of the migrations themselves."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path / SQLITE_FILE)
        return
    name = _unique("qadam_test")
    await create_pg_database(name)
    yield pg_url(name)
    await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=KINDS)
async def migrated_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_databases: MigratedDatabases
) -> AsyncIterator[str]:
    """A migrated database of each kind, as migrating left it, this test's alone."""
    if request.param == "sqlite":
        path = tmp_path / SQLITE_FILE
        shutil.copyfile(await migrated_databases.sqlite(), path)
        yield _sqlite_url(path)
        return
    yield pg_url(await migrated_databases.postgres())


@pytest.fixture
async def sessions(migrated_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a migrated database of each kind."""
    engine = make_engine(migrated_url)
    yield make_sessionmaker(engine)
    await engine.dispose()
