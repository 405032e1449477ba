"""Databases of each kind (SQLite, PostgreSQL) for every storage-touching test.

Migrating takes the better part of a second, so it happens once per test session (per
xdist worker): into a template that each test then gets a copy of. PostgreSQL clones the
template database (`CREATE DATABASE ... TEMPLATE`); SQLite copies the file. Tests of the
migrations themselves ask for `database_url`, an empty database, instead.
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
from tests.support.services import PG_ADMIN_DSN, need_service, pg_admin, pg_url

KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
SQLITE_FILE = "qadam.sqlite3"


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


class Templates:
    """Migrated databases made on first use and dropped when the session ends."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._sqlite: Path | None = None
        self._postgres: str | None = None

    async def sqlite(self) -> Path:
        if self._sqlite is None:
            path = self._folder / SQLITE_FILE
            await upgrade_async(_sqlite_url(path))
            # The engine is gone, so SQLite has folded its write-ahead log into the file:
            # the one file is the whole database.
            assert not path.with_name(f"{SQLITE_FILE}-wal").exists()
            self._sqlite = path
        return self._sqlite

    async def postgres(self) -> str:
        if self._postgres is None:
            name = _unique("qadam_template")
            await create_pg_database(name)
            try:
                await upgrade_async(pg_url(name))
            except BaseException:
                await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                raise
            self._postgres = name
        return self._postgres

    def drop(self) -> None:
        if self._postgres is not None:
            asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{self._postgres}" WITH (FORCE)'))


async def create_pg_database(name: str, template: str | None = None) -> None:
    clause = f' TEMPLATE "{template}"' if template else ""
    try:
        await pg_admin(f'CREATE DATABASE "{name}"{clause}')
    except (OSError, ConnectionError) as exc:
        need_service(f"PostgreSQL is not reachable at {PG_ADMIN_DSN}: {exc}")


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    made = Templates(tmp_path_factory.mktemp("templates"))
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
    request: pytest.FixtureRequest, tmp_path: Path, templates: Templates
) -> AsyncIterator[str]:
    """A migrated database of each kind, this test's own: a copy of the template."""
    if request.param == "sqlite":
        path = tmp_path / SQLITE_FILE
        shutil.copyfile(await templates.sqlite(), path)
        yield _sqlite_url(path)
        return
    template = await templates.postgres()
    name = _unique("qadam_test")
    await create_pg_database(name, template=template)
    yield pg_url(name)
    await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def sessions(migrated_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a migrated database of each kind."""
    engine = make_engine(migrated_url)
    yield make_sessionmaker(engine)
    await engine.dispose()
