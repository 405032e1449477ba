"""`qadam staff`: what an admin does to the staff, on the bot's database.

Kept apart from `bot.runtime` so that these commands load no Telegram client: they start
in a second, not in the several that importing aiogram's types takes.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import team
from bot.app.console import signin
from bot.config import Settings
from bot.domain.services import Services
from bot.engine.loader import Library
from bot.escalation import staff
from bot.i18n.catalogs import Catalogs
from bot.spec.clock import Clock
from bot.storage.crypto import Cipher
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.keys import load_keys
from bot.storage.migrate import upgrade_async


@contextlib.asynccontextmanager
async def _staff_tool(settings: Settings) -> AsyncIterator[tuple[AsyncSession, Services]]:
    """One transaction on the bot's database for a `qadam staff` command, with services
    that read no flow (parsing them all would only slow the command down). What it queues
    for Telegram, the running bot's sender delivers."""
    url = settings.effective_database_url
    if url.startswith("sqlite"):
        await upgrade_async(url)
    keys = load_keys(settings)
    services = Services(
        library=Library({}, {}),
        keys=keys,
        cipher=Cipher(keys.encryption),
        clock=Clock().now,
        rng=random.SystemRandom(),
        catalogs=Catalogs(settings.locales),
        policy=settings.policy,
    )
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as db, db.begin():
            yield db, services
    finally:
        await engine.dispose()


async def add_staff(
    settings: Settings,
    name: str,
    role: str,
    languages: list[str],
    gender: str | None,
    timezone: str | None = None,
) -> tuple[str, str]:
    """`qadam staff add`: the new member's code and their one-time invite."""
    async with _staff_tool(settings) as (db, services):
        invite = await staff.add(
            db,
            services,
            name=name,
            role=role,
            languages=languages,
            gender=gender,
            timezone=timezone,
        )
        return invite.staff.code, invite.code


async def list_staff(settings: Settings) -> list[team.Member]:
    """`qadam staff list`."""
    async with _staff_tool(settings) as (db, services):
        return await team.roster(db, services)


async def deactivate_staff(settings: Settings, code: str) -> team.Departure | None:
    """`qadam staff deactivate CODE`; None when no member has that code."""
    async with _staff_tool(settings) as (db, services):
        return await team.deactivate(db, services, code)


async def invite_staff(settings: Settings, code: str) -> tuple[str, str] | None:
    """`qadam staff invite CODE`: the member's role and a new one-time invite."""
    async with _staff_tool(settings) as (db, services):
        invite = await team.invite_again(db, services, code)
        return None if invite is None else (invite.staff.role, invite.code)


async def login_link(settings: Settings, code: str) -> str | None:
    """`qadam staff login-link CODE`: a one-time console link; None when no active member
    has that code."""
    async with _staff_tool(settings) as (db, services):
        return await signin.issue_for_code(db, services, code, settings.console_address())
