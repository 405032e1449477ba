"""Domain services over a real, migrated database, with a fixed clock."""

from __future__ import annotations

import os
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.services import Services
from bot.engine.loader import load_library
from bot.i18n.catalogs import Catalogs
from bot.storage.crypto import Cipher
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.keys import Keys
from bot.storage.migrate import upgrade_async

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def make_services(flows: Path) -> Services:
    keys = Keys(pseudonym=os.urandom(32), encryption=os.urandom(32))
    return Services(
        library=load_library(flows, ["en"]),
        keys=keys,
        cipher=Cipher(keys.encryption),
        clock=lambda: NOW,
        rng=random.Random(7),
        catalogs=Catalogs(("en",)),
    )


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await upgrade_async(database_url)
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()
