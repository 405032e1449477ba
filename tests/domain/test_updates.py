"""A redelivered update changes nothing; its id commits with what it changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import literal, select

from bot.domain.updates import AlreadyHandled, carrying, expect, read, record, settle
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


PROBE = select(literal(7).label("seven"))
CARRIER = carrying(PROBE)


async def test_a_read_carries_the_record_on_postgresql_and_sqlite_writes_it_last(
    database_url: str,
) -> None:
    await upgrade_async(database_url)
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    carried = engine.dialect.name == "postgresql"
    try:
        async with sessions() as db, db.begin():
            expect(db, 41, AT)
            assert (await read(db, PROBE, CARRIER, {})).scalar_one() == 7
            await settle(db)  # recorded once: by the read, or here

        async with sessions() as db:
            await db.begin()
            expect(db, 41, AT)
            if carried:
                # Known a repeat before the update does anything.
                with pytest.raises(AlreadyHandled):
                    await read(db, PROBE, CARRIER, {})
            else:
                assert (await read(db, PROBE, CARRIER, {})).scalar_one() == 7
                with pytest.raises(AlreadyHandled):
                    await settle(db)
            await db.rollback()

        # What a rolled-back update's read carried is gone with it.
        async with sessions() as db:
            await db.begin()
            expect(db, 42, AT)
            await read(db, PROBE, CARRIER, {})
            await db.rollback()
        async with sessions() as db, db.begin():
            await record(db, 42, AT)
    finally:
        await engine.dispose()
