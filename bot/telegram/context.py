"""Objects every handler may need, put into the dispatcher's workflow data once."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.context import App
from bot.app.flood import TAP_BURST, TAP_PER_SECOND, Flood
from bot.outbox.sender import OutboxSender


@dataclass(frozen=True)
class BotContext:
    app: App
    sessionmaker: async_sessionmaker[AsyncSession]
    # Told of each commit, so that queued messages go out at once (`OutboxSender.handoff`).
    sender: OutboxSender
    flood: Flood = field(default_factory=Flood)
    taps: Flood = field(default_factory=lambda: Flood(TAP_BURST, TAP_PER_SECOND))
    # Where the web console's sign-in links point (`Settings.console_address`).
    console_url: str = ""
