"""`qadam flows publish / revisions / rollback / diff / import / export`: content revisions
on the bot's database, with the checks the console makes. A running bot picks up what is
published within `QADAM_CONTENT_POLL_SECONDS`; nothing needs restarting."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import content_revisions
from bot.app.content_revisions import CLI, Published, Revision
from bot.config import Settings
from bot.content import tree
from bot.content.changes import Change
from bot.spec.clock import Clock
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.migrate import upgrade_async


@contextlib.asynccontextmanager
async def _transaction(settings: Settings) -> AsyncIterator[AsyncSession]:
    url = settings.effective_database_url
    if url.startswith("sqlite"):
        await upgrade_async(url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as db, db.begin():
            yield db
    finally:
        await engine.dispose()


def files_named(paths: Sequence[Path]) -> dict[str, str]:
    """The files to publish, by revision name: a folder means every content file in it,
    laid out like `flows/`; a file in `instruments/`, `risk/` or `services/` keeps that
    folder in its name."""
    found: dict[str, str] = {}
    for path in paths:
        if path.is_dir():
            found |= tree.read_seed(path)
        else:
            folder = path.parent.name if path.parent.name in tree.FOLDERS else ""
            found[f"{folder}/{path.stem}" if folder else path.stem] = path.read_text("utf-8")
    return found


async def publish(settings: Settings, files: dict[str, str], note: str | None) -> Published:
    async with _transaction(settings) as db:
        await _seeded(db, settings)
        return await content_revisions.publish(
            db, files, author=CLI, now=Clock().now(), locales=settings.locales, note=note
        )


async def revisions(settings: Settings, name: str | None) -> list[Revision]:
    async with _transaction(settings) as db:
        await _seeded(db, settings)
        return await content_revisions.revisions(db, name)


async def rollback(settings: Settings, name: str, revision: int) -> Published:
    async with _transaction(settings) as db:
        return await content_revisions.rollback(
            db, name, revision, author=CLI, now=Clock().now(), locales=settings.locales
        )


async def compare(settings: Settings, name: str, first: int, second: int) -> list[Change]:
    async with _transaction(settings) as db:
        return await content_revisions.compare(db, name, first, second)


async def export(settings: Settings, directory: Path) -> list[str]:
    async with _transaction(settings) as db:
        await _seeded(db, settings)
        return await content_revisions.export(db, directory)


async def _seeded(db: AsyncSession, settings: Settings) -> None:
    """Before the bot's first start, the files under `flows/` are what is published."""
    await content_revisions.seed_if_empty(db, settings.flows_dir, Clock().now(), settings.locales)
