"""The language a member reads the console in: the one they picked there, else the one
they read the bot in."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.models import Staff


def of(services: Services, member: Staff) -> str:
    catalogs = services.catalogs
    picked = catalogs.supported(member.console_locale)
    return picked or catalogs.supported(staff_members.interface_locale(member)) or catalogs.default


async def pick(db: AsyncSession, services: Services, member: Staff, locale: str) -> None:
    """Raises ValueError for a language the console is not offered in."""
    if locale not in services.catalogs.locales:
        raise ValueError(f"language must be one of {', '.join(services.catalogs.locales)}")
    member.console_locale = locale
    await cases.audit(db, None, member, "console.language", {"locale": locale}, services.clock())
