"""What the domain needs from the outside, passed in rather than imported."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.policy import Policy
from bot.engine.loader import Library
from bot.i18n.catalogs import Catalogs
from bot.storage.crypto import Cipher
from bot.storage.keys import Keys


@dataclass(frozen=True)
class Services:
    library: Library
    keys: Keys
    cipher: Cipher
    clock: Callable[[], datetime]
    rng: random.Random
    catalogs: Catalogs
    # How fast each severity of case must be acknowledged (QADAM_ACK_MINUTES).
    policy: Policy = field(default_factory=Policy)
    # Who runs the service, as the consent names it ("Name, contact"); empty in a
    # development setup, where the consent says no organisation stands behind it.
    organisation: str = ""
    # The people here are simulated: the bot talks to the sandbox's Bot API emulator.
    simulated: bool = False
