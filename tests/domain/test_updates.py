"""A redelivered update changes nothing; its id commits with what it changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.updates import AlreadyHandled, record
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.migrate import upgrade_async

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


async def test_an_update_is_handled_once_and_a_rolled_back_one_again(database_url: str) -> None:
    await upgrade_async(database_url)
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as db, db.begin():
            await record(db, 2**40 + 7, AT)
        with pytest.raises(AlreadyHandled):
            async with sessions() as db, db.begin():
                await record(db, 2**40 + 7, AT)

        # A handler that failed rolled back: the update was never recorded.
        async with sessions() as db:
            await db.begin()
            await record(db, 99, AT)
            await db.rollback()
        async with sessions() as db, db.begin():
            await record(db, 99, AT)
    finally:
        await engine.dispose()
