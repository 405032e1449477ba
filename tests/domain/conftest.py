"""Domain services over a real, migrated database, with a fixed clock."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime
from pathlib import Path

from bot.domain.services import Services
from bot.engine.loader import load_library
from bot.i18n.catalogs import Catalogs
from bot.storage.crypto import Cipher
from bot.storage.keys import Keys

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
