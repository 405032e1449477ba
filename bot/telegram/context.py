"""Objects every handler may need, put into the dispatcher's workflow data once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.services import Services
from bot.risk import RiskRules


@dataclass(frozen=True)
class BotContext:
    services: Services
    sessionmaker: async_sessionmaker[AsyncSession]
    # Called after each commit so queued messages go out at once instead of at the next poll.
    wake_sender: Callable[[], None]
    # Every free-text message is checked against these before anything else happens.
    risk: RiskRules
