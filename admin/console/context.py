"""What the console's routes need, built once by `bot.runtime.assemble`."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from admin.console.limits import Limits
from bot.app.context import App
from bot.domain.services import Services


@dataclass(frozen=True)
class ConsoleContext:
    services: Services
    sessionmaker: async_sessionmaker[AsyncSession]
    # Cookies only over HTTPS: in production. The sandbox and development serve plain
    # HTTP on loopback, where a Secure cookie would never come back.
    secure_cookies: bool
    signin_limits: Limits = field(default_factory=Limits)
    # The use cases that take the whole `App` (a referral from a case page).
    app: App = field(kw_only=True)


CONSOLE = web.AppKey("console", ConsoleContext)
